import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { podTemplateOf } from '../../k8s/pod-template';
import { list, nameOf, record, text, type Json } from './edge-fields';
import type { ObjectReport } from './problem';

/*
 * One pass over an environment's objects that the cross-reference rules look names up in,
 * so that every rule is linear: objects by kind and name, pod templates by label, the
 * container ports of each template. Built once per validation (references.ts), and shared
 * by every reference rule.
 */

/** A pod template inside a workload, with what the reference rules read of it. */
export interface PodTemplate {
  /** The workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
  readonly object: KubernetesObject;
  /** The field path of the template, e.g. `spec.template` or `spec.jobTemplate.spec.template`. */
  readonly at: string;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly spec: Json;
  /** Whether a Service or PodDisruptionBudget may select it (a long-running workload). */
  readonly serving: boolean;
  /** The declared container ports (serving containers and native sidecars), by number and name. */
  readonly portNumbers: ReadonlySet<number>;
  readonly portNames: ReadonlySet<string>;
}

/** What the reference rules look up. */
export interface EnvironmentIndex {
  /** The environment's objects, in order. */
  readonly objects: readonly KubernetesObject[];
  /** The first object of `kind` called `name`. */
  find(kind: string, name: string): KubernetesObject | undefined;
  /** Every object of `kind`, in order. */
  all(kind: string): readonly KubernetesObject[];
  /** Every pod template, in object order. */
  readonly templates: readonly PodTemplate[];
  /**
   * Objects whose API group, kind, namespace and name an earlier object already has, each
   * with that earlier object.
   */
  readonly duplicates: readonly (readonly [KubernetesObject, KubernetesObject])[];
  /** The namespace of the first namespaced object ('' when it has none). */
  readonly firstNamespace: string | undefined;
  /** Namespaced objects in another namespace than `firstNamespace`. */
  readonly strays: readonly KubernetesObject[];
  /** The templates whose labels include `key=value`. */
  templatesWithLabel(key: string, value: string): readonly PodTemplate[];
  /** The templates that have the label `key`. */
  templatesWithKey(key: string): readonly PodTemplate[];
  /**
   * `compute()` once per `key` object and `slot` for this index (a parsed annotation, the
   * templates a Service selects), so that rules sharing a derived value pay for it once.
   */
  memo<T>(slot: string, key: object, compute: () => T): T;
}

/** A cross-reference rule: reads the environment through its index, reports on its objects. */
export type ReferenceCheck = (
  index: EnvironmentIndex,
  reportOf: (object: KubernetesObject) => ObjectReport,
) => void;

/** Workloads a Service or PodDisruptionBudget stands in front of. */
const SERVING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);

/** Kinds without a namespace (`kubectl api-resources --namespaced=false`). */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'VolumeSnapshotClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'IPAddress',
  'ServiceCIDR',
]);

function podTemplate(object: KubernetesObject, kind: string): PodTemplate | undefined {
  const found = podTemplateOf(object);
  const template = found?.template;
  const spec = record(template?.spec);
  if (!found || !template || !spec) return undefined;
  const portNumbers = new Set<number>();
  const portNames = new Set<string>();
  // Init containers with restartPolicy Always are native sidecars: they serve too.
  const sidecars = list(spec.initContainers).filter((c) => record(c)?.restartPolicy === 'Always');
  for (const container of [...list(spec.containers), ...sidecars]) {
    for (const port of list(record(container)?.ports)) {
      const p = record(port);
      if (typeof p?.containerPort === 'number') portNumbers.add(p.containerPort);
      const name = text(p?.name);
      if (name) portNames.add(name);
    }
  }
  return {
    object,
    at: found.at,
    labels: record(record(template.metadata)?.labels) ?? {},
    spec,
    serving: SERVING_KINDS.has(kind),
    portNumbers,
    portNames,
  };
}

/** The API group of an object (`apps`, `''` for core). */
function groupOf(object: KubernetesObject): string {
  const apiVersion = text(object.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Whether two objects of one kind and name are one object to the API server. */
function sameGroupAndNamespace(a: KubernetesObject, b: KubernetesObject): boolean {
  return (
    groupOf(a) === groupOf(b) && (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '')
  );
}

/**
 * Indexes one environment's objects: one pass, then map look-ups. Labels are indexed per
 * key on first use (selectors use few keys; templates carry many labels).
 */
export function indexEnvironment(objects: readonly KubernetesObject[]): EnvironmentIndex {
  const byKind = new Map<string, KubernetesObject[]>();
  const byName = new Map<string, Map<string, KubernetesObject>>();
  const templates: PodTemplate[] = [];
  const duplicates: [KubernetesObject, KubernetesObject][] = [];
  const strays: KubernetesObject[] = [];
  let firstNamespace: string | undefined;
  for (const object of objects) {
    const kind = String(object.kind);
    let names = byName.get(kind);
    if (!names) {
      names = new Map();
      byName.set(kind, names);
      byKind.set(kind, [object]);
    } else byKind.get(kind)?.push(object);
    const name = nameOf(object);
    const first = names.get(name);
    if (!first) names.set(name, object);
    else if (sameGroupAndNamespace(first, object)) duplicates.push([object, first]);
    if (!CLUSTER_SCOPED.has(kind)) {
      const namespace = text(object.metadata?.namespace) ?? '';
      if (firstNamespace === undefined) firstNamespace = namespace;
      else if (namespace !== firstNamespace) strays.push(object);
    }
    const template = podTemplate(object, kind);
    if (template) templates.push(template);
  }
  // Label key → label value → templates, built for a key the first time a selector asks.
  const byLabel = new Map<string, Map<string, PodTemplate[]>>();
  const valuesOf = (key: string) => {
    let values = byLabel.get(key);
    if (!values) {
      values = new Map();
      for (const template of templates) {
        if (!Object.hasOwn(template.labels, key)) continue;
        const value = String(template.labels[key]);
        const list = values.get(value);
        if (list) list.push(template);
        else values.set(value, [template]);
      }
      byLabel.set(key, values);
    }
    return values;
  };
  const memos = new Map<string, WeakMap<object, unknown>>();
  return {
    objects,
    find: (kind, name) => byName.get(kind)?.get(name),
    all: (kind) => byKind.get(kind) ?? [],
    templates,
    duplicates,
    firstNamespace,
    strays,
    templatesWithLabel: (key, value) => valuesOf(key).get(value) ?? [],
    templatesWithKey: (key) => [...valuesOf(key).values()].flat(),
    memo<T>(slot: string, key: object, compute: () => T): T {
      let bySlot = memos.get(slot);
      if (!bySlot) memos.set(slot, (bySlot = new WeakMap()));
      if (bySlot.has(key)) return bySlot.get(key) as T;
      const value = compute();
      bySlot.set(key, value);
      return value;
    },
  };
}
