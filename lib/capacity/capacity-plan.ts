/*
 * Capacity per node pool of one environment: the nodes its workloads need at their least and
 * at their most replicas, and during a rollout, against the pool's autoscaling bounds.
 */
import { nodeAllocatable } from '../platform/machine-capacity';
import type { NodePool } from '../platform/node-pool';
import type { Environment } from '../platform/platform';
import type { FleetCluster } from '../platform/fleet';
import { bytes, cpus } from '../workloads/pod/node-fit';
import { type Item, type NodeRoom, nodesNeeded } from './bin-pack';
import { type ObjectJson, type PodDemand, podDemands, type PodSize } from './pod-demand';
import { landsOn } from './pool-match';

/** Something the plan found: an error when it can never work, a warning when it may not. */
export interface CapacityFinding {
  /** `error`: it can never work; `warning`: it may not. */
  readonly severity: 'error' | 'warning';
  /** What was found, with its figures. */
  readonly message: string;
}

/** One pool's line of the capacity plan. */
export interface PoolCapacity {
  /** The environment's name. */
  readonly environment: string;
  /** The cluster, in an environment of several clusters (each has its own pool sizes). */
  readonly cluster?: string;
  /** The pool's name. */
  readonly pool: string;
  /** The pool's machine type. */
  readonly machineType: string;
  /** The declared zones' count, or undefined for the cluster's zones. */
  readonly zones?: number;
  /** GKE's autoscaling lower bound, per zone. */
  readonly minNodes: number;
  /** GKE's autoscaling upper bound, per zone. */
  readonly maxNodes: number;
  /** The workloads whose pods the plan puts on the pool (DaemonSets included). */
  readonly workloads: readonly string[];
  /** Nodes the pods need at their least replicas. */
  readonly nodesAtMin: number;
  /** Nodes the pods need at their most replicas. */
  readonly nodesAtMax: number;
  /** Nodes the pods need at their most replicas plus a rollout's surge pods. */
  readonly nodesInRollout: number;
  /** GPUs the pool's nodes carry at `nodesAtMax` (the quota it needs). */
  readonly gpusAtMax: number;
  /** What cannot work (errors) or may not (warnings). */
  readonly findings: readonly CapacityFinding[];
}

const sum = (sizes: readonly PodSize[]): PodSize =>
  sizes.reduce(
    (a, s) => ({
      cpuMillis: a.cpuMillis + s.cpuMillis,
      memoryBytes: a.memoryBytes + s.memoryBytes,
      gpus: a.gpus + s.gpus,
      disks: a.disks + s.disks,
    }),
    { cpuMillis: 0, memoryBytes: 0, gpus: 0, disks: 0 },
  );

/**
 * What one node of `pool` offers the pods: allocatable CPU and memory, its GPUs and the
 * disks it may attach beside its boot disk, less the DaemonSets' pods that run on it.
 */
function roomOf(pool: NodePool, daemons: readonly PodDemand[]): NodeRoom {
  const allocatable = nodeAllocatable(pool.machine);
  const taken = sum(daemons.map((d) => d.size));
  return {
    cpuMillis: allocatable.cpuMillis - taken.cpuMillis,
    memoryBytes: allocatable.memoryBytes - taken.memoryBytes,
    gpus: (pool.gpu?.count ?? pool.machine.gpus) - taken.gpus,
    disks: pool.machine.maxDisks - 1 - taken.disks,
  };
}

/** Why one pod of `size` fits no node of `room`, or undefined when it fits. */
function tooLarge(size: PodSize, room: NodeRoom): string | undefined {
  const short = [
    size.cpuMillis > room.cpuMillis && `${cpus(size.cpuMillis)} (${cpus(room.cpuMillis)} free)`,
    size.memoryBytes > room.memoryBytes &&
      `${bytes(size.memoryBytes)} of memory (${bytes(room.memoryBytes)} free)`,
    size.gpus > room.gpus && `${size.gpus} GPUs (${room.gpus} on a node)`,
    size.disks > room.disks &&
      `${size.disks} disks (${room.disks} attachable beside the boot disk)`,
  ].filter((s): s is string => typeof s === 'string');
  return short.length === 0 ? undefined : short.join(', ');
}

