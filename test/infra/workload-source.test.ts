import { installMocks, ofType, registered, resetRegistered, settle } from './mocks';

installMocks();
/** Synthesizing and creating stacks under mocks takes seconds on a busy machine. */
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

const CHECK = 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig';

/** prod is watched and has the static IP `web`; `staticIps: false` leaves it out. */
function platform(staticIps = true) {
  const pools = { general: { machineType: 'e2-standard-4' } };
  return lib.definePlatform({
    name: 'shop',
    environments: {
      dev: { project: 'shop-dev-project', nodePools: pools },
      prod: {
        project: 'shop-prod-project',
        nodePools: pools,
        staticIps: staticIps ? { web: { scope: 'global' } } : {},
        monitoring: { uptimeChecks: true, notify: { email: ['ops@example.com'] } },
      },
    },
  });
}

/** One web app at '/' behind the entrypoint `web`, on the static IP `web`. */
function defineWeb(chart: Chart): void {
  const web = new lib.WebService(chart, 'web', {
    image: 'nginxinc/nginx-unprivileged:1.27.3',
    port: 8080,
    health: { path: '/healthz' },
  });
  new lib.WebEntrypoint(chart, 'web', { staticIp: 'web', hosts: ['shop.example.com'] }).route(
    '/',
    web,
  );
}

function args(extra: Partial<Args>): Args {
  return {
    platform: platform(),
    environment: 'prod',
    region: 'europe-west1',
    masterAuthorizedNetworks: [],
    deployWorkloads: false,
    ...extra,
  };
}

/** Creating the stack throws a PlatformError with `message`, and registers nothing. */
function expectRefused(a: Args, message: string | RegExp): void {
  let error: unknown;
  try {
    new infra.GkePlatform('shop-prod', a);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(lib.PlatformError);
  expect((error as Error).message).toMatch(message);
  expect(registered).toEqual([]);
}

test('synthesizes one environment as synthesizePlatform does', () => {
  const p = platform();
  const [prod] = lib.synthesizePlatform(p, defineWeb, { environments: ['prod'] });
  expect(lib.workloadSource(p, defineWeb).synthesize('prod')).toEqual(prod.objects);
});

test("the stack's uptime checks come from the definition", async () => {
  const p = platform();
  const gke = new infra.GkePlatform(
    'shop-prod',
    args({ platform: p, workloads: lib.workloadSource(p, defineWeb) }),
  );
  await settle(gke);
  expect(ofType(CHECK).map((c) => c.inputs.displayName)).toEqual([
    'shop-prod https://shop.example.com/healthz',
  ]);
  // Objects of the definition, from no file.
  const ingress = gke.plan.manifests?.find((m) => m.object.kind === 'Ingress');
  expect(ingress).toMatchObject({ source: 'workloads', layer: 'edge' });
  expect(ingress?.file).toBeUndefined();
});

test('a definition the synth refuses is refused with every problem the synth reports', () => {
  const p = platform();
  // Problems only the API server's rules see: ConfigMap keys that are not valid keys (its
  // missing namespace is the environment's now, not a problem), …
  const define = (chart: Chart) => {
    defineWeb(chart);
    new lib.k8s.KubeConfigMap(chart, 'bad', {
      metadata: { name: 'bad' },
      data: { 'a key': '1', 'another key': '2', 'a third key': '3' },
    });
  };
  let synth: unknown;
  try {
    lib.synthesizePlatform(p, define, { environments: ['prod'] });
  } catch (e) {
    synth = e;
  }
  expect(synth).toBeInstanceOf(lib.PlatformError);
  expect((synth as import('gke-platform').PlatformError).more?.length).toBeGreaterThan(1);
  expectRefused(
    args({ platform: p, workloads: lib.workloadSource(p, define) }),
    (synth as Error).message,
  );
});

test("workloads that do not fit the stack's platform name 'workloads' and the object", () => {
  // Synthesized on a platform with the static IP, created on one without.
  expectRefused(
    args({ platform: platform(false), workloads: lib.workloadSource(platform(), defineWeb) }),
    "GkePlatform 'shop-prod' (prod): 'workloads' has Ingress 'web', whose 'kubernetes.io/ingress.global-static-ip-name' is 'shop-prod-web', a static IP 'prod' does not declare (declared: none); make 'workloads' from the stack's own platform: workloadSource(platform, define), or declare the static IP",
  );
});

test('workloads and manifestsDir together are refused', () => {
  const p = platform();
  expectRefused(
    args({ platform: p, workloads: lib.workloadSource(p, defineWeb), manifestsDir: 'dist/prod' }),
    "GkePlatform 'shop-prod' (prod): 'workloads' and 'manifestsDir' ('dist/prod') are both set; pass one: 'workloads' synthesizes the definition in-process, 'manifestsDir' reads a folder synthesized before",
  );
});

test('workloads of another platform are refused', () => {
  const other = lib.definePlatform({
    name: 'blog',
    environments: { prod: { nodePools: { general: { machineType: 'e2-standard-4' } } } },
  });
  expectRefused(
    args({ workloads: lib.workloadSource(other, () => {}) as never }),
    "GkePlatform 'shop-prod' (prod): 'workloads' defines the workloads of platform 'blog', not of 'shop'; make it from the stack's own platform: workloadSource(platform, define)",
  );
});

test('a definition function instead of a source is refused, naming the helper', () => {
  expectRefused(
    args({ workloads: defineWeb as never }),
    "GkePlatform 'shop-prod' (prod): 'workloads' is not a workload source; pass workloadSource(platform, define) from 'gke-platform', with the function your synth passes to synthesizePlatform",
  );
});
