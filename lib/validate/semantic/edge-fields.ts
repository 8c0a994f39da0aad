import type { KubernetesObject } from '../../k8s/kubernetes-object';

/*
 * Typed reads of untyped JSON for the Ingress, GKE and cross-reference rules: a field that is
 * missing or of another type reads as "absent", so that a rule never throws on odd input
 * (the schema validation reports wrong types; these rules report semantics).
 */

/** A JSON object. */
export type Json = Readonly<Record<string, unknown>>;

/** `value` when it is a JSON object (not an array), else undefined. */
export function record(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/** `value` when it is an array, else an empty one. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a finite number, else undefined. */
export function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The object's annotations (empty when it has none). */
export function annotationsOf(object: KubernetesObject): Json {
  return record(object.metadata?.annotations) ?? {};
}

/** The object's name, or '' when it has none. */
export function nameOf(object: KubernetesObject): string {
  return text(object.metadata?.name) ?? '';
}

/** The field path of an annotation, e.g. `metadata.annotations["kubernetes.io/ingress.class"]`. */
export function annotationField(key: string): string {
  return `metadata.annotations[${JSON.stringify(key)}]`;
}

/** A value as the problem text quotes it: strings in double quotes, numbers bare. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
