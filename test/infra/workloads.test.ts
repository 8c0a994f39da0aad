import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import { find, installMocks, ofType, registered, resetRegistered, settle } from './mocks';

installMocks();

type Args = import('gke-platform/infra').GkePlatformArgs;
let infra: typeof import('gke-platform/infra');
let manifestsModule: typeof import('#lib/infra/manifests');
let lib: typeof import('gke-platform');
let platform: import('gke-platform').Platform;
let root: string;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  manifestsModule = await import('#lib/infra/manifests');
  lib = await import('gke-platform');
  platform = (await import('#apps/platform')).platform;
  root = mkdtempSync(join(tmpdir(), 'gke-platform-infra-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(resetRegistered);

/** What `npm run synth` writes for prod, in miniature: several files, several documents each. */
const PROD_MANIFESTS: Record<string, string> = {
  '00-namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-prod\n',
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop-prod
spec:
  selector:
    matchLabels: { app.kubernetes.io/name: web }
  template:
    metadata:
      labels: { app.kubernetes.io/name: web }
    spec:
      containers:
        - name: web
          image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop-prod
spec:
  type: ClusterIP
  ports: [{ port: 80 }]
---
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: web
  namespace: shop-prod
spec:
  healthCheck: { requestPath: /healthz }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop-prod
  annotations:
    kubernetes.io/ingress.class: gce
    kubernetes.io/ingress.global-static-ip-name: shop-prod-web
spec:
  defaultBackend:
    service: { name: web, port: { number: 80 } }
`,
  'api.yml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: api
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: Service
metadata:
  name: api-lb
  namespace: shop-prod
spec:
  type: LoadBalancer
  loadBalancerIP: shop-prod-api-lb
  ports: [{ port: 443 }]
`,
  'README.md': 'not a manifest',
};

function writeDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function args(extra: Partial<Args>): Args {
  return {
    platform,
    environment: 'prod',
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
    ...extra,
  };
}

/** Records each resource's explicit dependencies as Pulumi receives them (transformations see the final options). */
function recordDependencies(): {
  deps: Map<string, pulumi.Resource[]>;
  opts: pulumi.ComponentResourceOptions;
} {
  const deps = new Map<string, pulumi.Resource[]>();
  return {
    deps,
    opts: {
      transformations: [
        (a) => {
          deps.set(`${a.type} ${a.name}`, [
            ...((a.opts.dependsOn as pulumi.Resource[] | undefined) ?? []),
          ]);
          return undefined;
        },
      ],
    },
  };
}

test('applies nothing without workloads or manifestsDir', async () => {
  // dev declares no uptime checks, so it needs no workloads.
  const gke = new infra.GkePlatform('shop-dev', args({ environment: 'dev' }));
  await settle(gke);
  expect(gke.workloads).toBeUndefined();
  expect(
    registered.filter(
      (r) => r.type.startsWith('kubernetes') || r.type === 'pulumi:providers:kubernetes',
    ),
  ).toEqual([]);
});

test('applies every object of the directory with a provider built from the cluster kubeconfig', async () => {
  const gke = new infra.GkePlatform(
    'shop-prod',
    args({ manifestsDir: writeDir('prod', PROD_MANIFESTS) }),
  );
  await settle(gke);
  const provider = find('pulumi:providers:kubernetes', 'shop-prod-k8s').inputs;
  expect(provider.namespace).toBe('shop-prod');
  // The kubeconfig reaches the provider still marked secret.
  expect(provider.kubeconfig).toMatchObject({
    '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
  });
  expect(JSON.parse(provider.kubeconfig.value).users[0].user.exec.command).toBe(
    'gke-gcloud-auth-plugin',
  );
  expect(
    registered
      .filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('kubernetes:yaml'))
      .map((r) => `${r.type} ${r.name}`)
      .sort(),
  ).toEqual([
    'kubernetes:apps/v1:Deployment shop-prod/web',
    'kubernetes:cloud.google.com/v1:BackendConfig shop-prod/web',
    'kubernetes:core/v1:ConfigMap shop-prod/api',
    'kubernetes:core/v1:Namespace shop-prod',
    'kubernetes:core/v1:Service shop-prod/api-lb',
    'kubernetes:core/v1:Service shop-prod/web',
    'kubernetes:networking.k8s.io/v1:Ingress shop-prod/web',
  ]);
  // An object without a namespace goes into the environment's namespace.
  expect(find('kubernetes:core/v1:ConfigMap', 'shop-prod/api').inputs.metadata.namespace).toBe(
    'shop-prod',
  );
  expect(
    find('kubernetes:networking.k8s.io/v1:Ingress', 'shop-prod/web').inputs.metadata.annotations,
  ).toMatchObject({
    'kubernetes.io/ingress.global-static-ip-name': 'shop-prod-web',
  });
  expect(ofType('kubernetes:yaml:ConfigGroup').map((r) => r.name)).toEqual([
    'shop-prod-setup',
    'shop-prod-app',
    'shop-prod-edge',
  ]);
});

test('sorts objects into layers: namespace first, load balancer owners last', async () => {
  const manifests = manifestsModule.readManifests(
    'x',
    writeDir('layers', PROD_MANIFESTS),
    'shop-prod',
  );
  expect(manifests.map((m) => `${m.layer} ${m.object.kind} ${m.object.metadata.name}`)).toEqual([
    'setup Namespace shop-prod',
    'app ConfigMap api',
    'edge Service api-lb',
    'app Deployment web',
    'app Service web',
    'app BackendConfig web',
    'edge Ingress web',
  ]);
});

test('orders destroy: Ingresses and LoadBalancer Services, then workloads, namespace, node pools, cluster', async () => {
  const { deps, opts } = recordDependencies();
  const gke = new infra.GkePlatform(
    'shop-prod',
    args({ manifestsDir: writeDir('order', PROD_MANIFESTS) }),
    opts,
  );
  await settle(gke);
  const layers = gke.workloads?.layers ?? {};

  // Who each resource waits for, by label. Explicit dependencies as recorded, plus the
  // implicit ones through inputs: node pools take the cluster's name, the provider its kubeconfig.
  const label = new Map<pulumi.Resource, string>([
    [gke.cluster, 'Cluster'],
    ...gke.nodePools.map((p, i) => [p, `NodePool ${gke.plan.nodePools[i].name}`] as const),
    ...gke.addresses.map((a) => [a.address, `Address ${a.ip.name}`] as const),
    ...Object.entries(layers).map(([name, l]) => [l.group, `ConfigGroup ${name}`] as const),
  ]);
  const waitsFor = new Map<string, string[]>();
  for (const p of gke.nodePools) waitsFor.set(label.get(p) ?? '', ['Cluster']);
  for (const [key, ds] of deps) {
    const kind = key.split(' ')[0].split(':').pop();
    if (!key.startsWith('kubernetes:') || key.startsWith('kubernetes:yaml')) continue;
    waitsFor.set(
      `${kind} ${key.split(' ')[1]}`,
      ds.map((d) => label.get(d) ?? 'unknown'),
    );
  }
  // Group dependencies stand for all of the group's objects.
  const members = (group: string) => [...waitsFor.keys()].filter((k) => layerOf(k) === group);
  const layerOf = (k: string) =>
    k.startsWith('Namespace')
      ? 'setup'
      : /^(Ingress|Service shop-prod\/api-lb)/.test(k)
        ? 'edge'
        : 'app';
  const expand = (d: string) =>
    d.startsWith('ConfigGroup ') ? members(d.slice('ConfigGroup '.length)) : [d];

  const depth = new Map<string, number>();
  const level = (n: string): number => {
    if (!depth.has(n))
      depth.set(n, 1 + Math.max(-1, ...(waitsFor.get(n) ?? []).flatMap(expand).map(level)));
    return depth.get(n) ?? 0;
  };
  const all = [...new Set([...waitsFor.keys(), ...[...waitsFor.values()].flat().flatMap(expand)])];
  // `pulumi destroy` deletes a resource only after everything that waits for it.
  const destroyOrder: string[][] = [];
  for (const n of all) destroyOrder[level(n)] = [...(destroyOrder[level(n)] ?? []), n];
  expect(destroyOrder.reverse().map((step) => step.sort())).toEqual([
    ['Ingress shop-prod/web', 'Service shop-prod/api-lb'],
    [
      'BackendConfig shop-prod/web',
      'ConfigMap shop-prod/api',
      'Deployment shop-prod/web',
      'Service shop-prod/web',
    ],
    ['Namespace shop-prod'],
    ['NodePool general', 'NodePool gpu', 'NodePool spot'],
    ['Address shop-prod-api-lb', 'Address shop-prod-web', 'Cluster'],
  ]);
  // The edge objects wait for the static IPs they name, so those outlive them too.
  expect(waitsFor.get('Ingress shop-prod/web')).toEqual(
    expect.arrayContaining(['Address shop-prod-web', 'Address shop-prod-api-lb']),
  );
  expect(layers.edge?.dependsOn).toEqual(
    expect.arrayContaining([...gke.nodePools, layers.app?.group]),
  );
});

describe('manifest errors, before any resource', () => {
  function expectFailure(dir: string, message: RegExp): void {
    expect(() => new infra.GkePlatform('shop-prod', args({ manifestsDir: dir }))).toThrow(
      lib.PlatformError,
    );
    expect(() => new infra.GkePlatform('shop-prod', args({ manifestsDir: dir }))).toThrow(message);
    expect(registered).toEqual([]);
  }

  test('fails when the directory does not exist', () => {
    expectFailure(
      join(root, 'missing'),
      /\(prod\): 'manifestsDir' is '.*missing', which is not a directory; synthesize the workloads first/,
    );
  });

  test('fails when the directory holds no objects', () => {
    expectFailure(
      writeDir('empty', { 'notes.txt': 'x', 'blank.yaml': '---\n' }),
      /which holds no Kubernetes objects/,
    );
  });

  test('fails on a file that is not YAML', () => {
    expectFailure(
      writeDir('broken', { 'a.yaml': 'kind: [unclosed\n' }),
      /has '.*a.yaml', which is not valid YAML/,
    );
  });

  test('fails on an object without kind', () => {
    expectFailure(
      writeDir('kindless', { 'a.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n' }),
      /without apiVersion, kind or metadata.name/,
    );
  });

  test('fails on manifests synthesized for another environment', () => {
    const dev = writeDir('dev', {
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-dev\n',
    });
    expectFailure(
      dev,
      /has Namespace 'shop-dev' in '.*ns.yaml', but this environment's namespace is 'shop-prod'; point it at the directory synthesized for this environment/,
    );
    const mixed = writeDir('mixed', {
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: shop-dev\n',
    });
    expectFailure(mixed, /has ConfigMap 'x' in '.*cm.yaml' in namespace 'shop-dev'/);
  });
});
