import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { EnvironmentManifests } from './synthesize';
import { toYaml } from './yaml';

/** The file that holds an environment's objects, inside `<outdir>/<environment>/`. */
export const MANIFEST_FILE = 'manifests.yaml';

/**
 * Writes `<outdir>/<environment>/manifests.yaml` (plus a `kustomization.yaml`, so that
 * `kubectl kustomize`, Argo CD and Flux take the folder as it is) for every environment.
 *
 * Everything is written to a sibling temporary folder first and swapped in with renames:
 * a failure leaves the previous `outdir` exactly as it was.
 */
export function writeManifests(manifests: readonly EnvironmentManifests[], outdir: string): void {
  const target = resolve(outdir);
  const staging = join(dirname(target), `.${basename(target)}.new-${process.pid}`);
  const retired = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const { environment, objects } of manifests) {
      const folder = join(staging, environment);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, MANIFEST_FILE), toYaml(objects));
      writeFileSync(
        join(folder, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${MANIFEST_FILE}\n`,
      );
    }
    let hadPrevious = true;
    try {
      renameSync(target, retired);
    } catch {
      hadPrevious = false;
    }
    renameSync(staging, target);
    if (hadPrevious) rmSync(retired, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
