import { definePlatform, type EnvironmentSpec } from '#lib/platform/platform';
import { type NodePoolSpec } from '#lib/platform/node-pool';
import { PlatformError } from '#lib/core/errors';
import { type RegistrySpec } from '#lib/platform/registry';
import { declaredImageRegistry, requireInternalLoadBalancing } from '#lib/platform/lookups';

const general: NodePoolSpec = { machineType: 'e2-standard-2' };
const platformWith = (env: Partial<EnvironmentSpec>, registries?: Record<string, RegistrySpec>) =>
  definePlatform({
    name: 'acme',
    registries,
    environments: { dev: { project: 'acme-dev-1', nodePools: { general }, ...env } },
  });
const poolOf = (spec: NodePoolSpec) =>
  platformWith({ nodePools: { ml: spec } }).environment('dev').nodePools[0];

/** `fn` throws a PlatformError whose message matches `message`. */
function expectError(fn: () => unknown, message: string | RegExp): void {
  expect(fn).toThrow(PlatformError);
  expect(fn).toThrow(message);
}

describe('GPU machine types (Compute Engine accelerator-optimized machine family)', () => {
  // Expected counts: the "GPU count" column of each machine type's table at
  // https://cloud.google.com/compute/docs/accelerator-optimized-machines
  test.each([
    ['a3-highgpu-1g', 'nvidia-h100-80gb', 1, 'spot'],
    ['a3-highgpu-2g', 'nvidia-h100-80gb', 2, 'spot'],
    ['a3-highgpu-4g', 'nvidia-h100-80gb', 4, 'spot'],
    ['a3-highgpu-8g', 'nvidia-h100-80gb', 8, 'standard'],
    ['a3-megagpu-8g', 'nvidia-h100-mega-80gb', 8, 'standard'],
    ['a3-ultragpu-8g', 'nvidia-h200-141gb', 8, 'standard'],
    ['a4-highgpu-8g', 'nvidia-b200', 8, 'standard'],
    ['a2-ultragpu-4g', 'nvidia-a100-80gb', 4, 'standard'],
    ['a2-megagpu-16g', 'nvidia-tesla-a100', 16, 'standard'],
    ['g2-standard-48', 'nvidia-l4', 4, 'standard'],
  ] as const)('%s carries %i × %s', (machineType, type, count, capacity) => {
    expect(poolOf({ machineType, gpu: { type }, capacity }).gpu).toEqual({
      type,
      count,
      driverVersion: 'DEFAULT',
    });
  });

  test('fails on A3 Mega declared with the A3 High accelerator type', () => {
    expectError(
      () => poolOf({ machineType: 'a3-megagpu-8g', gpu: { type: 'nvidia-h100-80gb' } }),
      "node pool 'ml': 'machineType' is 'a3-megagpu-8g', which cannot carry GPU 'nvidia-h100-80gb'; use one of a3-highgpu-1g, a3-highgpu-2g, a3-highgpu-4g, a3-highgpu-8g (machine family A3 High)",
    );
  });

  test('fails on an H200 pool on an A4 machine', () => {
    expectError(
      () => poolOf({ machineType: 'a4-highgpu-8g', gpu: { type: 'nvidia-h200-141gb' } }),
      "'machineType' is 'a4-highgpu-8g', which cannot carry GPU 'nvidia-h200-141gb'; use one of a3-ultragpu-8g (machine family A3 Ultra)",
    );
  });

  test('fails on an A3 High machine below 8 GPUs that is not Spot', () => {
    expectError(
      () => poolOf({ machineType: 'a3-highgpu-2g', gpu: { type: 'nvidia-h100-80gb' } }),
      "node pool 'ml': 'capacity' is 'standard', but Compute Engine creates 'a3-highgpu-2g' only as Spot or Flex-start VMs; set 'capacity: \"spot\"', or use 'a3-highgpu-8g'",
    );
  });
});

