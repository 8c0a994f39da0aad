import { readdirSync, readFileSync } from 'node:fs';
import {
  find,
  installMocks,
  ofType,
  type Registered,
  registered,
  resetRegistered,
  resolved,
  settle,
} from './mocks';
import { declaredWorkloadIdentity } from '#lib/platform/lookups';
import { exampleWorkloads } from './example-workloads';

installMocks();

type Infra = typeof import('gke-platform/infra');
type Args = import('gke-platform/infra').GkePlatformArgs;
let infra: Infra;
let platform: (typeof import('#apps/platform'))['platform'];
let workloads: import('gke-platform').WorkloadSource;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  platform = (await import('#apps/platform')).platform;
  workloads = await exampleWorkloads();
});
beforeEach(resetRegistered);

const office = { cidrBlock: '203.0.113.0/24', displayName: 'office' };
/** An internal range: production's private endpoint takes only those. */
const vpn = { cidrBlock: '172.16.0.0/24', displayName: 'vpn' };
const PRODUCTION = ['prod', 'staging'];

/** The dev and prod stacks with default arguments, created once and shared by the tests that only read them. */
const stacks = new Map<
  string,
  { gke: import('gke-platform/infra').GkePlatform; resources: Registered[] }
>();

/** Makes `registered` hold what creating `environment`'s default stack registered. */
async function use(environment: string) {
  if (!stacks.has(environment)) {
    resetRegistered();
    const gke = await up(environment);
    stacks.set(environment, { gke, resources: [...registered] });
  }
  const stack = stacks.get(environment);
  if (!stack) throw new Error(environment);
  registered.splice(0, registered.length, ...stack.resources);
  return stack.gke;
}

async function up(environment: string, extra: Partial<Args> = {}) {
  const gke = new infra.GkePlatform(`shop-${environment}`, {
    platform,
    environment,
    region: 'europe-west1',
    masterAuthorizedNetworks: [PRODUCTION.includes(environment) ? vpn : office],
    // prod declares uptime checks: its stacks read the example's workloads, not applied.
    ...(environment === 'prod' ? { workloads, deployWorkloads: false } : {}),
    ...extra,
  });
  await settle(gke);
  return gke;
}

const CLUSTER = 'gcp:container/cluster:Cluster';
const NODE_POOL = 'gcp:container/nodePool:NodePool';
const ACCOUNT = 'gcp:serviceaccount/account:Account';
const PROJECT_MEMBER = 'gcp:projects/iAMMember:IAMMember';
const SA_MEMBER = 'gcp:serviceaccount/iAMMember:IAMMember';

const GKE_EFFECT = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

const names = (rs: Registered[]) => rs.map((r) => r.name).sort();

