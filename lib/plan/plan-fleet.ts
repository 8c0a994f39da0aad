import type { PlannedChange } from './change';
import { type EnvironmentObjects, isFleet, scopeName } from './environment-objects';
import type { Obj } from './network-policy-eval';
import { namespacedName, objectKey } from './object-key';
import { planEnvironment, withFinding } from './plan-environment';
import { trafficShifts } from './traffic-shift';

/** One side of an environment: one cluster's objects, or each cluster's by name. */
type Layout =
  | { readonly kind: 'one'; readonly objects: readonly Obj[] }
  | { readonly kind: 'several'; readonly clusters: ReadonlyMap<string, readonly Obj[]> };

/**
 * The changes of an environment that runs on several clusters on either side, cluster by
 * cluster (each change names its cluster):
 * - a cluster is compared with the cluster of the same name; a cluster on one side only has
 *   its objects created or deleted;
 * - an environment that moves from one cluster to several (or back) has each object of its one
 *   cluster compared with the same object on each cluster of the other side: it moves there.
 *   The objects that no cluster of the other side has are created or deleted in the
 *   environment, with no cluster named;
 * - an object deleted from one cluster that another cluster still runs is not deleted from
 *   the environment, and its reasons say so;
 * - a route whose weights between clusters change says how the traffic shifts (trafficShifts).
 */
export function planFleetEnvironment(
  environment: string,
  before: readonly EnvironmentObjects[],
  after: readonly EnvironmentObjects[],
): PlannedChange[] {
  const old = layoutOf(before);
  const now = layoutOf(after);
  const clusters = [...new Set([...clusterNames(old), ...clusterNames(now)])];
  const plan = (cluster: string | undefined, b: readonly Obj[], a: readonly Obj[]) =>
    planEnvironment(environment, b, a).map((change) =>
      withTrafficShifts(
        { ...(cluster === undefined ? {} : { cluster }), ...change },
        b,
        a,
        clusters,
      ),
    );
  let changes: PlannedChange[];
  if (old.kind === 'several' && now.kind === 'several') {
    changes = clusters.flatMap((c) =>
      plan(c, old.clusters.get(c) ?? [], now.clusters.get(c) ?? []),
    );
  } else if (old.kind === 'one' && now.kind === 'several') {
    const moved = new Set<string>();
    changes = [...now.clusters].flatMap(([c, objects]) => {
      const keys = new Set(objects.map(objectKey));
      const from = old.objects.filter((o) => keys.has(objectKey(o)));
      for (const o of from) moved.add(objectKey(o));
      return plan(c, from, objects);
    });
    changes.push(
      ...plan(
        undefined,
        old.objects.filter((o) => !moved.has(objectKey(o))),
        [],
      ),
    );
  } else if (old.kind === 'several' && now.kind === 'one') {
    const moved = new Set<string>();
    changes = [...old.clusters].flatMap(([c, objects]) => {
      const keys = new Set(objects.map(objectKey));
      const to = now.objects.filter((o) => keys.has(objectKey(o)));
      for (const o of to) moved.add(objectKey(o));
      return plan(c, objects, to);
    });
    changes.push(
      ...plan(
        undefined,
        [],
        now.objects.filter((o) => !moved.has(objectKey(o))),
      ),
    );
  } else {
    // Not reached: planManifests plans an environment of one cluster on both sides itself.
    changes = plan(
      undefined,
      old.kind === 'one' ? old.objects : [],
      now.kind === 'one' ? now.objects : [],
    );
  }
  return changes.map((change) => stillRunning(change, after));
}

/** How an environment's side changes between one cluster and several, for the report. */
export interface ClusterLayoutChange {
  readonly environment: string;
  /** The clusters before, by name; null for one cluster. */
  readonly before: readonly string[] | null;
  /** The clusters after, by name; null for one cluster. */
  readonly after: readonly string[] | null;
  /** How many objects of the one cluster are on a cluster of the other side. */
  readonly moved: number;
}

/**
 * The environments whose clusters change (one to several, several to one, a cluster added or
 * removed), among those on both sides; in the order of `base`, then `head`.
 */
export function clusterLayoutChanges(
  base: readonly EnvironmentObjects[],
  head: readonly EnvironmentObjects[],
): ClusterLayoutChange[] {
  const names = [...new Set([...base, ...head].map((e) => e.environment))];
  return names.flatMap((environment) => {
    const before = base.filter((e) => e.environment === environment);
    const after = head.filter((e) => e.environment === environment);
    if (before.length === 0 || after.length === 0) return [];
    const clustersOf = (side: readonly EnvironmentObjects[]) =>
      isFleet(side) ? side.map((e) => e.cluster!) : null;
    const old = clustersOf(before);
    const now = clustersOf(after);
    if (JSON.stringify(old) === JSON.stringify(now)) return [];
    const one = old === null ? before : now === null ? after : undefined;
    const other = old === null ? after : before;
    const keys = (side: readonly EnvironmentObjects[]) =>
      new Set(side.flatMap((e) => e.objects.map(objectKey)));
    const otherKeys = keys(other);
    const moved = one ? [...keys(one)].filter((k) => otherKeys.has(k)).length : 0;
    return [{ environment, before: old, after: now, moved }];
  });
}

function layoutOf(entries: readonly EnvironmentObjects[]): Layout {
  if (entries.length > 0 && !isFleet(entries))
    return { kind: 'one', objects: entries.flatMap((e) => e.objects) };
  return { kind: 'several', clusters: new Map(entries.map((e) => [e.cluster!, e.objects])) };
}

function clusterNames(layout: Layout): string[] {
  return layout.kind === 'several' ? [...layout.clusters.keys()] : [];
}

/** A route's change with the traffic shift between clusters its weights make, if any. */
function withTrafficShifts(
  change: PlannedChange,
  before: readonly Obj[],
  after: readonly Obj[],
  clusters: readonly string[],
): PlannedChange {
  if (change.kind !== 'HTTPRoute' || change.action !== 'update') return change;
  const find = (objects: readonly Obj[]) =>
    objects.find((o) => o.kind === 'HTTPRoute' && namespacedName(o) === change.name);
  const old = find(before);
  const now = find(after);
  if (!old || !now) return change;
  return trafficShifts(change.name, old, now, clusters).reduce(withFinding, change);
}

/**
 * A deletion from one cluster of an object that another cluster of the environment still
 * has: a change of that cluster, not of the environment.
 */
function stillRunning(change: PlannedChange, after: readonly EnvironmentObjects[]): PlannedChange {
  if (change.action !== 'delete' || change.cluster === undefined) return change;
  const others = after.filter(
    (e) =>
      e.cluster !== change.cluster &&
      e.objects.some((o) => o.kind === change.kind && namespacedName(o) === change.name),
  );
  if (others.length === 0) return change;
  const where = others.map(scopeName).join(', ');
  const plain = `${change.kind} deleted`;
  return {
    ...change,
    reasons: [
      `removed from ${scopeName({ environment: change.environment, cluster: change.cluster })} only: still on ${where}, so not deleted from the environment`,
      ...change.reasons.filter((r) => r !== plain),
    ],
  };
}
