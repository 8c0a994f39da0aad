import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh `dist/` in the temporary folder, with an empty `previews/`. */
export function freshDist(): { dist: string; previews: string } {
  const dist = mkdtempSync(join(tmpdir(), 'gke-previews-'));
  const previews = join(dist, 'previews');
  mkdirSync(previews);
  return { dist, previews };
}

/**
 * Writes `previews/<name>/` as `preview synth` does: a `Kustomization` and `manifests.yaml`
 * whose Namespace `shop-preview-<name>` carries the preview's labels and expiry, followed by a
 * workload. `namespace` replaces the Namespace document (null: none).
 */
export function writePreview(
  previews: string,
  name: string,
  expires: string,
  namespace?: string | null,
): string {
  const folder = join(previews, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'Kustomization'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - manifests.yaml\n',
  );
  const ns =
    namespace === undefined
      ? `apiVersion: v1
kind: Namespace
metadata:
  name: shop-preview-${name}
  labels:
    app.kubernetes.io/part-of: shop
    gke-platform/preview-of: shop-dev
    gke-platform/preview: ${name}
  annotations:
    gke-platform/expires: "${expires}"
`
      : (namespace ?? '');
  writeFileSync(
    join(folder, 'manifests.yaml'),
    `---
${ns}---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop-preview-${name}
`,
  );
  return folder;
}
