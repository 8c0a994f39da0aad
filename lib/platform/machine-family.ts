import { fail } from '../core/errors';

/**
 * The boot disk types GKE accepts for a node pool (`--disk-type`): balanced, standard and
 * SSD Persistent Disk, and Hyperdisk Balanced.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/custom-boot-disks
 */
export type BootDiskType = 'pd-balanced' | 'pd-standard' | 'pd-ssd' | 'hyperdisk-balanced';

/** Every boot disk type GKE accepts. */
export const BOOT_DISK_TYPES: readonly BootDiskType[] = [
  'pd-balanced',
  'pd-standard',
  'pd-ssd',
  'hyperdisk-balanced',
];

const PD: readonly BootDiskType[] = ['pd-balanced', 'pd-ssd', 'pd-standard'];
const PD_NO_STANDARD: readonly BootDiskType[] = ['pd-balanced', 'pd-ssd'];
const PD_AND_HYPERDISK: readonly BootDiskType[] = ['pd-balanced', 'pd-ssd', 'hyperdisk-balanced'];
const HYPERDISK_ONLY: readonly BootDiskType[] = ['hyperdisk-balanced'];

/**
 * The boot disk types each machine series can use: the intersection of GKE's boot disk
 * types with the block storage types Compute Engine lists under "Supported disk types" for
 * the series (Hyperdisk ML, Throughput and Extreme are never boot disks).
 *
 * - E2, N1, N2, N2D, T2A, T2D: standard, balanced and SSD Persistent Disk.
 * - A2 Standard and Ultra: standard, balanced and SSD Persistent Disk.
 * - G2: balanced and SSD Persistent Disk ("Standard Persistent Disk (pd-standard) isn't
 *   supported on instances that use the G2 machine type").
 * - C3, C3D, A3 High, A3 Mega, A3 Edge: balanced and SSD Persistent Disk, Hyperdisk Balanced.
 * - A3 Ultra, A4, C4, C4D, N4, N4D: Hyperdisk only; for A3 Ultra and A4 "Hyperdisk Balanced
 *   … is the only disk type that is supported for the boot disk".
 *
 * Series missing from this table are not checked.
 * @see https://cloud.google.com/compute/docs/general-purpose-machines
 * @see https://cloud.google.com/compute/docs/accelerator-optimized-machines
 * @see https://cloud.google.com/compute/docs/disks#disk-types
 */
const BOOT_DISKS_BY_SERIES: Readonly<Record<string, readonly BootDiskType[]>> = {
  e2: PD,
  n1: PD,
  n2: PD,
  n2d: PD,
  t2a: PD,
  t2d: PD,
  a2: PD,
  g2: PD_NO_STANDARD,
  c3: PD_AND_HYPERDISK,
  c3d: PD_AND_HYPERDISK,
  'a3-high': PD_AND_HYPERDISK,
  'a3-mega': PD_AND_HYPERDISK,
  'a3-edge': PD_AND_HYPERDISK,
  'a3-ultra': HYPERDISK_ONLY,
  a4: HYPERDISK_ONLY,
  c4: HYPERDISK_ONLY,
  c4d: HYPERDISK_ONLY,
  n4: HYPERDISK_ONLY,
  n4d: HYPERDISK_ONLY,
};

/** A3's machine types name their variant: `a3-highgpu-8g` is A3 High, `a3-megagpu-8g` A3 Mega. */
const A3_VARIANTS: Readonly<Record<string, string>> = {
  highgpu: 'a3-high',
  megagpu: 'a3-mega',
  edgegpu: 'a3-edge',
  ultragpu: 'a3-ultra',
};

/**
 * The machine series of a machine type, as the disk table keys it: the part before the
 * first '-' (`e2-standard-4` → `e2`), and for A3 the variant (`a3-megagpu-8g` → `a3-mega`).
 */
export function machineSeries(machineType: string): string {
  const [series, kind] = machineType.split('-');
  if (series === 'a3' && kind !== undefined && A3_VARIANTS[kind]) return A3_VARIANTS[kind];
  return series;
}

/** A series as Google's documents name it: `E2`, `A3 Mega`. */
function seriesName(series: string): string {
  return series
    .split('-')
    .map((part, i) => (i === 0 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1)))
    .join(' ');
}

/** The boot disk types the machine type's series can use, or undefined when not catalogued. */
export function bootDiskTypes(machineType: string): readonly BootDiskType[] | undefined {
  return BOOT_DISKS_BY_SERIES[machineSeries(machineType)];
}

/**
 * A pool's boot disk: the declared type, checked against the machine series; else
 * `pd-balanced` (GKE's default since 1.24) where the series takes Persistent Disk, and
 * `hyperdisk-balanced` where it takes only Hyperdisk.
 *
 * @throws naming the pool, the disk type and the types the series takes.
 */
export function parseBootDisk(
  where: string,
  machineType: string,
  diskType: string | undefined,
): BootDiskType {
  const allowed = bootDiskTypes(machineType);
  if (diskType === undefined) {
    return allowed && !allowed.includes('pd-balanced') ? allowed[0] : 'pd-balanced';
  }
  if (!(BOOT_DISK_TYPES as readonly string[]).includes(diskType)) {
    fail(
      where,
      'diskType',
      `is '${diskType}', which GKE does not take as a boot disk`,
      `use one of ${(allowed ?? BOOT_DISK_TYPES).join(', ')}`,
    );
  }
  if (allowed && !allowed.includes(diskType as BootDiskType)) {
    fail(
      where,
      'diskType',
      `is '${diskType}', which machine type '${machineType}' (series ${seriesName(machineSeries(machineType))}) cannot boot from`,
      `use one of ${allowed.join(', ')}, or leave it out`,
    );
  }
  return diskType as BootDiskType;
}

/**
 * The Persistent Disk and Hyperdisk Balanced types that the machine type's series can attach
 * as data disks (what a PersistentVolume of GKE's PD CSI driver becomes), or undefined when
 * the series is not catalogued. Among these four types, Compute Engine's "Supported disk
 * types" of each series are the same for boot and data disks (G2 takes no `pd-standard`,
 * C3 and A3 High/Mega/Edge take Hyperdisk Balanced too, C4, N4, A3 Ultra and A4 take only
 * Hyperdisk), so this reads the table above.
 * @see https://cloud.google.com/compute/docs/disks#disk-types
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/hyperdisk
 */
export function attachableDiskTypes(machineType: string): readonly BootDiskType[] | undefined {
  return bootDiskTypes(machineType);
}

/** The series of a machine type as Google's documents name it (`e2-standard-4` → `E2`). */
export function machineSeriesName(machineType: string): string {
  return seriesName(machineSeries(machineType));
}
