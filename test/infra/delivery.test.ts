import { parse } from 'yaml';
import { find, installMocks, ofType, registered, resetRegistered, resolved, settle } from './mocks';

installMocks();

type Args = import('gke-platform/infra').GkePlatformArgs;
type DeliveryArgs = import('gke-platform/infra').DeliveryArgs;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const PIPELINE = 'gcp:clouddeploy/deliveryPipeline:DeliveryPipeline';
const TARGET = 'gcp:clouddeploy/target:Target';
const ACCOUNT = 'gcp:serviceaccount/account:Account';
const MEMBER = 'gcp:projects/iAMMember:IAMMember';
const SERVICE = 'gcp:projects/service:Service';
const DEPLOYER = 'shop-deploy@shop-prod-project.iam.gserviceaccount.com';
const pools = { general: { machineType: 'e2-standard-4' } };

/** dev, staging and prod, each in its own project; 'sandbox' declares none. */
function platform() {
  return lib.definePlatform({
    name: 'shop',
    environments: {
      dev: { project: 'shop-dev-project', nodePools: pools },
      staging: { project: 'shop-staging-project', nodePools: pools },
      prod: { project: 'shop-prod-project', nodePools: pools },
      sandbox: { nodePools: pools },
    },
  });
}

/** The clusters of the other stacks: dev is zonal, staging regional. */
const clusters = { dev: { location: 'europe-west1-b' }, staging: { location: 'europe-west1' } };

/** The prod stack (private endpoint and DNS endpoint on, as in production by default). */
function args(delivery?: DeliveryArgs, environment = 'prod'): Args {
  return {
    platform: platform(),
    environment,
    project: environment === 'sandbox' ? 'shop-sandbox-project' : undefined,
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24', displayName: 'vpn' }],
    ...(delivery ? { delivery } : {}),
  };
}

async function up(delivery?: DeliveryArgs, environment = 'prod') {
  const gke = new infra.GkePlatform(`shop-${environment}`, args(delivery, environment));
  await settle(gke);
  const d = gke.delivery;
  if (d) {
    const all = [...d.apis, d.serviceAccount, ...d.roles, ...d.targets, d.pipeline];
    await Promise.all(all.map((r) => resolved(r.urn)));
  }
  return gke;
}