describe('every stack', () => {
  test('registers one component with children, each with an explicit stable name', async () => {
    await use('dev');
    expect(ofType('gke-platform:index:GkePlatform').map((r) => r.name)).toEqual(['shop-dev']);
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember shop-dev-shop-reader',
      // dev is the base environment of the example's previews: their shared Gateway's
      // wildcard certificate, certificate map and address.
      'gcp:certificatemanager/certificate:Certificate shop-dev-previews-certificate',
      'gcp:certificatemanager/certificateMap:CertificateMap shop-dev-previews-map',
      'gcp:certificatemanager/certificateMapEntry:CertificateMapEntry shop-dev-previews-map-entry',
      'gcp:certificatemanager/dnsAuthorization:DnsAuthorization shop-dev-previews-dns-authorization',
      'gcp:compute/globalAddress:GlobalAddress shop-dev-previews',
      'gcp:compute/globalAddress:GlobalAddress shop-dev-web',
      'gcp:compute/network:Network shop-dev',
      'gcp:compute/router:Router shop-dev-router',
      'gcp:compute/routerNat:RouterNat shop-dev-nat',
      'gcp:compute/subnetwork:Subnetwork shop-dev-nodes',
      'gcp:container/cluster:Cluster shop-dev',
      'gcp:container/nodePool:NodePool shop-dev-general',
      'gcp:container/nodePool:NodePool shop-dev-spot',
      'gcp:projects/iAMMember:IAMMember shop-dev-nodes-container-defaultNodeServiceAccount',
      'gcp:projects/iAMMember:IAMMember storefront-dev-cloudtrace-agent',
      'gcp:projects/iAMMember:IAMMember storefront-dev-pv-cloudtrace-agent',
      'gcp:projects/service:Service shop-dev-certificatemanager-api',
      'gcp:projects/service:Service shop-dev-secretmanager-api',
      'gcp:secretmanager/secret:Secret shop-dev-secret-admin-database-url',
      'gcp:secretmanager/secret:Secret shop-dev-secret-admin-secret-key-base',
      'gcp:secretmanager/secret:Secret shop-dev-secret-fetch-rates-api-key',
      'gcp:secretmanager/secret:Secret shop-dev-secret-reporting-database-url',
      'gcp:secretmanager/secret:Secret shop-dev-secret-storefront-db-password',
      'gcp:secretmanager/secret:Secret shop-dev-secret-storefront-session-secret',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-database-url-admin',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-database-url-admin-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-database-url-admin-ksa',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-database-url-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-secret-key-base-admin',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-secret-key-base-admin-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-secret-key-base-admin-ksa',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-admin-secret-key-base-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-fetch-rates-api-key-fetch-rates',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-fetch-rates-api-key-fetch-rates-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-fetch-rates-api-key-fetch-rates-ksa',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-fetch-rates-api-key-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-reporting-database-url-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-reporting-database-url-sales-report',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-reporting-database-url-sales-report-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-reporting-database-url-sales-report-ksa',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-db-password-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-db-password-storefront',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-db-password-storefront-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-db-password-storefront-ksa',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-session-secret-previews',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-session-secret-storefront',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-session-secret-storefront-dev-pv',
      'gcp:secretmanager/secretIamMember:SecretIamMember shop-dev-secret-storefront-session-secret-storefront-ksa',
      'gcp:serviceaccount/account:Account admin-dev',
      // The previews' copies of dev's workload identities, bound to dev's cluster.
      'gcp:serviceaccount/account:Account admin-dev-pv',
      'gcp:serviceaccount/account:Account fetch-rates-dev',
      'gcp:serviceaccount/account:Account fetch-rates-dev-pv',
      'gcp:serviceaccount/account:Account sales-report-dev',
      'gcp:serviceaccount/account:Account sales-report-dev-pv',
      'gcp:serviceaccount/account:Account shop-dev-nodes',
      'gcp:serviceaccount/account:Account storefront-dev',
      'gcp:serviceaccount/account:Account storefront-dev-pv',
      'gcp:serviceaccount/iAMMember:IAMMember admin-dev-pv-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember admin-dev-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember fetch-rates-dev-pv-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember fetch-rates-dev-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember sales-report-dev-pv-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember sales-report-dev-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember storefront-dev-pv-workload-identity',
      'gcp:serviceaccount/iAMMember:IAMMember storefront-dev-workload-identity',
      'gke-platform:index:GkePlatform shop-dev',
    ]);
    for (const r of registered.filter((x) => x.type.startsWith('gcp:') && 'name' in x.inputs)) {
      if (r.type.includes('IAMMember') || r.type.includes('Repository')) continue;
      expect(r.inputs.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  test('builds a custom VPC with VPC-native secondary ranges, Cloud Router and Cloud NAT', async () => {
    await use('dev');
    const network = find('gcp:compute/network:Network', 'shop-dev').inputs;
    expect(network).toMatchObject({
      name: 'shop-dev',
      project: 'shop-dev-project',
      autoCreateSubnetworks: false,
    });
    const subnet = find('gcp:compute/subnetwork:Subnetwork', 'shop-dev-nodes').inputs;
    expect(subnet).toMatchObject({
      region: 'europe-west1',
      network: 'shop-dev-id',
      ipCidrRange: '10.0.0.0/20',
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: 'pods', ipCidrRange: '10.4.0.0/14' },
        { rangeName: 'services', ipCidrRange: '10.8.0.0/20' },
      ],
    });
    expect(find('gcp:compute/router:Router', 'shop-dev-router').inputs).toMatchObject({
      region: 'europe-west1',
      network: 'shop-dev-id',
    });
    expect(find('gcp:compute/routerNat:RouterNat', 'shop-dev-nat').inputs).toMatchObject({
      router: 'shop-dev-router',
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetworks: [{ name: 'shop-dev-nodes-id', sourceIpRangesToNats: ['ALL_IP_RANGES'] }],
    });
  });

  test('enables the Gateway API standard channel, for the gateway front door', async () => {
    await use('dev');
    // https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#enable-gateway
    expect(find(CLUSTER, 'shop-dev').inputs.gatewayApiConfig).toEqual({
      channel: 'CHANNEL_STANDARD',
    });
  });

  test('hardens the cluster as GKE recommends', async () => {
    await use('dev');
    const cluster = find(CLUSTER, 'shop-dev').inputs;
    expect(cluster).toMatchObject({
      name: 'shop-dev',
      project: 'shop-dev-project',
      location: 'europe-west1',
      network: 'shop-dev-id',
      subnetwork: 'shop-dev-nodes-id',
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: 'pods',
        servicesSecondaryRangeName: 'services',
      },
      removeDefaultNodePool: true,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'shop-dev-project.svc.id.goog' },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: { cidrBlocks: [office], gcpPublicCidrsAccessEnabled: false },
      enableShieldedNodes: true,
      datapathProvider: 'ADVANCED_DATAPATH',
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      addonsConfig: { httpLoadBalancing: { disabled: false } },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      monitoringConfig: {
        enableComponents: ['SYSTEM_COMPONENTS'],
        managedPrometheus: { enabled: true },
      },
      maintenancePolicy: {
        recurringWindow: {
          startTime: '2025-01-01T03:00:00Z',
          endTime: '2025-01-01T07:00:00Z',
          recurrence: 'FREQ=DAILY',
        },
      },
      resourceLabels: { 'gke-platform': 'shop', environment: 'dev' },
    });
    // The temporary default pool never runs as the Compute Engine default service account.
    expect(cluster.nodeConfig).toMatchObject({
      serviceAccount: 'shop-dev-nodes@shop-dev-project.iam.gserviceaccount.com',
      shieldedInstanceConfig: { enableSecureBoot: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    });
    expect(cluster.masterAuth.username).toBeUndefined();
    expect(cluster.networkPolicy).toBeUndefined();
  });

  test('gives the nodes a dedicated service account with least-privilege roles', async () => {
    await use('dev');
    expect(find(ACCOUNT, 'shop-dev-nodes').inputs).toMatchObject({
      accountId: 'shop-dev-nodes',
      project: 'shop-dev-project',
    });
    const member = 'serviceAccount:shop-dev-nodes@shop-dev-project.iam.gserviceaccount.com';
    const nodeRoles = ofType(PROJECT_MEMBER).filter((r) => r.inputs.member === member);
    expect(nodeRoles.map((r) => r.inputs.role)).toEqual([
      'roles/container.defaultNodeServiceAccount',
    ]);
    for (const pool of ofType(NODE_POOL)) {
      expect(pool.inputs.nodeConfig.serviceAccount).toBe(
        'shop-dev-nodes@shop-dev-project.iam.gserviceaccount.com',
      );
      expect(pool.inputs.nodeConfig.oauthScopes).toEqual([
        'https://www.googleapis.com/auth/cloud-platform',
      ]);
    }
  });

  test('creates each node pool as declared: autoscaling, upgrades, COS, shielded, GKE metadata', async () => {
    await use('dev');
    const general = find(NODE_POOL, 'shop-dev-general').inputs;
    expect(general).toMatchObject({
      name: 'general',
      cluster: 'shop-dev',
      location: 'europe-west1',
      initialNodeCount: 1,
      autoscaling: { minNodeCount: 1, maxNodeCount: 3, locationPolicy: 'BALANCED' },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: 'e2-standard-4',
        imageType: 'COS_CONTAINERD',
        diskSizeGb: 100,
        diskType: 'pd-balanced',
        spot: false,
        preemptible: false,
        labels: {},
        taints: [],
        guestAccelerators: [],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        metadata: { 'disable-legacy-endpoints': 'true' },
      },
    });
  });

  test('makes spot pools Spot VMs with the declared taint and the ANY location policy', async () => {
    await use('dev');
    const spot = find(NODE_POOL, 'shop-dev-spot').inputs;
    expect(spot.autoscaling).toEqual({ minNodeCount: 0, maxNodeCount: 5, locationPolicy: 'ANY' });
    expect(spot.nodeConfig).toMatchObject({
      spot: true,
      preemptible: false,
      taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NO_SCHEDULE' }],
    });
  });

  test('writes taints and labels exactly as the platform declares them, effects in GKE spelling', async () => {
    for (const envName of ['dev', 'prod']) {
      resetRegistered();
      await use(envName);
      for (const pool of platform.environment(envName).nodePools) {
        const config = find(NODE_POOL, `shop-${envName}-${pool.name}`).inputs.nodeConfig;
        expect(config.labels).toEqual(pool.labels);
        expect(config.taints).toEqual(
          pool.taints.map((t) => ({
            key: t.key,
            value: t.value ?? '',
            effect: GKE_EFFECT[t.effect],
          })),
        );
      }
    }
  });

  test('supports preemptible pools', async () => {
    const { definePlatform } = await import('gke-platform');
    const p = definePlatform({
      name: 'batch',
      environments: {
        dev: {
          project: 'batch-dev-1',
          nodePools: { cheap: { machineType: 'e2-standard-2', capacity: 'preemptible' } },
        },
      },
    });
    const gke = new infra.GkePlatform('batch-dev', {
      platform: p,
      environment: 'dev',
      region: 'us-central1',
      masterAuthorizedNetworks: [],
    });
    await settle(gke);
    expect(find(NODE_POOL, 'batch-dev-cheap').inputs.nodeConfig).toMatchObject({
      spot: false,
      preemptible: true,
    });
    expect(find(CLUSTER, 'batch-dev').inputs.masterAuthorizedNetworksConfig).toEqual({
      cidrBlocks: [],
      gcpPublicCidrsAccessEnabled: false,
    });
  });

  test('reserves static IPs under the names the manifests reference', async () => {
    await use('prod');
    const web = find('gcp:compute/globalAddress:GlobalAddress', 'shop-prod-web').inputs;
    expect(web).toMatchObject({
      name: 'shop-prod-web',
      addressType: 'EXTERNAL',
      ipVersion: 'IPV4',
      project: 'shop-prod-project',
    });
    const lb = find('gcp:compute/address:Address', 'shop-prod-api-lb').inputs;
    expect(lb).toMatchObject({
      name: 'shop-prod-api-lb',
      region: 'europe-west1',
      addressType: 'EXTERNAL',
    });
    expect(lb.subnetwork).toBeUndefined();
    for (const ip of platform.environment('prod').staticIps) {
      const type =
        ip.scope === 'global'
          ? 'gcp:compute/globalAddress:GlobalAddress'
          : 'gcp:compute/address:Address';
      expect(find(type, ip.name).inputs.name).toBe(ip.name);
    }
  });

  test('puts internal regional addresses in the cluster subnetwork', async () => {
    const { definePlatform } = await import('gke-platform');
    const p = definePlatform({
      name: 'corp',
      environments: {
        dev: {
          project: 'corp-dev-1',
          nodePools: { general: { machineType: 'e2-standard-2' } },
          staticIps: { intranet: { scope: 'regional', internal: true } },
        },
      },
    });
    const gke = new infra.GkePlatform('corp-dev', {
      platform: p,
      environment: 'dev',
      region: 'us-central1',
      masterAuthorizedNetworks: [],
    });
    await settle(gke);
    expect(find('gcp:compute/address:Address', 'corp-dev-intranet').inputs).toMatchObject({
      addressType: 'INTERNAL',
      subnetwork: 'corp-dev-nodes-id',
    });
  });

  test('lets the nodes read the declared registry, in the project that holds it', async () => {
    const gke = await use('dev');
    // apps/platform.ts: registries: { shop: { location: 'europe', project: 'shop-artifacts' } }
    expect(
      find('gcp:artifactregistry/repositoryIamMember:RepositoryIamMember', 'shop-dev-shop-reader')
        .inputs,
    ).toEqual({
      project: 'shop-artifacts',
      location: 'europe',
      repository: 'shop',
      role: 'roles/artifactregistry.reader',
      member: 'serviceAccount:shop-dev-nodes@shop-dev-project.iam.gserviceaccount.com',
    });
    // Images outlive clusters: the stack creates no repository.
    expect(ofType('gcp:artifactregistry/repository:Repository')).toEqual([]);
    expect(gke.registryUrls).toEqual({ shop: 'europe-docker.pkg.dev/shop-artifacts/shop' });
  });

  test('binds each workload identity to its Kubernetes service account in the environment namespace', async () => {
    await use('prod');
    expect(find(ACCOUNT, 'storefront-prod').inputs).toMatchObject({
      accountId: 'storefront-prod',
      project: 'shop-prod-project',
    });
    expect(find(SA_MEMBER, 'storefront-prod-workload-identity').inputs).toEqual({
      serviceAccountId:
        'projects/shop-prod-project/serviceAccounts/storefront-prod@shop-prod-project.iam.gserviceaccount.com',
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:shop-prod-project.svc.id.goog[shop-prod/storefront]',
    });
    expect(find(PROJECT_MEMBER, 'storefront-prod-cloudtrace-agent').inputs).toEqual({
      project: 'shop-prod-project',
      role: 'roles/cloudtrace.agent',
      member: `serviceAccount:${declaredWorkloadIdentity(platform, 'prod', 'storefront', 'test').email}`,
    });
  });

  test('outputs name, endpoint, addresses by name, and a secret kubeconfig using gke-gcloud-auth-plugin', async () => {
    const pulumi = await import('@pulumi/pulumi');
    const gke = await use('prod');
    expect(await resolved(gke.clusterName)).toBe('shop-prod');
    expect(await resolved(gke.nodePoolNames)).toEqual(['general', 'spot', 'gpu']);
    const addresses = await resolved(gke.addressesByName);
    expect(Object.keys(addresses).sort()).toEqual(['shop-prod-api-lb', 'shop-prod-web']);
    expect(addresses['shop-prod-web']).toMatch(/^198\.51\.100\.\d+$/);
    expect(await pulumi.isSecret(gke.kubeconfig)).toBe(true);
    const kubeconfig = JSON.parse(await resolved(gke.kubeconfig));
    expect(kubeconfig['current-context']).toBe('gke_shop-prod-project_europe-west1_shop-prod');
    expect(kubeconfig.users[0].user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'gke-gcloud-auth-plugin',
      provideClusterInfo: true,
    });
    expect(JSON.stringify(kubeconfig.users)).not.toMatch(/token|password|client-key/);
  });

  test('a public endpoint: the kubeconfig names its IP and CA certificate', async () => {
    const gke = await use('dev');
    expect(await resolved(gke.endpoint)).toBe('203.0.113.10');
    const kubeconfig = JSON.parse(await resolved(gke.kubeconfig));
    expect(kubeconfig.clusters[0].cluster).toEqual({
      server: 'https://203.0.113.10',
      'certificate-authority-data': 'Q0EtREFUQQ==',
    });
  });

  test('a private endpoint: the kubeconfig names the DNS-based endpoint, whose certificate is public', async () => {
    const gke = await use('prod');
    // The IP endpoint is the private one (mocked as GKE reports it).
    expect(await resolved(gke.endpoint)).toBe('10.0.0.2');
    const kubeconfig = JSON.parse(await resolved(gke.kubeconfig));
    expect(kubeconfig.clusters[0].cluster).toEqual({
      server: 'https://gke-0123456789abcdef-shop-prod.europe-west1.gke.goog',
    });
  });

  test('a private endpoint without the DNS endpoint: the kubeconfig names the private IP', async () => {
    const gke = await up('prod', { dnsEndpoint: false });
    const kubeconfig = JSON.parse(await resolved(gke.kubeconfig));
    expect(kubeconfig.clusters[0].cluster).toEqual({
      server: 'https://10.0.0.2',
      'certificate-authority-data': 'Q0EtREFUQQ==',
    });
  });
});

