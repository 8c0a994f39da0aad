import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  KUSTOMIZATION_FILE,
  MANIFEST_FILE,
  toManifestFile,
  writeManifests,
} from '#lib/output/write-manifests';
import { synthesizePlatform } from '#lib/output/synthesize';
import { toYaml } from '#lib/output/yaml';
import { LOCK_FILE } from '#lib/output/output-lock';
import { writeHooks } from '#lib/output/write-hooks';
import { WebService } from '#lib/workloads/web-service';
import { testPlatform } from '../support/synth';
import { snapshot } from '../support/files';

let root: string;
let outdir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gke-platform-'));
  outdir = join(root, 'dist');
});
afterEach(() => {
  writeHooks.lockTimeoutMs = 120_000;
  rmSync(root, { recursive: true, force: true });
});

const define = (image: string, environments?: ('dev' | 'prod')[]) =>
  synthesizePlatform(
    testPlatform,
    (chart) => {
      new WebService(chart, 'web', { image, port: 8080 });
    },
    { environments },
  );

/** The bytes versions before `Kustomization` wrote into each environment's folder. */
const LEGACY_KUSTOMIZATION =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - manifests.yaml\n';

const read = (...path: string[]) => readFileSync(join(outdir, ...path), 'utf8');
const list = (...path: string[]) => readdirSync(join(outdir, ...path)).sort();

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(run.stdout);
}

