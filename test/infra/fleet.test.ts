/**
 * The stack of an environment of several clusters, under mocks: every cluster hardened alike
 * in one VPC, registered in the fleet, the multi-cluster Services and Gateway features with
 * their APIs and IAM, and each cluster's manifests applied to it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  find,
  installMocks,
  ofType,
  PROJECT_NUMBER,
  type Registered,
  registered,
  resetRegistered,
  resolved,
  settle,
} from './mocks';

installMocks();
jest.setTimeout(60_000);

type Args = import('gke-platform/infra').GkePlatformArgs;
type Chart = import('gke-platform').EnvironmentChart<'dev' | 'prod'>;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const CLUSTER = 'gcp:container/cluster:Cluster';
const NODE_POOL = 'gcp:container/nodePool:NodePool';
const SUBNETWORK = 'gcp:compute/subnetwork:Subnetwork';
const NAT = 'gcp:compute/routerNat:RouterNat';
const ROUTER = 'gcp:compute/router:Router';
const FEATURE = 'gcp:gkehub/feature:Feature';
const SERVICE = 'gcp:projects/service:Service';
const PROJECT_MEMBER = 'gcp:projects/iAMMember:IAMMember';
const SA_MEMBER = 'gcp:serviceaccount/iAMMember:IAMMember';
const PROVIDER = 'pulumi:providers:kubernetes';

const pools = {
  general: { machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 },
};

/** dev on one cluster; prod on two, in Belgium (the config cluster) and Tokyo. */
function platform(prod: Record<string, unknown> = {}) {
  return lib.definePlatform({
    name: 'shop',
    environments: {
      dev: { project: 'shop-dev-project', nodePools: pools },
      prod: {
        project: 'shop-prod-project',
        nodePools: pools,
        staticIps: { web: { scope: 'global' } },
        workloadIdentities: { api: { roles: ['roles/cloudsql.client'] } },
        clusters: {
          euw1: { region: 'europe-west1', config: true },
          ane1: { region: 'asia-northeast1', nodePools: { general: { maxNodes: 6 } } },
        },
        ...prod,
      },
    },
  } as Parameters<typeof lib.definePlatform>[0]) as import('gke-platform').Platform<'dev' | 'prod'>;
}

function defineApi(chart: Chart): void {
  new lib.WebService(chart, 'api', {
    image: 'nginxinc/nginx-unprivileged:1.27.3',
    port: 8080,
    health: { path: '/healthz' },
  });
}

function args(extra: Partial<Args> = {}): Args {
  return {
    platform: platform(),
    environment: 'prod',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24', displayName: 'vpn' }],
    ...extra,
  };
}

async function up(a: Args = args()) {
  const gke = new infra.GkePlatform('shop-prod', a);
  await settle(gke);
  return gke;
}

/** A cluster's inputs without what tells clusters apart: name, location, subnetwork, key. */
function hardening(cluster: Registered): Record<string, unknown> {
  const { name, location, subnetwork, databaseEncryption, ...rest } = cluster.inputs;
  expect([name, location, subnetwork]).not.toContain(undefined);
  return { ...rest, databaseEncryption: { ...databaseEncryption, keyName: 'KEY' } };
}