/** The stack throws a PlatformError matching `message`, and registers nothing. */
function expectFailure(delivery: DeliveryArgs, message: RegExp, environment = 'prod'): void {
  let error: unknown;
  try {
    new infra.GkePlatform(`shop-${environment}`, args(delivery, environment));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(lib.PlatformError);
  expect((error as Error).message).toMatch(message);
  expect(registered).toEqual([]);
}

describe('delivery: a Cloud Deploy pipeline through the environments', () => {
  const delivery = {
    environments: ['dev', 'staging', 'prod'],
    requireApproval: ['prod'],
    clusters,
  };

  test('one serial stage per environment, in order, each rendering its Skaffold profile', async () => {
    await up(delivery);
    const pipelines = ofType(PIPELINE);
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0].inputs).toMatchObject({
      name: 'shop',
      project: 'shop-prod-project',
      location: 'europe-west1',
      labels: { 'gke-platform': 'shop' },
    });
    expect(pipelines[0].inputs.serialPipeline.stages).toEqual([
      { targetId: 'shop-dev', profiles: ['dev'] },
      { targetId: 'shop-staging', profiles: ['staging'] },
      { targetId: 'shop-prod', profiles: ['prod'] },
    ]);
  });

  test("targets point at each environment's cluster; the stack's own through its outputs", async () => {
    await up(delivery);
    const gke = (name: string) => find(TARGET, name).inputs.gke;
    expect(ofType(TARGET).map((t) => t.inputs.name)).toEqual([
      'shop-dev',
      'shop-staging',
      'shop-prod',
    ]);
    expect(gke('shop-dev')).toEqual({
      cluster: 'projects/shop-dev-project/locations/europe-west1-b/clusters/shop-dev',
    });
    expect(gke('shop-staging')).toEqual({
      cluster: 'projects/shop-staging-project/locations/europe-west1/clusters/shop-staging',
    });
    // prod's control plane is private: Cloud Build's default pool reaches it by DNS.
    expect(gke('shop-prod')).toEqual({
      cluster: 'projects/shop-prod-project/locations/europe-west1/clusters/shop-prod',
      dnsEndpoint: true,
    });
    for (const t of ofType(TARGET)) {
      expect(t.inputs).toMatchObject({ project: 'shop-prod-project', location: 'europe-west1' });
      expect(t.inputs.executionConfigs).toEqual([
        { usages: ['RENDER', 'DEPLOY'], serviceAccount: DEPLOYER },
      ]);
    }
  });

  test('the own cluster of a zonal stack, and a DNS endpoint asked for another stack', async () => {
    const gke = new infra.GkePlatform('shop-dev', {
      ...args(
        {
          clusters: {
            staging: { location: 'europe-west1', dnsEndpoint: true },
            prod: { location: 'europe-west1', dnsEndpoint: true },
          },
          environments: ['dev', 'staging', 'prod'],
        },
        'dev',
      ),
      zone: 'europe-west1-c',
    });
    await settle(gke);
    await Promise.all(gke.delivery!.targets.map((t) => resolved(t.urn)));
    expect(find(TARGET, 'shop-dev').inputs.gke).toEqual({
      cluster: 'projects/shop-dev-project/locations/europe-west1-c/clusters/shop-dev',
    });
    expect(find(TARGET, 'shop-prod').inputs.gke.dnsEndpoint).toBe(true);
    expect(ofType(PIPELINE)[0].inputs.project).toBe('shop-dev-project');
  });

  test('approvals only where asked', async () => {
    await up(delivery);
    expect(ofType(TARGET).map((t) => [t.inputs.name, t.inputs.requireApproval])).toEqual([
      ['shop-dev', false],
      ['shop-staging', false],
      ['shop-prod', true],
    ]);
  });

  test('the execution service account: job runner and log writer here, developer on each target project', async () => {
    await up(delivery);
    expect(find(ACCOUNT, 'shop-deploy').inputs).toMatchObject({
      accountId: 'shop-deploy',
      project: 'shop-prod-project',
    });
    const grants = ofType(MEMBER)
      .filter((m) => m.inputs.member === `serviceAccount:${DEPLOYER}`)
      .map((m) => [m.inputs.project, m.inputs.role]);
    expect(grants).toEqual([
      ['shop-prod-project', 'roles/clouddeploy.jobRunner'],
      ['shop-prod-project', 'roles/logging.logWriter'],
      ['shop-dev-project', 'roles/container.developer'],
      ['shop-staging-project', 'roles/container.developer'],
      ['shop-prod-project', 'roles/container.developer'],
    ]);
  });

  test("Cloud Deploy's and Cloud Build's APIs are enabled, and stay on after a destroy", async () => {
    await up(delivery);
    const apis = ofType(SERVICE).filter((s) => /clouddeploy|cloudbuild/.test(s.inputs.service));
    expect(apis.map((s) => s.inputs)).toEqual([
      {
        project: 'shop-prod-project',
        service: 'clouddeploy.googleapis.com',
        disableOnDestroy: false,
      },
      {
        project: 'shop-prod-project',
        service: 'cloudbuild.googleapis.com',
        disableOnDestroy: false,
      },
    ]);
  });

  test("defaults: the platform's name, every environment in declaration order, no approval", async () => {
    const all = {
      clusters: {
        ...clusters,
        sandbox: { location: 'europe-west1', project: 'shop-sandbox-project' },
      },
    };
    await up(all);
    expect(ofType(PIPELINE)[0].inputs.name).toBe('shop');
    expect(ofType(PIPELINE)[0].inputs.serialPipeline.stages.map((s: any) => s.targetId)).toEqual([
      'shop-dev',
      'shop-staging',
      'shop-prod',
      'shop-sandbox',
    ]);
    expect(ofType(TARGET).every((t) => t.inputs.requireApproval === false)).toBe(true);
    expect(find(TARGET, 'shop-sandbox').inputs.gke.cluster).toBe(
      'projects/shop-sandbox-project/locations/europe-west1/clusters/shop-sandbox',
    );
  });

  test('a named pipeline over some environments names its targets and service account after it', async () => {
    await up({
      pipeline: 'storefront',
      environments: ['staging', 'prod'],
      clusters: { staging: clusters.staging },
    });
    expect(ofType(PIPELINE).map((p) => p.inputs.name)).toEqual(['storefront']);
    expect(ofType(TARGET).map((t) => t.inputs.name)).toEqual([
      'storefront-staging',
      'storefront-prod',
    ]);
    expect(ofType(ACCOUNT).map((a) => a.inputs.accountId)).toContain('storefront-deploy');
  });

  test('without the option, no Cloud Deploy resource, account or API', async () => {
    const gke = await up(undefined);
    expect(gke.delivery).toBeUndefined();
    expect(registered.filter((r) => r.type.startsWith('gcp:clouddeploy'))).toEqual([]);
    expect(ofType(ACCOUNT).map((a) => a.inputs.accountId)).not.toContain('shop-deploy');
    expect(ofType(SERVICE).map((s) => s.inputs.service)).not.toContain(
      'clouddeploy.googleapis.com',
    );
  });
});

