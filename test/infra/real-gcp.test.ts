import type * as pulumi from '@pulumi/pulumi';
import { find, installMocks, ofType, resetRegistered, settle } from './mocks';
import { exampleWorkloads } from './example-workloads';

installMocks();
/** Each stack under mocks takes about a second, more on a busy machine. */
jest.setTimeout(60_000);

type Args = import('gke-platform/infra').GkePlatformArgs;
type PlatformSpec = import('gke-platform').PlatformSpec<string>;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');
let example: import('gke-platform').Platform;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
  example = (await import('#apps/platform')).platform;
});
beforeEach(resetRegistered);

const NODE_POOL = 'gcp:container/nodePool:NodePool';
const SUBNETWORK = 'gcp:compute/subnetwork:Subnetwork';
const READER = 'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember';

async function up(extra: Partial<Args> & Pick<Args, 'platform' | 'environment'>) {
  const gke = new infra.GkePlatform(`stack-${extra.environment}`, {
    region: 'europe-west1',
    masterAuthorizedNetworks: [],
    ...extra,
  });
  await settle(gke);
  return gke;
}

const platformOf = (spec: Omit<PlatformSpec, 'name'>) =>
  lib.definePlatform({ name: 'ml', ...spec } as PlatformSpec);

describe('GPU pools in their zones', () => {
  test("a regional cluster's GPU pool runs in its declared zones, the others in the cluster's", async () => {
    // prod declares uptime checks: the stack reads the example's workloads, not applied.
    await up({
      platform: example,
      environment: 'prod',
      workloads: await exampleWorkloads(),
      deployWorkloads: false,
    });
    // apps/platform.ts declares zones: ['europe-west1-b', 'europe-west1-c'] for prod's GPU pool.
    expect(find(NODE_POOL, 'shop-prod-gpu').inputs).toMatchObject({
      location: 'europe-west1',
      nodeLocations: ['europe-west1-b', 'europe-west1-c'],
    });
    expect(find(NODE_POOL, 'shop-prod-general').inputs.nodeLocations).toBeUndefined();
  });

  test('a zonal cluster may leave a GPU pool in its own zone', async () => {
    const platform = platformOf({
      environments: {
        dev: {
          project: 'ml-dev-project',
          nodePools: {
            t4: { machineType: 'n1-standard-8', gpu: { type: 'nvidia-tesla-t4', count: 2 } },
          },
        },
      },
    });
    await up({ platform, environment: 'dev', zone: 'europe-west1-c' });
    const pool = find(NODE_POOL, 'ml-dev-t4').inputs;
    expect(pool.location).toBe('europe-west1-c');
    expect(pool.nodeLocations).toBeUndefined();
    expect(pool.nodeConfig.guestAccelerators).toEqual([
      {
        type: 'nvidia-tesla-t4',
        count: 2,
        gpuDriverInstallationConfig: { gpuDriverVersion: 'DEFAULT' },
      },
    ]);
  });
});

describe('current GPU machines', () => {
  test('an A4 pool gets 8 × nvidia-b200 and boots from Hyperdisk Balanced', async () => {
    const platform = platformOf({
      environments: {
        prod: {
          project: 'ml-prod-project',
          nodePools: {
            general: { machineType: 'e2-standard-4' },
            b200: {
              machineType: 'a4-highgpu-8g',
              gpu: { type: 'nvidia-b200' },
              zones: ['us-central1-b'],
              minNodes: 0,
              maxNodes: 1,
            },
          },
        },
      },
    });
    await up({ platform, environment: 'prod', region: 'us-central1' });
    const pool = find(NODE_POOL, 'ml-prod-b200').inputs;
    expect(pool.nodeLocations).toEqual(['us-central1-b']);
    expect(pool.nodeConfig).toMatchObject({
      machineType: 'a4-highgpu-8g',
      diskType: 'hyperdisk-balanced',
      guestAccelerators: [
        {
          type: 'nvidia-b200',
          count: 8,
          gpuDriverInstallationConfig: { gpuDriverVersion: 'DEFAULT' },
        },
      ],
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }],
    });
    expect(find(NODE_POOL, 'ml-prod-general').inputs.nodeConfig.diskType).toBe('pd-balanced');
  });
});

