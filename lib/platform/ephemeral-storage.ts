/*
 * The ephemeral storage a GKE node offers pods on its boot disk.
 */

const GIB = 2 ** 30;

/**
 * GKE's allocatable ephemeral storage of a node whose ephemeral storage is its boot disk:
 * the disk less the eviction threshold (10% of it) and the system reservation (the least of
 * 50% of it, 6 GiB + 35% of it, and 100 GiB). The formula is applied to the disk's size, a
 * little more than the filesystem the node reports, so a request it refuses is more than any
 * node of the pool offers.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#local_ephemeral_storage_reservation
 */
export function ephemeralAllocatable(diskSizeGb: number): number {
  const disk = diskSizeGb * GIB;
  const eviction = 0.1 * disk;
  const reserved = Math.min(0.5 * disk, 6 * GIB + 0.35 * disk, 100 * GIB);
  return Math.floor(disk - eviction - reserved);
}
