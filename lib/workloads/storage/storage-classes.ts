import { Construct } from 'constructs';
import { PD_CSI_DRIVER } from '../../gke/volume-snapshot-class';
import { checkOneOf, fail } from '../../core/errors';
import {
  attachableDiskTypes,
  type BootDiskType,
  machineSeriesName,
} from '../../platform/machine-family';
import type { NodePool } from '../../platform/node-pool';
import { isWholeQuantity, parseQuantity } from '../../core/quantity';
import type { EnvironmentChart } from '../chart/environment-chart';
import { k8s } from '../chart/kube';
import type { PlacementSpec } from '../pod/placement';

/**
 * The kind of disk behind a volume: balanced, SSD or standard Persistent Disk, or Hyperdisk
 * Balanced (which C4, N4, A3 Ultra and A4 machines need: they attach no Persistent Disk).
 * @see https://cloud.google.com/compute/docs/disks#disk-types
 */
export type DiskClass = 'balanced' | 'ssd' | 'standard' | 'hyperdisk-balanced';

/** The Compute Engine disk type of each class (the PD CSI driver's `type` parameter). */
const DISK_TYPES: Readonly<Record<DiskClass, BootDiskType>> = {
  balanced: 'pd-balanced',
  ssd: 'pd-ssd',
  standard: 'pd-standard',
  'hyperdisk-balanced': 'hyperdisk-balanced',
};

/** What happens to a disk when its claim is deleted. */
export type ReclaimPolicy = 'Retain' | 'Delete';

/**
 * The smallest disk of each type, in GiB (Compute Engine's GB are GiB). Zonal Persistent Disk:
 * 10; Hyperdisk Balanced: 4; regional Persistent Disk: 10 for balanced and SSD, 200 for
 * standard ("the minimum capacity of a regional pd-standard PersistentVolume is 200 GiB").
 * @see https://cloud.google.com/compute/docs/disks#introduction
 * @see https://cloud.google.com/compute/docs/disks/hyperdisks#size_and_performance_limits
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/regional-pd
 */
function minimumGiB(type: BootDiskType, regional: boolean): number {
  if (type === 'hyperdisk-balanced') return 4;
  return regional && type === 'pd-standard' ? 200 : 10;
}

const GIB = 1024 ** 3;

/** A disk as a StatefulService asks for it, checked. */
export interface DiskNeed {
  readonly class: DiskClass;
  readonly regional: boolean;
  readonly reclaimPolicy: ReclaimPolicy;
}

/** Checks a disk class, its regional option and reclaim policy; `prop` is the volume's prop path. */
export function checkDisk(
  where: string,
  prop: string,
  need: { class?: string; regional?: boolean; reclaimPolicy?: string },
): DiskNeed {
  const diskClass = need.class ?? 'balanced';
  checkOneOf(where, `${prop}.class`, diskClass, Object.keys(DISK_TYPES), 'is not a disk class');
  // 'Retain': the disk outlives its claim.
  const reclaimPolicy = checkOneOf<ReclaimPolicy>(
    where,
    `${prop}.reclaimPolicy`,
    need.reclaimPolicy ?? 'Retain',
    ['Retain', 'Delete'],
  );
  const regional = need.regional ?? false;
  // Regional Persistent Disk is `replication-type: regional-pd` of pd-* types; Hyperdisk's
  // replicated kind is another type (hyperdisk-balanced-high-availability).
  if (regional && diskClass === 'hyperdisk-balanced') {
    fail(
      where,
      `${prop}.regional`,
      "is true for class 'hyperdisk-balanced', which the PD CSI driver does not replicate with 'replication-type: regional-pd'",
      "use class 'balanced' or 'ssd' for a regional disk, or a zonal Hyperdisk",
    );
  }
  return { class: diskClass as DiskClass, regional, reclaimPolicy };
}

/**
 * Checks a disk size: a whole number of GiB (Compute Engine sizes disks in whole GB, and the
 * driver would round a fraction up), at least the minimum of the disk type.
 * @returns the size as written
 */
