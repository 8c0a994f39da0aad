import { definePlatform, type ClusterSpec, PlatformError } from '../../lib';

const pools = {
  general: { machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 },
  gpu: {
    machineType: 'g2-standard-8',
    gpu: { type: 'nvidia-l4' as const },
    zones: ['europe-west1-b', 'europe-west1-c'],
    minNodes: 0,
    maxNodes: 2,
  },
};

function prod(clusters: Record<string, ClusterSpec>) {
  return definePlatform({
    name: 'shop',
    environments: { prod: { nodePools: pools, clusters } },
  }).environment('prod');
}

function error(f: () => unknown): PlatformError {
  try {
    f();
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error('no error');
}

const twoRegions: Record<string, ClusterSpec> = {
  euw1: { region: 'europe-west1', config: true },
  ane1: {
    region: 'asia-northeast1',
    nodePools: { general: { maxNodes: 6 }, gpu: { zones: ['asia-northeast1-a'] } },
  },
};

describe('clusters of an environment', () => {
  test('an environment without clusters is one cluster, as before', () => {
    expect(
      definePlatform({
        name: 'shop',
        environments: { prod: { nodePools: pools } },
      }).environment('prod').fleet,
    ).toBeUndefined();
  });

  test('each cluster has its location, its pools sized for it and ranges of its own', () => {
    const fleet = prod(twoRegions).fleet!;
    expect(fleet.config.name).toBe('euw1');
    const [euw1, ane1] = fleet.clusters;
    expect(euw1).toMatchObject({
      name: 'euw1',
      region: 'europe-west1',
      location: 'europe-west1',
      config: true,
      ipRanges: { nodes: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.8.0.0/20' },
    });
    expect(euw1.nodePools.find((p) => p.name === 'gpu')?.zones).toEqual([
      'europe-west1-b',
      'europe-west1-c',
    ]);
    expect(ane1).toMatchObject({
      region: 'asia-northeast1',
      config: false,
      ipRanges: { nodes: '10.16.0.0/20', pods: '10.20.0.0/14', services: '10.24.0.0/20' },
    });
    const general = ane1.nodePools.find((p) => p.name === 'general')!;
    expect([general.minNodes, general.maxNodes]).toEqual([1, 6]);
    expect(ane1.nodePools.find((p) => p.name === 'gpu')?.zones).toEqual(['asia-northeast1-a']);
  });

  test('a zonal cluster is located in its zone', () => {
    const fleet = prod({ a: { zone: 'europe-west1-b' } }).fleet!;
    expect(fleet.clusters[0]).toMatchObject({
      region: 'europe-west1',
      zone: 'europe-west1-b',
      location: 'europe-west1-b',
      // A lone cluster is the config cluster without saying so.
      config: true,
    });
  });

  test.each([
    [
      'no config cluster',
      {
        a: { region: 'europe-west1' },
        b: { region: 'us-east1', nodePools: { gpu: { zones: ['us-east1-c'] } } },
      },
      'clusters',
      /no config cluster among 'a', 'b'/,
    ],
    [
      'two config clusters',
      {
        a: { region: 'europe-west1', config: true },
        b: { region: 'us-east1', config: true, nodePools: { gpu: { zones: ['us-east1-c'] } } },
      },
      'clusters',
      /2 config clusters/,
    ],
    ['no location', { a: {} }, 'clusters.a', /neither a region nor a zone/],
    [
      'region and zone',
      { a: { region: 'europe-west1', zone: 'europe-west1-b' } },
      'clusters.a',
      /both a region and a zone/,
    ],
    ['a misspelt region', { a: { region: 'eu-west1' } }, 'clusters.a.region', /not a region/],
    [
      'a pool zone outside the cluster region',
      { a: { region: 'europe-west1', config: true }, b: { region: 'us-east1' } },
      'nodePools.gpu.zones',
      /'europe-west1-b', outside the region 'us-east1' of the cluster 'b'/,
    ],
    [
      'an unknown pool',
      { a: { region: 'europe-west1', nodePools: { gpus: { maxNodes: 1 } } } },
      'clusters.a.nodePools.gpus',
      /names no node pool/,
    ],
    [
      'overlapping ranges',
      {
        a: { region: 'europe-west1', config: true },
        b: {
          region: 'us-east1',
          ipRanges: { pods: '10.4.0.0/16' },
          nodePools: { gpu: { zones: ['us-east1-c'] } },
        },
      },
      'clusters.b.ipRanges.pods',
      /overlaps the pods range of the cluster 'a'/,
    ],
  ])('%s is refused', (_, clusters, prop, problem) => {
    const e = error(() => prod(clusters as Record<string, ClusterSpec>));
    expect(e.where).toBe("Platform 'shop' environment 'prod'");
    expect(e.prop).toBe(prop);
    expect(e.problem).toMatch(problem);
  });

  test('a GKE cluster name over 40 characters is refused', () => {
    const e = error(() =>
      definePlatform({
        name: 'storefront-platform',
        environments: {
          production: {
            nodePools: pools,
            clusters: { 'europe-west1': { region: 'europe-west1' } },
          },
        },
      }),
    );
    expect(e.prop).toBe('clusters.europe-west1');
    expect(e.problem).toMatch(/'storefront-platform-production-europe-west1' \(43 characters\)/);
  });

  test('previews come from an environment of one cluster', () => {
    const e = error(() =>
      definePlatform({
        name: 'shop',
        previews: { from: 'prod', domain: 'preview.example.com' },
        environments: { prod: { nodePools: pools, clusters: twoRegions } },
      }),
    );
    expect(e.prop).toBe('previews.from');
  });
});
