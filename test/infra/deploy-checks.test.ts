import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installMocks, registered, resetRegistered, settle } from './mocks';

installMocks();
/** Synthesizing the example and creating stacks under mocks takes seconds on a busy machine. */
jest.setTimeout(60_000);

type Args = import('gke-platform/infra').GkePlatformArgs;
type Platform = import('gke-platform').Platform;
type Environment = import('gke-platform').Environment;
let infra: typeof import('gke-platform/infra');
let manifestsModule: typeof import('#lib/infra/manifests');
let lib: typeof import('gke-platform');
let platform: (typeof import('#apps/platform'))['platform'];
let root: string;
/** `writeManifests` of the example platform, as `npm run synth` writes it. */
let dist: string;
/** How many objects the example synthesizes for prod. */
let prodObjects: number;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  manifestsModule = await import('#lib/infra/manifests');
  lib = await import('gke-platform');
  platform = (await import('#apps/platform')).platform;
  const { synthesizePlatform, writeManifests } = await import('gke-platform');
  const { defineShop } = await import('#apps/main');
  root = mkdtempSync(join(tmpdir(), 'gke-platform-deploy-'));
  dist = join(root, 'dist');
  const manifests = synthesizePlatform(platform, defineShop);
  writeManifests(manifests, dist);
  prodObjects = manifests.find((m) => m.environment === 'prod')?.objects.length ?? 0;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(resetRegistered);

function args(extra: Partial<Args>): Args {
  return {
    platform,
    environment: 'prod',
    region: 'europe-west1',
    masterAuthorizedNetworks: [],
    manifestsDir: join(dist, 'prod'),
    ...extra,
  };
}

/**
 * The example platform with environment `env` changed by `change`, as a stack would see a
 * platform edited after `dist/` was synthesized.
 */
function changed(env: string, change: (e: Environment) => Environment): Platform {
  const copy = Object.create(Object.getPrototypeOf(platform)) as Platform;
  Object.assign(copy, platform);
  copy.environment = (name: string) =>
    name === env ? change(platform.environment(name)) : platform.environment(name);
  return copy;
}

/** Creating the stack throws a PlatformError matching `message`, and registers nothing. */
function expectRefused(a: Args, message: RegExp): void {
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

const appliedObjects = () =>
  registered.filter(
    (r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('kubernetes:yaml'),
  );

describe("the library's own synth output", () => {
  test('deploys dist/prod as writeManifests writes it, kustomization file included', async () => {
    expect(readdirSync(join(dist, 'prod')).sort()).toContain('manifests.yaml');
    const gke = new infra.GkePlatform('shop-prod', args({}));
    await settle(gke);
    expect(gke.plan.manifests).toHaveLength(prodObjects);
    expect(appliedObjects()).toHaveLength(prodObjects);
    expect(appliedObjects().some((r) => r.type.includes('Kustomization'))).toBe(false);
    // prod declares uptime checks: one per public host × route of the example's entrypoint,
    // each requesting that route's health path (apps/main.ts), after the Ingress exists.
    expect(
      gke.monitoring.uptimeChecks.map((u) => `https://${u.target.host}${u.target.healthPath}`),
    ).toEqual([
      'https://shop.example.com/healthz',
      'https://shop.example.com/sub-app/healthz',
      'https://www.shop.example.com/healthz',
      'https://www.shop.example.com/sub-app/healthz',
    ]);
  });

  test('reads exactly what kubectl reads: .json/.yaml/.yml, no kustomization, no subfolder', () => {
    const dir = join(root, 'layout');
    cpSync(join(dist, 'prod'), dir, { recursive: true });
    // The other layout: a kustomization named `Kustomization`, which kubectl skips too.
    for (const name of readdirSync(dir)) {
      if (name.startsWith('kustomization')) renameSync(join(dir, name), join(dir, 'Kustomization'));
    }
    writeFileSync(
      join(dir, 'kustomization.yml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
    );
    writeFileSync(join(dir, 'README.md'), 'not a manifest\n');
    writeFileSync(join(dir, 'extra.YAML'), 'kind: [not read: kubectl matches extensions exactly');
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'stale.yaml'), 'kind: [not read without -R');
    writeFileSync(
      join(dir, 'extra.json'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' }, data: {} }],
      }),
    );
    expect(manifestsModule.manifestFiles(dir)).toEqual(['extra.json', 'manifests.yaml']);
    const manifests = manifestsModule.readManifests('x', dir, 'shop-prod');
    expect(manifests).toHaveLength(prodObjects + 1);
    expect(manifests[0].object).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'from-json', namespace: 'shop-prod' },
    });
  });
});

