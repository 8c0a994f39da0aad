import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KUSTOMIZATION_FILE, MANIFEST_FILE, toManifestFile } from '#lib/output/write-manifests';
import { exampleObjects, parseObjects, readObjects } from './support/example-output';
import { BUILD, ensureBuilt, ROOT } from './support/build';

/**
 * `cdk8s synth` in the forms the README documents, with this repository's cdk8s.yaml (whose app
 * runs the built build/apps/synth.js), in a project folder of its own so that the CLI's own
 * emptying of its output folder never touches the repository's dist/.
 */
const CLI = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const expected = exampleObjects();
const environments = Object.keys(expected);
const allObjects = environments.flatMap((e) => expected[e]);
let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'gke-platform-cdk8s-'));
  copyFileSync(join(ROOT, 'cdk8s.yaml'), join(project, 'cdk8s.yaml'));
  symlinkSync(BUILD, join(project, 'build'), 'dir');
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Runs the CLI offline (no upgrade check) in the project folder. */
function cdk8s(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args, '--check-upgrade=false'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`cdk8s ${args.join(' ')} failed:\n${run.stderr}`);
  return run;
}

/** Checks an output folder: one folder per environment, its two files, every object. */
function expectOutput(outdir: string): void {
  expect(readdirSync(outdir).sort()).toEqual([...environments].sort());
  for (const environment of environments) {
    const folder = join(outdir, environment);
    expect(readdirSync(folder).sort()).toEqual([KUSTOMIZATION_FILE, MANIFEST_FILE]);
    expect(readObjects(join(folder, MANIFEST_FILE))).toEqual(expected[environment]);
    expect(parse(readFileSync(join(folder, KUSTOMIZATION_FILE), 'utf8')).resources).toEqual([
      MANIFEST_FILE,
    ]);
  }
}

it('cdk8s.yaml runs the built JavaScript, with no output: key (the CLI default is dist/)', () => {
  const config = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8'));
  expect(config.app).toBe('node build/apps/synth.js');
  expect(config.output).toBeUndefined();
});

it('cdk8s synth writes dist/<env>/ for every environment, after emptying dist/', () => {
  const dist = join(project, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'foreign.txt'), 'the CLI removes its output folder first');
  const run = cdk8s('synth');
  expectOutput(dist);
  // The CLI lists the .yaml files it found: the manifests, not the kustomization.
  for (const environment of environments) {
    expect(run.stdout).toContain(`dist/${environment}/${MANIFEST_FILE}\n`);
  }
  expect(run.stdout).not.toContain(KUSTOMIZATION_FILE);
});

it('cdk8s synth --output <dir> writes the same folders there', () => {
  const outdir = join(project, 'elsewhere');
  cdk8s('synth', '--output', outdir);
  expectOutput(outdir);
});

it('cdk8s synth --stdout prints every object once, environments in order, and leaves dist/ alone', () => {
  const dist = join(project, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'keep.txt'), 'kept');
  const run = cdk8s('synth', '--stdout');
  const objects = parseObjects(run.stdout);
  expect(objects).toHaveLength(allObjects.length);
  expect(objects).toEqual(allObjects);
  // Byte for byte each environment's manifests.yaml, one after the other.
  expect(run.stdout).toBe(environments.map((e) => toManifestFile(expected[e])).join(''));
  expect(readFileSync(join(dist, 'keep.txt'), 'utf8')).toBe('kept');
});

it("in the CLI's --stdout folder the app writes one file, so the CLI's per-file pipes cannot interleave", () => {
  const synth = (outdir: string) =>
    spawnSync(process.execPath, [join(BUILD, 'apps', 'synth.js')], {
      env: { ...process.env, CDK8S_OUTDIR: outdir },
      encoding: 'utf8',
    });
  // What `cdk8s synth --stdout` creates: mkdtemp(join(os.tmpdir(), 'cdk8s-')).
  const stdoutFolder = mkdtempSync(join(tmpdir(), 'cdk8s-'));
  const other = mkdtempSync(join(tmpdir(), 'gke-platform-out-'));
  try {
    expect(synth(stdoutFolder).status).toBe(0);
    expect(readdirSync(stdoutFolder)).toEqual([MANIFEST_FILE]);
    expect(readFileSync(join(stdoutFolder, MANIFEST_FILE), 'utf8')).toBe(
      environments.map((e) => toManifestFile(expected[e])).join(''),
    );
    expect(synth(other).status).toBe(0);
    expectOutput(other);
  } finally {
    rmSync(stdoutFolder, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  }
});
