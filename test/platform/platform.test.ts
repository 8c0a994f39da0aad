import { definePlatform, type EnvironmentSpec } from '#lib/platform/platform';
import { isPerEnvMap, type PerEnv, resolvePerEnv } from '#lib/core/per-env';

const pools = { general: { machineType: 'e2-standard-2' } };
const platformWith = (env: Partial<EnvironmentSpec>) =>
  definePlatform({ name: 'acme', environments: { dev: { nodePools: pools, ...env } } });

describe('definePlatform', () => {
  it('applies defaults: namespace, pool sizes, disks, static IP names', () => {
    const p = definePlatform({
      name: 'acme',
      environments: {
        dev: {
          nodePools: pools,
          staticIps: {
            web: { scope: 'global' },
            db: { scope: 'regional', internal: true, name: 'db-ip' },
          },
        },
      },
    });
    const dev = p.environment('dev');
    expect(dev.namespace).toBe('acme-dev');
    expect(dev.nodePools[0]).toMatchObject({
      name: 'general',
      minNodes: 1,
      maxNodes: 3,
      capacity: 'standard',
      diskSizeGb: 100,
      diskType: 'pd-balanced',
      taints: [],
    });
    expect(dev.staticIps).toEqual([
      { key: 'web', name: 'acme-dev-web', scope: 'global', internal: false },
      { key: 'db', name: 'db-ip', scope: 'regional', internal: true },
    ]);
  });

  it('works out the labels GKE puts on spot and GPU nodes, and the GPU taint', () => {
    const p = platformWith({
      nodePools: {
        spot: { machineType: 'e2-standard-4', capacity: 'spot', labels: { team: 'batch' } },
        gpu: { machineType: 'n1-standard-8', gpu: { type: 'nvidia-tesla-t4', count: 4 } },
      },
    });
    const [spot, gpu] = p.environment('dev').nodePools;
    expect(spot.nodeLabels).toEqual({
      team: 'batch',
      'cloud.google.com/gke-nodepool': 'spot',
      'cloud.google.com/gke-spot': 'true',
    });
    expect(spot.labels).toEqual({ team: 'batch' });
    expect(gpu.gpu).toEqual({ type: 'nvidia-tesla-t4', count: 4, driverVersion: 'DEFAULT' });
    expect(gpu.nodeLabels['cloud.google.com/gke-accelerator']).toBe('nvidia-tesla-t4');
    expect(gpu.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  });

  it('takes the GPU count from A2/A3/G2 machine types', () => {
    const p = platformWith({
      nodePools: { l4: { machineType: 'g2-standard-24', gpu: { type: 'nvidia-l4' } } },
    });
    expect(p.environment('dev').nodePools[0].gpu?.count).toBe(2);
  });

  it('derives workload identity emails from the project', () => {
    const p = platformWith({
      project: 'acme-dev-1',
      workloadIdentities: { web: { roles: ['roles/a'] }, api: { accountId: 'api-runner' } },
    });
    expect(p.environment('dev').workloadIdentities).toEqual([
      {
        serviceAccountName: 'web',
        accountId: 'web-dev',
        email: 'web-dev@acme-dev-1.iam.gserviceaccount.com',
        roles: ['roles/a'],
      },
      {
        serviceAccountName: 'api',
        accountId: 'api-runner',
        email: 'api-runner@acme-dev-1.iam.gserviceaccount.com',
        roles: [],
      },
    ]);
  });

  it('fails on a platform name that is not a DNS label', () => {
    expect(() =>
      definePlatform({ name: 'Acme', environments: { dev: { nodePools: pools } } }),
    ).toThrow('Platform: \'name\' is "Acme", which is not a DNS-1123 label');
  });

  it('fails on an environment without node pools', () => {
    expect(() => platformWith({ nodePools: {} })).toThrow(
      "Platform 'acme' environment 'dev': 'nodePools' is empty; declare at least one node pool",
    );
  });

  it('fails on autoscaling min > max', () => {
    expect(() =>
      platformWith({
        nodePools: { general: { machineType: 'e2-standard-2', minNodes: 4, maxNodes: 2 } },
      }),
    ).toThrow(
      "Platform 'acme' environment 'dev' node pool 'general': 'minNodes' (4) is greater than 'maxNodes' (2); make 'minNodes' ≤ 'maxNodes'",
    );
  });

  it('fails on a GPU on the wrong machine family, naming the machines that fit', () => {
    expect(() =>
      platformWith({
        nodePools: { gpu: { machineType: 'e2-standard-8', gpu: { type: 'nvidia-l4' } } },
      }),
    ).toThrow(
      "node pool 'gpu': 'machineType' is 'e2-standard-8', which cannot carry GPU 'nvidia-l4'; use one of g2-standard-4",
    );
    expect(() =>
      platformWith({
        nodePools: { gpu: { machineType: 'a2-highgpu-1g', gpu: { type: 'nvidia-tesla-t4' } } },
      }),
    ).toThrow(
      "'machineType' is 'a2-highgpu-1g', which cannot carry GPU 'nvidia-tesla-t4'; use an N1 machine type",
    );
  });

  it('fails on a GPU count the machine type does not have', () => {
    expect(() =>
      platformWith({
        nodePools: {
          gpu: { machineType: 'a2-highgpu-2g', gpu: { type: 'nvidia-tesla-a100', count: 4 } },
        },
      }),
    ).toThrow(
      "'gpu.count' is 4, but machine type 'a2-highgpu-2g' comes with 2 × nvidia-tesla-a100",
    );
    expect(() =>
      platformWith({
        nodePools: {
          gpu: { machineType: 'n1-standard-8', gpu: { type: 'nvidia-tesla-t4', count: 3 } },
        },
      }),
    ).toThrow("'gpu.count' is 3, which nvidia-tesla-t4 does not come in; use one of 1, 2, 4");
  });

  it('fails on an unknown GPU type (from untyped code)', () => {
    const gpu = { type: 'nvidia-tesla-k80' as never };
    expect(() =>
      platformWith({ nodePools: { gpu: { machineType: 'n1-standard-8', gpu } } }),
    ).toThrow(
      "'gpu.type' is \"nvidia-tesla-k80\", which is not a known GPU type; use 'nvidia-tesla-t4', ",
    );
  });

  it('fails on a node label in a GKE-reserved prefix', () => {
    expect(() =>
      platformWith({
        nodePools: {
          general: {
            machineType: 'e2-standard-2',
            labels: { 'cloud.google.com/gke-spot': 'true' },
          },
        },
      }),
    ).toThrow("'labels.cloud.google.com/gke-spot' uses a prefix reserved for GKE and Kubernetes");
  });

  it('fails on workload identities without a project', () => {
    expect(() => platformWith({ workloadIdentities: { web: {} } })).toThrow(
      "'project' is not set, but workload identities need it",
    );
  });

  it('fails on an invalid service account ID', () => {
    expect(() => platformWith({ project: 'p', workloadIdentities: { w: {} } })).toThrow(
      "'workloadIdentities.w.accountId' is 'w-dev', which is not a valid service account ID",
    );
  });

  it('fails on an unknown environment, naming those that exist', () => {
    expect(() => platformWith({}).environment('prod')).toThrow(
      "Platform 'acme': 'environment' 'prod' is not declared; use one of dev",
    );
  });
});

describe('PerEnv', () => {
  const envs = ['dev', 'prod'];

  it('resolves a single value for every environment, and a map per environment', () => {
    expect(resolvePerEnv(3, 'dev', envs, 'x', 'p')).toBe(3);
    expect(resolvePerEnv({ dev: 1, prod: 2 }, 'prod', envs, 'x', 'p')).toBe(2);
    expect(resolvePerEnv({ cpu: '1' }, 'prod', envs, 'x', 'p')).toEqual({ cpu: '1' });
    expect(isPerEnvMap({ dev: { cpu: '1' }, prod: { cpu: '2' } }, envs)).toBe(true);
  });

  it('fails at run time on a map that leaves an environment out (from untyped code)', () => {
    expect(() =>
      resolvePerEnv({ dev: 1 } as PerEnv<number>, 'prod', envs, "X 'y'", 'replicas'),
    ).toThrow(
      "X 'y': 'replicas' has no value for environment 'prod'; give one value for all environments or one for each of dev, prod",
    );
  });

  it('is a compile error when a map leaves an environment out', () => {
    const complete: PerEnv<number, 'dev' | 'prod'> = { dev: 1, prod: 2 };
    // @ts-expect-error: 'prod' is missing
    const incomplete: PerEnv<number, 'dev' | 'prod'> = { dev: 1 };
    expect([complete, incomplete]).toHaveLength(2);
  });
});

describe('proxyOnlySubnet', () => {
  // https://cloud.google.com/load-balancing/docs/proxy-only-subnets
  const where = "Platform 'acme' environment 'dev'";

  it("defaults to Google's example range where the environment has internal load balancing", () => {
    expect(platformWith({ internalLoadBalancing: true }).environment('dev').proxyOnlySubnet).toBe(
      '10.129.0.0/23',
    );
  });

  it('is the declared range', () => {
    const env = platformWith({ internalLoadBalancing: true, proxyOnlySubnet: '192.168.8.0/26' });
    expect(env.environment('dev').proxyOnlySubnet).toBe('192.168.8.0/26');
  });

  it('is absent without internal load balancing', () => {
    expect(platformWith({}).environment('dev').proxyOnlySubnet).toBeUndefined();
  });

  it('fails when set without internal load balancing', () => {
    expect(() => platformWith({ proxyOnlySubnet: '10.129.0.0/23' })).toThrow(
      `${where}: 'proxyOnlySubnet' is set, but the environment does not declare 'internalLoadBalancing', so it has no proxy-only subnet; set 'internalLoadBalancing: true', or leave 'proxyOnlySubnet' out`,
    );
  });

  it('fails on a range smaller than 64 addresses', () => {
    expect(() =>
      platformWith({ internalLoadBalancing: true, proxyOnlySubnet: '10.129.0.0/27' }),
    ).toThrow(
      `${where}: 'proxyOnlySubnet' ('10.129.0.0/27') has fewer than 64 addresses, the least a proxy-only subnet takes; use a /26 or larger range, e.g. a /23`,
    );
  });

  it('fails on something that is not a CIDR block', () => {
    expect(() =>
      platformWith({ internalLoadBalancing: true, proxyOnlySubnet: '10.129.0.0' }),
    ).toThrow(`${where}: 'proxyOnlySubnet' is "10.129.0.0", which is not an IPv4 CIDR block`);
  });

  it('fails on an IPv6 range (a proxy-only subnet is IPv4)', () => {
    expect(() =>
      platformWith({ internalLoadBalancing: true, proxyOnlySubnet: 'fd00::/64' }),
    ).toThrow(`${where}: 'proxyOnlySubnet' is "fd00::/64", which is not an IPv4 CIDR block`);
  });

  it('fails on host bits set, naming the block', () => {
    expect(() =>
      platformWith({ internalLoadBalancing: true, proxyOnlySubnet: '10.129.1.0/23' }),
    ).toThrow(
      `${where}: 'proxyOnlySubnet' is '10.129.1.0/23', which has host bits set; use '10.129.0.0/23'`,
    );
  });
});
