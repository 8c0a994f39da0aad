/*
 * The capacity plan of a synth, for `gke-platform capacity`: the node pools are in the
 * platform definition, not in the manifests, so the app itself writes the plan when the
 * command asks for it (GKE_PLATFORM_CAPACITY_OUT), and nothing is added to dist/.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { MACHINE_CATALOGUE } from '../platform/machine-catalogue.generated';
import type { Platform } from '../platform/platform';
import { planCapacity, type PoolCapacity } from './capacity-plan';

/** The environment variable naming the file the capacity plan is written to. */
export const CAPACITY_OUT_VARIABLE = 'GKE_PLATFORM_CAPACITY_OUT';

/** One pool's line of the plan with what its nodes are, for pricing. */
export interface PlannedPool extends PoolCapacity {
  /** The machine series (`e2`, `g2`), as the price lists group prices. */
  readonly series: string;
  /**
   * vCPUs a node is billed for: a shared-core type's share (`e2-medium` 1 of its 2).
   * @see https://cloud.google.com/compute/docs/general-purpose-machines#sharedcore
   */
  readonly vcpus: number;
  /** Memory of a node in GiB. */
  readonly memoryGiB: number;
  /** Whether the nodes are Spot or preemptible VMs. */
  readonly spot: boolean;
  /** The GPUs each node carries, if any. */
  readonly gpu?: { readonly type: string; readonly count: number };
  /** The boot disk of a node. */
  readonly disk: { readonly type: string; readonly sizeGiB: number };
  /**
   * The cluster of an environment of several, whose pools have their own sizes: `environment`
   * is then `<env>/<cluster>`. Absent for an environment of one cluster.
   */
  readonly cluster?: string;
  /** The cluster's region, which prices it. Absent for an environment of one cluster. */
  readonly region?: string;
}

/**
 * When {@link CAPACITY_OUT_VARIABLE} names a file, adds the capacity plan of each synthesized
 * environment to it (an app may synthesize more than once); of each cluster, with its own
 * pool sizes, in an environment of several.
 */
export function writeCapacityPlans<E extends string>(
  platform: Platform<E>,
  manifests: readonly {
    environment: string;
    cluster?: string;
    objects: readonly Record<string, unknown>[];
  }[],
): void {
  const file = process.env[CAPACITY_OUT_VARIABLE];
  if (!file) return;
  const before: PlannedPool[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const planned = manifests.flatMap(({ environment, cluster, objects }) =>
    plannedPools(platform, environment as E, objects, cluster),
  );
  writeFileSync(file, JSON.stringify([...before, ...planned]));
}

/**
 * The plan of one environment, or of one cluster of an environment of several (with that
 * cluster's pool sizes, as `<env>/<cluster>`), each pool with its nodes' shape.
 */
export function plannedPools<E extends string>(
  platform: Platform<E>,
  name: E,
  objects: readonly Record<string, unknown>[],
  clusterName?: string,
): PlannedPool[] {
  const declared = platform.environment(name);
  const cluster = declared.fleet?.clusters.find((c) => c.name === clusterName);
  const environment = cluster ? { ...declared, nodePools: cluster.nodePools } : declared;
  return planCapacity(declared, objects, cluster).map((line, i) => {
    const pool = environment.nodePools[i];
    const gpus = pool.gpu?.count ?? pool.machine.gpus;
    const gpuType = pool.gpu?.type ?? MACHINE_CATALOGUE[pool.machineType]?.gpus?.type;
    return {
      ...line,
      series: MACHINE_CATALOGUE[pool.machineType]?.series ?? pool.machineType.split('-')[0],
      vcpus: pool.machine.cpuShare ?? pool.machine.vcpus,
      memoryGiB: pool.machine.memoryBytes / 2 ** 30,
      spot: pool.capacity !== 'standard',
      ...(gpus > 0 && gpuType ? { gpu: { type: gpuType, count: gpus } } : {}),
      disk: { type: pool.diskType, sizeGiB: pool.diskSizeGb },
      ...(cluster
        ? {
            environment: `${line.environment}/${cluster.name}`,
            cluster: cluster.name,
            region: cluster.region,
          }
        : {}),
    };
  });
}
