import {
  find,
  installMocks,
  ofType,
  PROJECT_NUMBER,
  registered,
  resetRegistered,
  settle,
} from './mocks';

/*
 * The previews' Google identities under Pulumi's mocks: the base environment's stack creates,
 * once, a service account `<accountId>-pv` per workload identity with the base identity's
 * roles and secrets, which the base cluster's principal set may act as; nothing without
 * previews, nothing in another environment's stack, nothing per preview. The principal set
 * is written from GKE's "principal identifiers" table
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples).
 */

installMocks();

type Infra = typeof import('gke-platform/infra');
type PlatformModule = typeof import('gke-platform');
let infra: Infra;
let lib: PlatformModule;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const ACCOUNT = 'gcp:serviceaccount/account:Account';
const ACCOUNT_MEMBER = 'gcp:serviceaccount/iAMMember:IAMMember';
const PROJECT_MEMBER = 'gcp:projects/iAMMember:IAMMember';
const SECRET_MEMBER = 'gcp:secretmanager/secretIamMember:SecretIamMember';
const pools = { general: { machineType: 'e2-standard-4' } };

/** The principal set of every Kubernetes service account of the cluster acme-dev. */
const DEV_CLUSTER =
  `principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/` +
  'workloadIdentityPools/acme-dev-project.svc.id.goog/kubernetes.cluster/' +
  'https://container.googleapis.com/v1/projects/acme-dev-project/locations/europe-west1/clusters/acme-dev';

function platformWith(previews: boolean) {
  return lib.definePlatform({
    name: 'acme',
    secrets: { 'db-password': { readers: ['web'] }, 'report-key': { readers: ['worker'] } },
    environments: {
      dev: {
        project: 'acme-dev-project',
        nodePools: pools,
        workloadIdentities: {
          web: { roles: ['roles/cloudsql.client', 'roles/pubsub.publisher'] },
          worker: { accountId: 'acme-worker' },
        },
      },
      prod: {
        project: 'acme-prod-project',
        nodePools: pools,
        workloadIdentities: { web: { roles: ['roles/cloudsql.client'] }, worker: {} },
      },
    },
    previews: previews ? { from: 'dev', domain: 'preview.acme.example.com' } : undefined,
  });
}

async function up(platform: ReturnType<typeof platformWith>, environment: 'dev' | 'prod') {
  const gke = new infra.GkePlatform(`acme-${environment}`, {
    platform,
    environment,
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
  });
  await settle(gke);
  return gke;
}

const previewResources = () => registered.filter((r) => /-pv\b|-previews$/.test(r.name));

describe("the previews' identities in the base environment's stack", () => {
  test('one service account <accountId>-pv per workload identity, in the base project', async () => {
    await up(platformWith(true), 'dev');
    const accounts = ofType(ACCOUNT).map((a) => a.inputs.accountId);
    expect(accounts).toEqual(
      expect.arrayContaining(['web-dev', 'acme-worker', 'web-dev-pv', 'acme-worker-pv']),
    );
    expect(find(ACCOUNT, 'web-dev-pv').inputs).toMatchObject({
      accountId: 'web-dev-pv',
      project: 'acme-dev-project',
    });
  });

  test("the base cluster's principal set may act as each preview account, and only as those", async () => {
    await up(platformWith(true), 'dev');
    for (const id of ['web-dev-pv', 'acme-worker-pv']) {
      expect(find(ACCOUNT_MEMBER, `${id}-workload-identity`).inputs).toEqual({
        serviceAccountId: `projects/acme-dev-project/serviceAccounts/${id}@acme-dev-project.iam.gserviceaccount.com`,
        role: 'roles/iam.workloadIdentityUser',
        member: DEV_CLUSTER,
      });
    }
    // The base environment's own accounts stay bound to its namespace alone.
    expect(find(ACCOUNT_MEMBER, 'web-dev-workload-identity').inputs.member).toBe(
      'serviceAccount:acme-dev-project.svc.id.goog[acme-dev/web]',
    );
    const cluster = ofType(ACCOUNT_MEMBER).filter((m) => m.inputs.member === DEV_CLUSTER);
    expect(cluster.map((m) => m.name).sort()).toEqual([
      'acme-worker-pv-workload-identity',
      'web-dev-pv-workload-identity',
    ]);
  });

  test("each preview account holds its base identity's project roles, no more", async () => {
    await up(platformWith(true), 'dev');
    const rolesOf = (email: string) =>
      ofType(PROJECT_MEMBER)
        .filter((m) => m.inputs.member === `serviceAccount:${email}`)
        .map((m) => [m.inputs.project, m.inputs.role]);
    expect(rolesOf('web-dev-pv@acme-dev-project.iam.gserviceaccount.com')).toEqual([
      ['acme-dev-project', 'roles/cloudsql.client'],
      ['acme-dev-project', 'roles/pubsub.publisher'],
    ]);
    expect(rolesOf('acme-worker-pv@acme-dev-project.iam.gserviceaccount.com')).toEqual([]);
  });

  test('the secrets its base identity reads, and for the synchronization the cluster set', async () => {
    await up(platformWith(true), 'dev');
    const readersOf = (secretId: string) =>
      ofType(SECRET_MEMBER)
        .filter((m) => m.inputs.secretId === secretId)
        .map((m) => m.inputs.member)
        .sort();
    expect(readersOf('db-password')).toEqual([
      `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/acme-dev-project.svc.id.goog/subject/ns/acme-dev/sa/web`,
      DEV_CLUSTER,
      'serviceAccount:web-dev-pv@acme-dev-project.iam.gserviceaccount.com',
      'serviceAccount:web-dev@acme-dev-project.iam.gserviceaccount.com',
    ]);
    for (const m of ofType(SECRET_MEMBER))
      expect(m.inputs.role).toBe('roles/secretmanager.secretAccessor');
    // The worker's preview account reads the worker's secret, not the web's.
    expect(readersOf('report-key')).toEqual([
      `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/acme-dev-project.svc.id.goog/subject/ns/acme-dev/sa/worker`,
      DEV_CLUSTER,
      'serviceAccount:acme-worker-pv@acme-dev-project.iam.gserviceaccount.com',
      'serviceAccount:acme-worker@acme-dev-project.iam.gserviceaccount.com',
    ]);
  });

  test('nothing without previews', async () => {
    await up(platformWith(false), 'dev');
    expect(previewResources()).toEqual([]);
    expect(JSON.stringify(registered)).not.toContain('principalSet://');
  });

  test("nothing in another environment's stack: prod's accounts never serve a preview", async () => {
    await up(platformWith(true), 'prod');
    expect(previewResources()).toEqual([]);
    expect(JSON.stringify(registered)).not.toContain('principalSet://');
  });

  test('nothing per preview: the resources depend on the platform, not on any preview', async () => {
    await up(platformWith(true), 'dev');
    const names = registered.map((r) => `${r.type} ${r.name}`).sort();
    expect(names.filter((n) => n.includes('pr-'))).toEqual([]);
    expect(
      previewResources()
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'acme-dev-previews',
      'acme-dev-secret-db-password-previews',
      'acme-dev-secret-db-password-web-dev-pv',
      'acme-dev-secret-report-key-acme-worker-pv',
      'acme-dev-secret-report-key-previews',
      'acme-worker-pv',
      'acme-worker-pv-workload-identity',
      'web-dev-pv',
      'web-dev-pv-cloudsql-client',
      'web-dev-pv-pubsub-publisher',
      'web-dev-pv-workload-identity',
    ]);
  });
});