describe('an environment of several clusters', () => {
  test('creates every cluster, named after it at its location, hardened alike', async () => {
    await up();
    const euw1 = find(CLUSTER, 'shop-prod-euw1');
    const ane1 = find(CLUSTER, 'shop-prod-ane1');
    expect(ofType(CLUSTER)).toHaveLength(2);
    expect(euw1.inputs.location).toBe('europe-west1');
    expect(ane1.inputs.location).toBe('asia-northeast1');
    expect(hardening(ane1)).toEqual(hardening(euw1));
    // The hardening is production's, as a one-cluster prod stack has it.
    expect(euw1.inputs.privateClusterConfig).toEqual({
      enablePrivateNodes: true,
      enablePrivateEndpoint: true,
    });
    expect(euw1.inputs.workloadIdentityConfig).toEqual({
      workloadPool: 'shop-prod-project.svc.id.goog',
    });
    // Each cluster registers itself in the project's fleet.
    expect(euw1.inputs.fleet).toEqual({ project: 'shop-prod-project' });
    // Each cluster's Secrets key is in its own region.
    expect(euw1.inputs.databaseEncryption.keyName).toContain(
      'locations/europe-west1/keyRings/shop-prod-euw1/cryptoKeys/shop-prod-euw1-secrets',
    );
    expect(ane1.inputs.databaseEncryption.keyName).toContain(
      'locations/asia-northeast1/keyRings/shop-prod-ane1/',
    );
  });

  test('one VPC, a subnetwork per cluster with its ranges, a router and NAT per region', async () => {
    await up();
    expect(ofType('gcp:compute/network:Network').map((n) => n.name)).toEqual(['shop-prod']);
    const subnets = ofType(SUBNETWORK);
    expect(subnets.map((s) => [s.name, s.inputs.region, s.inputs.ipCidrRange])).toEqual([
      ['shop-prod-euw1-nodes', 'europe-west1', '10.0.0.0/20'],
      ['shop-prod-ane1-nodes', 'asia-northeast1', '10.16.0.0/20'],
    ]);
    expect(find(SUBNETWORK, 'shop-prod-ane1-nodes').inputs.secondaryIpRanges).toEqual([
      { rangeName: 'pods', ipCidrRange: '10.20.0.0/14' },
      { rangeName: 'services', ipCidrRange: '10.24.0.0/20' },
    ]);
    expect(
      ofType(ROUTER)
        .map((r) => [r.name, r.inputs.region])
        .sort(),
    ).toEqual([
      ['shop-prod-asia-northeast1-router', 'asia-northeast1'],
      ['shop-prod-europe-west1-router', 'europe-west1'],
    ]);
    const nat = find(NAT, 'shop-prod-asia-northeast1-nat');
    expect(nat.inputs.region).toBe('asia-northeast1');
    expect(nat.inputs.subnetworks).toEqual([
      { name: 'shop-prod-ane1-nodes-id', sourceIpRangesToNats: ['ALL_IP_RANGES'] },
    ]);
    expect(find(CLUSTER, 'shop-prod-ane1').inputs.subnetwork).toBe('shop-prod-ane1-nodes-id');
  });

  test("each cluster's pools, with that cluster's sizes", async () => {
    await up();
    const sizes = ofType(NODE_POOL).map((p) => [
      p.name,
      p.inputs.location,
      p.inputs.autoscaling.maxNodeCount,
    ]);
    expect(sizes).toEqual([
      ['shop-prod-euw1-general', 'europe-west1', 3],
      ['shop-prod-ane1-general', 'asia-northeast1', 6],
    ]);
    expect(find(NODE_POOL, 'shop-prod-ane1-general').inputs.cluster).toBe('shop-prod-ane1');
  });

  test('the fleet: both features, the config membership, the APIs and the IAM', async () => {
    const gke = await up();
    expect(ofType(FEATURE).map((f) => [f.inputs.name, f.inputs.location])).toEqual([
      ['multiclusterservicediscovery', 'global'],
      ['multiclusteringress', 'global'],
    ]);
    expect(find(FEATURE, 'shop-prod-multiclusteringress').inputs.spec).toEqual({
      multiclusteringress: {
        configMembership:
          'projects/shop-prod-project/locations/europe-west1/memberships/shop-prod-euw1',
      },
    });
    expect(
      ofType(SERVICE)
        .map((s) => s.inputs.service)
        .sort(),
    ).toEqual([
      'cloudresourcemanager.googleapis.com',
      'dns.googleapis.com',
      'gkehub.googleapis.com',
      'multiclusteringress.googleapis.com',
      'multiclusterservicediscovery.googleapis.com',
      'trafficdirector.googleapis.com',
    ]);
    expect(ofType(SERVICE).every((s) => s.inputs.disableOnDestroy === false)).toBe(true);
    const members = ofType(PROJECT_MEMBER).map((m) => [m.inputs.role, m.inputs.member]);
    expect(members).toContainEqual([
      'roles/compute.networkViewer',
      'serviceAccount:shop-prod-project.svc.id.goog[gke-mcs/gke-mcs-importer]',
    ]);
    expect(members).toContainEqual([
      'roles/container.admin',
      `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-multiclusteringress.iam.gserviceaccount.com`,
    ]);
    expect(Object.keys(gke.fleet?.clusters ?? {})).toEqual(['euw1', 'ane1']);
  });

  test('one Workload Identity binding per identity serves every cluster', async () => {
    await up();
    expect(ofType(SA_MEMBER).map((m) => m.inputs.member)).toEqual([
      // The environment's namespace, the same on every cluster.
      'serviceAccount:shop-prod-project.svc.id.goog[shop-prod/api]',
    ]);
  });

  test('outputs: every cluster by name; clusterName and kubeconfig are the config cluster', async () => {
    const gke = await up();
    expect(await resolved(gke.clusterName)).toBe('shop-prod-euw1');
    const clusters = await resolved(gke.clusters!);
    expect(Object.keys(clusters)).toEqual(['euw1', 'ane1']);
    expect(clusters.ane1).toMatchObject({ name: 'shop-prod-ane1', location: 'asia-northeast1' });
    expect(JSON.parse(clusters.ane1.kubeconfig)['current-context']).toBe(
      'gke_shop-prod-project_asia-northeast1_shop-prod-ane1',
    );
    expect(await resolved(gke.kubeconfig)).toBe(clusters.euw1.kubeconfig);
    // The global static IP serves the multi-cluster Gateway, created once for the environment.
    expect(ofType('gcp:compute/globalAddress:GlobalAddress').map((a) => a.name)).toEqual([
      'shop-prod-web',
    ]);
  });

  test("each cluster's manifests are applied to it, with a provider per cluster", async () => {
    const p = platform();
    const gke = await up(args({ platform: p, workloads: lib.workloadSource(p, defineApi) }));
    expect(ofType(PROVIDER).map((r) => r.name)).toEqual([
      'shop-prod-euw1-k8s',
      'shop-prod-ane1-k8s',
    ]);
    const deployments = ofType('kubernetes:apps/v1:Deployment');
    expect(deployments).toHaveLength(2);
    // The objects wait for the fleet's features (their kinds, their controllers) and go first.
    const features = gke.fleet!.features;
    for (const cluster of Object.values(gke.fleet!.clusters))
      expect(cluster.workloads?.layers.app?.dependsOn).toEqual(
        expect.arrayContaining([features.multiClusterServices, features.multiClusterGateway]),
      );
    expect(gke.workloads).toBe(gke.fleet!.clusters.euw1.workloads);
  });

  test('a manifestsDir of a fleet is read per cluster from <dir>/<cluster>/', async () => {
    const p = platform();
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    for (const cluster of ['euw1', 'ane1']) {
      mkdirSync(join(dir, cluster));
      const objects = lib.workloadSource(p, defineApi).synthesize('prod', cluster);
      writeFileSync(
        join(dir, cluster, 'manifests.json'),
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
      );
    }
    const gke = await up(args({ platform: p, manifestsDir: dir, deployWorkloads: false }));
    expect(gke.plan.fleet?.clusters.map((c) => c.manifests?.length)).toEqual([
      expect.any(Number),
      expect.any(Number),
    ]);
    mkdirSync(join(dir, 'other'));
    expect(
      () =>
        new infra.GkePlatform('shop-prod', args({ platform: p, manifestsDir: join(dir, 'euw1') })),
    ).toThrow(/manifestsDir.*euw1\/euw1.*not a directory/);
  });
});