describe('writeManifests', () => {
  it('writes <env>/manifests.yaml and <env>/Kustomization for every environment', () => {
    writeManifests(define('web:1.0.0'), outdir);
    expect(list()).toEqual(['dev', 'prod']);
    expect(list('prod')).toEqual([KUSTOMIZATION_FILE, MANIFEST_FILE]);
    expect(KUSTOMIZATION_FILE).toBe('Kustomization');
    const docs = parseAllDocuments(read('prod', 'manifests.yaml')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace',
      'NetworkPolicy',
      'ServiceAccount',
      'NetworkPolicy',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
    ]);
    // kustomize reads the file as a Kustomization listing manifests.yaml.
    expect(parse(read('prod', 'Kustomization'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['manifests.yaml'],
    });
  });

  it('starts each manifests.yaml with ---, so that files concatenate into one valid stream', () => {
    writeManifests(define('web:1.0.0'), outdir);
    const dev = read('dev', 'manifests.yaml');
    const prod = read('prod', 'manifests.yaml');
    expect(dev.startsWith('---\n')).toBe(true);
    expect(dev.endsWith('\n')).toBe(true);
    const docs = parseAllDocuments(dev + prod).map((d) => d.toJS());
    // Per environment: Namespace, default deny, ServiceAccount, NetworkPolicy, Deployment, Service, PDB.
    expect(docs).toHaveLength(14);
    expect(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name)).toEqual([
      'acme-dev',
      'acme-prod',
    ]);
  });

  it('writes toManifestFile(objects): toYaml with a leading --- and a final newline', () => {
    const objects = [{ a: 1 }, { b: 2 }];
    expect(toManifestFile(objects)).toBe(`---\n${toYaml(objects)}`);
    writeManifests(define('web:1.0.0'), outdir);
    expect(read('prod', 'manifests.yaml')).toBe(toManifestFile(define('web:1.0.0')[1].objects));
  });

  it('replaces the manifests in place, with no temporary file or lock left behind', () => {
    writeManifests(define('web:1.0.0'), outdir);
    writeManifests(define('web:2.0.0'), outdir);
    expect(read('dev', 'manifests.yaml')).toContain('image: web:2.0.0');
    expect(read('dev', 'manifests.yaml')).not.toContain('web:1.0.0');
    expect(list()).toEqual(['dev', 'prod']);
    expect(list('dev')).toEqual([KUSTOMIZATION_FILE, MANIFEST_FILE]);
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('keeps folders and files it did not write', () => {
    mkdirSync(join(outdir, 'stale-env'), { recursive: true });
    writeFileSync(join(outdir, 'stale-env', 'old.yaml'), 'old');
    writeFileSync(join(outdir, 'README.md'), 'notes');
    mkdirSync(join(outdir, 'prod'));
    writeFileSync(join(outdir, 'prod', 'notes.txt'), 'mine');
    writeManifests(define('web:2.0.0'), outdir);
    expect(list()).toEqual(['README.md', 'dev', 'prod', 'stale-env']);
    expect(read('stale-env', 'old.yaml')).toBe('old');
    expect(read('prod', 'notes.txt')).toBe('mine');
    expect(list('prod')).toEqual([KUSTOMIZATION_FILE, MANIFEST_FILE, 'notes.txt']);
  });

  it('writes a subset of environments without touching the others', () => {
    writeManifests(define('web:1.0.0'), outdir);
    const dev = read('dev', 'manifests.yaml');
    writeManifests(define('web:2.0.0', ['prod']), outdir);
    expect(read('dev', 'manifests.yaml')).toBe(dev);
    expect(read('prod', 'manifests.yaml')).toContain('image: web:2.0.0');
  });

  it("moves an earlier version's kustomization.yaml to Kustomization", () => {
    mkdirSync(join(outdir, 'prod'), { recursive: true });
    writeFileSync(join(outdir, 'prod', 'manifests.yaml'), 'old');
    writeFileSync(join(outdir, 'prod', 'kustomization.yaml'), LEGACY_KUSTOMIZATION);
    writeManifests(define('web:1.0.0'), outdir);
    expect(list('prod')).toEqual([KUSTOMIZATION_FILE, MANIFEST_FILE]);
    expect(read('prod', 'Kustomization').startsWith('# Written by gke-platform')).toBe(true);
  });

  it.each([
    ['kustomization.yaml', `${LEGACY_KUSTOMIZATION}namePrefix: x-\n`],
    ['kustomization.yml', LEGACY_KUSTOMIZATION],
    ['Kustomization', `${LEGACY_KUSTOMIZATION}namePrefix: x-\n`],
  ])('fails on a %s it did not write, leaving dist/ as it was', (name, content) => {
    writeManifests(define('web:1.0.0'), outdir);
    writeFileSync(join(outdir, 'prod', name), content);
    const before = snapshot(outdir);
    expect(() => writeManifests(define('web:2.0.0'), outdir)).toThrow(
      `writeManifests '${outdir}': 'prod/${name}' was not written by gke-platform`,
    );
    expect(snapshot(outdir)).toEqual(before);
  });

  it('fails on an environment whose folder is a file, leaving dist/ as it was', () => {
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'prod'), 'a file');
    expect(() => writeManifests(define('web:1.0.0'), outdir)).toThrow(
      `writeManifests '${outdir}': 'prod' is a file, not a folder; move ${join(outdir, 'prod')} away`,
    );
    expect(list()).toEqual(['prod']);
  });

  it.each([
    ['../escape', '"../escape"'],
    ['a/b', '"a/b"'],
    ['.hidden', '".hidden"'],
    ['', '""'],
  ])('fails on the environment name %j before writing anything', (environment, shown) => {
    writeManifests(define('web:1.0.0'), outdir);
    const before = snapshot(outdir);
    const broken = [...define('web:2.0.0'), { environment, objects: [] }];
    expect(() => writeManifests(broken, outdir)).toThrow(
      `writeManifests '${outdir}': 'environment' is ${shown}, which is not one folder name; use a name without "/", "\\" or NUL that does not start with "."`,
    );
    expect(snapshot(outdir)).toEqual(before);
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('fails on an object that cannot be YAML (a cycle from an escape hatch), writing nothing', () => {
    writeManifests(define('web:1.0.0'), outdir);
    const before = snapshot(outdir);
    const cyclic: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap' };
    cyclic.data = cyclic;
    const broken = [...define('web:2.0.0'), { environment: 'qa', objects: [cyclic] }];
    expect(() => writeManifests(broken, outdir)).toThrow(
      new RegExp(
        `^writeManifests '${outdir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': 'qa' could not be written as YAML: .+; keep every value plain JSON`,
      ),
    );
    expect(snapshot(outdir)).toEqual(before);
  });

  it('fails on an environment given twice', () => {
    const twice = [...define('web:1.0.0'), ...define('web:1.0.0', ['prod'])];
    expect(() => writeManifests(twice, outdir)).toThrow(
      `writeManifests '${outdir}': 'environment' 'prod' is given twice; give each environment once`,
    );
  });

  it('leaves the previous dist/ as it was when the synth fails', () => {
    writeManifests(define('web:1.0.0'), outdir);
    const before = snapshot(outdir);
    expect(() => writeManifests(define('web:latest'), outdir)).toThrow("'image' is 'web:latest'");
    expect(snapshot(outdir)).toEqual(before);
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('removes what a killed writer left, and only that', () => {
    writeManifests(define('web:1.0.0'), outdir);
    const dead = deadPid();
    const leftovers = [
      `.gke-platform.lock.${dead}.tmp`,
      `.gke-platform.env-staging.${dead}.tmp/manifests.yaml`,
      `prod/.manifests.yaml.${dead}.tmp`,
      `prod/.Kustomization.${dead}.tmp`,
    ];
    const kept = [
      `.gke-platform.lock.${process.ppid}.tmp`, // a live writer waiting for the lock
      `prod/.notes.${dead}.tmp`, // not a name this library writes
    ];
    for (const path of [...leftovers, ...kept]) {
      mkdirSync(join(outdir, path, '..'), { recursive: true });
      writeFileSync(join(outdir, path), 'x');
    }
    writeManifests(define('web:2.0.0'), outdir);
    expect(list()).toEqual([`.gke-platform.lock.${process.ppid}.tmp`, 'dev', 'prod']);
    expect(list('prod')).toEqual([`.notes.${dead}.tmp`, KUSTOMIZATION_FILE, MANIFEST_FILE]);
  });

  it('takes over a lock whose owner died', () => {
    mkdirSync(outdir);
    const record = { pid: deadPid(), host: hostname(), since: 'earlier' };
    writeFileSync(join(outdir, LOCK_FILE), JSON.stringify(record));
    writeManifests(define('web:1.0.0'), outdir);
    expect(list()).toEqual(['dev', 'prod']);
  });

  it('waits for a live lock and fails with its owner when it is held too long', () => {
    mkdirSync(outdir);
    const record = { pid: process.pid, host: hostname(), since: 'earlier' };
    writeFileSync(join(outdir, LOCK_FILE), JSON.stringify(record));
    writeHooks.lockTimeoutMs = 300;
    const started = Date.now();
    expect(() => writeManifests(define('web:1.0.0'), outdir)).toThrow(
      `writeManifests '${outdir}': '.gke-platform.lock' is held by process ${process.pid} on ${record.host} since earlier; wait for that synth to finish, or delete ${join(outdir, LOCK_FILE)} if none runs`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(list()).toEqual([LOCK_FILE]);
  });
});

describe('toYaml', () => {
  it('quotes YAML 1.1 booleans, so kubectl reads them as strings', () => {
    expect(toYaml([{ args: ['no', 'on', 'yes', 'off', 'y'] }])).toBe(
      'args:\n  - "no"\n  - "on"\n  - "yes"\n  - "off"\n  - "y"\n',
    );
  });

  it('separates documents with ---', () => {
    expect(toYaml([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});
