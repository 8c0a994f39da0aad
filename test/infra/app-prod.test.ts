import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProgramRun, runProgram, stackConfig } from './app-stack';

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);

/**
 * The prod stack as committed (Pulumi.prod.yaml), through apps/infra.ts, run from an empty
 * folder: no dist/ to read, and what the program writes would show there.
 */
let run: ProgramRun;
let written: string[];
beforeAll(async () => {
  const empty = mkdtempSync(join(tmpdir(), 'gke-platform-prod-cwd-'));
  const cwd = process.cwd();
  try {
    process.chdir(empty);
    run = await runProgram(stackConfig('prod'));
    written = readdirSync(empty);
  } finally {
    process.chdir(cwd);
    rmSync(empty, { recursive: true, force: true });
  }
});

const CHECK = 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig';
const ALERT = 'gcp:monitoring/alertPolicy:AlertPolicy';

/** The prod objects of apps/main.ts, as `npm run synth` makes them. */
async function prodObjects(): Promise<readonly Record<string, unknown>[]> {
  const { defineShop } = await import('#apps/main');
  const { platform } = await import('#apps/platform');
  const { synthesizePlatform } = await import('gke-platform');
  return synthesizePlatform(platform, defineShop, { environments: ['prod'] })[0].objects;
}

/** The Kubernetes objects a run applied, as `<type> <namespace/name>`. */
const applied = (r: ProgramRun) =>
  r.registered
    .filter((x) => x.type.startsWith('kubernetes:') && !x.type.includes('yaml'))
    .map((x) => `${x.type} ${x.name}`)
    .sort();

const inputsOf = (r: ProgramRun, type: string, name: string) =>
  r.registered.find((x) => x.type === type && x.name === name)?.inputs;

test('exports the prod cluster with its GPU pool and both static IPs', async () => {
  expect(run.outputs).toMatchObject({
    clusterName: 'shop-prod',
    // The private IP endpoint, and the DNS-based one that operators and CI use.
    endpoint: '10.0.0.2',
    dnsEndpoint: 'gke-0123456789abcdef-shop-prod.europe-west1.gke.goog',
    nodePools: ['general', 'spot', 'gpu'],
    registries: { shop: 'europe-docker.pkg.dev/shop-artifacts/shop' },
    namespace: 'shop-prod',
  });
  expect(Object.keys(run.outputs.addresses as object).sort()).toEqual([
    'shop-prod-api-lb',
    'shop-prod-web',
  ]);
  expect(await run.isSecret('kubeconfig')).toBe(true);
});

