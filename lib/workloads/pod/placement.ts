import { fail } from '../../core/errors';
import type { GpuType } from '../../platform/gpu';
import {
  ACCELERATOR_LABEL,
  NODE_POOL_LABEL,
  type NodePool,
  PREEMPTIBLE_LABEL,
  SPOT_LABEL,
  type Taint,
} from '../../platform/node-pool';
import type { k8s } from '../chart/kube';

/**
 * Where a workload's pods may run, in terms of the platform's declared node pools.
 * - `nodePool`: exactly that pool.
 * - `gpu`: a pool whose nodes carry at least `count` GPUs (of `type`, if given); the
 *   container gets `nvidia.com/gpu` in its limits.
 * - `spot`: Spot and preemptible pools are acceptable (and preferred); the pods tolerate
 *   their taints and stop within GKE's ~25 s notice.
 */
export interface PlacementSpec {
  /** A declared node pool. @default any pool without taints */
  readonly nodePool?: string;
  /** GPUs per pod. @default none */
  readonly gpu?: { readonly count: number; readonly type?: GpuType };
  /** Accept Spot/preemptible nodes. @default false */
  readonly spot?: boolean;
  /**
   * Never run two of the workload's pods on one node (a required pod anti-affinity on
   * `kubernetes.io/hostname`), e.g. for a cache that uses the node's memory or for one node's
   * loss to take one pod. A pod for which no free node exists stays Pending until the cluster
   * autoscaler adds one, so the pools must be able to hold every replica, and a rollout's
   * surge pods too (or let the rollout use `maxUnavailable` instead).
   * @default false (the pods are spread over nodes where possible, not required to be)
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
   */
  readonly onePodPerNode?: boolean;
}

/** The pod fields that a placement decides. */
export interface RenderedPlacement {
  /** The node labels the pods need (the pool's, the GPU's); undefined for any node. */
  readonly nodeSelector?: Record<string, string>;
  /** The taints the pods tolerate (the pool's, Spot, GPU); undefined for none. */
  readonly tolerations?: k8s.Toleration[];
  /** Node affinity: `spot`'s preference for Spot or preemptible nodes; undefined for none. */
  readonly affinity?: k8s.Affinity;
  /** GPUs the main container asks for. */
  readonly gpus: number;
  /** Whether the pods may land on Spot or preemptible nodes (~25 s to stop). */
  readonly mayBePreempted: boolean;
}

