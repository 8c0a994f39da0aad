import {
  find,
  installMocks,
  ofType,
  PROJECT_NUMBER,
  registered,
  resetRegistered,
  settle,
} from './mocks';
import { exampleWorkloads } from './example-workloads';

installMocks();
/** Each stack under mocks takes about a second, more on a busy machine. */
jest.setTimeout(60_000);

type Args = import('gke-platform/infra').GkePlatformArgs;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');
let platform: import('gke-platform').Platform;
let workloads: import('gke-platform').WorkloadSource;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
  platform = (await import('#apps/platform')).platform;
  workloads = await exampleWorkloads();
});
beforeEach(resetRegistered);

const CLUSTER = 'gcp:container/cluster:Cluster';
const SUBNETWORK = 'gcp:compute/subnetwork:Subnetwork';
const KEY_RING = 'gcp:kms/keyRing:KeyRing';
const KEY = 'gcp:kms/cryptoKey:CryptoKey';
const KEY_MEMBER = 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember';
const POLICY = 'gcp:binaryauthorization/policy:Policy';

const vpn = { cidrBlock: '172.16.0.0/24', displayName: 'vpn' };

function args(environment: string, extra: Partial<Args> = {}): Args {
  return {
    platform,
    environment,
    region: 'europe-west1',
    masterAuthorizedNetworks: [vpn],
    // prod declares uptime checks: its stacks read the example's workloads, not applied.
    ...(environment === 'prod' ? { workloads, deployWorkloads: false } : {}),
    ...extra,
  };
}

/** The cluster's explicit dependencies, by cluster name, as the engine was asked for them. */
const dependsOfCluster = new Map<string, unknown[]>();

async function up(environment: string, extra: Partial<Args> = {}) {
  const gke = new infra.GkePlatform(`shop-${environment}`, args(environment, extra), {
    transformations: [
      (a) => {
        if (a.type === CLUSTER) dependsOfCluster.set(a.name, [a.opts.dependsOn].flat());
        return undefined;
      },
    ],
  });
  await settle(gke);
  return gke;
}

const cluster = (env: string) => find(CLUSTER, `shop-${env}`).inputs;