describe('delivery: bad options fail before anything is created', () => {
  test.each<[string, DeliveryArgs, RegExp]>([
    [
      'an unknown environment',
      { environments: ['dev', 'qa'], clusters },
      /'delivery\.environments\[1\]' is 'qa', not an environment of the platform; use one of dev, staging, prod, sandbox/,
    ],
    [
      'an environment twice',
      { environments: ['dev', 'prod', 'dev'], clusters },
      /'delivery\.environments\[2\]' repeats 'dev'/,
    ],
    [
      'no environment',
      { environments: [] },
      /'delivery\.environments' is \[\]; list the environments in promotion order/,
    ],
    [
      'an approval outside the pipeline',
      {
        environments: ['staging', 'prod'],
        requireApproval: ['dev'],
        clusters: { staging: clusters.staging },
      },
      /'delivery\.requireApproval\[0\]' is 'dev', which is not a stage of the pipeline; use one of staging, prod/,
    ],
    [
      'a pipeline ID with capitals',
      { pipeline: 'Shop_Pipeline', environments: ['prod'] },
      /'delivery\.pipeline' is "Shop_Pipeline", which is not a Cloud Deploy ID/,
    ],
    [
      'a pipeline ID ending with a hyphen',
      { pipeline: 'shop-', environments: ['prod'] },
      /'delivery\.pipeline' is "shop-", which is not a Cloud Deploy ID/,
    ],
    [
      'a pipeline ID too long for its service account',
      { pipeline: 'shop-storefront-pipeline', environments: ['prod'] },
      /'delivery\.pipeline' makes the execution service account ID 'shop-storefront-pipeline-deploy' longer than 30 characters/,
    ],
    [
      "another environment's cluster not located",
      { environments: ['dev', 'prod'] },
      /'delivery\.clusters\.dev' is not set, and the stack knows only the cluster of 'prod'; give the location of 'shop-dev'/,
    ],
    [
      'a cluster location that is no region or zone',
      { environments: ['dev', 'prod'], clusters: { dev: { location: 'europe' } } },
      /'delivery\.clusters\.dev\.location' is "europe", which is not a GCP region or zone/,
    ],
    [
      'a cluster for an environment outside the pipeline',
      { environments: ['staging', 'prod'], clusters },
      /'delivery\.clusters\.dev' names an environment that is not a stage of the pipeline/,
    ],
    [
      "the stack's own cluster elsewhere",
      { environments: ['prod'], clusters: { prod: { location: 'europe-west4' } } },
      /'delivery\.clusters\.prod\.location' is "europe-west4", but this stack's own cluster has "europe-west1"/,
    ],
    [
      'an environment without a project',
      { environments: ['sandbox', 'prod'], clusters: { sandbox: { location: 'europe-west1' } } },
      /'delivery\.clusters\.sandbox\.project' is not set, and environment 'sandbox' declares no project/,
    ],
    [
      'another project than the platform declares',
      {
        environments: ['dev', 'prod'],
        clusters: { dev: { location: 'europe-west1-b', project: 'other-project' } },
      },
      /'delivery\.clusters\.dev\.project' is 'other-project', but the platform declares project 'shop-dev-project'/,
    ],
  ])('%s', (_, delivery, message) => {
    expectFailure(delivery, new RegExp(`^GkePlatform 'shop-prod' \\(prod\\): ${message.source}`));
  });
});