describe('dev and prod differ as declared', () => {
  test('dev: no GPU pool, deletion protection off, fewer nodes', async () => {
    await use('dev');
    expect(names(ofType(NODE_POOL))).toEqual(['shop-dev-general', 'shop-dev-spot']);
    expect(find(CLUSTER, 'shop-dev').inputs.deletionProtection).toBe(false);
    expect(find(NODE_POOL, 'shop-dev-general').inputs.autoscaling).toMatchObject({
      minNodeCount: 1,
      maxNodeCount: 3,
    });
    expect(ofType('gcp:compute/address:Address')).toEqual([]);
  });

  test('prod: a GPU pool with L4 GPUs, the latest driver and the GPU taint', async () => {
    await use('prod');
    expect(names(ofType(NODE_POOL))).toEqual([
      'shop-prod-general',
      'shop-prod-gpu',
      'shop-prod-spot',
    ]);
    const gpu = find(NODE_POOL, 'shop-prod-gpu').inputs;
    expect(gpu.autoscaling).toMatchObject({ minNodeCount: 0, maxNodeCount: 2 });
    expect(gpu.nodeConfig).toMatchObject({
      machineType: 'g2-standard-8',
      guestAccelerators: [
        {
          type: 'nvidia-l4',
          count: 1,
          gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' },
        },
      ],
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }],
    });
  });

  test('prod: deletion protection on and more nodes', async () => {
    await use('prod');
    expect(find(CLUSTER, 'shop-prod').inputs.deletionProtection).toBe(true);
    expect(find(NODE_POOL, 'shop-prod-general').inputs).toMatchObject({
      initialNodeCount: 2,
      autoscaling: { minNodeCount: 2, maxNodeCount: 10 },
    });
  });
});