test('applies the stack file: regional, STABLE, deletion protection, an internal authorized network', () => {
  expect(inputsOf(run, 'gcp:container/cluster:Cluster', 'shop-prod')).toMatchObject({
    location: 'europe-west1',
    releaseChannel: { channel: 'STABLE' },
    deletionProtection: true,
    masterAuthorizedNetworksConfig: {
      cidrBlocks: [{ cidrBlock: '172.16.0.0/24', displayName: 'vpn' }],
    },
  });
  const gpu = inputsOf(run, 'gcp:container/nodePool:NodePool', 'shop-prod-gpu');
  expect(gpu?.nodeConfig.guestAccelerators).toEqual([
    { type: 'nvidia-l4', count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' } },
  ]);
  // A regional cluster: the GPU pool runs only in the zones apps/platform.ts declares.
  expect(gpu?.nodeLocations).toEqual(['europe-west1-b', 'europe-west1-c']);
});

test('shows every hardening control of the README table', () => {
  const cluster = inputsOf(run, 'gcp:container/cluster:Cluster', 'shop-prod');
  expect(cluster).toMatchObject({
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
    controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
    binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
    databaseEncryption: {
      state: 'ENCRYPTED',
      keyName:
        'projects/shop-prod-project/locations/europe-west1/keyRings/shop-prod/cryptoKeys/shop-prod-secrets',
    },
    enableIntranodeVisibility: true,
    securityPostureConfig: { mode: 'BASIC', vulnerabilityMode: 'VULNERABILITY_BASIC' },
    authenticatorGroupsConfig: { securityGroup: 'gke-security-groups@example.com' },
    enableShieldedNodes: true,
    enableLegacyAbac: false,
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    datapathProvider: 'ADVANCED_DATAPATH',
    workloadIdentityConfig: { workloadPool: 'shop-prod-project.svc.id.goog' },
  });
  expect(inputsOf(run, 'gcp:kms/cryptoKey:CryptoKey', 'shop-prod-secrets')?.rotationPeriod).toBe(
    '7776000s',
  );
  expect(
    inputsOf(run, 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember', 'shop-prod-secrets-gke'),
  ).toMatchObject({ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter' });
  expect(inputsOf(run, 'gcp:compute/subnetwork:Subnetwork', 'shop-prod-nodes')?.logConfig).toEqual({
    aggregationInterval: 'INTERVAL_5_SEC',
    flowSampling: 0.5,
    metadata: 'INCLUDE_ALL_METADATA',
  });
});

test('deployWorkloads applies the manifests directory to the cluster', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gke-platform-app-'));
  try {
    writeFileSync(
      join(dir, 'all.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-prod\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop-prod\nspec: {}\n',
    );
    const deployed = await runProgram({
      ...stackConfig('prod'),
      'gke-platform:deployWorkloads': 'true',
      'gke-platform:manifestsDir': dir,
    });
    expect(
      deployed.registered
        .filter((r) => r.type.startsWith('kubernetes:') && !r.type.includes('yaml'))
        .map((r) => `${r.type} ${r.name}`),
    ).toEqual([
      'kubernetes:core/v1:Namespace shop-prod',
      'kubernetes:networking.k8s.io/v1:Ingress shop-prod/web',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('creates the Cloud Armor policy that the prod BackendConfigs name', async () => {
  const { defineShop } = await import('#apps/main');
  const { platform } = await import('#apps/platform');
  const { synthesizePlatform } = await import('gke-platform');
  const [prod] = synthesizePlatform(platform, defineShop, { environments: ['prod'] });
  const named = new Set(
    prod.objects
      .filter((o) => o.kind === 'BackendConfig')
      .map((o) => (o.spec as { securityPolicy?: { name: string } }).securityPolicy?.name),
  );
  expect([...named]).toEqual(['shop-prod-edge']);
  const policy = inputsOf(run, 'gcp:compute/securityPolicy:SecurityPolicy', 'shop-prod-edge');
  expect(policy?.name).toBe('shop-prod-edge');
  expect(policy?.rules.map((r: { action: string }) => r.action)).toEqual([
    'deny(403)',
    'deny(403)',
    'rate_based_ban',
    'allow',
  ]);
});

test('creates an uptime check and its alert per public host and route of apps/main.ts, without dist/', () => {
  // The hosts of the prod WebEntrypoint × its routes' health paths (the readiness probes).
  const expected = [
    'shop-prod-uptime-shop.example.com/healthz',
    'shop-prod-uptime-shop.example.com/sub-app/healthz',
    'shop-prod-uptime-www.shop.example.com/healthz',
    'shop-prod-uptime-www.shop.example.com/sub-app/healthz',
  ];
  const names = (type: string) =>
    run.registered
      .filter((r) => r.type === type)
      .map((r) => r.name)
      .sort();
  expect(names(CHECK)).toEqual(expected);
  expect(names(ALERT)).toEqual(expected);
  // Read, not applied (deployWorkloads: false), and nothing written where the program ran.
  expect(applied(run)).toEqual([]);
  expect(written).toEqual([]);
});

test('deployWorkloads applies the objects of apps/main.ts, synthesized in-process', async () => {
  const deployed = await runProgram({
    ...stackConfig('prod'),
    'gke-platform:deployWorkloads': 'true',
  });
  const objects = await prodObjects();
  // Every synthesized object, by its Pulumi type and name (core objects are `core/v1`).
  const expected = objects.map((o) => {
    const apiVersion = String(o.apiVersion);
    const group = apiVersion.includes('/') ? apiVersion : `core/${apiVersion}`;
    const { name, namespace } = o.metadata as { name: string; namespace?: string };
    return `kubernetes:${group}:${String(o.kind)} ${namespace ? `${namespace}/${name}` : name}`;
  });
  expect(applied(deployed)).toEqual(expected.sort());
  expect(applied(deployed)).toContain('kubernetes:networking.k8s.io/v1:Ingress shop-prod/web');
});

test('a manifestsDir synthesized from apps/main.ts gives the same uptime checks', async () => {
  const { writeManifests } = await import('gke-platform');
  const dir = mkdtempSync(join(tmpdir(), 'gke-platform-app-dist-'));
  try {
    writeManifests([{ environment: 'prod', objects: await prodObjects() }], dir);
    const fromDir = await runProgram({
      ...stackConfig('prod'),
      'gke-platform:manifestsDir': join(dir, 'prod'),
    });
    const checks = (r: ProgramRun) =>
      r.registered.filter((x) => x.type === CHECK).map((x) => x.inputs);
    expect(checks(fromDir)).toEqual(checks(run));
    expect(checks(fromDir)).toHaveLength(4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