describe('boot disk types per machine series', () => {
  test.each([
    ['e2-standard-4', 'pd-balanced'],
    ['n1-standard-8', 'pd-balanced'],
    ['g2-standard-8', 'pd-balanced'],
    ['a3-megagpu-8g', 'pd-balanced'],
    ['a3-ultragpu-8g', 'hyperdisk-balanced'],
    ['a4-highgpu-8g', 'hyperdisk-balanced'],
    ['c4-standard-8', 'hyperdisk-balanced'],
    ['n4-standard-8', 'hyperdisk-balanced'],
    ['m3-ultramem-32', 'pd-balanced'],
  ])('%s boots from %s by default', (machineType, diskType) => {
    expect(poolOf({ machineType }).diskType).toBe(diskType);
  });

  test.each([
    ['n1-standard-4', 'pd-standard'],
    ['a2-highgpu-1g', 'pd-standard'],
    ['g2-standard-8', 'pd-ssd'],
    ['c3-standard-8', 'hyperdisk-balanced'],
    ['a3-highgpu-8g', 'hyperdisk-balanced'],
    ['m3-ultramem-32', 'pd-standard'],
  ] as const)('%s takes %s', (machineType, diskType) => {
    expect(poolOf({ machineType, diskType }).diskType).toBe(diskType);
  });

  test('fails on pd-standard for G2', () => {
    expectError(
      () => poolOf({ machineType: 'g2-standard-8', diskType: 'pd-standard' }),
      "node pool 'ml': 'diskType' is 'pd-standard', which machine type 'g2-standard-8' (series G2) cannot boot from; use one of pd-balanced, pd-ssd, or leave it out",
    );
  });

  test('fails on Persistent Disk for A4 and A3 Ultra, and on Hyperdisk for E2', () => {
    expectError(
      () => poolOf({ machineType: 'a4-highgpu-8g', diskType: 'pd-ssd' }),
      "'diskType' is 'pd-ssd', which machine type 'a4-highgpu-8g' (series A4) cannot boot from; use one of hyperdisk-balanced",
    );
    expectError(
      () => poolOf({ machineType: 'a3-ultragpu-8g', diskType: 'pd-balanced' }),
      '(series A3 Ultra) cannot boot from; use one of hyperdisk-balanced',
    );
    expectError(
      () => poolOf({ machineType: 'e2-standard-4', diskType: 'hyperdisk-balanced' }),
      'use one of pd-balanced, pd-ssd, pd-standard',
    );
  });

  test('fails on pd-standard for C3', () => {
    expectError(
      () => poolOf({ machineType: 'c3-standard-8', diskType: 'pd-standard' }),
      'use one of pd-balanced, pd-ssd, hyperdisk-balanced',
    );
  });

  test('fails on a disk type GKE does not boot from', () => {
    expectError(
      () => poolOf({ machineType: 'n2-standard-8', diskType: 'hyperdisk-ml' as 'pd-ssd' }),
      "'diskType' is 'hyperdisk-ml', which GKE does not take as a boot disk; use one of pd-balanced, pd-ssd, pd-standard",
    );
  });
});

describe('pool zones', () => {
  test('keeps the declared zones', () => {
    expect(poolOf({ ...general, zones: ['europe-west4-a', 'europe-west4-c'] }).zones).toEqual([
      'europe-west4-a',
      'europe-west4-c',
    ]);
    expect(poolOf(general).zones).toBeUndefined();
  });

  test('fails on a zone that is not a zone, a repeat, several regions, none', () => {
    expectError(
      () => poolOf({ ...general, zones: ['europe-west4'] }),
      `node pool 'ml': 'zones[0]' is "europe-west4", which is not a zone; write a zone such as 'europe-west4-a'`,
    );
    expectError(
      () => poolOf({ ...general, zones: ['us-east1-b', 'us-east1-b'] }),
      "'zones[1]' repeats 'us-east1-b'",
    );
    expectError(
      () => poolOf({ ...general, zones: ['us-east1-b', 'us-east4-a'] }),
      "'zones' spans the regions us-east1, us-east4; keep a pool's zones in its cluster's region",
    );
    expectError(() => poolOf({ ...general, zones: [] }), "'zones' is empty");
  });
});

