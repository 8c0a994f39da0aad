/** The parts of a Kubernetes object that validation reads; anything else passes through. */
export interface KubernetesObject {
  /** The object's `apiVersion` (e.g. `apps/v1`); checked to be a string. */
  readonly apiVersion?: unknown;
  /** The object's `kind` (e.g. `Deployment`); checked to be a string. */
  readonly kind?: unknown;
  /**
   * The object's metadata: name, namespace, labels and annotations are read; other fields pass
   * through.
   */
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: Readonly<Record<string, unknown>>;
    readonly annotations?: Readonly<Record<string, unknown>>;
    /** Any other metadata field (`uid`, `ownerReferences`, …), passed through as it is. */
    readonly [field: string]: unknown;
  };
  /** Any other field (`spec`, `data`, …), passed through as it is. */
  readonly [field: string]: unknown;
}

/**
 * How errors name an object: `Deployment shop-prod/web`, `ClusterRole reader`, or
 * `object #3` when it has no kind.
 */
export function describeObject(obj: KubernetesObject, index?: number): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : undefined;
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : undefined;
  const namespace =
    typeof obj?.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined;
  if (kind === undefined) return index === undefined ? 'object' : `object #${index}`;
  const id = name === undefined ? '(no name)' : namespace ? `${namespace}/${name}` : name;
  return `${kind} ${id}`;
}

/** `apiVersion/kind` (e.g. `apps/v1/Deployment`), the key of the vendored schema maps. */
export function schemaKey(obj: KubernetesObject): string | undefined {
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') return undefined;
  return `${obj.apiVersion}/${obj.kind}`;
}
