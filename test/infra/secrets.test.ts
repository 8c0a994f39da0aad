import {
  find,
  installMocks,
  ofType,
  PROJECT_NUMBER,
  registered,
  resetRegistered,
  resolved,
  settle,
} from './mocks';
import { exampleWorkloads } from './example-workloads';

installMocks();

type Args = import('gke-platform/infra').GkePlatformArgs;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const SECRET = 'gcp:secretmanager/secret:Secret';
const ACCESSOR = 'gcp:secretmanager/secretIamMember:SecretIamMember';
const CLUSTER = 'gcp:container/cluster:Cluster';
const SERVICE = 'gcp:projects/service:Service';
const pools = { general: { machineType: 'e2-standard-4' } };

/** dev: db-password for web and worker; prod: the same for web only, and api-key for worker. */
function platform() {
  return lib.definePlatform({
    name: 'shop',
    secrets: { 'db-password': { readers: ['web', 'worker'] } },
    environments: {
      dev: {
        project: 'shop-dev-project',
        nodePools: pools,
        workloadIdentities: { web: {}, worker: {}, report: {} },
      },
      prod: {
        project: 'shop-prod-project',
        nodePools: pools,
        workloadIdentities: { web: {}, worker: {}, report: {} },
        secrets: {
          'db-password': { readers: ['web'] },
          'api-key': { readers: ['worker'], secretId: 'API_KEY' },
        },
      },
    },
  });
}

function args(environment: string, extra: Partial<Args> = {}): Args {
  return {
    platform: platform(),
    environment,
    region: 'europe-west1',
    // A private endpoint (prod's default) accepts only internal ranges: a VPN's.
    masterAuthorizedNetworks: [
      environment === 'prod'
        ? { cidrBlock: '172.16.0.0/24', displayName: 'vpn' }
        : { cidrBlock: '203.0.113.0/24', displayName: 'office' },
    ],
    ...extra,
  };
}

/** Each resource's explicit dependencies, by resource name, as the engine was asked for them. */
const dependsOn = new Map<string, unknown[]>();

async function up(environment: string, extra: Partial<Args> = {}) {
  dependsOn.clear();
  const gke = new infra.GkePlatform(`shop-${environment}`, args(environment, extra), {
    transformations: [
      (a) => {
        dependsOn.set(a.name, [a.opts.dependsOn ?? []].flat());
        return undefined;
      },
    ],
  });
  await settle(gke);
  return gke;
}

/**
 * A reader's Kubernetes service account as an IAM principal of the project's Workload
 * Identity pool (the project number comes from the mocked getProject).
 */
const ksa = (env: string, name: string) =>
  `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/shop-${env}-project.svc.id.goog/subject/ns/shop-${env}/sa/${name}`;

/** `secret → [member, …]` of the registered accessor grants. */
function grants(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of ofType(ACCESSOR)) {
    expect(r.inputs.role).toBe('roles/secretmanager.secretAccessor');
    (out[r.inputs.secretId] ??= []).push(r.inputs.member);
  }
  for (const members of Object.values(out)) members.sort();
  return out;
}