export function checkDiskSize(where: string, prop: string, size: string, need: DiskNeed): string {
  const quantity = typeof size === 'string' ? parseQuantity(size) : undefined;
  const type = DISK_TYPES[need.class];
  const min = minimumGiB(type, need.regional);
  if (quantity === undefined || quantity.negative || !isWholeQuantity(quantity)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(size)}, which is not a size in bytes`,
      `write whole GiB, e.g. '${Math.max(min, 20)}Gi'`,
    );
  }
  const bytes = quantity.approximate;
  if (bytes % GIB !== 0) {
    fail(
      where,
      prop,
      `is '${size}', which is not a whole number of GiB, and Compute Engine sizes disks in whole GiB`,
      `write whole GiB, e.g. '${Math.max(min, Math.ceil(bytes / GIB))}Gi'`,
    );
  }
  if (bytes < min * GIB) {
    fail(
      where,
      prop,
      `is '${size}', below the ${min} GiB minimum of a ${need.regional ? 'regional ' : ''}${type} disk`,
      `ask for at least '${min}Gi'`,
    );
  }
  return size;
}

/**
 * The node pools the pods of a placement may land on: the named pool, the GPU pools that fit,
 * or the pools whose taints the pods do not need to tolerate (plus Spot pools for `spot`).
 * Mirrors the choices of `renderPlacement`, which has already checked the placement.
 */
export function candidatePools(
  pools: readonly NodePool[],
  spec: PlacementSpec,
): readonly NodePool[] {
  if (spec.nodePool !== undefined) return pools.filter((p) => p.name === spec.nodePool);
  if (spec.gpu) {
    const count = spec.gpu.count ?? 0;
    return pools.filter(
      (p) => p.gpu && (!spec.gpu?.type || p.gpu.type === spec.gpu.type) && p.gpu.count >= count,
    );
  }
  const untainted = (p: NodePool) => p.taints.every((t) => t.effect === 'PreferNoSchedule');
  return pools.filter((p) => untainted(p) || (spec.spot === true && p.capacity !== 'standard'));
}

/**
 * Checks that every pool the pods may run on can attach the disk type: a pod on a node that
 * cannot attach its disk stays in ContainerCreating.
 */
export function checkAttachable(
  where: string,
  prop: string,
  need: DiskNeed,
  pools: readonly NodePool[],
): void {
  const type = DISK_TYPES[need.class];
  for (const pool of pools) {
    const allowed = attachableDiskTypes(pool.machineType);
    if (allowed && !allowed.includes(type)) {
      fail(
        where,
        `${prop}.class`,
        `is '${need.class}' (${type}), which node pool '${pool.name}' (${pool.machineType}, series ${machineSeriesName(pool.machineType)}) cannot attach`,
        `use a class of ${allowed.join(', ')}, or place the pods on a pool that attaches ${type}`,
      );
    }
  }
}

/** The zones the pools' nodes are in, when every pool declares them; else undefined (the cluster's). */
export function knownZones(pools: readonly NodePool[]): readonly string[] | undefined {
  if (pools.length === 0 || pools.some((p) => p.zones === undefined)) return undefined;
  return [...new Set(pools.flatMap((p) => p.zones ?? []))].sort();
}

/**
 * The StorageClasses of one environment, each emitted once, whichever workloads use it. The
 * library writes its own classes instead of using GKE's built-in ones: `standard-rwo`
 * (pd-balanced) and `premium-rwo` (pd-ssd) have `reclaimPolicy: Delete`, so deleting a claim
 * would delete the disk, and `standard` is the in-tree pd-standard class with `Immediate`
 * binding, which creates the disk before the scheduler has picked a zone.
 *
 * A class is named after what it is (`<platform>-pd-balanced`, `-regional`, `-delete`): a
 * StorageClass's parameters, reclaim policy and binding mode cannot change once created
 * (ValidateStorageClassUpdate), so another setting gets another name, never an edit.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver#using_the_for_linux_clusters
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
export class StorageClasses extends Construct {
  /** The chart's StorageClasses construct, created on first use. */
  static of(chart: EnvironmentChart): StorageClasses {
    const existing = chart.node.tryFindChild('storage-classes');
    return existing instanceof StorageClasses ? existing : new StorageClasses(chart);
  }

  private readonly classes = new Map<string, k8s.KubeStorageClass>();

  private constructor(private readonly chart: EnvironmentChart) {
    super(chart, 'storage-classes');
  }

  /** The name of the class for `need`, emitting the class the first time. */
  use(need: DiskNeed): string {
    const type = DISK_TYPES[need.class];
    const name = [
      this.chart.platform.name,
      type,
      need.regional ? 'regional' : undefined,
      need.reclaimPolicy === 'Delete' ? 'delete' : undefined,
    ]
      .filter(Boolean)
      .join('-');
    // A StorageClass is cluster-wide: a preview uses the class its base environment emits
    // (the same workloads ask for the same classes there).
    if (this.classes.has(name) || this.chart.preview) return name;
    this.chart.claimName('StorageClass', name, this);
    const parameters: Record<string, string> = { type };
    // Regional PD: replicated synchronously to a second zone of the region, so a pod can move
    // to that zone with its data. @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/regional-pd
    if (need.regional) parameters['replication-type'] = 'regional-pd';
    this.classes.set(
      name,
      new k8s.KubeStorageClass(this, name, {
        metadata: {
          name,
          labels: {
            'app.kubernetes.io/part-of': this.chart.platform.name,
            'app.kubernetes.io/managed-by': 'gke-platform',
          },
        },
        provisioner: PD_CSI_DRIVER,
        parameters,
        reclaimPolicy: need.reclaimPolicy,
        // The disk is created once the scheduler has placed the pod, in the pod's zone (and
        // for a regional disk, that zone and one more), so zone spread decides where disks go.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }),
    );
    return name;
  }
}
