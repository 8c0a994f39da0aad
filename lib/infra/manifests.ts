import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fail } from '../core/errors';
import type { KubernetesObject } from '../k8s/kubernetes-object';

/**
 * A Kubernetes object as read from a manifest file: a {@link KubernetesObject} whose
 * `apiVersion`, `kind` and `metadata.name` have been checked to be strings (unlike the
 * `KubeObject` construct, which writes one).
 */
export interface ManifestObject extends KubernetesObject {
  /** The object's `apiVersion`, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** The object's `kind`, e.g. `Deployment`. */
  readonly kind: string;
  /** The object's metadata; `name` is checked, the other fields pass through. */
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    /** Any other metadata field (`labels`, `annotations`, …), as the file has it. */
    readonly [key: string]: unknown;
  };
  /** Any other field (`spec`, `data`, …), as the file has it. */
  readonly [key: string]: unknown;
}

/**
 * When an object is applied, relative to the others:
 * - `setup`: Namespaces and CRDs, first;
 * - `app`: everything the workloads are made of;
 * - `edge`: what owns a Google load balancer (Ingresses, Gateways, LoadBalancer Services),
 *   last on the way up and first on the way down.
 */
export type ManifestLayer = 'setup' | 'app' | 'edge';

/**
 * The argument of `GkePlatform` that gave a stack its manifests: its `workloads`, synthesized
 * in-process, or a folder synthesized before (`manifestsDir`).
 */
export type ManifestSource = 'workloads' | 'manifestsDir';

/** A manifest object with where it came from and its layer. */
export interface Manifest {
  /** The object, checked. */
  readonly object: ManifestObject;
  /** The argument it came from, which errors about it name. */
  readonly source: ManifestSource;
  /** The path of the file it came from (`manifestsDir`), for errors; absent for `workloads`. */
  readonly file?: string;
  /** When it is applied relative to the others: `setup`, `app` or `edge`. */
  readonly layer: ManifestLayer;
}

/** The object for an error message: `Ingress 'web' in 'dist/prod/manifests.yaml'`. */
export function describeManifest(manifest: Manifest): string {
  const { kind, metadata } = manifest.object;
  const where = manifest.file === undefined ? '' : ` in '${manifest.file}'`;
  return `${kind} '${metadata.name}'${where}`;
}

/** Kinds without a namespace that a platform's manifests may contain. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'StorageClass',
  'VolumeSnapshotClass',
  'PersistentVolume',
  'IngressClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** Whether `object` is namespaced (by its kind). */
export function isNamespaced(object: ManifestObject): boolean {
  return !CLUSTER_SCOPED.has(object.kind);
}

/**
 * The layer of an object. Ingresses, Gateways and LoadBalancer Services own Google load
 * balancers that GKE deletes only while the cluster runs.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deleting-a-cluster
 */
export function manifestLayer(object: ManifestObject): ManifestLayer {
  if (object.kind === 'Namespace' || object.kind === 'CustomResourceDefinition') return 'setup';
  if (object.kind === 'Ingress' || object.kind === 'Gateway') return 'edge';
  const spec = object.spec as { type?: string } | undefined;
  if (object.kind === 'Service' && spec?.type === 'LoadBalancer') return 'edge';
  return 'app';
}

/**
 * The extensions kubectl reads in a directory (`kubectl apply -f DIR`): `FileExtensions` of
 * k8s.io/cli-runtime's resource builder, matched exactly by `ignoreFile` in visitor.go.
 */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/**
 * The file names Kustomize recognizes as a kustomization
 * (`RecognizedKustomizationFileNames` in sigs.k8s.io/kustomize/api/konfig). A kustomization
 * is not a Kubernetes object: it is skipped, whichever name it has.
 */
export const KUSTOMIZATION_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** The files of `dir` that are read as manifests: what kubectl reads, minus kustomizations. */
export function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((name) => MANIFEST_EXTENSIONS.includes(extname(name)))
    .filter((name) => !KUSTOMIZATION_FILES.includes(name))
    .sort();
}

