import type { Obj } from './network-policy-eval';

/**
 * What names one object across two syntheses: its API group (not its version, so moving from
 * `v1beta1` to `v1` updates the object), kind, namespace and name.
 */
export function objectKey(object: Obj): string {
  return `${groupOf(object)}/${object.kind}/${namespacedName(object)}`;
}

/** `<namespace>/<name>`, or the name alone for a cluster-scoped object. */
export function namespacedName(object: Obj): string {
  const namespace = object.metadata?.namespace;
  const name = String(object.metadata?.name ?? '');
  return namespace ? `${namespace}/${name}` : name;
}

/** The API group of `apiVersion` (empty for the core group). */
export function groupOf(object: Obj): string {
  const apiVersion = String(object.apiVersion ?? '');
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The value at a dotted path (`spec.template.spec`), or undefined. */
export function valueAt(object: Obj | undefined, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