describe('skaffoldConfig', () => {
  test('one rawYaml profile per environment, from its synthesized folder', () => {
    const text = infra.skaffoldConfig(platform(), { environments: ['dev', 'staging', 'prod'] });
    expect(parse(text)).toEqual({
      apiVersion: 'skaffold/v4beta7',
      kind: 'Config',
      metadata: { name: 'shop' },
      profiles: [
        { name: 'dev', manifests: { rawYaml: ['dist/dev/manifests.yaml'] } },
        { name: 'staging', manifests: { rawYaml: ['dist/staging/manifests.yaml'] } },
        { name: 'prod', manifests: { rawYaml: ['dist/prod/manifests.yaml'] } },
      ],
      deploy: { kubectl: {} },
    });
    expect(text).toMatchSnapshot();
  });

  test('every environment by default, and another folder', () => {
    const config = parse(infra.skaffoldConfig(platform(), { dist: './out/' }));
    expect(config.profiles.map((p: any) => [p.name, p.manifests.rawYaml])).toEqual([
      ['dev', ['out/dev/manifests.yaml']],
      ['staging', ['out/staging/manifests.yaml']],
      ['prod', ['out/prod/manifests.yaml']],
      ['sandbox', ['out/sandbox/manifests.yaml']],
    ]);
  });

  test("'.' for a skaffold.yaml written inside dist/, the release's whole source", () => {
    const config = parse(infra.skaffoldConfig(platform(), { environments: ['prod'], dist: '.' }));
    expect(config.profiles).toEqual([
      { name: 'prod', manifests: { rawYaml: ['prod/manifests.yaml'] } },
    ]);
  });

  test.each<[string, import('gke-platform/infra').SkaffoldConfigOptions, RegExp]>([
    [
      'an unknown environment',
      { environments: ['qa'] },
      /'environments\[0\]' is 'qa', not an environment of the platform/,
    ],
    [
      'a repeated environment',
      { environments: ['dev', 'dev'] },
      /'environments\[1\]' repeats 'dev'/,
    ],
    ['no environment', { environments: [] }, /'environments' is empty/],
    [
      'a folder outside the source',
      { dist: '../dist' },
      /'dist' is "\.\.\/dist", which is not a plain folder inside the release's source/,
    ],
    ['an absolute folder', { dist: '/tmp/dist' }, /'dist' is "\/tmp\/dist"/],
  ])('refuses %s', (_, options, message) => {
    expect(() => infra.skaffoldConfig(platform(), options)).toThrow(lib.PlatformError);
    expect(() => infra.skaffoldConfig(platform(), options)).toThrow(
      new RegExp(`^skaffoldConfig \\(shop\\): ${message.source}`),
    );
  });
});