describe('production defaults: every control on', () => {
  test('private endpoint (CIS 5.6.4) with the DNS-based endpoint open to IAM-checked users', async () => {
    await up('prod');
    expect(cluster('prod')).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
      masterAuthorizedNetworksConfig: { cidrBlocks: [vpn], gcpPublicCidrsAccessEnabled: false },
    });
  });

  test('Binary Authorization enforces the project policy (CIS 5.10.4); no policy resource', async () => {
    await up('prod');
    expect(cluster('prod').binaryAuthorization).toEqual({
      evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE',
    });
    expect(ofType(POLICY)).toEqual([]);
  });

  test('Secrets encrypted with a regional KMS key rotated every 90 days, usable by the GKE service agent first (CIS 5.3.1)', async () => {
    const gke = await up('prod');
    expect(find(KEY_RING, 'shop-prod').inputs).toEqual({
      name: 'shop-prod',
      project: 'shop-prod-project',
      location: 'europe-west1',
    });
    const keyRingId = 'projects/shop-prod-project/locations/europe-west1/keyRings/shop-prod';
    expect(find(KEY, 'shop-prod-secrets').inputs).toMatchObject({
      name: 'shop-prod-secrets',
      keyRing: keyRingId,
      purpose: 'ENCRYPT_DECRYPT',
      // 90 days × 86,400 s.
      rotationPeriod: '7776000s',
    });
    const keyId = `${keyRingId}/cryptoKeys/shop-prod-secrets`;
    expect(find(KEY_MEMBER, 'shop-prod-secrets-gke').inputs).toEqual({
      cryptoKeyId: keyId,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      // The project number comes from gcp.organizations.getProject (mocked).
      member: `serviceAccount:service-${PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
    });
    expect(cluster('prod').databaseEncryption).toEqual({ state: 'ENCRYPTED', keyName: keyId });
    // GKE refuses to create the cluster if its agent cannot use the key: the cluster waits.
    expect(gke.secretsEncryption?.serviceAgentAccess).toBeDefined();
    expect(dependsOfCluster.get('shop-prod')).toContain(gke.secretsEncryption?.serviceAgentAccess);
  });

  test('VPC flow logs on the nodes subnetwork and intranode visibility (CIS 5.6.1)', async () => {
    await up('prod');
    expect(find(SUBNETWORK, 'shop-prod-nodes').inputs.logConfig).toEqual({
      aggregationInterval: 'INTERVAL_5_SEC',
      flowSampling: 0.5,
      metadata: 'INCLUDE_ALL_METADATA',
    });
    expect(cluster('prod').enableIntranodeVisibility).toBe(true);
  });

  test('security posture audit and workload vulnerability scanning (CIS 5.10.5, 5.1.1)', async () => {
    await up('prod');
    expect(cluster('prod').securityPostureConfig).toEqual({
      mode: 'BASIC',
      vulnerabilityMode: 'VULNERABILITY_BASIC',
    });
  });

  test('keeps what every stack has: shielded nodes, Workload Identity, no ABAC, no client certificates, Dataplane V2', async () => {
    await up('prod');
    expect(cluster('prod')).toMatchObject({
      enableShieldedNodes: true,
      workloadIdentityConfig: { workloadPool: 'shop-prod-project.svc.id.goog' },
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      datapathProvider: 'ADVANCED_DATAPATH',
      releaseChannel: { channel: 'REGULAR' },
      deletionProtection: true,
    });
    expect(cluster('prod').authenticatorGroupsConfig).toBeUndefined();
  });
});

describe('defaults elsewhere: documented, cheaper', () => {
  test('dev: public endpoint, no Binary Authorization, Secrets encryption, flow logs or intranode visibility; posture audit only', async () => {
    await up('dev');
    const c = cluster('dev');
    expect(c.privateClusterConfig).toEqual({
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
    });
    expect(c.controlPlaneEndpointsConfig).toEqual({
      dnsEndpointConfig: { allowExternalTraffic: false },
    });
    expect(c.binaryAuthorization).toEqual({ evaluationMode: 'DISABLED' });
    expect(c.databaseEncryption).toBeUndefined();
    expect(c.enableIntranodeVisibility).toBe(false);
    expect(c.securityPostureConfig).toEqual({
      mode: 'BASIC',
      vulnerabilityMode: 'VULNERABILITY_DISABLED',
    });
    expect(find(SUBNETWORK, 'shop-dev-nodes').inputs.logConfig).toBeUndefined();
    expect([...ofType(KEY_RING), ...ofType(KEY), ...ofType(KEY_MEMBER)]).toEqual([]);
  });

  test('a non-production stack can turn every control on', async () => {
    await up('dev', {
      privateEndpoint: true,
      binaryAuthorization: { enforce: true },
      secretsEncryption: { enabled: true, rotationDays: 30 },
      flowLogs: { enabled: true, aggregationInterval: 'INTERVAL_1_MIN', flowSampling: 1 },
      intranodeVisibility: true,
      securityPosture: { mode: 'ENTERPRISE', vulnerabilityMode: 'VULNERABILITY_ENTERPRISE' },
      rbacSecurityGroup: 'gke-security-groups@example.com',
    });
    const c = cluster('dev');
    expect(c).toMatchObject({
      privateClusterConfig: { enablePrivateEndpoint: true },
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      enableIntranodeVisibility: true,
      securityPostureConfig: { mode: 'ENTERPRISE', vulnerabilityMode: 'VULNERABILITY_ENTERPRISE' },
      authenticatorGroupsConfig: { securityGroup: 'gke-security-groups@example.com' },
    });
    expect(c.databaseEncryption.state).toBe('ENCRYPTED');
    // 30 days × 86,400 s.
    expect(find(KEY, 'shop-dev-secrets').inputs.rotationPeriod).toBe('2592000s');
    expect(find(SUBNETWORK, 'shop-dev-nodes').inputs.logConfig).toEqual({
      aggregationInterval: 'INTERVAL_1_MIN',
      flowSampling: 1,
      metadata: 'INCLUDE_ALL_METADATA',
    });
  });

  test('production can turn a control off explicitly', async () => {
    await up('prod', {
      masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
      privateEndpoint: false,
      secretsEncryption: { enabled: false },
      flowLogs: { enabled: false },
      intranodeVisibility: false,
    });
    const c = cluster('prod');
    expect(c.privateClusterConfig.enablePrivateEndpoint).toBe(false);
    // The DNS endpoint follows the private endpoint unless set.
    expect(c.controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic).toBe(false);
    expect(c.databaseEncryption).toBeUndefined();
    expect(c.enableIntranodeVisibility).toBe(false);
    expect(find(SUBNETWORK, 'shop-prod-nodes').inputs.logConfig).toBeUndefined();
    expect(ofType(KEY_RING)).toEqual([]);
  });
});

describe('options', () => {
  test('a given project number names the service agent without a lookup', async () => {
    await up('prod', { projectNumber: '987654321098' });
    expect(find(KEY_MEMBER, 'shop-prod-secrets-gke').inputs.member).toBe(
      'serviceAccount:service-987654321098@container-engine-robot.iam.gserviceaccount.com',
    );
  });

  test('a zonal cluster keeps its key ring in the region (KMS has no zonal locations)', async () => {
    await up('prod', { zone: 'europe-west1-b' });
    expect(find(KEY_RING, 'shop-prod').inputs.location).toBe('europe-west1');
  });

  test("the project policy denies all but the declared registries' images, allowed patterns and Google's system images", async () => {
    const gke = await up('prod', {
      binaryAuthorization: {
        projectPolicy: true,
        allowedImages: ['docker.io/library/redis*'],
        enforcementMode: 'DRYRUN_AUDIT_LOG_ONLY',
      },
    });
    expect(find(POLICY, 'shop-prod-binauthz').inputs).toMatchObject({
      project: 'shop-prod-project',
      globalPolicyEvaluationMode: 'ENABLE',
      admissionWhitelistPatterns: [
        // apps/platform.ts: registries: { shop: { location: 'europe', project: 'shop-artifacts' } }
        { namePattern: 'europe-docker.pkg.dev/shop-artifacts/shop/**' },
        { namePattern: 'docker.io/library/redis*' },
      ],
      defaultAdmissionRule: {
        evaluationMode: 'ALWAYS_DENY',
        enforcementMode: 'DRYRUN_AUDIT_LOG_ONLY',
      },
    });
    // The cluster starts enforcing only once the policy exists.
    expect(dependsOfCluster.get('shop-prod')).toContain(gke.binaryAuthorizationPolicy);
  });

  test('Google Groups for RBAC names the security group (CIS 5.8.2)', async () => {
    await up('dev', { rbacSecurityGroup: 'gke-security-groups@shop.example' });
    expect(cluster('dev').authenticatorGroupsConfig).toEqual({
      securityGroup: 'gke-security-groups@shop.example',
    });
  });

  test('the DNS endpoint can be opened on a public-endpoint cluster too', async () => {
    await up('dev', { dnsEndpoint: true });
    expect(cluster('dev').controlPlaneEndpointsConfig).toEqual({
      dnsEndpointConfig: { allowExternalTraffic: true },
    });
  });
});

describe('bad options create nothing', () => {
  function expectFailure(a: Args, message: RegExp): void {
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

  test('fails on a public authorized network with a private endpoint', () => {
    expectFailure(
      args('prod', { masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24' }] }),
      /GkePlatform 'shop' \(prod\): 'masterAuthorizedNetworks\[0\].cidrBlock' is '203.0.113.0\/24', which is not inside an internal range, but 'privateEndpoint' is on and GKE then accepts only internal ranges; use an internal range/,
    );
  });

  test('fails on a range that only partly lies in an internal block', () => {
    expectFailure(
      args('dev', {
        privateEndpoint: true,
        masterAuthorizedNetworks: [{ cidrBlock: '10.0.0.0/7' }],
      }),
      /'masterAuthorizedNetworks\[0\].cidrBlock' is '10.0.0.0\/7', which is not inside an internal range/,
    );
  });

  test('fails on a rotation period Cloud KMS does not take', () => {
    for (const rotationDays of [0, 1.5, 36501]) {
      expectFailure(
        args('prod', { secretsEncryption: { rotationDays } }),
        /'secretsEncryption.rotationDays' is [\d.]+; use a whole number of days from 1 to 36500/,
      );
    }
  });

  test('fails on a project number that is not one', () => {
    expectFailure(
      args('prod', { projectNumber: 'shop-prod-project' }),
      /'projectNumber' is "shop-prod-project", which is not a project number/,
    );
  });

  test('fails on a security group other than gke-security-groups', () => {
    expectFailure(
      args('dev', { rbacSecurityGroup: 'admins@example.com' }),
      /'rbacSecurityGroup' is "admins@example.com", but GKE only takes the group named gke-security-groups; write 'gke-security-groups@<your domain>'/,
    );
  });

  test('fails on a flow sampling outside (0, 1]', () => {
    expectFailure(
      args('dev', { flowLogs: { enabled: true, flowSampling: 1.5 } }),
      /'flowLogs.flowSampling' is 1.5; use a share of flows above 0 and at most 1/,
    );
  });

  test('fails on an unknown aggregation interval or posture mode (from untyped config)', () => {
    expectFailure(
      args('dev', { flowLogs: { aggregationInterval: 'INTERVAL_2_MIN' as never } }),
      /'flowLogs.aggregationInterval' is "INTERVAL_2_MIN"; use 'INTERVAL_5_SEC', /,
    );
    expectFailure(
      args('dev', { securityPosture: { vulnerabilityMode: 'ENTERPRISE' as never } }),
      /'securityPosture.vulnerabilityMode' is "ENTERPRISE"; use 'VULNERABILITY_DISABLED', 'VULNERABILITY_BASIC' or 'VULNERABILITY_ENTERPRISE'/,
    );
    expectFailure(
      args('dev', { securityPosture: { mode: 'STANDARD' as never } }),
      /'securityPosture.mode' is "STANDARD"; use 'DISABLED', 'BASIC' or 'ENTERPRISE'/,
    );
    expectFailure(
      args('dev', { flowLogs: { metadata: 'CUSTOM_METADATA' as never } }),
      /'flowLogs.metadata' is "CUSTOM_METADATA"; use 'INCLUDE_ALL_METADATA' or 'EXCLUDE_ALL_METADATA'/,
    );
    expectFailure(
      args('dev', { binaryAuthorization: { enforcementMode: 'AUDIT' as never } }),
      /'binaryAuthorization.enforcementMode' is "AUDIT"; use 'ENFORCED_BLOCK_AND_AUDIT_LOG' or 'DRYRUN_AUDIT_LOG_ONLY'/,
    );
  });

  test('fails on a project policy the cluster would not enforce', () => {
    expectFailure(
      args('dev', { binaryAuthorization: { projectPolicy: true } }),
      /'binaryAuthorization.projectPolicy' is true, but 'binaryAuthorization.enforce' is false/,
    );
  });

  test('fails on an allowed image that is not a name pattern', () => {
    expectFailure(
      args('prod', { binaryAuthorization: { allowedImages: ['*'] } }),
      /'binaryAuthorization.allowedImages\[0\]' is "\*", which is not an image name pattern/,
    );
  });

  test('fails on a flag that is not a boolean (from untyped config)', () => {
    expectFailure(
      args('dev', { privateEndpoint: 'yes' as never }),
      /'privateEndpoint' is "yes"; use true or false/,
    );
  });
});
