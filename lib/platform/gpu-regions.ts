import { fail } from '../core/errors';
import { GPU_REGIONS, GPU_REGIONS_DATE, GPU_REGIONS_SOURCE } from './gpu-regions.generated';
import type { NodePool } from './node-pool';

/**
 * The GPU types `region` offers, or undefined for a region the table does not list: unknown
 * is not wrong, so such a region is never refused.
 * @see https://cloud.google.com/compute/docs/gpus/gpu-regions-zones
 */
export function gpuTypesOfRegion(region: string): readonly string[] | undefined {
  return Object.hasOwn(GPU_REGIONS, region) ? GPU_REGIONS[region] : undefined;
}

/**
 * Checks that `region` offers the GPU type of every GPU pool: GKE would create the cluster and
 * then fail to create a pool whose GPU no zone of the region has. A region the table does not
 * list passes.
 * @param where - the construct or stack named in the error
 * @param prop - the prop that puts the pools in the region (`region`, `clusters.euw1.region`)
 * @throws {PlatformError} naming the pool, its GPU type and the regions that have it.
 */
export function checkGpusInRegion(
  where: string,
  prop: string,
  region: string,
  pools: readonly NodePool[],
): void {
  const offered = gpuTypesOfRegion(region);
  if (offered === undefined) return;
  for (const pool of pools) {
    if (!pool.gpu || offered.includes(pool.gpu.type)) continue;
    const elsewhere = Object.keys(GPU_REGIONS).filter((r) =>
      GPU_REGIONS[r].includes(pool.gpu?.type ?? ''),
    );
    fail(
      where,
      prop,
      `is '${region}', which offers no ${pool.gpu.type} GPU for the node pool '${pool.name}' (the library's table of ${GPU_REGIONS_SOURCE}, written ${GPU_REGIONS_DATE})`,
      elsewhere.length > 0
        ? `put the pool's cluster in a region that has it (${elsewhere.join(', ')}), or give the pool a GPU type ${region} offers (${offered.join(', ') || 'none'})`
        : `give the pool a GPU type ${region} offers (${offered.join(', ') || 'none'})`,
    );
  }
}
