/*
 * The monthly cost of a pool's nodes at the plan's least and most replicas: an estimate from
 * list prices (no discounts, no free tier, no network or load balancers).
 */
import type { PlannedPool } from './capacity-out';
import type { RegionPrices } from './prices';

/** Hours in a month, as Google's pricing pages count them. */
export const HOURS_PER_MONTH = 730;

/** A pool's nodes and their monthly cost at the least and the most replicas. */
export interface PoolCost {
  /** Nodes running at the least replicas: those the pods need, at least the pool's minimum. */
  readonly nodesAtMin: number;
  /** Nodes running at the most replicas. */
  readonly nodesAtMax: number;
  /** The monthly cost of one node, or undefined when a price is missing. */
  readonly nodeMonthly?: number;
  /** What has no price (`e2 Spot in europe-west1`), when a price is missing. */
  readonly missing?: string;
}

/**
 * The cost of `pool`'s nodes in a region. A pool never runs fewer nodes than its `minNodes`
 * per zone; where it does not declare its zones, the cluster's are unknown and counted as one.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#minimum_and_maximum_node_pool_size
 */
export function poolCost(
  pool: PlannedPool,
  region: string,
  prices: RegionPrices | undefined,
): PoolCost {
  const floor = pool.minNodes * (pool.zones ?? 1);
  const nodes = {
    nodesAtMin: Math.max(pool.nodesAtMin, floor),
    nodesAtMax: Math.max(pool.nodesAtMax, floor),
  };
  const model = pool.spot ? 'Spot' : 'on-demand';
  const series = prices?.[pool.spot ? 'spot' : 'onDemand'][pool.series];
  if (!series) return { ...nodes, missing: `${pool.series} ${model} in ${region}` };
  const gpu = pool.gpu ? prices?.gpuHour[pool.gpu.type] : 0;
  if (gpu === undefined) return { ...nodes, missing: `${pool.gpu?.type} in ${region}` };
  const disk = prices?.diskGibMonth[pool.disk.type];
  if (disk === undefined) return { ...nodes, missing: `${pool.disk.type} in ${region}` };
  const hourly =
    pool.vcpus * series.vcpuHour + pool.memoryGiB * series.gibHour + (pool.gpu?.count ?? 0) * gpu;
  return { ...nodes, nodeMonthly: hourly * HOURS_PER_MONTH + pool.disk.sizeGiB * disk };
}
