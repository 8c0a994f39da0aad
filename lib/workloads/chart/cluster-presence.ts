import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** Where a construct of an environment of several clusters runs. */
export interface ClusterPresence {
  /** The clusters it runs on, by name, in the environment's order. */
  readonly clusters: readonly string[];
  /** Whether one of them is the cluster of the chart it is in. */
  readonly here: boolean;
}

const PRESENCE = new WeakMap<IConstruct, ClusterPresence>();

/**
 * Records the clusters `construct` runs on. Where they leave out the chart's cluster, the
 * chart writes none of the objects under it there; the construct itself stays in the chart,
 * so that connections and routes may still name it.
 */
export function markClusterPresence(construct: IConstruct, presence: ClusterPresence): void {
  PRESENCE.set(construct, presence);
}

/**
 * The clusters `construct` runs on: those recorded for it or for its nearest scope that has
 * them; undefined where nothing is recorded (on every cluster).
 */
export function clusterPresence(construct: IConstruct): ClusterPresence | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const presence = PRESENCE.get(scope);
    if (presence !== undefined) return presence;
  }
  return undefined;
}

type Json = Record<string, unknown>;

const keyOf = (o: { apiVersion?: unknown; kind?: unknown; metadata?: unknown }) => {
  const metadata = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return `${String(o.apiVersion)}/${String(o.kind)}/${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
};

/**
 * `objects` (the chart's rendering) without those of the constructs that do not run on the
 * chart's cluster. Every object has its own kind and name in the namespace (the chart's name
 * claims), so the rendered objects are told apart by them.
 */
export function withoutAbsentObjects(constructs: readonly IConstruct[], objects: Json[]): Json[] {
  const absent = new Set(
    constructs
      .filter(ApiObject.isApiObject)
      .filter((o) => clusterPresence(o)?.here === false)
      .map((o) =>
        keyOf({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.name, namespace: o.metadata.namespace },
        }),
      ),
  );
  return absent.size === 0 ? objects : objects.filter((o) => !absent.has(keyOf(o)));
}
