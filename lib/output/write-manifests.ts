import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fail, PlatformError } from '../core/errors';
import { replaceFile, syncFolder, TEMPORARY_NAME, writeDurably } from './durable-write';
import { lockOutput } from './output-lock';
import { isPidDead } from './process-alive';
import type { EnvironmentManifests } from './synthesize';
import { reached } from './write-hooks';
import { toYaml } from './yaml';

/** The file that holds an environment's objects, inside `<outdir>/<environment>/`. */
export const MANIFEST_FILE = 'manifests.yaml';

/**
 * The kustomization file of `<outdir>/<environment>/`, which lists {@link MANIFEST_FILE}.
 *
 * Why this name and not `kustomization.yaml`: every consumer of the folder must take it as it is.
 * - `kubectl apply -f DIR` / `delete -f DIR` read every `.json`, `.yaml` and `.yml` file of the
 *   folder as objects (k8s.io/cli-runtime `resource.FileExtensions` and
 *   `ExpandPathsToFileVisitors`, which skips other extensions by `filepath.Ext`): a
 *   `kustomization.yaml` fails there with `no matches for kind "Kustomization"`, while a file
 *   without extension is never read.
 * - kustomize (`kubectl kustomize DIR`, an overlay using DIR as a base) accepts
 *   `kustomization.yaml`, `kustomization.yml` or `Kustomization`, and refuses a folder with
 *   more than one (sigs.k8s.io/kustomize/api/konfig `RecognizedKustomizationFileNames`).
 * - Argo CD picks the Kustomize tool when a folder holds one of those three names
 *   (util/app/discovery `Discover`, util/kustomize `IsKustomization`), else reads it as a
 *   directory of `.yaml`/`.yml`/`.json`/`.jsonnet` files (reposerver `findManifests`): the
 *   same objects either way, since `Kustomization` has no extension.
 * - Flux's kustomize-controller uses an existing file of any of the three names and generates
 *   one only when there is none (fluxcd/pkg kustomize `findOrGenerateKustomization`; names
 *   other than `kustomization.yaml` work since fluxcd/pkg#431, December 2022, which fixed
 *   fluxcd/kustomize-controller#737).
 * - `cdk8s synth --stdout` prints every `.yaml` file of its output folder (cdk8s-cli
 *   `findManifests`): not this one.
 * - `deployWorkloads` (lib/infra) reads the `.yaml`/`.yml` files, as kubectl does.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/** The first line of the kustomization file: it marks the file as this library's. */
const KUSTOMIZATION_MARKER = "# Written by gke-platform's writeManifests on every synth";

/** What the kustomization file holds. */
const KUSTOMIZATION = `${KUSTOMIZATION_MARKER}: kubectl apply -f reads ${MANIFEST_FILE}, kustomize reads this file.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ${MANIFEST_FILE}
`;

