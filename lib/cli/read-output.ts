import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fail } from '../core/errors';
import type { Obj } from '../plan/network-policy-eval';
import type { EnvironmentObjects } from '../plan/plan-manifests';

const YAML_FILE = /\.ya?ml$/;

/**
 * The objects of each environment of a synth output: one folder per environment, as
 * writeManifests writes it (`<env>/manifests.yaml`, and any other `.yaml`/`.yml` file there,
 * as `kubectl apply -f` reads the folder), or plain cdk8s output (`<chart>.k8s.yaml` at the
 * top), where each file is an environment named after it.
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
      const files = readdirSync(path)
        .filter((f) => YAML_FILE.test(f))
        .sort();
      const objects = files.flatMap((f) => readObjects(join(path, f), what));
      if (files.length > 0) environments.push({ environment: entry.name, objects });
    } else if (YAML_FILE.test(entry.name)) {
      const environment = entry.name.replace(/(\.k8s)?\.ya?ml$/, '');
      environments.push({ environment, objects: readObjects(path, what) });
    }
  }
  if (environments.length === 0) {
    fail(
      what,
      'folder',
      `'${folder}' holds no manifests (no <environment>/*.yaml, no *.yaml)`,
      'write the output to process.env.CDK8S_OUTDIR, as `cdk8s synth` expects: writeManifests(manifests, process.env.CDK8S_OUTDIR ?? "dist")',
    );
  }
  return environments;
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