describe('what a fleet stack refuses', () => {
  function refused(f: () => unknown, message: RegExp) {
    let error: unknown;
    try {
      f();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(lib.PlatformError);
    expect((error as Error).message).toMatch(message);
    expect(registered).toEqual([]);
  }

  test('an environment without a config cluster: the platform refuses it before any stack', () => {
    refused(
      () =>
        platform({
          clusters: { euw1: { region: 'europe-west1' }, ane1: { region: 'asia-northeast1' } },
        }),
      /clusters.*has no config cluster among 'euw1', 'ane1'/,
    );
  });

  test('a region without a GPU type a pool declares', () => {
    const gpuPools = {
      ...pools,
      training: {
        machineType: 'n1-standard-8',
        gpu: { type: 'nvidia-tesla-v100', count: 1 },
        zones: ['europe-west4-a'],
        minNodes: 0,
        maxNodes: 1,
      },
    };
    refused(
      () =>
        platform({
          nodePools: gpuPools,
          clusters: {
            euw4: { region: 'europe-west4', config: true },
            ane1: {
              region: 'asia-northeast1',
              nodePools: { training: { zones: ['asia-northeast1-a'] } },
            },
          },
        }),
      /clusters\.ane1\.region.*offers no nvidia-tesla-v100 GPU for the node pool 'training'/,
    );
    // A one-cluster stack's region is checked the same way.
    const one = lib.definePlatform({
      name: 'shop',
      environments: {
        dev: {
          nodePools: {
            ...gpuPools,
            training: { ...gpuPools.training, zones: ['asia-northeast1-a'] },
          },
        },
      },
    } as Parameters<typeof lib.definePlatform>[0]);
    refused(
      () =>
        new infra.GkePlatform('shop-dev', {
          platform: one,
          environment: 'dev',
          project: 'shop-dev-project',
          region: 'asia-northeast1',
          masterAuthorizedNetworks: [],
        }),
      /'region'.*'asia-northeast1', which offers no nvidia-tesla-v100 GPU/,
    );
  });

  test('one-cluster arguments, and regional static IPs, which name no cluster', () => {
    const at = (extra: Partial<Args>) => () => new infra.GkePlatform('shop-prod', args(extra));
    refused(at({ zone: 'europe-west1-b' }), /'zone' is set, but 'prod' runs on several clusters/);
    refused(
      at({ nodePoolSizes: { general: { maxNodes: 9 } } }),
      /'nodePoolSizes' is set.*clusters\.<cluster>/,
    );
    refused(at({ ipRanges: { nodes: '10.200.0.0/20' } }), /'ipRanges' is set/);
    refused(at({ region: 'europe' }), /'region' is "europe", which is not a GCP region/);
    refused(
      at({ platform: platform({ staticIps: { lb: { scope: 'regional' } } }) }),
      /static IP 'lb'.*'scope' is 'regional', but 'prod' runs on several clusters/,
    );
  });
});