/**
 * Reads the manifests of `dir` as `kubectl apply -f DIR` does: every `*.json`, `*.yaml` and
 * `*.yml` file directly in it (in name order; each may hold several documents, and a
 * `List` is read as its items), except kustomization files. Checks that the objects belong
 * to `namespace`: a directory synthesized for another environment is an error, not a
 * deployment into the wrong namespace.
 *
 * @throws naming the directory or file and what is wrong with it.
 */
export function readManifests(where: string, dir: string, namespace: string): Manifest[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail(
      where,
      'manifestsDir',
      `is '${dir}', which is not a directory`,
      "synthesize the workloads first ('npm run synth') or point it at dist/<environment>",
    );
  }
  const manifests: Manifest[] = [];
  for (const file of manifestFiles(dir)) {
    const path = join(dir, file);
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (doc.errors.length > 0) {
        fail(
          where,
          'manifestsDir',
          `has '${path}', which is not valid YAML (${doc.errors[0].message})`,
          'synthesize it again',
        );
      }
      const value = doc.toJS() as ManifestObject | null;
      if (value === null || value === undefined) continue;
      for (const item of listItems(value)) {
        manifests.push(checkObject(where, { source: 'manifestsDir', file: path }, item, namespace));
      }
    }
  }
  if (manifests.length === 0) {
    fail(
      where,
      'manifestsDir',
      `is '${dir}', which holds no Kubernetes objects`,
      "synthesize the workloads first ('npm run synth')",
    );
  }
  return manifests;
}

/**
 * The objects of a document: the items of a list kind (`v1 List`, `ConfigMapList`, …), as
 * kubectl's `FlattenListVisitor` reads them, or the document itself.
 */
function listItems(value: ManifestObject): ManifestObject[] {
  const items = (value as { items?: unknown }).items;
  if (typeof value?.kind === 'string' && value.kind.endsWith('List') && Array.isArray(items)) {
    return items as ManifestObject[];
  }
  return [value];
}

/**
 * The objects a stack's `workloads` synthesized for its environment, checked as the objects
 * of a folder are (a definition synthesized for another namespace is an error).
 *
 * @throws naming `workloads`, the object and what is wrong with it.
 */
export function synthesizedManifests(
  where: string,
  objects: readonly Record<string, unknown>[],
  namespace: string,
): Manifest[] {
  return objects.map((o) =>
    checkObject(where, { source: 'workloads' }, o as ManifestObject, namespace),
  );
}

/** Where an object came from: the argument, and the file for a folder's. */
type Origin = Pick<Manifest, 'source' | 'file'>;

function checkObject(
  where: string,
  origin: Origin,
  value: ManifestObject,
  namespace: string,
): Manifest {
  const { source, file } = origin;
  const fix =
    source === 'workloads'
      ? "synthesize 'workloads' for this stack's environment"
      : 'point it at the directory synthesized for this environment';
  if (typeof value !== 'object' || !value.apiVersion || !value.kind || !value.metadata?.name) {
    fail(
      where,
      source,
      `has an object${file === undefined ? '' : ` in '${file}'`} without apiVersion, kind or metadata.name`,
      'only apply manifests synthesized by this library',
    );
  }
  const label = describeManifest({ object: value, ...origin, layer: 'app' });
  if (value.kind === 'Namespace' && value.metadata.name !== namespace) {
    fail(where, source, `has ${label}, but this environment's namespace is '${namespace}'`, fix);
  }
  let object = value;
  if (isNamespaced(value)) {
    const ns = value.metadata.namespace;
    if (ns !== undefined && ns !== namespace) {
      fail(
        where,
        source,
        `has ${label} in namespace '${ns}', but this environment's namespace is '${namespace}'`,
        fix,
      );
    }
    object = { ...value, metadata: { ...value.metadata, namespace } };
  }
  return { object, ...origin, layer: manifestLayer(object) };
}
