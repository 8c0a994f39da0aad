import { fail } from '../../core/errors';
import { parseQuantity } from '../../core/quantity';
import type { DiskNeed } from '../storage/storage-classes';

const GIB = 1024 ** 3;
const TIB_IN_GIB = 1024;

/**
 * The largest disk Compute Engine creates of each class, in GiB (its GB are GiB): 64 TiB for
 * zonal and regional Persistent Disk of every type and for Hyperdisk Balanced. A claim above
 * it is accepted by the API server and then stays `Pending` while the PD CSI driver's
 * requests fail, so it is refused here.
 * @see https://cloud.google.com/compute/docs/disks#disk-types ("Maximum capacity per disk")
 * @see https://cloud.google.com/compute/docs/disks/hyperdisks#size_and_performance_limits
 */
const MAXIMUM_GIB: Readonly<Record<DiskNeed['class'], { type: string; gib: number }>> = {
  balanced: { type: 'pd-balanced', gib: 64 * TIB_IN_GIB },
  ssd: { type: 'pd-ssd', gib: 64 * TIB_IN_GIB },
  standard: { type: 'pd-standard', gib: 64 * TIB_IN_GIB },
  'hyperdisk-balanced': { type: 'hyperdisk-balanced', gib: 64 * TIB_IN_GIB },
};

/**
 * Checks that a disk size (already checked to be whole GiB) is at most the maximum of its
 * disk type.
 * @returns the size as written
 */
export function checkDiskMaximum(
  where: string,
  prop: string,
  size: string,
  need: DiskNeed,
): string {
  const { type, gib } = MAXIMUM_GIB[need.class];
  const bytes = parseQuantity(size)?.approximate ?? 0;
  if (bytes > gib * GIB)
    fail(
      where,
      prop,
      `is '${size}', above the ${gib / TIB_IN_GIB} TiB maximum of a ${need.regional ? 'regional ' : ''}${type} disk`,
      `ask for at most '${gib / TIB_IN_GIB}Ti', or spread the data over several volumes`,
    );
  return size;
}
