import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { toManifestFile } from '#lib/output/write-manifests';
import {
  address,
  isAllowed,
  type Obj,
  type PodEndpoint,
  podsOf,
} from '#lib/plan/network-policy-eval';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';

/*
 * The example's dev as previews: what a preview emits, that it is valid, attached to the
 * shared Gateway, apart from dev and from other previews, and that dev's output is untouched.
 */

const time = new Date('2025-03-10T15:30:00Z');
const previewOf = (name: string) =>
  synthesizePlatform(platform, defineShop, { preview: name, previewTime: time })[0];
const dev = () =>
  synthesizePlatform(platform, defineShop, { environments: ['dev'] })[0].objects as Obj[];
const devBefore = toManifestFile(dev());
const alice = previewOf('alice');
const bob = previewOf('pr-123');
const objects = alice.objects as Obj[];
const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe("a preview of the example's dev", () => {
  it('is the environment previews/<name>, in a namespace of its own with its labels and expiry', () => {
    expect(alice.environment).toBe('previews/alice');
    expect(objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop-preview-alice',
        labels: {
          'app.kubernetes.io/part-of': 'shop',
          'app.kubernetes.io/managed-by': 'gke-platform',
          environment: 'dev',
          'gke-platform/preview-of': 'shop-dev',
          'gke-platform/preview': 'alice',
        },
        // lifetimeDays 7 after 2025-03-10T15:30Z, up to the next UTC midnight.
        annotations: { 'gke-platform/expires': '2025-03-18T00:00:00Z' },
      },
    });
    const clusterScoped = objects.filter((o) => o.metadata.namespace === undefined);
    // No log shipper, nor its cluster role: dev's runs on every node already.
    expect(clusterScoped.map(key)).toEqual(['Namespace//shop-preview-alice']);
    for (const o of objects.slice(1).filter((o) => o.metadata.namespace !== undefined))
      expect(o.metadata.namespace).toBe('shop-preview-alice');
  });

  it.each(KUBERNETES_VERSIONS)('validates against the Kubernetes %s schema', (version) => {
    expect(validateObjects(objects, [version]).map((p) => p.message)).toEqual([]);
  });

  it("passes the API server's and GKE's semantic rules", () => {
    expect(validateSemantics(objects as never)).toEqual([]);
  });

  it('has no load balancer, address or certificate of its own: one HTTPRoute on the shared Gateway', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      'Gateway',
      'Ingress',
      'ManagedCertificate',
      'FrontendConfig',
      'BackendConfig',
      'GCPGatewayPolicy',
    ])
      expect(kinds.has(kind)).toBe(false);
    const services = objects.filter((o) => o.kind === 'Service');
    expect(services.filter((s) => s.spec.type === 'LoadBalancer')).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(
      /load-balancer-ip-addresses|static-ip|shop-dev-web/,
    );
    const routes = objects.filter((o) => o.kind === 'HTTPRoute');
    expect(routes).toHaveLength(1);
    expect(routes[0].spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'previews',
        namespace: 'shop-dev',
        sectionName: 'https',
      },
    ]);
    expect(routes[0].spec.hostnames).toEqual(['alice.preview.shop.example.com']);
    expect(
      routes[0].spec.rules.map((r: Obj) => [r.matches[0].path.value, r.backendRefs[0].name]),
    ).toEqual([
      ['/', 'storefront'],
      ['/sub-app/', 'sub-app'],
    ]);
    // Each backend is health-checked from its readiness probe, beside the route.
    const policies = objects
      .filter((o) => o.kind === 'HealthCheckPolicy')
      .map((o) => o.metadata.name);
    expect(policies.sort()).toEqual(['storefront', 'sub-app']);
  });

  it('runs its CronJobs suspended', () => {
    const cronJobs = objects.filter((o) => o.kind === 'CronJob');
    expect(cronJobs.length).toBeGreaterThan(0);
    for (const c of cronJobs) expect(c.spec.suspend).toBe(true);
    // dev runs fetch-rates on its schedule; its preview does not.
    const devCronJobs = dev().filter((o) => o.kind === 'CronJob');
    expect(devCronJobs.find((c) => c.metadata.name === 'fetch-rates')?.spec.suspend).toBe(false);
  });

  it('shares no object, namespace or host with dev or another preview', () => {
    const sets = [dev(), objects, bob.objects as Obj[]].map((list) => new Set(list.map(key)));
    for (let i = 0; i < sets.length; i++)
      for (let j = i + 1; j < sets.length; j++)
        expect([...sets[i]].filter((k) => sets[j].has(k))).toEqual([]);
    const hosts = (list: readonly Obj[]) =>
      list.flatMap((o) => [
        ...(o.spec?.hostnames ?? []),
        ...(o.spec?.rules ?? []).map((r: Obj) => r.host).filter(Boolean),
      ]);
    expect(hosts(dev())).toEqual(['dev.shop.example.com']);
    expect(hosts(objects)).toEqual(['alice.preview.shop.example.com']);
    expect(hosts(bob.objects as Obj[])).toEqual(['pr-123.preview.shop.example.com']);
  });

  it("leaves dev's own output byte for byte as it was", () => {
    expect(toManifestFile(dev())).toBe(devBefore);
    // Of the previews, dev has only the shared Gateway and its HTTP redirect.
    expect(
      dev()
        .filter((o) => JSON.stringify(o).includes('preview'))
        .map((o) => `${o.kind}/${o.metadata?.name}`),
    ).toEqual(['Gateway/previews', 'HTTPRoute/previews-redirect']);
  });
});