describe('registries', () => {
  test('resolve for the platform and per environment, with project and repository defaults', () => {
    const p = platformWith(
      {
        registries: {
          tools: { location: 'europe-west1', project: 'acme-tools', repository: 'ci' },
          legacy: { location: 'us', repository: 'gcr.io' },
        },
      },
      { apps: { location: 'europe' } },
    );
    expect(p.environment('dev').registries).toEqual([
      {
        key: 'apps',
        location: 'europe',
        project: 'acme-dev-1',
        repository: 'apps',
        public: false,
        url: 'europe-docker.pkg.dev/acme-dev-1/apps',
      },
      {
        key: 'tools',
        location: 'europe-west1',
        project: 'acme-tools',
        repository: 'ci',
        public: false,
        url: 'europe-west1-docker.pkg.dev/acme-tools/ci',
      },
      {
        key: 'legacy',
        location: 'us',
        project: 'acme-dev-1',
        repository: 'gcr.io',
        public: false,
        url: 'gcr.io/acme-dev-1',
      },
    ]);
  });

  test('fails on a bad location, a gcr.io repository in the wrong location, no project', () => {
    expectError(
      () => platformWith({}, { apps: { location: 'Europe' } }),
      `registry 'apps': 'location' is "Europe", which is not an Artifact Registry location`,
    );
    expectError(
      () => platformWith({}, { old: { location: 'europe', repository: 'asia.gcr.io' } }),
      "registry 'old': 'location' is 'europe', but Artifact Registry keeps the 'asia.gcr.io' repository in 'asia'; set location: 'asia'",
    );
    expectError(
      () => platformWith({ project: undefined }, { apps: { location: 'europe' } }),
      "registry 'apps': 'project' is not set, and the environment declares no 'project'",
    );
  });

  test('fails on a project that is not a GCP project ID', () => {
    expectError(
      () => platformWith({}, { apps: { location: 'europe', project: 'Acme_Tools' } }),
      "registry 'apps': 'project' is 'Acme_Tools', which is not a GCP project ID; use 6-30 lower-case letters, digits and hyphens, starting with a letter",
    );
  });

  test('fails on a key declared for the platform and for an environment', () => {
    expectError(
      () =>
        platformWith(
          { registries: { apps: { location: 'us' } } },
          { apps: { location: 'europe' } },
        ),
      "environment 'dev': 'registries.apps' is also declared for the whole platform",
    );
  });

  test('imageRegistry accepts declared and public-host images, and refuses undeclared Google ones', () => {
    const p = platformWith({}, { apps: { location: 'europe', project: 'acme-artifacts' } });
    const where = "WebService 'dev/web'";
    expect(
      declaredImageRegistry(p, 'dev', 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.4.2', where)
        ?.key,
    ).toBe('apps');
    for (const image of [
      'redis:7.2.5',
      'fluent/fluent-bit:3.1.9',
      'ghcr.io/acme/tool:1.0.0',
      'registry.k8s.io/pause:3.9',
      'localhost:5000/web:1.0.0',
    ]) {
      expect(declaredImageRegistry(p, 'dev', image, where)).toBeUndefined();
    }
    expectError(
      () =>
        declaredImageRegistry(
          p,
          'dev',
          'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2',
          where,
        ),
      "WebService 'dev/web': 'image' is 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2', from a Google registry that environment 'dev' does not declare, so its nodes cannot pull it; declare the repository under 'registries' in the platform (declared: apps (europe-docker.pkg.dev/acme-artifacts/apps))",
    );
    // A repository whose name starts like a declared one is another repository.
    expectError(
      () =>
        declaredImageRegistry(
          p,
          'dev',
          'europe-docker.pkg.dev/acme-artifacts/apps-old/web:1',
          where,
        ),
      'does not declare',
    );
    expectError(
      () =>
        declaredImageRegistry(p, 'dev', 'eu.gcr.io/acme-dev-1/web:1', where, 'sidecars[0].image'),
      "'sidecars[0].image' is 'eu.gcr.io/acme-dev-1/web:1'",
    );
  });
});

describe('internal load balancing', () => {
  test('requireInternalLoadBalancing names the workload and the environment', () => {
    expectError(
      () => requireInternalLoadBalancing(platformWith({}), 'dev', "WebEntrypoint 'dev/admin'"),
      "WebEntrypoint 'dev/admin': 'internal' is true, but environment 'dev' does not declare 'internalLoadBalancing', so its cluster has no proxy-only subnet for internal Application Load Balancers; set 'internalLoadBalancing: true' for environment 'dev' in the platform",
    );
    expect(() =>
      requireInternalLoadBalancing(platformWith({ internalLoadBalancing: true }), 'dev', 'x'),
    ).not.toThrow();
    expect(platformWith({}).environment('dev').internalLoadBalancing).toBe(false);
  });
});

describe('enumerations from untyped input', () => {
  test('fails on a capacity GKE does not have', () => {
    expectError(
      () => poolOf({ ...general, capacity: 'flex' as never }),
      "node pool 'ml': 'capacity' is \"flex\"; use 'standard', 'spot' or 'preemptible'",
    );
  });

  test('fails on a GPU driver version GKE does not take', () => {
    expectError(
      () =>
        poolOf({
          machineType: 'g2-standard-8',
          gpu: { type: 'nvidia-l4', driverVersion: 'STABLE' as never },
        }),
      "'gpu.driverVersion' is \"STABLE\"; use 'DEFAULT', 'LATEST' or 'INSTALLATION_DISABLED'",
    );
  });

  test('fails on a static IP scope other than global or regional', () => {
    expectError(
      () => platformWith({ staticIps: { web: { scope: 'zonal' as never } } }),
      "static IP 'web': 'scope' is \"zonal\"; use 'global' or 'regional'",
    );
  });
});
