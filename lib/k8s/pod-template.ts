import type { KubernetesObject } from './kubernetes-object';

/**
 * Where each built-in kind that runs pods keeps its pod template: `spec.template` of the
 * controllers, `spec.jobTemplate.spec.template` of a CronJob; a Pod is its own template.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
 */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
  ['Pod', []],
]);

/** A pod template found in an object, and where. */
export interface FoundPodTemplate {
  /** The template (`metadata` and `spec`), or the Pod itself. */
  readonly template: Readonly<Record<string, unknown>>;
  /** Its field path, e.g. `spec.template` or `spec.jobTemplate.spec.template` ('' for a Pod). */
  readonly at: string;
}

/**
 * The pod template of a Pod or of a built-in controller (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob). Undefined for other kinds and where a
 * step of the path is not an object, so that it reads unchecked input too.
 */
export function podTemplateOf(object: KubernetesObject): FoundPodTemplate | undefined {
  const path = typeof object?.kind === 'string' ? TEMPLATE_PATHS.get(object.kind) : undefined;
  if (path === undefined) return undefined;
  let template: unknown = object;
  for (const field of path) template = objectAt(template, field);
  if (!isObject(template)) return undefined;
  return { template, at: path.join('.') };
}

function objectAt(value: unknown, field: string): unknown {
  return isObject(value) ? value[field] : undefined;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