describe('refuses a stale or foreign dist/ before registering anything', () => {
  test('fails on the folder of another environment', () => {
    expectRefused(
      args({ manifestsDir: join(dist, 'dev') }),
      /\(prod\): 'manifestsDir' has Namespace 'shop-dev' in '.*manifests.yaml', but this environment's namespace is 'shop-prod'/,
    );
  });

  test('fails when no pool carries the labels a nodeSelector names', () => {
    const noGpu = changed('prod', (e) => ({
      ...e,
      nodePools: e.nodePools.filter((p) => !p.gpu),
    }));
    expectRefused(
      args({ platform: noGpu }),
      /'manifestsDir' has CronJob 'embeddings' in '.*manifests.yaml', whose nodeSelector 'cloud.google.com\/gke-accelerator: nvidia-l4' matches no node pool of 'prod' \(general, spot\); synthesize the manifests again from this platform/,
    );
  });

  test('fails on a toleration for a taint no pool has', () => {
    const retainted = changed('prod', (e) => ({
      ...e,
      nodePools: e.nodePools.map((p) =>
        p.name === 'spot'
          ? {
              ...p,
              taints: [{ key: 'cloud.google.com/gke-spot', value: 'yes', effect: 'NoSchedule' }],
            }
          : p,
      ),
    }));
    expectRefused(
      args({ platform: retainted }),
      /has CronJob 'sales-report' in '.*', which tolerates taint 'cloud.google.com\/gke-spot=true:NoSchedule', but no node pool of 'prod' has it/,
    );
  });

  test('fails on a static IP the environment no longer declares, or with another scope', () => {
    const noApiIp = changed('prod', (e) => ({
      ...e,
      staticIps: e.staticIps.filter((ip) => ip.key !== 'api-lb'),
    }));
    expectRefused(
      args({ platform: noApiIp }),
      /has Service 'api' in '.*', whose 'networking.gke.io\/load-balancer-ip-addresses' is 'shop-prod-api-lb', a static IP 'prod' does not declare \(declared: shop-prod-web \(global\)\)/,
    );
    const regionalWeb = changed('prod', (e) => ({
      ...e,
      staticIps: e.staticIps.map((ip) =>
        ip.key === 'web' ? { ...ip, scope: 'regional' as const } : ip,
      ),
    }));
    expectRefused(
      args({ platform: regionalWeb }),
      /has Ingress 'web' in '.*', whose 'kubernetes.io\/ingress.global-static-ip-name' is 'shop-prod-web', an external regional address, but this load balancer needs a global one/,
    );
  });

  test('fails on a Cloud Armor policy or a pre-shared certificate the environment no longer declares', () => {
    const noPolicy = changed('prod', (e) => ({ ...e, securityPolicies: [] }));
    expectRefused(
      args({ platform: noPolicy }),
      /has BackendConfig 'storefront' in '.*', which names the Cloud Armor policy 'shop-prod-edge', one 'prod' does not declare \(declared: none\)/,
    );
    // A dist/ whose Ingress serves a certificate that is not (or no longer) declared.
    const file = join(root, 'certs', 'prod', 'ingress.yaml');
    mkdirSync(join(root, 'certs', 'prod'), { recursive: true });
    cpSync(join(dist, 'prod'), join(root, 'certs', 'prod'), { recursive: true });
    writeFileSync(
      file,
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        '  name: extra',
        '  namespace: shop-prod',
        '  annotations:',
        '    kubernetes.io/ingress.class: gce',
        '    ingress.gcp.kubernetes.io/pre-shared-cert: shop-prod-old',
        'spec:',
        '  defaultBackend:',
        '    service: { name: storefront, port: { number: 80 } }',
        '',
      ].join('\n'),
    );
    expectRefused(
      args({ manifestsDir: join(root, 'certs', 'prod') }),
      /has Ingress 'extra' in '.*ingress.yaml', which serves the pre-shared certificate 'shop-prod-old', one 'prod' does not declare \(declared: none\)/,
    );
  });

  test('fails on a Workload Identity annotation without its binding', () => {
    const noIdentity = changed('prod', (e) => ({ ...e, workloadIdentities: [] }));
    expectRefused(
      args({ platform: noIdentity }),
      /has ServiceAccount 'storefront' in '.*', annotated to act as 'storefront-prod@shop-prod-project.iam.gserviceaccount.com', but 'prod' declares no workload identity 'storefront', so no binding lets it \(declared: none\)/,
    );
    const otherEmail = changed('prod', (e) => ({
      ...e,
      workloadIdentities: e.workloadIdentities.map((i) => ({
        ...i,
        email: 'web@shop-prod-project.iam.gserviceaccount.com',
      })),
    }));
    expectRefused(
      args({ platform: otherEmail }),
      /annotated to act as 'storefront-prod@shop-prod-project.iam.gserviceaccount.com', but the stack binds 'storefront' to 'web@shop-prod-project.iam.gserviceaccount.com'/,
    );
  });

  test('fails on an image from a Google registry the environment does not declare', () => {
    const noRegistry = changed('prod', (e) => ({ ...e, registries: [] }));
    expectRefused(
      args({ platform: noRegistry }),
      // The first object of the folder that pulls from it: Redis's snapshot job.
      /has CronJob 'redis-snapshots' in '.*', whose container 'redis-snapshots' pulls 'europe-docker.pkg.dev\/shop-artifacts\/shop\/kubectl:1.31.0' from a Google registry that 'prod' does not declare, so its nodes may not read it; declare the repository under 'registries' in the platform \(declared: none\)/,
    );
  });
});

