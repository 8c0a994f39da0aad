import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type EnvironmentManifests, synthesizePlatform } from '#lib/output/synthesize';
import { toManifestFile, writeManifests } from '#lib/output/write-manifests';
import { toYaml } from '#lib/output/yaml';
import { WebService } from '#lib/workloads/web-service';
import { BUILD, ensureBuilt } from '../consumer/support/build';
import { testPlatform } from '../support/synth';
import { snapshot } from '../support/files';

/**
 * The output folder survives faults: a writer (the built JavaScript, in a child process) is
 * killed with SIGKILL right after each of its steps, then the folder is checked (dist/ there,
 * every environment old or new as a whole and readable by kubectl and kustomize, files the
 * library did not write untouched) and a second writer must finish the job. Then concurrent
 * writers, with a reader checking every file it sees.
 */
const CHILD = join(__dirname, 'support', 'write-child.js');
/** Killed writers running at once (each in its own folder). */
const KILLS_AT_ONCE = 4;
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-');

/** The bytes versions before `Kustomization` wrote into each environment's folder. */
const LEGACY_KUSTOMIZATION =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - manifests.yaml\n';
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** What `kubectl apply -f DIR` reads: Go's `filepath.Ext` in cli-runtime's FileExtensions. */
const kubectlReads = (name: string) =>
  name.includes('.') && ['.json', '.yaml', '.yml'].includes(name.slice(name.lastIndexOf('.')));

const version = (image: string) =>
  synthesizePlatform(testPlatform, (chart) => {
    new WebService(chart, 'web', { image, port: 8080 });
  });
const NEW = version('web:2.0.0');
const OLD = version('web:1.0.0');
const ENVIRONMENTS = NEW.map((m) => m.environment);
const bytes = (manifests: EnvironmentManifests[], render: (o: any) => string) =>
  Object.fromEntries(manifests.map((m) => [m.environment, render(m.objects)]));
const NEW_BYTES = bytes(NEW, toManifestFile);
const OLD_BYTES = bytes(OLD, toManifestFile);
/** What versions before this one wrote: toYaml without the leading `---`. */
const LEGACY_BYTES = bytes(OLD, toYaml);

let work: string;
let newFile: string;
let oldFile: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'gke-platform-faults-'));
  newFile = join(work, 'new.json');
  oldFile = join(work, 'old.json');
  writeFileSync(newFile, JSON.stringify(NEW));
  writeFileSync(oldFile, JSON.stringify(OLD));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a writer to its end, or until it kills itself after step `killAt`. */
function runWriter(
  manifestsFile: string,
  outdir: string,
  killAt?: string,
): Promise<{
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  steps: string[];
}> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, BUILD, manifestsFile, outdir, killAt ?? ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status, signal) =>
      done({ status, signal, stderr, steps: stdout.split('\n').filter(Boolean) }),
    );
  });
}

/** Runs `task` on every item, `limit` at a time. */
async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function runWriterAsync(manifestsFile: string, outdir: string): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, BUILD, manifestsFile, outdir], {
      stdio: 'ignore',
    });
    child.on('exit', (code) => done(code));
  });
}

/** A pid that belonged to a process which has exited (one for the whole file). */
let stalePid: number | undefined;
function deadPid(): number {
  if (stalePid !== undefined) return stalePid;
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  stalePid = Number(run.stdout);
  return stalePid;
}

/** The files that are not the library's, placed before each run and checked after. */
const FOREIGN: Record<string, string> = {
  'README.md': 'notes about dist/',
  'dev/notes.txt': 'an operator note',
  'retired/manifests.yaml': 'an environment no longer synthesized\n',
};

interface Scenario {
  readonly name: string;
  /** Builds dist/ as it was before the writer runs. */
  readonly setup: (dist: string) => void;
  /** The manifests the writer writes (a file of `NEW`). */
  readonly writes: () => string;
  readonly written: readonly string[];
  /** Each written environment's manifests.yaml before the writer, if it had one. */
  readonly before: Record<string, string | undefined>;
  /** Kill only at these steps (all by default). */
  readonly killAt?: (step: string) => boolean;
}

