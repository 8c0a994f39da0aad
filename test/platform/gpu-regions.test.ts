/**
 * The GPU types each region offers: generated from a committed, cited source, and the check
 * that a fleet's cluster is in a region that has its pools' GPUs (an unknown region passes).
 */
import { definePlatform, PlatformError } from '../../lib';
import { GPU_REGIONS } from '#lib/platform/gpu-regions.generated';
import { gpuTypesOfRegion } from '#lib/platform/gpu-regions';

const v100 = {
  general: { machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 },
  training: {
    machineType: 'n1-standard-8',
    gpu: { type: 'nvidia-tesla-v100' as const, count: 1 },
    zones: ['europe-west4-a'],
    minNodes: 0,
    maxNodes: 2,
  },
};

function fleetIn(regions: Record<string, { region: string; zones: string[] }>) {
  return () =>
    definePlatform({
      name: 'shop',
      environments: {
        prod: {
          nodePools: v100,
          clusters: Object.fromEntries(
            Object.entries(regions).map(([name, at], i) => [
              name,
              { region: at.region, config: i === 0, nodePools: { training: { zones: at.zones } } },
            ]),
          ),
        },
      },
    }).environment('prod');
}

describe('GPU types per region', () => {
  test('every listed type is one a node pool takes', () => {
    const known = new Set([
      'nvidia-tesla-t4',
      'nvidia-tesla-v100',
      'nvidia-tesla-p4',
      'nvidia-tesla-p100',
      'nvidia-l4',
      'nvidia-tesla-a100',
      'nvidia-a100-80gb',
      'nvidia-h100-80gb',
      'nvidia-h100-mega-80gb',
      'nvidia-h200-141gb',
      'nvidia-b200',
    ]);
    for (const types of Object.values(GPU_REGIONS))
      for (const t of types) expect(known).toContain(t);
  });

  test('a region the table lacks is unknown, not empty', () => {
    expect(gpuTypesOfRegion('me-central2')).toBeUndefined();
    expect(gpuTypesOfRegion('europe-west4')).toContain('nvidia-tesla-v100');
  });

  test('a fleet cluster in a region without a declared GPU type is refused, naming the pool', () => {
    const make = fleetIn({
      euw4: { region: 'europe-west4', zones: ['europe-west4-a'] },
      ane1: { region: 'asia-northeast1', zones: ['asia-northeast1-a'] },
    });
    expect(make).toThrow(PlatformError);
    expect(make).toThrow(
      /clusters\.ane1\.region.*'asia-northeast1', which offers no nvidia-tesla-v100 GPU for the node pool 'training'.*europe-west4/s,
    );
  });

  test('regions that offer the type, and regions the table does not know, pass', () => {
    expect(
      fleetIn({
        euw4: { region: 'europe-west4', zones: ['europe-west4-a'] },
        usc1: { region: 'us-central1', zones: ['us-central1-a'] },
      })().fleet?.clusters,
    ).toHaveLength(2);
    expect(
      fleetIn({
        euw4: { region: 'europe-west4', zones: ['europe-west4-a'] },
        mec2: { region: 'me-central2', zones: ['me-central2-a'] },
      })().fleet?.clusters,
    ).toHaveLength(2);
  });
});