describe('objects the example does not have', () => {
  function dirWith(name: string, yaml: string): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'all.yaml'), yaml);
    return dir;
  }
  const pod = (spec: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w }\nspec:\n  selector: { matchLabels: { a: b } }\n  template:\n    metadata: { labels: { a: b } }\n    spec:\n${spec}`;

  test('fails on pods that tolerate none of the taints of the pools they select', () => {
    expectRefused(
      args({
        manifestsDir: dirWith(
          'untolerated',
          pod(
            '      nodeSelector: { cloud.google.com/gke-nodepool: spot }\n      containers: [{ name: c, image: nginx }]\n',
          ),
        ),
      }),
      /has Deployment 'w' in '.*', whose pods tolerate the taints of none of the pools they may run on: 'spot' \(cloud.google.com\/gke-spot=true:NoSchedule\)/,
    );
  });

  test('counts GPU requests as tolerating the GPU taint, and checks the GPUs per node', () => {
    expectRefused(
      args({
        manifestsDir: dirWith(
          'gpus',
          pod(
            "      nodeSelector: { cloud.google.com/gke-nodepool: gpu }\n      containers: [{ name: c, image: nginx, resources: { limits: { nvidia.com/gpu: '2' } } }]\n",
          ),
        ),
      }),
      /has Deployment 'w' in '.*', whose pods ask for 2 nvidia.com\/gpu, but no pool they may run on has that many per node \(GPU pools: 'gpu' \(1 × nvidia-l4\)\)/,
    );
  });

  test('fails on a gce-internal Ingress where the environment has no proxy-only subnet', () => {
    expectRefused(
      args({
        manifestsDir: dirWith(
          'internal',
          'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: admin\n  annotations: { kubernetes.io/ingress.class: gce-internal }\nspec: {}\n',
        ),
      }),
      /has Ingress 'admin' in '.*', a 'gce-internal' Ingress, but environment 'prod' does not declare 'internalLoadBalancing', so the stack creates no proxy-only subnet for it; set 'internalLoadBalancing: true' for 'prod' in the platform/,
    );
  });

  test('accepts a gce-internal Ingress on an internal address where the environment declares it', async () => {
    const internal = lib.definePlatform({
      name: 'corp',
      environments: {
        prod: {
          project: 'corp-prod-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          staticIps: { intranet: { scope: 'regional', internal: true } },
          internalLoadBalancing: true,
        },
      },
    });
    const dir = dirWith(
      'internal-ok',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: admin\n  annotations:\n    kubernetes.io/ingress.class: gce-internal\n    kubernetes.io/ingress.regional-static-ip-name: corp-prod-intranet\nspec: {}\n',
    );
    const gke = new infra.GkePlatform('corp-prod', {
      ...args({ manifestsDir: dir }),
      platform: internal,
    });
    await settle(gke);
    expect(appliedObjects().map((r) => r.name)).toEqual(['corp-prod/admin']);
  });

  test('fails on an internal LoadBalancer Service that names an external address', () => {
    expectRefused(
      args({
        manifestsDir: dirWith(
          'internal-service',
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  annotations:\n    networking.gke.io/load-balancer-type: Internal\n    networking.gke.io/load-balancer-ip-addresses: shop-prod-api-lb\nspec: { type: LoadBalancer, ports: [{ port: 80 }] }\n',
        ),
      }),
      /has Service 'api' in '.*', whose 'networking.gke.io\/load-balancer-ip-addresses' is 'shop-prod-api-lb', an external regional address, but this load balancer needs an internal regional one/,
    );
  });

  test('fails on the foreign Namespace of another platform', () => {
    expectRefused(
      args({
        manifestsDir: dirWith(
          'foreign',
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-prod\n  labels: { app.kubernetes.io/part-of: blog }\n',
        ),
      }),
      /has Namespace 'shop-prod' in '.*', part of platform 'blog', not 'shop'/,
    );
  });
});