function writeForeign(dist: string): void {
  for (const [path, content] of Object.entries(FOREIGN)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: 'upgrading a dist/ written by an earlier version (kustomization.yaml)',
    setup: (dist) => {
      for (const environment of ENVIRONMENTS) {
        mkdirSync(join(dist, environment), { recursive: true });
        writeFileSync(join(dist, environment, 'manifests.yaml'), LEGACY_BYTES[environment]);
        writeFileSync(join(dist, environment, 'kustomization.yaml'), LEGACY_KUSTOMIZATION);
      }
      writeForeign(dist);
    },
    writes: () => newFile,
    written: ENVIRONMENTS,
    before: LEGACY_BYTES,
  },
  {
    name: 'writing into a missing dist/',
    setup: () => undefined,
    writes: () => newFile,
    written: ENVIRONMENTS,
    before: {},
  },
  {
    name: 'replacing a current dist/ held by a stale lock',
    setup: (dist) => {
      writeManifests(OLD, dist);
      writeForeign(dist);
      const owner = { pid: deadPid(), host: hostname(), since: 'before' };
      writeFileSync(join(dist, '.gke-platform.lock'), JSON.stringify(owner));
    },
    writes: () => newFile,
    written: ENVIRONMENTS,
    before: OLD_BYTES,
    killAt: (step) => step.startsWith('lock') || step.startsWith('guard'),
  },
  {
    name: 'writing one environment, a new one, beside others',
    setup: (dist) => {
      writeManifests(
        OLD.filter((m) => m.environment !== 'prod'),
        dist,
      );
      writeForeign(dist);
    },
    writes: () => {
      const file = join(work, 'prod.json');
      writeFileSync(file, JSON.stringify(NEW.filter((m) => m.environment === 'prod')));
      return file;
    },
    written: ['prod'],
    before: {},
  },
];

/**
 * An environment's folder as its readers find it: absent, or one kustomization file listing
 * manifests.yaml, nothing else kubectl reads (but an earlier version's kustomization.yaml),
 * and a manifests.yaml that is wholly the version before or the new one.
 */
function stateOf(folder: string, before: string | undefined, after: string): string {
  if (!existsSync(folder)) return 'absent';
  const files = readdirSync(folder).sort();
  const kustomizations = files.filter((f) => KUSTOMIZATION_NAMES.includes(f));
  if (kustomizations.length !== 1) return `kustomization files: ${kustomizations.join(', ')}`;
  const kustomization = parse(readFileSync(join(folder, kustomizations[0]), 'utf8'));
  if (JSON.stringify(kustomization.resources) !== '["manifests.yaml"]') return 'bad resources';
  const visible = files.filter(kubectlReads).filter((f) => f !== 'kustomization.yaml');
  if (visible.join() !== 'manifests.yaml') return `kubectl reads ${visible.join(', ')}`;
  const manifests = readFileSync(join(folder, 'manifests.yaml'), 'utf8');
  if (manifests === after) return 'new';
  if (manifests === before) return 'before';
  return 'manifests.yaml is neither';
}

/** The files a writer of `written` may change: the rest of dist/ must stay as it was. */
function untouchedFiles(dist: string, written: readonly string[]): Record<string, string> {
  const ours = new Set(
    written.flatMap((e) =>
      ['manifests.yaml', 'Kustomization', 'kustomization.yaml'].map((f) => `${e}/${f}`),
    ),
  );
  return Object.fromEntries(
    Object.entries(snapshot(dist)).filter(([path]) => !ours.has(path) && !path.startsWith('.')),
  );
}

function checkAfterKill(
  dist: string,
  scenario: Scenario,
  existed: boolean,
  untouched: Record<string, string>,
) {
  if (existed) expect(existsSync(dist)).toBe(true);
  for (const environment of scenario.written) {
    const before = scenario.before[environment];
    const state = stateOf(join(dist, environment), before, NEW_BYTES[environment]);
    expect([environment, state]).toEqual([
      environment,
      expect.stringMatching(before === undefined ? /^(absent|new)$/ : /^(before|new)$/),
    ]);
  }
  const now = snapshot(dist);
  for (const [path, content] of Object.entries(untouched)) {
    expect([path, now[path]]).toEqual([path, content]);
  }
}