/** The kustomization file that versions before `Kustomization` wrote, byte for byte. */
const LEGACY_KUSTOMIZATION_FILE = 'kustomization.yaml';
const LEGACY_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${MANIFEST_FILE}\n`;

/** The kustomization names that kustomize also recognizes; only this library's are replaced. */
const OTHER_KUSTOMIZATION_FILES = [LEGACY_KUSTOMIZATION_FILE, 'kustomization.yml'];

/**
 * Writes `<outdir>/<environment>/manifests.yaml` (every object of the environment, Namespace
 * first) and `<outdir>/<environment>/Kustomization` for each environment given, so that
 * `kubectl apply -f`, `kubectl delete -f`, `kubectl kustomize`, Argo CD, Flux and
 * `deployWorkloads` take the folder as it is (see {@link KUSTOMIZATION_FILE} for why that name).
 * An environment of several clusters gets the same two files in `<outdir>/<environment>/<cluster>/`
 * for each cluster, and `<outdir>/<environment>/` keeps none of its own.
 *
 * The output never breaks, whatever stops the writer:
 * - **Nothing is written before everything is known**: every environment is serialized and
 *   every folder checked first; a failure there (bad input, a file this library did not write
 *   in its place) leaves `outdir` exactly as it was.
 * - **No folder is ever removed or swapped**: `outdir` and each environment's folder are kept,
 *   and each file is replaced by its own atomic rename ({@link replaceFile}), so `outdir` is
 *   never missing and a reader sees each file old or new. Everything that differs between two
 *   synths is in `manifests.yaml` (the kustomization file is always the same), so each
 *   environment is old or new as a whole. A new environment is staged in a hidden folder of
 *   `outdir` and renamed into place complete.
 * - **Only what it writes**: environments not given keep their folders, and files this library
 *   did not write are kept (a foreign kustomization file, which would make kustomize refuse
 *   the folder, is an error instead). An environment removed from the platform keeps its old
 *   folder until you delete it. A `kustomization.yaml` is moved to `Kustomization` only if its
 *   bytes are exactly what earlier versions wrote.
 * - **One writer at a time**: a lock file in `outdir` orders concurrent synths, each of which
 *   writes all its environments; a lock whose owner died is taken over (see `lockOutput`).
 * - **Temporary names are invisible to readers**: hidden, ending in `.tmp`, never `.yaml`,
 *   `.yml` or `.json`; leftovers of a killed writer are removed by the next one.
 * - **Durable**: files are fsync'ed before their rename, folders after.
 *
 * `manifests.yaml` starts with a `---` line, so that concatenating several files (as
 * `cdk8s synth --stdout` does) keeps every document whole.
 */
export function writeManifests(manifests: readonly EnvironmentManifests[], outdir: string): void {
  const where = `writeManifests '${outdir}'`;
  const files = serialize(where, manifests);
  reached('serialized');
  const target = resolve(outdir);
  mkdirSync(target, { recursive: true });
  const release = lockOutput(target, where);
  try {
    removeLeftovers(target);
    reached('leftovers removed');
    for (const { environment, clusterOf } of files) {
      checkFolder(where, target, environment);
      if (clusterOf !== undefined) checkFolder(where, target, clusterOf);
    }
    reached('folders checked');
    for (const file of files) writeEnvironment(target, file.environment, file.yaml);
    for (const name of new Set(files.flatMap((f) => f.clusterOf ?? [])))
      retireOneClusterFiles(target, name);
    syncFolder(target);
  } finally {
    release();
  }
}

/** The YAML of every environment, checked before anything is written. */
function serialize(
  where: string,
  manifests: readonly EnvironmentManifests[],
): { environment: string; yaml: string; clusterOf?: string }[] {
  const seen = new Set<string>();
  return manifests.map(({ environment: name, cluster, objects }) => {
    // One folder name, or `previews/<name>` for a preview (synthesizePlatform's `preview`).
    if (!/^(previews\/)?[^/\\\0.][^/\\\0]*$/.test(name)) {
      fail(
        where,
        'environment',
        `is ${JSON.stringify(name)}, which is not one folder name`,
        'use a name without "/", "\\" or NUL that does not start with "."',
      );
    }
    // A cluster of an environment of several: `<environment>/<cluster>`.
    if (cluster !== undefined && !/^[^/\\\0.][^/\\\0]*$/.test(cluster)) {
      fail(
        where,
        'cluster',
        `is ${JSON.stringify(cluster)}, which is not one folder name`,
        'use a name without "/", "\\" or NUL that does not start with "."',
      );
    }
    const environment = cluster === undefined ? name : `${name}/${cluster}`;
    if (seen.has(environment)) {
      fail(where, 'environment', `'${environment}' is given twice`, 'give each environment once');
    }
    seen.add(environment);
    try {
      return { environment, yaml: toManifestFile(objects), clusterOf: cluster && name };
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      return fail(
        where,
        environment,
        `could not be written as YAML: ${(error as Error).message}`,
        'keep every value plain JSON (strings, numbers, booleans, arrays, objects), also in escape hatches such as addJsonPatch',
      );
    }
  });
}

/**
 * The bytes of a `manifests.yaml`: the objects as YAML documents, starting with a `---` line
 * and ending with a newline, so that any number of such files concatenate into one valid
 * multi-document stream (`cat` of several environments, `cdk8s synth --stdout`).
 */
export function toManifestFile(objects: readonly Record<string, unknown>[]): string {
  const yaml = toYaml(objects);
  const body = yaml === '' || yaml.endsWith('\n') ? yaml : `${yaml}\n`;
  return /^---(\s|$)/.test(body) ? body : `---\n${body}`;
}

/** Fails, before anything is written, on a folder that the writer would have to break. */
function checkFolder(where: string, target: string, environment: string): void {
  const folder = join(target, environment);
  if (!existsSync(folder)) return;
  if (!statSync(folder).isDirectory()) {
    fail(where, environment, 'is a file, not a folder', `move ${folder} away`);
  }
  for (const name of OTHER_KUSTOMIZATION_FILES) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    if (name === LEGACY_KUSTOMIZATION_FILE && readFileSync(path, 'utf8') === LEGACY_KUSTOMIZATION) {
      continue;
    }
    fail(
      where,
      `${environment}/${name}`,
      `was not written by gke-platform, and kustomize refuses a folder with two kustomization files (kubectl apply -f also reads it as an object)`,
      `move it out of ${folder}; a kustomize overlay elsewhere can use ${folder} as its base`,
    );
  }
  for (const name of [KUSTOMIZATION_FILE, MANIFEST_FILE]) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    if (!lstatSync(path).isFile()) {
      fail(where, `${environment}/${name}`, 'is not a file', `move ${path} away`);
    }
    if (name === KUSTOMIZATION_FILE && !isOurKustomization(readFileSync(path, 'utf8'))) {
      fail(
        where,
        `${environment}/${name}`,
        'was not written by gke-platform',
        `move it out of ${folder}; a kustomize overlay elsewhere can use ${folder} as its base`,
      );
    }
  }
}

/**
 * Removes the files of `<environment>/` itself once the environment runs on several clusters
 * (each in `<environment>/<cluster>/`): `kubectl apply -f` or a GitOps tool that still reads
 * the folder must not apply the objects of the one cluster it had before. Only this library's
 * files go, the manifests first, so that no reader sees objects without their kustomization.
 */
function retireOneClusterFiles(target: string, environment: string): void {
  const folder = join(target, environment);
  for (const name of [MANIFEST_FILE, KUSTOMIZATION_FILE])
    rmSync(join(folder, name), { force: true });
  syncFolder(folder);
}

function isOurKustomization(text: string): boolean {
  // A legacy file is renamed to Kustomization before it is rewritten: a writer stopped in
  // between leaves one with the legacy bytes.
  return text === LEGACY_KUSTOMIZATION || text.startsWith(KUSTOMIZATION_MARKER);
}

/**
 * Writes one environment's folder: each file replaced in one step, in an order where every
 * intermediate folder holds exactly one kustomization file and a whole manifests.yaml.
 */
function writeEnvironment(target: string, environment: string, yaml: string): void {
  const folder = join(target, environment);
  if (!existsSync(folder)) {
    writeNewEnvironment(target, environment, yaml);
    return;
  }
  const legacy = join(folder, LEGACY_KUSTOMIZATION_FILE);
  if (existsSync(legacy)) {
    // One rename: the folder never holds both names (kustomize refuses that) nor neither.
    renameSync(legacy, join(folder, KUSTOMIZATION_FILE));
    reached(`${environment}: ${LEGACY_KUSTOMIZATION_FILE} renamed`);
  }
  if (readIfFile(join(folder, KUSTOMIZATION_FILE)) !== KUSTOMIZATION) {
    replaceFile(folder, KUSTOMIZATION_FILE, KUSTOMIZATION, environment);
  }
  if (readIfFile(join(folder, MANIFEST_FILE)) !== yaml) {
    replaceFile(folder, MANIFEST_FILE, yaml, environment);
  }
  syncFolder(folder);
}

/** A new environment's folder appears whole: staged under a hidden name, then renamed. */
function writeNewEnvironment(target: string, environment: string, yaml: string): void {
  const folder = join(target, environment);
  const staging = join(dirname(folder), `.gke-platform.env-${basename(folder)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(folder), { recursive: true });
    mkdirSync(staging);
    writeDurably(join(staging, MANIFEST_FILE), yaml);
    writeDurably(join(staging, KUSTOMIZATION_FILE), KUSTOMIZATION);
    syncFolder(staging);
    reached(`${environment}: new folder staged`);
    renameSync(staging, folder);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  reached(`${environment}: new folder in place`);
}

function readIfFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Removes what a killed writer left: its staging folders and lock records in `target`, its
 * temporary files in the environments' folders. Each name carries its writer's pid, and only
 * names of dead writers are removed (a waiting writer's lock record is live).
 */
function removeLeftovers(target: string): void {
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    const own = /^\.gke-platform\..+\.(\d+)\.tmp$/.exec(entry.name);
    if (own && isPidDead(Number(own[1]))) {
      rmSync(join(target, entry.name), { recursive: true, force: true });
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const folder = join(target, entry.name);
      for (const name of readdirSync(folder)) {
        const temp = TEMPORARY_NAME.exec(name);
        const ours = temp && (temp[1] === MANIFEST_FILE || temp[1] === KUSTOMIZATION_FILE);
        if (ours && isPidDead(Number(temp[2]))) rmSync(join(folder, name), { force: true });
      }
    }
  }
}
