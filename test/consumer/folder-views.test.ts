import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readManifests } from '#lib/infra/manifests';
import { KUSTOMIZATION_FILE, MANIFEST_FILE } from '#lib/output/write-manifests';
import { temporaryName } from '#lib/output/durable-write';
import { exampleObjects, readObjects, writeExample } from './support/example-output';

/**
 * Each consumer's view of dist/<env>/, as its source code selects files (cited per function),
 * applied to the folder the example's synth writes, with what a killed writer leaves beside it.
 * Argo CD and Flux cannot run here; kubectl's and kustomize's real views are in kubectl.e2e.ts.
 */

/** Go's `filepath.Ext`: the suffix from the last dot of the name (`.yaml` for `.yaml`). */
const goExt = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.')) : '');

/** The names kustomize accepts for a kustomization (sigs.k8s.io/kustomize/api/konfig). */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const filesOf = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

/** `kubectl apply -f DIR`: `.json`/`.yaml`/`.yml` files (cli-runtime `FileExtensions`). */
const kubectlFiles = (dir: string) =>
  filesOf(dir).filter((f) => ['.json', '.yaml', '.yml'].includes(goExt(f)));

/** The kustomization files of a folder; kustomize refuses more than one. */
const kustomizationFiles = (dir: string) =>
  filesOf(dir).filter((f) => KUSTOMIZATION_NAMES.includes(f));

/** Objects of a kustomization that lists plain files (what kustomize builds from it). */
function kustomizationObjects(dir: string, file: string) {
  const kustomization = parse(readFileSync(join(dir, file), 'utf8'));
  return (kustomization.resources as string[]).flatMap((r) => readObjects(join(dir, r)));
}

/**
 * Argo CD: the Kustomize tool when the folder holds a kustomization name (util/app/discovery
 * `Discover`), else a directory of files matching `^.*\.(yaml|yml|json|jsonnet)$`
 * (reposerver `findManifests`).
 */
const argoCdTool = (dir: string) =>
  kustomizationFiles(dir).length > 0 ? 'Kustomize' : 'Directory';
const argoCdDirectoryFiles = (dir: string) =>
  filesOf(dir).filter((f) => /^.*\.(yaml|yml|json|jsonnet)$/.test(f));

/**
 * Flux kustomize-controller: an existing kustomization file of any accepted name, else one
 * generated from the `.yaml`/`.yml` files (fluxcd/pkg kustomize `findOrGenerateKustomization`
 * and `scanManifests`).
 */
const fluxKustomization = (dir: string) =>
  KUSTOMIZATION_NAMES.find((n) => filesOf(dir).includes(n));
const fluxGeneratedFiles = (dir: string) =>
  filesOf(dir).filter((f) => ['.yaml', '.yml'].includes(goExt(f)));

/** `cdk8s synth --stdout` prints every `.yaml` file under its folder (cdk8s-cli `findManifests`). */
function cdk8sCliFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? cdk8sCliFiles(join(dir, e.name)).map((f) => `${e.name}/${f}`)
      : e.name.endsWith('.yaml')
        ? [e.name]
        : [],
  );
}

const expected = exampleObjects();
const environments = Object.keys(expected);
let dist: string;

beforeAll(() => {
  dist = join(mkdtempSync(join(tmpdir(), 'gke-platform-views-')), 'dist');
  writeExample(dist);
  // What writers killed mid-step leave (the next synth removes them): no reader may take them.
  for (const environment of environments) {
    for (const name of [MANIFEST_FILE, KUSTOMIZATION_FILE]) {
      writeFileSync(join(dist, environment, temporaryName(name, 999999)), 'kind: [');
    }
  }
  writeFileSync(join(dist, '.gke-platform.lock'), '{}');
  mkdirSync(join(dist, '.gke-platform.env-qa.999999.tmp'));
});
afterAll(() => rmSync(join(dist, '..'), { recursive: true, force: true }));

describe.each(environments)('dist/%s', (environment) => {
  const dir = () => join(dist, environment);

  it('kubectl apply/delete -f reads manifests.yaml only, which holds every object', () => {
    expect(kubectlFiles(dir())).toEqual([MANIFEST_FILE]);
    expect(readObjects(join(dir(), MANIFEST_FILE))).toEqual(expected[environment]);
  });

  it('kustomize finds exactly one kustomization, which lists manifests.yaml', () => {
    expect(kustomizationFiles(dir())).toEqual([KUSTOMIZATION_FILE]);
    expect(kustomizationObjects(dir(), KUSTOMIZATION_FILE)).toEqual(expected[environment]);
  });

  it('Argo CD builds it with Kustomize, and as a plain directory would read the same objects', () => {
    expect(argoCdTool(dir())).toBe('Kustomize');
    expect(argoCdDirectoryFiles(dir())).toEqual([MANIFEST_FILE]);
    expect(argoCdDirectoryFiles(dir()).flatMap((f) => readObjects(join(dir(), f)))).toEqual(
      expected[environment],
    );
  });

  it('Flux uses the Kustomization file, and would generate one from manifests.yaml alone', () => {
    expect(fluxKustomization(dir())).toBe(KUSTOMIZATION_FILE);
    expect(kustomizationObjects(dir(), KUSTOMIZATION_FILE)).toEqual(expected[environment]);
    expect(fluxGeneratedFiles(dir())).toEqual([MANIFEST_FILE]);
  });

  it("deployWorkloads' reader takes the folder as it is", () => {
    const namespace = expected[environment][0].metadata.name;
    const objects = readManifests('test', dir(), namespace).map((m) => m.object);
    expect(objects).toEqual(expected[environment]);
  });
});

it('the cdk8s CLI would print one manifests.yaml per environment and nothing else', () => {
  expect(cdk8sCliFiles(dist).sort()).toEqual(
    environments.map((e) => `${e}/${MANIFEST_FILE}`).sort(),
  );
});