/**
 * The capacity plan of one environment (of one of its clusters, with that cluster's pool
 * sizes and zones, in an environment of several) from its synthesized objects. A pod goes to the first
 * declared pool it can land on; DaemonSets' pods take their requests off every node of each
 * pool they land on. GKE's `minNodes`/`maxNodes` are per zone: a pool that declares its zones
 * is bounded by `maxNodes` × zones; one in the cluster's zones (unknown here) only warns.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#minimum_and_maximum_node_pool_size
 */
export function planCapacity(
  environment: Environment,
  objects: readonly Record<string, unknown>[],
  cluster?: FleetCluster,
): PoolCapacity[] {
  const nodePools = cluster?.nodePools ?? environment.nodePools;
  // Errors name the cluster whose pools cannot hold the pods.
  const onCluster = cluster === undefined ? '' : ` on the cluster '${cluster.name}'`;
  const demands = podDemands(objects as readonly ObjectJson[]);
  const daemons = demands.filter((d) => d.daemon);
  const placed = new Map<string, PodDemand[]>();
  for (const d of demands.filter((x) => !x.daemon)) {
    const pool = nodePools.find((p) => landsOn(d.spec, p));
    if (pool) placed.set(pool.name, [...(placed.get(pool.name) ?? []), d]);
  }
  return nodePools.map((pool) => {
    const own = daemons.filter((d) => landsOn(d.spec, pool));
    const room = roomOf(pool, own);
    const pods = placed.get(pool.name) ?? [];
    const findings: CapacityFinding[] = [];
    for (const d of pods) {
      const why = tooLarge(d.size, room);
      if (why)
        findings.push({
          severity: 'error',
          message: `${d.workload}: a pod asks for ${why} on a node of ${pool.machineType}${onCluster}${own.length > 0 ? ` after the DaemonSets (${own.map((x) => x.workload).join(', ')})` : ''}, so it never schedules`,
        });
    }
    const items = (count: (d: PodDemand) => number): Item[] =>
      pods.flatMap((d) =>
        Array.from({ length: count(d) }, () => ({
          size: d.size,
          apartFrom: d.onePerNode ? d.workload : undefined,
        })),
      );
    const nodesAtMin = nodesNeeded(
      items((d) => d.min),
      room,
    );
    const nodesAtMax = nodesNeeded(
      items((d) => d.max),
      room,
    );
    const nodesInRollout = nodesNeeded(
      items((d) => d.max + d.surge),
      room,
    );
    const zones = pool.zones?.length;
    const bound = pool.maxNodes * (zones ?? 1);
    const bounds = zones
      ? `${bound} nodes (maxNodes ${pool.maxNodes} × ${zones} zones)`
      : `maxNodes ${pool.maxNodes} per zone`;
    if (nodesAtMax > bound && zones !== undefined)
      findings.push({
        severity: 'error',
        message: `at their most replicas the pods need ${nodesAtMax} nodes, but the pool has at most ${bounds}${onCluster}`,
      });
    else if (nodesAtMax > bound)
      findings.push({
        severity: 'warning',
        message: `at their most replicas the pods need ${nodesAtMax} nodes: more than ${bounds}${onCluster} unless the cluster has at least ${Math.ceil(nodesAtMax / pool.maxNodes)} zones`,
      });
    else if (nodesInRollout > bound)
      findings.push({
        severity: 'warning',
        message: `a rollout at the most replicas needs ${nodesInRollout} nodes for its surge pods, more than ${bounds}${onCluster}: it cannot surge and proceeds only as old pods go`,
      });
    return {
      environment: environment.name,
      ...(cluster !== undefined && { cluster: cluster.name }),
      pool: pool.name,
      machineType: pool.machineType,
      zones,
      minNodes: pool.minNodes,
      maxNodes: pool.maxNodes,
      workloads: [...own, ...pods].map((d) => d.workload),
      nodesAtMin,
      nodesAtMax,
      nodesInRollout,
      gpusAtMax: nodesAtMax * (pool.gpu?.count ?? pool.machine.gpus),
      findings,
    };
  });
}