function checkFinished(dist: string, scenario: Scenario, untouched: Record<string, string>) {
  const now = snapshot(dist);
  for (const environment of scenario.written) {
    expect(stateOf(join(dist, environment), undefined, NEW_BYTES[environment])).toBe('new');
    expect(now[`${environment}/Kustomization`]).toMatch(/^# Written by gke-platform/);
  }
  // Exactly the untouched files and the written environments' two files: no lock, temporary
  // file or staging folder left, no kustomization.yaml.
  expect(Object.keys(now).sort()).toEqual(
    [
      ...Object.keys(untouched),
      ...scenario.written.flatMap((e) => [`${e}/Kustomization`, `${e}/manifests.yaml`]),
    ].sort(),
  );
  for (const [path, content] of Object.entries(untouched)) expect(now[path]).toBe(content);
  const hidden = readdirSync(dist, { recursive: true }).filter((p) =>
    String(p)
      .split('/')
      .some((part) => part.startsWith('.')),
  );
  expect(hidden).toEqual([]);
}

describe.each(SCENARIOS.map((s): [string, Scenario] => [s.name, s]))('%s', (_name, scenario) => {
  it('survives a SIGKILL after every step', async () => {
    const folder = join(work, slug(scenario.name));
    const manifestsFile = scenario.writes();
    const manifests = JSON.parse(readFileSync(manifestsFile, 'utf8'));
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const cleanDist = join(folder, 'clean', 'dist');
    mkdirSync(join(folder, 'clean'));
    scenario.setup(cleanDist);
    const clean = await runWriter(manifestsFile, cleanDist);
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    const steps = [...new Set(clean.steps)].filter(scenario.killAt ?? (() => true));
    expect(steps.length).toBeGreaterThan(0);

    // Each kill in a folder of its own, several at once: the writers mostly wait on fsync.
    await eachConcurrently(steps, KILLS_AT_ONCE, async (step, index) => {
      const dist = join(folder, String(index), 'dist');
      mkdirSync(join(folder, String(index)));
      scenario.setup(dist);
      const existed = existsSync(dist);
      const untouched = untouchedFiles(dist, scenario.written);
      const killed = await runWriter(manifestsFile, dist, step);
      expect([step, killed.signal]).toEqual([step, 'SIGKILL']);
      expect(killed.steps[killed.steps.length - 1]).toBe(step);
      checkAfterKill(dist, scenario, existed, untouched);

      // The next synth (in this process, the same code) finishes the job.
      writeManifests(manifests, dist);
      checkFinished(dist, scenario, untouched);
      rmSync(join(folder, String(index)), { recursive: true, force: true });
    });
  }, 300_000);
});

describe('concurrent synths', () => {
  it('both finish, dist/ ends as one of them whole, and a reader never sees a partial file', async () => {
    const dist = join(work, 'concurrent', 'dist');
    writeManifests(OLD, dist);
    const seen = new Set<string>();
    let reads = 0;
    let reading = true;
    const valid = new Set([...Object.values(NEW_BYTES), ...Object.values(OLD_BYTES)]);
    const reader = (async () => {
      while (reading) {
        for (const environment of ENVIRONMENTS) {
          const text = readFileSync(join(dist, environment, 'manifests.yaml'), 'utf8');
          reads++;
          if (!valid.has(text)) seen.add(`${environment}: partial or foreign bytes`);
        }
        await new Promise((tick) => setImmediate(tick));
      }
    })();

    for (let round = 0; round < 6; round++) {
      const codes = await Promise.all([
        runWriterAsync(newFile, dist),
        runWriterAsync(oldFile, dist),
      ]);
      expect(codes).toEqual([0, 0]);
      const now = snapshot(dist);
      const versions = ENVIRONMENTS.map((e) =>
        now[`${e}/manifests.yaml`] === NEW_BYTES[e]
          ? 'new'
          : now[`${e}/manifests.yaml`] === OLD_BYTES[e]
            ? 'old'
            : '?',
      );
      // The later lock holder wrote every environment.
      expect(new Set(versions).size).toBe(1);
      expect(versions[0]).not.toBe('?');
      expect(Object.keys(now).sort()).toEqual(
        ENVIRONMENTS.flatMap((e) => [`${e}/Kustomization`, `${e}/manifests.yaml`]).sort(),
      );
    }
    reading = false;
    await reader;
    expect([...seen]).toEqual([]);
    expect(reads).toBeGreaterThan(0);
  }, 300_000);
});