describe('proxy-only subnet', () => {
  const withInternalLb = (internalLoadBalancing?: boolean) =>
    platformOf({
      environments: {
        dev: {
          project: 'ml-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          internalLoadBalancing,
        },
      },
    });

  test('is created when the environment declares internal load balancing', async () => {
    const gke = await up({ platform: withInternalLb(true), environment: 'dev' });
    expect(find(SUBNETWORK, 'ml-dev-proxy-only').inputs).toEqual({
      name: 'ml-dev-proxy-only',
      project: 'ml-dev-project',
      region: 'europe-west1',
      network: 'ml-dev-id',
      ipCidrRange: '10.129.0.0/23',
      purpose: 'REGIONAL_MANAGED_PROXY',
      role: 'ACTIVE',
    });
    expect(gke.network.proxyOnlySubnetwork).toBeDefined();
  });

  test("takes the range from the environment's proxyOnlySubnet, which may be repeated in ipRanges", async () => {
    const declared = platformOf({
      environments: {
        dev: {
          project: 'ml-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          internalLoadBalancing: true,
          proxyOnlySubnet: '192.168.0.0/26',
        },
      },
    });
    const gke = await up({ platform: declared, environment: 'dev' });
    expect(find(SUBNETWORK, 'ml-dev-proxy-only').inputs.ipCidrRange).toBe('192.168.0.0/26');
    expect(gke.plan.ipRanges.proxyOnly).toBe('192.168.0.0/26');
    resetRegistered();
    await up({ platform: declared, environment: 'dev', ipRanges: { proxyOnly: '192.168.0.0/26' } });
    expect(find(SUBNETWORK, 'ml-dev-proxy-only').inputs.ipCidrRange).toBe('192.168.0.0/26');
  });

  test('is not created otherwise, and ipRanges.proxyOnly is then ignored', async () => {
    const gke = await up({
      platform: withInternalLb(),
      environment: 'dev',
      ipRanges: { proxyOnly: '10.0.0.0/24' },
    });
    expect(ofType(SUBNETWORK).map((r) => r.name)).toEqual(['ml-dev-nodes']);
    expect(gke.plan.ipRanges.proxyOnly).toBeUndefined();
  });
});

describe('registries', () => {
  const withRegistries = () =>
    platformOf({
      registries: {
        images: { location: 'europe', project: 'ml-artifacts' },
        samples: {
          location: 'us',
          project: 'google-samples',
          repository: 'containers',
          public: true,
        },
      },
      environments: {
        dev: {
          project: 'ml-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          registries: { legacy: { location: 'europe', repository: 'eu.gcr.io' } },
        },
      },
    });

  test("grants the nodes read on each non-public registry, in the registry's project", async () => {
    const gke = await up({ platform: withRegistries(), environment: 'dev' });
    const member = 'serviceAccount:ml-dev-nodes@ml-dev-project.iam.gserviceaccount.com';
    expect(ofType(READER).map((r) => [r.name, r.inputs])).toEqual([
      [
        'ml-dev-images-reader',
        {
          project: 'ml-artifacts',
          location: 'europe',
          repository: 'images',
          role: 'roles/artifactregistry.reader',
          member,
        },
      ],
      [
        'ml-dev-legacy-reader',
        {
          project: 'ml-dev-project',
          location: 'europe',
          repository: 'eu.gcr.io',
          role: 'roles/artifactregistry.reader',
          member,
        },
      ],
    ]);
    expect(gke.registryUrls).toEqual({
      images: 'europe-docker.pkg.dev/ml-artifacts/images',
      samples: 'us-docker.pkg.dev/google-samples/containers',
      legacy: 'eu.gcr.io/ml-dev-project',
    });
  });

  test('the node pools wait for the read access (nodes pull images as soon as they run pods)', async () => {
    const deps = new Map<string, pulumi.Resource[]>();
    const gke = new infra.GkePlatform(
      'stack-dev',
      {
        platform: withRegistries(),
        environment: 'dev',
        region: 'europe-west1',
        masterAuthorizedNetworks: [],
      },
      {
        transformations: [
          (a) => {
            deps.set(a.name, [...((a.opts.dependsOn as pulumi.Resource[] | undefined) ?? [])]);
            return undefined;
          },
        ],
      },
    );
    await settle(gke);
    expect(deps.get('ml-dev-general')).toEqual(gke.registryReaders.map((r) => r.reader));
  });
});
