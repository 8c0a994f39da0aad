import type { PlannedChange } from './change';
import type { Obj } from './network-policy-eval';
import { WORKLOADS } from './object-rules';
import { riskiestFirst } from './risk';

/** The label that carries a workload's version (its image tag) on every object of it. */
const VERSION_LABEL = 'app.kubernetes.io/version';

/** The path `diffFields` gives that label in an object's own metadata. */
export const VERSION_FIELD = `metadata.labels[${JSON.stringify(VERSION_LABEL)}]`;

/**
 * The labels that tell one workload's objects from another's: the selector labels of
 * `lib/workloads/chart/labels.ts`, and the release track of a WebService's canary
 * (`lib/workloads/release-tracks.ts`), whose objects carry a version of their own.
 */
const NAME_LABEL = 'app.kubernetes.io/name';
const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const TRACK_LABEL = 'track';

/** A planned change and its object (the new version, or the old one when it is deleted). */
export interface ObjectChange {
  readonly change: PlannedChange;
  readonly object: Obj;
}

/**
 * The changes of one environment, each workload's version relabels folded into its one
 * change. A release changes a workload's image, and with it the `app.kubernetes.io/version`
 * label of every object of the workload: the objects whose only change is that label (the
 * Service, the budget, the policies, …) join the change of the workload's Deployment,
 * StatefulSet, DaemonSet, CronJob or Job, as its `relabelled` list. Without such a change
 * they join the workload's change of more than the label (a blue-green switch moves the
 * Service's selector), or, where the label alone changed everywhere, the first of them. A workload is the objects of
 * one namespace with the same name, instance and track labels and the same version change; a
 * cluster-scoped object (a DaemonAgent's ClusterRole) joins the one namespace that has its
 * workload. Any other change stays as it is, in its place.
 */
export function foldVersionRelabels(changes: readonly ObjectChange[]): PlannedChange[] {
  const folded = new Map<PlannedChange, PlannedChange>();
  const gone = new Set<PlannedChange>();
  for (const group of workloadGroups(changes)) {
    const carrier = carrierOf(group);
    const relabels = byKindAndName(group.filter((c) => c !== carrier && isRelabel(c)));
    if (!carrier || relabels.length === 0) continue;
    folded.set(carrier, {
      ...carrier,
      relabelled: relabels.map((c) => ({ kind: c.kind, name: c.name })),
    });
    for (const relabel of relabels) gone.add(relabel);
  }
  return changes
    .map(({ change }) => change)
    .filter((change) => !gone.has(change))
    .map((change) => folded.get(change) ?? change);
}

/** Whether a change is an update of the object's version label and of nothing else. */
function isRelabel(change: PlannedChange): boolean {
  return (
    change.action === 'update' &&
    change.risk === 'safe' &&
    change.fields.length === 1 &&
    change.fields[0].path === VERSION_FIELD
  );
}

/** The changes that change a version label, by workload. */
function workloadGroups(changes: readonly ObjectChange[]): PlannedChange[][] {
  // workload → namespace ('' for a cluster-scoped object) → its changes
  const workloads = new Map<string, Map<string, PlannedChange[]>>();
  for (const { change, object } of changes) {
    const workload = workloadOf(change, object);
    if (workload === undefined) continue;
    const namespaces = workloads.get(workload) ?? new Map<string, PlannedChange[]>();
    workloads.set(workload, namespaces);
    const namespace = String(object.metadata?.namespace ?? '');
    namespaces.set(namespace, [...(namespaces.get(namespace) ?? []), change]);
  }
  return [...workloads.values()].flatMap((namespaces) => {
    const clusterScoped = namespaces.get('') ?? [];
    const namespaced = [...namespaces].filter(([namespace]) => namespace !== '');
    if (clusterScoped.length > 0 && namespaced.length === 1)
      return [[...namespaced[0][1], ...clusterScoped]];
    return [...namespaces.values()];
  });
}

/**
 * What makes a change one of a workload's: its labels and its version change, or undefined
 * for a change that does not change a version label or an object without the labels.
 */
function workloadOf(change: PlannedChange, object: Obj): string | undefined {
  const version = change.fields.find((f) => f.path === VERSION_FIELD);
  const labels = (object.metadata?.labels ?? {}) as Record<string, unknown>;
  if (!version || labels[NAME_LABEL] === undefined || labels[INSTANCE_LABEL] === undefined)
    return undefined;
  return JSON.stringify([
    labels[NAME_LABEL],
    labels[INSTANCE_LABEL],
    labels[TRACK_LABEL] ?? null,
    version.before ?? null,
    version.after ?? null,
  ]);
}

/**
 * The change the workload's relabels join: its riskiest workload change; else its riskiest
 * change of more than the label (a blue-green switch's Service selector); else the first.
 */
function carrierOf(group: readonly PlannedChange[]): PlannedChange | undefined {
  const workloads = riskiestFirst(group.filter((c) => WORKLOADS.includes(c.kind)));
  const others = riskiestFirst(byKindAndName(group.filter((c) => !isRelabel(c))));
  return workloads[0] ?? others[0] ?? byKindAndName(group.filter(isRelabel))[0];
}

function byKindAndName(changes: readonly PlannedChange[]): PlannedChange[] {
  return [...changes].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