describe('resource options', () => {
  test('a new pool size or the removed default pool never replaces a pool or the cluster', async () => {
    const ignored = new Map<string, string[] | undefined>();
    const gke = new infra.GkePlatform(
      'shop-dev',
      { platform, environment: 'dev', region: 'europe-west1', masterAuthorizedNetworks: [office] },
      {
        transformations: [
          (a) => {
            ignored.set(`${a.type} ${a.name}`, a.opts.ignoreChanges);
            return undefined;
          },
        ],
      },
    );
    await settle(gke);
    expect(ignored.get(`${CLUSTER} shop-dev`)).toEqual(['nodeConfig']);
    expect(ignored.get(`${NODE_POOL} shop-dev-general`)).toEqual(['initialNodeCount']);
    expect(ignored.get(`${NODE_POOL} shop-dev-spot`)).toEqual(['initialNodeCount']);
  });

  test('lib/infra never imports cdk8s or the workload constructs', () => {
    const dir = `${__dirname}/../../lib/infra`;
    for (const file of readdirSync(dir)) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      expect([
        file,
        text.match(/from '(cdk8s[^']*|\.\.\/workloads[^']*|\.\.\/gke[^']*)'/)?.[1],
      ]).toEqual([file, undefined]);
    }
  });
});

describe('arguments', () => {
  test('a zone makes a zonal cluster and zonal pools', async () => {
    await up('dev', { zone: 'europe-west1-b' });
    expect(find(CLUSTER, 'shop-dev').inputs.location).toBe('europe-west1-b');
    expect(find(NODE_POOL, 'shop-dev-general').inputs.location).toBe('europe-west1-b');
    expect(find('gcp:compute/subnetwork:Subnetwork', 'shop-dev-nodes').inputs.region).toBe(
      'europe-west1',
    );
  });

  test('pool sizes, ranges, release channel, maintenance window and deletion protection are overridable', async () => {
    await up('dev', {
      nodePoolSizes: { general: { maxNodes: 6 }, spot: { minNodes: 1, maxNodes: 2 } },
      ipRanges: { nodes: '172.16.0.0/20', pods: '172.20.0.0/14', services: '172.24.0.0/20' },
      releaseChannel: 'STABLE',
      deletionProtection: true,
      maintenanceWindow: {
        startTime: '2025-01-04T01:00:00Z',
        endTime: '2025-01-04T07:00:00Z',
        recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
      },
    });
    expect(find(NODE_POOL, 'shop-dev-general').inputs.autoscaling).toMatchObject({
      minNodeCount: 1,
      maxNodeCount: 6,
    });
    expect(find(NODE_POOL, 'shop-dev-spot').inputs.autoscaling).toMatchObject({
      minNodeCount: 1,
      maxNodeCount: 2,
    });
    const cluster = find(CLUSTER, 'shop-dev').inputs;
    expect(cluster.releaseChannel).toEqual({ channel: 'STABLE' });
    expect(cluster.deletionProtection).toBe(true);
    expect(cluster.maintenancePolicy.recurringWindow.recurrence).toBe('FREQ=WEEKLY;BYDAY=SA,SU');
    expect(find('gcp:compute/subnetwork:Subnetwork', 'shop-dev-nodes').inputs.ipCidrRange).toBe(
      '172.16.0.0/20',
    );
  });

  test('production can be declared explicitly', async () => {
    await up('staging', { production: true });
    expect(find(CLUSTER, 'shop-staging').inputs.deletionProtection).toBe(true);
  });
});
