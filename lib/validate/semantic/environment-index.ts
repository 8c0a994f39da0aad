import type { KubernetesObject } from '../kubernetes-object';
import { list, nameOf, record, text, type Json } from './edge-fields';

/*
 * One pass over an environment's objects that the cross-reference rules look names up in,
 * so that every rule is linear: objects by kind and name, pod templates by label, the
 * container ports of each template. Built once per object list (a WeakMap memo), however
 * many rules ask for it.
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
  /** The first object of `kind` called `name`. */
  find(kind: string, name: string): KubernetesObject | undefined;
  /** Every object of `kind`, in order. */
  all(kind: string): readonly KubernetesObject[];
  /** Every pod template, in object order. */
  readonly templates: readonly PodTemplate[];
  /** The templates whose labels include `key=value`. */
  templatesWithLabel(key: string, value: string): readonly PodTemplate[];
  /** The templates that have the label `key`. */
  templatesWithKey(key: string): readonly PodTemplate[];
}

/** Workloads a Service or PodDisruptionBudget stands in front of. */
const SERVING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);

function templateOf(object: KubernetesObject): { at: string; template: Json } | undefined {
  if (object.kind === 'Pod') return { at: '', template: object as Json };
  if (object.kind === 'CronJob') {
    const template = record(record(record(record(object.spec)?.jobTemplate)?.spec)?.template);
    return template && { at: 'spec.jobTemplate.spec.template', template };
  }
  const template = record(record(object.spec)?.template);
  return template && { at: 'spec.template', template };
}

function podTemplate(object: KubernetesObject): PodTemplate | undefined {
  if (object.kind === 'PodTemplate') return undefined;
  const found = templateOf(object);
  const spec = record(found?.template.spec);
  if (!found || !spec) return undefined;
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
    labels: record(record(found.template.metadata)?.labels) ?? {},
    spec,
    serving: SERVING_KINDS.has(String(object.kind)),
    portNumbers,
    portNames,
  };
}

function buildIndex(objects: readonly KubernetesObject[]): EnvironmentIndex {
  const byKind = new Map<string, KubernetesObject[]>();
  const byKindName = new Map<string, KubernetesObject>();
  const templates: PodTemplate[] = [];
  const byLabel = new Map<string, PodTemplate[]>();
  const byKey = new Map<string, PodTemplate[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  };
  for (const object of objects) {
    const kind = String(object.kind);
    push(byKind, kind, object);
    const key = `${kind}/${nameOf(object)}`;
    if (!byKindName.has(key)) byKindName.set(key, object);
    const template = podTemplate(object);
    if (!template) continue;
    templates.push(template);
    for (const [label, value] of Object.entries(template.labels)) {
      push(byLabel, `${label}=${String(value)}`, template);
      push(byKey, label, template);
    }
  }
  return {
    find: (kind, name) => byKindName.get(`${kind}/${name}`),
    all: (kind) => byKind.get(kind) ?? [],
    templates,
    templatesWithLabel: (key, value) => byLabel.get(`${key}=${value}`) ?? [],
    templatesWithKey: (key) => byKey.get(key) ?? [],
  };
}

const memo = new WeakMap<readonly KubernetesObject[], EnvironmentIndex>();

/** The index of one environment's objects, built on first use. */
export function indexOf(objects: readonly KubernetesObject[]): EnvironmentIndex {
  let index = memo.get(objects);
  if (!index) {
    index = buildIndex(objects);
    memo.set(objects, index);
  }
  return index;
}