describe("a preview's isolation, by evaluating the NetworkPolicies", () => {
  const all = [...dev(), ...objects, ...(bob.objects as Obj[])];
  const pods = podsOf(all);
  const pod = (namespace: string, name: string): PodEndpoint => {
    const found = pods.find((p) => p.namespace === namespace && p.name === name);
    if (!found) throw new Error(`no pod ${namespace}/${name}`);
    return found;
  };
  const inAlice = pods.filter((p) => p.namespace === 'shop-preview-alice');
  const outside = pods.filter(
    (p) => p.namespace !== 'shop-preview-alice' && p.name !== 'log-shipper',
  );

  it('runs every workload of dev but its DaemonAgent, in each namespace', () => {
    expect(inAlice.map((p) => p.name).sort()).toEqual(
      pods
        .filter((p) => p.namespace === 'shop-dev' && p.name !== 'log-shipper')
        .map((p) => p.name)
        .sort(),
    );
  });

  it("connections resolve within the preview: its storefront reaches its own redis, not dev's", () => {
    const storefront = pod('shop-preview-alice', 'storefront');
    expect(
      isAllowed(all, { from: storefront, to: pod('shop-preview-alice', 'redis'), port: 6379 }),
    ).toBe(true);
    expect(isAllowed(all, { from: storefront, to: pod('shop-dev', 'redis'), port: 6379 })).toBe(
      false,
    );
    expect(
      isAllowed(all, { from: storefront, to: pod('shop-preview-pr-123', 'redis'), port: 6379 }),
    ).toBe(false);
  });

  it("no pod of dev or of another preview reaches the preview's pods, on any port they serve", () => {
    for (const from of outside)
      for (const to of inAlice)
        for (const port of to.containerPorts.length > 0 ? to.containerPorts : [8080])
          expect([
            from.namespace,
            from.name,
            to.name,
            port,
            isAllowed(all, { from, to, port }),
          ]).toEqual([from.namespace, from.name, to.name, port, false]);
  });

  it("the shared Gateway's proxies and health checks reach the routed pods on their served port only", () => {
    const google = address('130.211.0.10');
    for (const [name, port] of [
      ['storefront', 8080],
      ['sub-app', 3000],
    ] as const)
      expect(isAllowed(all, { from: google, to: pod('shop-preview-alice', name), port })).toBe(
        true,
      );
    expect(
      isAllowed(all, { from: google, to: pod('shop-preview-alice', 'redis'), port: 6379 }),
    ).toBe(false);
    expect(
      isAllowed(all, { from: google, to: pod('shop-preview-alice', 'admin'), port: 8080 }),
    ).toBe(false);
  });
});