/** Tolerations for exactly the given taints, deduplicated, in a stable order. */
export function tolerationsFor(taints: readonly Taint[]): k8s.Toleration[] {
  const seen = new Map<string, k8s.Toleration>();
  for (const t of taints) {
    const key = `${t.key}=${t.value ?? ''}:${t.effect}`;
    if (!seen.has(key)) {
      seen.set(
        key,
        t.value
          ? { key: t.key, operator: 'Equal', value: t.value, effect: t.effect }
          : { key: t.key, operator: 'Exists', effect: t.effect },
      );
    }
  }
  // Code-unit order, not localeCompare: the same bytes under every LANG.
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

/** The pools as an error message lists them: `general, gpu (2 × nvidia-tesla-t4)`. */
export function describePools(pools: readonly NodePool[]): string {
  return pools
    .map((p) => (p.gpu ? `${p.name} (${p.gpu.count} × ${p.gpu.type})` : p.name))
    .join(', ');
}

/** Whether the pool's nodes are Spot or preemptible VMs (reclaimed with ~30 s notice). */
export const isPreemptible = (pool: NodePool): boolean => pool.capacity !== 'standard';

/**
 * Turns a placement into nodeSelector, tolerations and affinity for one environment.
 * @param where the workload's path and environment, for errors
 */
export function renderPlacement(
  where: string,
  env: string,
  pools: readonly NodePool[],
  spec: PlacementSpec,
): RenderedPlacement {
  const gpus = spec.gpu?.count ?? 0;
  if (spec.gpu && (!Number.isInteger(gpus) || gpus < 1)) {
    fail(where, 'placement.gpu.count', `is ${gpus}`, 'ask for a whole number of GPUs, at least 1');
  }
  if (spec.nodePool !== undefined) {
    const pool = pools.find((p) => p.name === spec.nodePool);
    if (!pool) {
      fail(
        where,
        'placement.nodePool',
        `is '${spec.nodePool}', but environment '${env}' has no such node pool`,
        `use one of ${describePools(pools)}`,
      );
    }
    if (
      spec.gpu &&
      (!pool.gpu || (spec.gpu.type && pool.gpu.type !== spec.gpu.type) || pool.gpu.count < gpus)
    ) {
      fail(
        where,
        'placement.gpu',
        `asks for ${gpus} × ${spec.gpu.type ?? 'GPU'}, but pool '${pool.name}' in '${env}' has ${pool.gpu ? `${pool.gpu.count} × ${pool.gpu.type}` : 'no GPUs'}`,
        `use a pool that has them: ${describePools(pools.filter((p) => p.gpu)) || 'none declared'}`,
      );
    }
    return {
      nodeSelector: { [NODE_POOL_LABEL]: pool.name },
      tolerations: tolerationsFor(pool.taints),
      gpus,
      mayBePreempted: isPreemptible(pool),
    };
  }
  if (spec.gpu) {
    const matching = pools.filter(
      (p) => p.gpu && (!spec.gpu?.type || p.gpu.type === spec.gpu.type) && p.gpu.count >= gpus,
    );
    if (matching.length === 0) {
      fail(
        where,
        'placement.gpu',
        `asks for ${gpus} × ${spec.gpu.type ?? 'GPU'}, but environment '${env}' has no node pool with them`,
        `declare a GPU pool in '${env}' or use one of ${describePools(pools)}`,
      );
    }
    const types = [...new Set(matching.map((p) => p.gpu?.type))];
    return {
      nodeSelector:
        types.length === 1
          ? { [ACCELERATOR_LABEL]: types[0] as string }
          : { [NODE_POOL_LABEL]: matching[0].name },
      tolerations: tolerationsFor(matching.flatMap((p) => p.taints)),
      gpus,
      mayBePreempted: matching.some(isPreemptible),
    };
  }
  if (spec.spot) {
    const cheap = pools.filter(isPreemptible);
    if (cheap.length === 0) return { gpus, mayBePreempted: false };
    return {
      tolerations: tolerationsFor(cheap.flatMap((p) => p.taints)),
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [SPOT_LABEL, PREEMPTIBLE_LABEL].map(
            (key) => ({
              weight: 50,
              preference: { matchExpressions: [{ key, operator: 'In', values: ['true'] }] },
            }),
          ),
        },
      },
      gpus,
      mayBePreempted: true,
    };
  }
  return { gpus, mayBePreempted: false };
}

/**
 * `placement` with `onePodPerNode`'s required anti-affinity added: no node runs two pods that
 * carry the workload's selector labels.
 */
export function withOnePodPerNode(
  placement: RenderedPlacement,
  selector: Readonly<Record<string, string>>,
): RenderedPlacement {
  return {
    ...placement,
    affinity: {
      ...placement.affinity,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchLabels: { ...selector } },
            topologyKey: 'kubernetes.io/hostname',
          },
        ],
      },
    },
  };
}

/**
 * Checks that the pools can hold `pods` pods one per node, where every pool declares its zones
 * (each zone has up to `maxNodes` nodes); otherwise the cluster's zones are unknown here. In
 * an environment of several clusters, the pools are `cluster`'s, which the error names.
 */
export function checkOnePodPerNode(
  where: string,
  prop: string,
  pods: number,
  pools: readonly NodePool[],
  cluster?: string,
): void {
  if (pools.length === 0 || pools.some((p) => p.zones === undefined)) return;
  const nodes = pools.reduce((sum, p) => sum + p.maxNodes * (p.zones?.length ?? 0), 0);
  if (pods > nodes)
    fail(
      where,
      'placement.onePodPerNode',
      `is set, but '${prop}' lets ${pods} pods run and the pools they can land on${cluster === undefined ? '' : ` on the cluster '${cluster}'`} have at most ${nodes} nodes (${pools.map((p) => `'${p.name}': ${p.maxNodes} × ${p.zones?.length} zones`).join(', ')}), so ${pods - nodes} would stay Pending`,
      `lower '${prop}' to ${nodes}, or raise the pools' 'maxNodes'`,
    );
}

/** GKE gives non-system pods about 25 s when a Spot or preemptible node is reclaimed. */
export const PREEMPTION_GRACE_SECONDS = 25;
