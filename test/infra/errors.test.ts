import { installMocks, registered, resetRegistered } from './mocks';

installMocks();

type Args = import('gke-platform/infra').GkePlatformArgs;
type Platform = import('gke-platform').Platform;
type NodePool = import('gke-platform').NodePool;
let infra: typeof import('gke-platform/infra');
let plan: typeof import('#lib/infra/plan');
let cidr: typeof import('#lib/platform/cidr');
let lib: typeof import('gke-platform');
let platform: Platform;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  plan = await import('#lib/infra/plan');
  cidr = await import('#lib/platform/cidr');
  lib = await import('gke-platform');
  platform = (await import('#apps/platform')).platform;
});
beforeEach(resetRegistered);

function args(extra: Partial<Args> = {}): Args {
  return {
    platform,
    environment: 'dev',
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24' }],
    ...extra,
  };
}

/** Creating the stack throws a PlatformError matching `message`, and registers nothing. */
function expectFailure(a: Args, message: RegExp | string): void {
  let error: unknown;
  try {
    new infra.GkePlatform('shop', a);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(lib.PlatformError);
  expect((error as Error).message).toMatch(message);
  expect(registered).toEqual([]);
}

/** A platform whose environment `dev` has `pools` as they are, bypassing definePlatform's checks. */
function withPools(pools: NodePool[]): Platform {
  const p = lib.definePlatform({
    name: 'shop',
    environments: {
      dev: {
        project: 'shop-dev-project',
        nodePools: { general: { machineType: 'e2-standard-4' } },
      },
    },
  });
  const env = p.environment('dev');
  jest.spyOn(p, 'environment').mockReturnValue({ ...env, nodePools: pools });
  return p;
}

const general = (): NodePool => platform.environment('dev').nodePools[0];

describe('configuration', () => {
  test('fails without a platform', () => {
    expectFailure(
      args({ platform: undefined as unknown as Platform }),
      "GkePlatform 'shop': 'platform' is not set",
    );
  });

  test('fails without an environment', () => {
    expectFailure(
      args({ environment: '' }),
      /'environment' is not set; use one of dev, staging, prod/,
    );
  });

  test('fails on an environment the platform does not declare', () => {
    expectFailure(
      args({ environment: 'qa' }),
      /'environment' 'qa' is not declared; use one of dev, staging, prod/,
    );
  });

  test('fails without a project', () => {
    const p = lib.definePlatform({
      name: 'shop',
      environments: { dev: { nodePools: { general: { machineType: 'e2-standard-4' } } } },
    });
    expectFailure(
      args({ platform: p }),
      /\(dev\): 'project' is not set; set it \(pulumi config set gcp:project/,
    );
  });

  test('fails on an invalid project ID', () => {
    const p = lib.definePlatform({
      name: 'shop',
      environments: { dev: { nodePools: { general: { machineType: 'e2-standard-4' } } } },
    });
    expectFailure(
      args({ platform: p, project: 'My_Project' }),
      /'project' is 'My_Project', which is not a GCP project ID/,
    );
  });

  test("fails when the project differs from the platform's", () => {
    expectFailure(
      args({ project: 'other-project' }),
      /'project' is 'other-project', but the platform declares project 'shop-dev-project'/,
    );
  });

  test('fails without a region', () => {
    expectFailure(
      args({ region: undefined as unknown as string }),
      /'region' is undefined, which is not a GCP region/,
    );
  });

  test('fails on an invalid region', () => {
    expectFailure(
      args({ region: 'europe-west1-b' }),
      /'region' is "europe-west1-b", which is not a GCP region; use a region such as 'europe-west1'/,
    );
  });

  test('fails on a zone outside the region', () => {
    expectFailure(
      args({ zone: 'us-central1-a' }),
      /'zone' is "us-central1-a", which is not a zone of region 'europe-west1'/,
    );
  });

  test('fails without master authorized networks', () => {
    expectFailure(
      args({ masterAuthorizedNetworks: undefined as unknown as [] }),
      /'masterAuthorizedNetworks' is not set/,
    );
  });

  test('fails on an authorized network that is not a CIDR block', () => {
    expectFailure(
      args({ masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.300/24' }] }),
      /'masterAuthorizedNetworks\[0\].cidrBlock' is "203.0.113.300\/24", which is not an IPv4 CIDR block/,
    );
  });

  test('fails on a CIDR block with host bits set, naming the right one', () => {
    expectFailure(
      args({ masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.7/24' }] }),
      /has host bits set; use '203.0.113.0\/24'/,
    );
  });

  test('fails on overlapping IP ranges', () => {
    expectFailure(
      args({ ipRanges: { pods: '10.0.0.0/14' } }),
      /'ipRanges.pods' \('10.0.0.0\/14'\) overlaps 'ipRanges.nodes' \('10.0.0.0\/20'\)/,
    );
  });

  test('fails on an IP range that is not a CIDR block', () => {
    expectFailure(
      args({ ipRanges: { services: '10.8.0.0' } }),
      /'ipRanges.services' is "10.8.0.0", which is not an IPv4 CIDR block/,
    );
  });

  test('fails on an unknown release channel', () => {
    expectFailure(
      args({ releaseChannel: 'BETA' as 'RAPID' }),
      /'releaseChannel' is "BETA"; use 'RAPID', 'REGULAR', 'STABLE' or 'EXTENDED'/,
    );
  });

  test('fails when deletion protection is turned off in production', () => {
    expectFailure(
      args({ environment: 'prod', deletionProtection: false }),
      /\(prod\): 'deletionProtection' is false, but 'prod' is a production environment; leave it on/,
    );
  });

  test('fails on a maintenance window shorter than 4 hours', () => {
    const window = {
      startTime: '2025-01-01T03:00:00Z',
      endTime: '2025-01-01T05:00:00Z',
      recurrence: 'FREQ=DAILY',
    };
    expectFailure(
      args({ maintenanceWindow: window }),
      /'maintenanceWindow.endTime' is 2 hours after 'startTime'; give GKE a window of at least 4 hours/,
    );
  });

  test('fails on a maintenance window time that is not RFC 3339', () => {
    const window = {
      startTime: '03:00',
      endTime: '2025-01-01T07:00:00Z',
      recurrence: 'FREQ=DAILY',
    };
    expectFailure(
      args({ maintenanceWindow: window }),
      /'maintenanceWindow.startTime' is "03:00", which is not an RFC 3339 time/,
    );
  });

  test('fails on a maintenance recurrence that is not an RRULE', () => {
    const window = {
      startTime: '2025-01-01T03:00:00Z',
      endTime: '2025-01-01T07:00:00Z',
      recurrence: 'daily',
    };
    expectFailure(
      args({ maintenanceWindow: window }),
      /'maintenanceWindow.recurrence' is "daily", which is not an RRULE/,
    );
  });

  test('fails when the node service account ID would be too long', () => {
    const p = lib.definePlatform({
      name: 'a-rather-long-platform-name',
      environments: {
        development: {
          project: 'shop-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
        },
      },
    });
    expectFailure(
      args({ platform: p, environment: 'development' }),
      /makes the node service account ID 'a-rather-long-platform-name-development-nodes' longer than 30 characters/,
    );
  });
});

describe('node pools', () => {
  test('fails when a size override names an undeclared pool', () => {
    expectFailure(
      args({ nodePoolSizes: { gpu: { maxNodes: 2 } } }),
      /\(dev\): 'nodePoolSizes.gpu' names a pool that environment has not declared; use one of general, spot/,
    );
  });

  test('fails when an override makes minNodes greater than maxNodes', () => {
    expectFailure(
      args({ nodePoolSizes: { general: { minNodes: 5 } } }),
      /node pool 'general': 'minNodes' \(5\) is greater than 'maxNodes' \(3\)/,
    );
  });

  test('fails when an override would leave a pool always empty', () => {
    expectFailure(
      args({ nodePoolSizes: { spot: { maxNodes: 0 } } }),
      /node pool 'spot': 'maxNodes' is 0, so the pool would always be empty/,
    );
  });

  test('fails on a size override that is not a whole number', () => {
    expectFailure(
      args({ nodePoolSizes: { general: { maxNodes: 2.5 } } }),
      /'nodePoolSizes.general.maxNodes' is 2.5; use a whole number/,
    );
  });

  test('fails when the platform declares min > max (before any resource)', () => {
    expect(() =>
      lib.definePlatform({
        name: 'shop',
        environments: {
          dev: {
            nodePools: { general: { machineType: 'e2-standard-4', minNodes: 4, maxNodes: 2 } },
          },
        },
      }),
    ).toThrow(/node pool 'general': 'minNodes' \(4\) is greater than 'maxNodes' \(2\)/);
    expectFailure(
      args({ platform: withPools([{ ...general(), minNodes: 4, maxNodes: 2 }]) }),
      /'minNodes' \(4\) is greater than 'maxNodes' \(2\)/,
    );
  });

  test('fails on an environment without pools', () => {
    expectFailure(args({ platform: withPools([]) }), /\(dev\): 'nodePools' is empty/);
  });

  test('fails on two pools with one name', () => {
    expectFailure(
      args({ platform: withPools([general(), { ...general(), machineType: 'e2-standard-8' }]) }),
      /node pool 'general': 'name' is used by two pools; give every pool of an environment its own name/,
    );
  });

  test('fails on an unknown GPU type', () => {
    const pool: NodePool = {
      ...general(),
      machineType: 'n1-standard-4',
      gpu: { type: 'nvidia-tesla-k80' as 'nvidia-tesla-t4', count: 1, driverVersion: 'DEFAULT' },
    };
    expectFailure(
      args({ platform: withPools([pool]) }),
      /node pool 'general': 'gpu.type' is "nvidia-tesla-k80", which is not a known GPU type; use 'nvidia-tesla-t4', /,
    );
  });

  test('fails when the machine type cannot carry the GPU, naming pool, GPU and machine family', () => {
    const pool: NodePool = {
      ...general(),
      name: 'ml',
      machineType: 'n1-standard-8',
      gpu: { type: 'nvidia-l4', count: 1, driverVersion: 'LATEST' },
    };
    expectFailure(
      args({ platform: withPools([pool]) }),
      /node pool 'ml': 'machineType' is 'n1-standard-8', which cannot carry GPU 'nvidia-l4'; use one of g2-standard-4.*\(machine family G2\)/,
    );
  });

  test('fails when a T4 pool is not on N1', () => {
    const pool: NodePool = {
      ...general(),
      name: 'ml',
      machineType: 'e2-standard-8',
      gpu: { type: 'nvidia-tesla-t4', count: 1, driverVersion: 'DEFAULT' },
    };
    expectFailure(
      args({ platform: withPools([pool]) }),
      /'machineType' is 'e2-standard-8', which cannot carry GPU 'nvidia-tesla-t4'; use an N1 machine type/,
    );
  });

  test('fails when the GPU count does not match an accelerator-optimized machine', () => {
    const pool: NodePool = {
      ...general(),
      name: 'ml',
      machineType: 'a2-highgpu-1g',
      gpu: { type: 'nvidia-tesla-a100', count: 2, driverVersion: 'DEFAULT' },
    };
    expectFailure(
      args({ platform: withPools([pool]) }),
      /'gpu.count' is 2, but machine type 'a2-highgpu-1g' comes with 1 × nvidia-tesla-a100/,
    );
  });
});

describe('zones', () => {
  /** The example's prod GPU pool, as declared (zones in europe-west1). */
  const gpuPool = (): NodePool => {
    const pool = platform.environment('prod').nodePools.find((p) => p.name === 'gpu');
    if (!pool) throw new Error('the example has a GPU pool in prod');
    return pool;
  };

  test('fails on a GPU pool of a regional cluster that declares no zones', () => {
    expectFailure(
      args({ platform: withPools([general(), { ...gpuPool(), zones: undefined }]) }),
      /\(dev\) node pool 'gpu': 'zones' is not declared, so GKE would create the nvidia-l4 pool in every zone of 'europe-west1', and a GPU type exists only in some zones; declare in 'zones' the zones of 'europe-west1' that have it \(gcloud compute accelerator-types list --filter="name=nvidia-l4" lists them\)/,
    );
  });

  test('fails on pool zones outside the stack region, even for a zonal cluster', () => {
    expectFailure(
      args({ platform: withPools([general(), gpuPool()]), region: 'europe-west4' }),
      /node pool 'gpu': 'zones\[0\]' is 'europe-west1-b', which is not in the cluster's region 'europe-west4'/,
    );
    expectFailure(
      args({
        platform: withPools([{ ...general(), zones: ['us-central1-a'] }]),
        zone: 'europe-west1-b',
      }),
      /node pool 'general': 'zones\[0\]' is 'us-central1-a', which is not in the cluster's region 'europe-west1'/,
    );
  });
});

describe('internal load balancing', () => {
  const withInternalLb = () =>
    lib.definePlatform({
      name: 'shop',
      environments: {
        dev: {
          project: 'shop-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          internalLoadBalancing: true,
        },
      },
    });

  test("fails on a proxy-only range that differs from the platform's declaration", () => {
    expectFailure(
      args({ platform: withInternalLb(), ipRanges: { proxyOnly: '10.130.0.0/23' } }),
      /'ipRanges.proxyOnly' \('10.130.0.0\/23'\) differs from 'proxyOnlySubnet' of environment 'dev' \('10.129.0.0\/23'\), the range the NetworkPolicies let the load balancers' proxies in from; declare the range once, as proxyOnlySubnet: '10.130.0.0\/23' of environment 'dev' in the platform, and leave 'ipRanges.proxyOnly' out/,
    );
  });

  test('fails on a declared proxy-only range that overlaps the nodes', () => {
    const overlapping = lib.definePlatform({
      name: 'shop',
      environments: {
        dev: {
          project: 'shop-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          internalLoadBalancing: true,
          proxyOnlySubnet: '10.0.0.0/24',
        },
      },
    });
    expectFailure(
      args({ platform: overlapping }),
      /'proxyOnlySubnet' \('10.0.0.0\/24'\) overlaps 'ipRanges.nodes' \('10.0.0.0\/20'\); give nodes, Pods, Services and the proxy-only subnet separate ranges/,
    );
  });
});

describe('static IPs and workload identities', () => {
  test('fails on two static IPs with one GCP name', () => {
    const p = lib.definePlatform({
      name: 'shop',
      environments: {
        dev: {
          project: 'shop-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          staticIps: {
            web: { scope: 'global', name: 'shop-ip' },
            api: { scope: 'regional', name: 'shop-ip' },
          },
        },
      },
    });
    expectFailure(
      args({ platform: p }),
      /static IP 'api': 'name' 'shop-ip' is used by two static IPs/,
    );
  });

  test('fails on a workload identity role that is not a role name', () => {
    const p = lib.definePlatform({
      name: 'shop',
      environments: {
        dev: {
          project: 'shop-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          workloadIdentities: { storefront: { roles: ['cloudsql.client'] } },
        },
      },
    });
    expectFailure(
      args({ platform: p }),
      /workload identity 'storefront': 'roles\[0\]' is 'cloudsql.client', which is not an IAM role name; write a role such as 'roles\/cloudsql.client'/,
    );
  });
});

describe('helpers', () => {
  test('checkNodePools accepts the example pools', () => {
    for (const env of platform.environmentNames) {
      expect(plan.checkNodePools('x', platform.environment(env).nodePools)).toHaveLength(
        platform.environment(env).nodePools.length,
      );
    }
  });

  test('parseCidr and overlaps', () => {
    const a = cidr.parseCidr('x', 'y', '10.0.0.0/20');
    expect(a).toEqual({ text: '10.0.0.0/20', first: 10 * 2 ** 24, last: 10 * 2 ** 24 + 4095 });
    expect(cidr.overlaps(a, cidr.parseCidr('x', 'y', '10.0.15.0/24'))).toBe(true);
    expect(cidr.overlaps(a, cidr.parseCidr('x', 'y', '10.0.16.0/24'))).toBe(false);
  });
});
