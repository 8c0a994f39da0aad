import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fail } from '../core/errors';
import type { Obj } from '../plan/network-policy-eval';
import { PREVIEWS_FOLDER } from '../platform/previews';
import type { EnvironmentObjects } from '../plan/environment-objects';

const YAML_FILE = /\.ya?ml$/;

/**
 * The objects of each environment of a synth output: one folder per environment, as
 * writeManifests writes it (`<env>/manifests.yaml`, and any other `.yaml`/`.yml` file there,
 * as `kubectl apply -f` reads the folder), or plain cdk8s output (`<chart>.k8s.yaml` at the
 * top), where each file is an environment named after it. An environment of several clusters
 * is a folder of cluster folders (`<env>/<cluster>/manifests.yaml`): one entry per cluster,
 * with `cluster` set, in the clusters' name order.
 */
export function readOutput(folder: string, what: string): EnvironmentObjects[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    fail(what, 'folder', `'${folder}' is not a folder`, 'name a folder that a synth wrote');
  }
  const environments: EnvironmentObjects[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort(byName)) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      const files = yamlFiles(path);
      // `previews/<name>/` holds the previews, which are not environments of the synth.
      const clusters = entry.name === PREVIEWS_FOLDER ? [] : clusterFolders(path);
      if (files.length > 0 && clusters.length > 0) {
        fail(
          what,
          path,
          `holds both manifests (${files.join(', ')}) and cluster folders (${clusters.join(', ')})`,
          'keep one environment of one cluster (<env>/manifests.yaml) or of several (<env>/<cluster>/manifests.yaml)',
        );
      }
      const objects = files.flatMap((f) => readObjects(join(path, f), what));
      if (files.length > 0) environments.push({ environment: entry.name, objects });
      for (const cluster of clusters) {
        const folder = join(path, cluster);
        const objects = yamlFiles(folder).flatMap((f) => readObjects(join(folder, f), what));
        environments.push({ environment: entry.name, cluster, objects });
      }
    } else if (YAML_FILE.test(entry.name)) {
      const environment = entry.name.replace(/(\.k8s)?\.ya?ml$/, '');
      environments.push({ environment, objects: readObjects(path, what) });
    }
  }
  if (environments.length === 0) {
    fail(
      what,
      'folder',
      `'${folder}' holds no manifests (no <environment>/*.yaml, no <environment>/<cluster>/*.yaml, no *.yaml)`,
      'write the output to process.env.CDK8S_OUTDIR, as `cdk8s synth` expects: writeManifests(manifests, process.env.CDK8S_OUTDIR ?? "dist")',
    );
  }
  return environments;
}

/** The `.yaml`/`.yml` files of a folder, by name. */
function yamlFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => YAML_FILE.test(f) && statSync(join(folder, f)).isFile())
    .sort();
}

/** The folders of an environment's folder that hold manifests: its clusters. */
function clusterFolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .filter((e) => yamlFiles(join(folder, e.name)).length > 0)
    .map((e) => e.name)
    .sort();
}

/** The objects of a multi-document YAML file, empty documents left out. */
function readObjects(path: string, what: string): Obj[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
    if (doc.errors.length > 0) {
      fail(what, path, `is not valid YAML: ${doc.errors[0].message}`, 'synthesize it again');
    }
    const object = doc.toJS() as unknown;
    if (object === null || object === undefined) return [];
    if (typeof object !== 'object' || Array.isArray(object) || !('kind' in object)) {
      fail(
        what,
        path,
        'holds a document that is not a Kubernetes object',
        'keep only objects in the manifests',
      );
    }
    return [object as Obj];
  });
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