describe('Secret Manager secrets', () => {
  test('dev: one secret container per declaration, automatic replication, no version', async () => {
    const gke = await up('dev');
    const secrets = ofType(SECRET);
    expect(secrets.map((s) => s.name)).toEqual(['shop-dev-secret-db-password']);
    expect(secrets[0].inputs).toMatchObject({
      secretId: 'db-password',
      project: 'shop-dev-project',
      replication: { auto: {} },
    });
    expect(registered.filter((r) => r.type.startsWith('gcp:secretmanager/secretVersion'))).toEqual(
      [],
    );
    // Each reader's Google service account (the add-on's file mounts) and its Kubernetes
    // service account itself (GKE's secret synchronization, Google's guide grants that one).
    expect(grants()).toEqual({
      'db-password': [
        ksa('dev', 'web'),
        ksa('dev', 'worker'),
        'serviceAccount:web-dev@shop-dev-project.iam.gserviceaccount.com',
        'serviceAccount:worker-dev@shop-dev-project.iam.gserviceaccount.com',
      ],
    });
    expect(ofType(ACCESSOR).map((r) => r.inputs.project)).toEqual(
      Array(4).fill('shop-dev-project'),
    );
    expect(gke.secrets.map((s) => s.declared.name)).toEqual(['db-password']);
    expect(await resolved(gke.secrets[0].secret.secretId)).toBe('db-password');
  });

  test("prod: the environment's readers and its own secret, each granted to exactly its readers", async () => {
    await up('prod');
    expect(ofType(SECRET).map((s) => [s.name, s.inputs.secretId])).toEqual([
      ['shop-prod-secret-db-password', 'db-password'],
      ['shop-prod-secret-api-key', 'API_KEY'],
    ]);
    expect(grants()).toEqual({
      'db-password': [
        ksa('prod', 'web'),
        'serviceAccount:web-prod@shop-prod-project.iam.gserviceaccount.com',
      ],
      API_KEY: [
        ksa('prod', 'worker'),
        'serviceAccount:worker-prod@shop-prod-project.iam.gserviceaccount.com',
      ],
    });
    // 'report' reads nothing: it gets no grant.
    expect(JSON.stringify(ofType(ACCESSOR))).not.toContain('report-prod');
  });

  test("the example's prod stack: each secret granted to its one reader's service account", async () => {
    const workloads = await exampleWorkloads();
    const gke = new infra.GkePlatform('shop-prod', {
      ...args('prod'),
      platform: workloads.platform,
      // prod declares uptime checks: the stack reads the example's workloads, not applied.
      workloads,
      deployWorkloads: false,
    });
    await settle(gke);
    expect(ofType(SECRET).map((s) => [s.inputs.secretId, s.inputs.project])).toEqual([
      ['storefront-db-password', 'shop-prod-project'],
      ['storefront-session-secret', 'shop-prod-project'],
      ['admin-database-url', 'shop-prod-project'],
      ['admin-secret-key-base', 'shop-prod-project'],
      ['fetch-rates-api-key', 'shop-prod-project'],
      ['reporting-database-url', 'shop-prod-project'],
      // The PagerDuty key of prod's alerts: read by the stack only, so granted to no workload.
      ['pagerduty-service-key', 'shop-prod-project'],
    ]);
    const reader = (id: string) => [
      ksa('prod', id),
      `serviceAccount:${id}-prod@shop-prod-project.iam.gserviceaccount.com`,
    ];
    expect(grants()).toEqual({
      'storefront-db-password': reader('storefront'),
      'storefront-session-secret': reader('storefront'),
      'admin-database-url': reader('admin'),
      'admin-secret-key-base': reader('admin'),
      'fetch-rates-api-key': reader('fetch-rates'),
      'reporting-database-url': reader('sales-report'),
    });
  });

  test('the cluster has the Secret Manager add-on, with rotation every 2 minutes', async () => {
    await up('dev');
    expect(find(CLUSTER, 'shop-dev').inputs.secretManagerConfig).toEqual({
      enabled: true,
      rotationConfig: { enabled: true, rotationInterval: '120s' },
    });
  });

  test('the cluster synchronizes secrets into Kubernetes Secrets (secretEnv), with rotation every 2 minutes', async () => {
    await up('prod');
    // https://cloud.google.com/secret-manager/docs/sync-k8-secrets
    expect(find(CLUSTER, 'shop-prod').inputs.secretSyncConfig).toEqual({
      enabled: true,
      rotationConfig: { enabled: true, rotationInterval: '120s' },
    });
  });

  test('the stack enables the Secret Manager API, kept on when the stack goes, and the secrets wait for it', async () => {
    const gke = await up('prod');
    expect(ofType(SERVICE).map((r) => [r.name, r.inputs])).toEqual([
      [
        'shop-prod-secretmanager-api',
        {
          project: 'shop-prod-project',
          service: 'secretmanager.googleapis.com',
          disableOnDestroy: false,
        },
      ],
    ]);
    expect(gke.secretManagerApi).toBeDefined();
    for (const r of [...ofType(SECRET), ...ofType(ACCESSOR)]) {
      expect([r.name, dependsOn.get(r.name)]).toEqual([r.name, [gke.secretManagerApi]]);
    }
    // Two secrets, one reader each, granted as its two principals.
    expect(ofType(SECRET).length + ofType(ACCESSOR).length).toBe(6);
  });

  test('no declared secrets: no secret resources, no API, no secret synchronization', async () => {
    const p = lib.definePlatform({
      name: 'shop',
      environments: { dev: { project: 'shop-dev-project', nodePools: pools } },
    });
    const gke = await up('dev', { platform: p });
    expect(ofType(SECRET)).toEqual([]);
    expect(ofType(ACCESSOR)).toEqual([]);
    expect(ofType(SERVICE)).toEqual([]);
    expect(gke.secretManagerApi).toBeUndefined();
    expect(find(CLUSTER, 'shop-dev').inputs.secretSyncConfig).toBeUndefined();
    // The add-on for files stays on: it costs nothing without a SecretProviderClass.
    expect(find(CLUSTER, 'shop-dev').inputs.secretManagerConfig.enabled).toBe(true);
  });

  test('fails, creating nothing, when a reader has no service account in the stack', () => {
    const p = platform();
    const env = p.environment('dev');
    jest.spyOn(p, 'environment').mockReturnValue({
      ...env,
      workloadIdentities: env.workloadIdentities.filter((i) => i.serviceAccountName !== 'worker'),
    });
    expect(() => new infra.GkePlatform('shop', { ...args('dev'), platform: p })).toThrow(
      "GkePlatform 'shop' (dev): 'secrets.db-password.readers' names 'worker', which is not a workload identity of this stack; declare 'worker' under 'workloadIdentities' of environment 'dev'",
    );
    expect(registered).toEqual([]);
  });

  test('fails, creating nothing, on a bad declaration', () => {
    expect(() =>
      lib.definePlatform({
        name: 'shop',
        environments: {
          dev: {
            project: 'p',
            nodePools: pools,
            workloadIdentities: { web: {} },
            secrets: { 'db-password': { readers: ['worker'] } },
          },
        },
      }),
    ).toThrow(
      "Platform 'shop' environment 'dev': 'secrets.db-password.readers' names 'worker', which is not a declared workload identity; use one of: web, or declare it under 'workloadIdentities'",
    );
    expect(registered).toEqual([]);
  });
});
