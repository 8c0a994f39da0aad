import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { environmentGraph } from '#lib/graph/environment-graph';
import { describeScale, type EnvironmentGraph } from '#lib/graph/graph-model';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { Obj } from '#lib/plan/network-policy-eval';
import { WebEntrypoint, WebService } from 'gke-platform';

/** The example's objects per environment, as a YAML reader gets them. */
const example = JSON.parse(JSON.stringify(synthesizePlatform(platform, defineShop))) as {
  environment: string;
  objects: Obj[];
}[];
const graphOf = (environment: string): EnvironmentGraph =>
  environmentGraph(environment, example.find((e) => e.environment === environment)!.objects);
const dev = graphOf('dev');
const prod = graphOf('prod');

const workload = (g: EnvironmentGraph, name: string) => g.workloads.find((w) => w.name === name)!;
/** The connections as `from → to: ports`, ports 0 meaning any. */
const edges = (g: EnvironmentGraph) =>
  g.connections.map((c) => `${c.from.name} → ${c.to.name}: ${c.ports.join(',')}`);

// The expectations below come from apps/main.ts and apps/batch.ts, not from the output.
describe('the graph of the example', () => {
  it('has every workload of apps/main.ts and apps/batch.ts, with its kind', () => {
    const kinds = (g: EnvironmentGraph) => g.workloads.map((w) => `${w.kind} ${w.name}`).sort();
    const common = [
      'CronJob fetch-rates',
      'CronJob sales-report',
      'DaemonSet log-shipper',
      'Deployment admin',
      'Deployment api',
      'Deployment storefront',
      'Deployment sub-app',
      'StatefulSet redis',
    ];
    expect(kinds(dev)).toEqual(common);
    // prod has a GPU pool (embeddings) and redis snapshots.
    expect(kinds(prod)).toEqual(
      [...common, 'CronJob embeddings', 'CronJob redis-snapshots'].sort(),
    );
    expect(dev.namespaces).toEqual(['shop-dev']);
  });

  it('has the entry points: the web Ingress on its static IP and the api LoadBalancer', () => {
    expect(prod.entryPoints).toEqual(
      expect.arrayContaining([
        {
          kind: 'Ingress',
          name: 'web',
          frontDoor: 'Ingress gce',
          hosts: ['shop.example.com', 'www.shop.example.com'],
          staticIps: ['shop-prod-web'],
        },
        {
          kind: 'Service',
          name: 'api',
          frontDoor: 'LoadBalancer external',
          hosts: [],
          staticIps: ['shop-prod-api-lb'],
        },
      ]),
    );
    expect(prod.entryPoints).toHaveLength(2);
    // dev's api has no static IP.
    expect(dev.entryPoints.find((e) => e.name === 'api')?.staticIps).toEqual([]);
  });

  it("has every route: '/' to storefront and '/sub-app/' to sub-app on each host", () => {
    const routes = (g: EnvironmentGraph) =>
      g.routes.map(
        (r) => `${r.entry} ${r.host}${r.path} → ${r.redirect ?? r.backends.map((b) => b.service)}`,
      );
    expect(routes(dev).sort()).toEqual([
      'api ** → api',
      // The previews' shared Gateway: every preview's plain HTTP request goes to HTTPS.
      'previews */ → https 301',
      'web dev.shop.example.com/ → storefront',
      'web dev.shop.example.com/sub-app/ → sub-app',
    ]);
    expect(
      routes(prod)
        .filter((r) => r.startsWith('web'))
        .sort(),
    ).toEqual([
      'web shop.example.com/ → storefront',
      'web shop.example.com/sub-app/ → sub-app',
      'web www.shop.example.com/ → storefront',
      'web www.shop.example.com/sub-app/ → sub-app',
    ]);
  });

  it('finds the workloads behind each Service by its selector', () => {
    const services = Object.fromEntries(dev.services.map((s) => [s.name, s.workloads]));
    expect(services).toMatchObject({
      storefront: ['storefront'],
      'sub-app': ['sub-app'],
      api: ['api'],
      'redis-client': ['redis'],
    });
    expect(dev.services.find((s) => s.name === 'storefront')?.ports).toEqual(['80 → 8080']);
  });

  it('has the connections the example declares, and no other between workloads', () => {
    // storefront and api declare `connections: { REDIS: redis }`; the log shipper opts out of
    // NetworkPolicies (`networkPolicy: false`), so its policy allows everything, itself included.
    const between = (g: EnvironmentGraph) =>
      g.connections
        .filter((c) => c.from.kind === 'workload' && c.to.kind === 'workload')
        .map((c) => `${c.from.name} → ${c.to.name}: ${c.ports.join(',')}`);
    expect(between(dev)).toEqual([
      'storefront → redis: 6379',
      'api → redis: 6379',
      'log-shipper → log-shipper: 2020',
    ]);
    expect(between(prod)).toEqual(between(dev));
  });

  it('has the load balancer and metrics-scraper ingress and the egress the example opens', () => {
    expect(edges(prod)).toEqual(
      expect.arrayContaining([
        // Routed from the Ingress: storefront on 8080, sub-app on 3000.
        'load balancer → storefront: 8080',
        'load balancer → sub-app: 3000',
        // The api's own LoadBalancer Service lets any client in on its port, 5000.
        'anywhere → api: 5000',
        // metrics on storefront's http port in prod (not in dev).
        'metrics scraper → storefront: 8080',
        // egress: Cloud Trace over HTTPS, the Rails database, the supplier's API.
        'storefront → internet: 443',
        'admin → 10.22.0.3/32: 5432',
        'fetch-rates → internet: 443',
        'sales-report → 10.22.0.4/32: 5432',
        // Workload Identity: the metadata server.
        'storefront → metadata server: 80,988',
        // networkPolicy: false.
        'anywhere → log-shipper: 2020',
        'log-shipper → anywhere: 0',
      ]),
    );
    expect(edges(dev)).not.toContain('metrics scraper → storefront: 8080');
    expect(edges(dev)).toContain('admin → 10.20.0.3/32: 5432');
    // Not routed, not a LoadBalancer: nothing from outside reaches admin or redis.
    expect(edges(prod).filter((e) => / → (admin|redis):/.test(e))).toEqual([
      'storefront → redis: 6379',
      'api → redis: 6379',
    ]);
  });

  it('has replicas, autoscaling ranges, schedules and resources', () => {
    const scale = (g: EnvironmentGraph, name: string) => describeScale(workload(g, name).scale);
    expect(scale(dev, 'storefront')).toBe('1 replica');
    expect(scale(prod, 'storefront')).toBe('3–12 replicas (autoscaled)');
    expect(scale(prod, 'api')).toBe('2–6 replicas (autoscaled)');
    expect(scale(prod, 'admin')).toBe('2 replicas');
    expect(scale(prod, 'log-shipper')).toBe('one per node');
    expect(scale(dev, 'sales-report')).toBe('15 4 * * * Asia/Tokyo (suspended)');
    expect(workload(prod, 'storefront').containers).toEqual([
      expect.objectContaining({
        name: 'storefront',
        image: 'europe-docker.pkg.dev/shop-artifacts/shop/storefront:1.8.2',
        // cpuLimit: false in prod: a request, no limit.
        requests: expect.objectContaining({ cpu: '500m', memory: '1Gi' }),
        limits: { memory: '1Gi' },
      }),
    ]);
    // admin's Rails sidecar is a container of its own.
    expect(workload(prod, 'admin').containers.map((c) => c.image)).toEqual([
      'nginxinc/nginx-unprivileged:1.27.3',
      'europe-docker.pkg.dev/shop-artifacts/shop/admin-rails:7.1.3',
    ]);
  });

  it('has the nodes each workload lands on: Spot, GPU, every node', () => {
    expect(workload(prod, 'sales-report').placement).toMatchObject({
      spot: true,
      summary: 'Spot or preemptible nodes (preferred)',
    });
    expect(workload(prod, 'embeddings').placement).toMatchObject({
      gpuType: 'nvidia-l4',
      gpus: 1,
      summary: 'GPU nodes (1 × nvidia-l4)',
    });
    expect(workload(prod, 'log-shipper').placement.summary).toBe(
      'any pool (Spot and GPU nodes included)',
    );
    expect(workload(prod, 'storefront').placement).toMatchObject({
      pools: [],
      spot: false,
      summary: 'any pool without taints',
    });
  });

  it("has the secrets' names and readers, and each Workload Identity", () => {
    expect(workload(prod, 'storefront').secrets).toEqual([
      'storefront-db-password',
      'storefront-session-secret',
    ]);
    expect(prod.secrets).toContainEqual({
      name: 'reporting-database-url',
      source: 'Secret Manager',
      project: 'shop-prod-project',
      usedBy: ['sales-report'],
    });
    expect(prod.secrets.map((s) => s.name).sort()).toEqual([
      'admin-database-url',
      'admin-secret-key-base',
      'fetch-rates-api-key',
      'reporting-database-url',
      'storefront-db-password',
      'storefront-session-secret',
    ]);
    // `${name}-${environment}@${project}`: lib/platform/platform.ts.
    expect(prod.identities).toContainEqual({
      serviceAccount: 'storefront',
      gcpServiceAccount: 'storefront-prod@shop-prod-project.iam.gserviceaccount.com',
      usedBy: ['storefront'],
    });
    expect(prod.identities.find((i) => i.serviceAccount === 'api')?.gcpServiceAccount).toBe(
      undefined,
    );
  });
});

describe('the graph of other objects', () => {
  it('reads a Gateway: its routes with weights, the redirect, its address', () => {
    const [, , prodOut] = synthesizePlatform(platform, (chart) => {
      const web = new WebService(chart, 'web', {
        image: 'europe-docker.pkg.dev/shop-artifacts/shop/web:1.4.2',
        port: 8080,
        health: { path: '/healthz' },
        canary: {
          dev: false,
          staging: false,
          prod: { image: 'europe-docker.pkg.dev/shop-artifacts/shop/web:1.5.0', weight: 10 },
        },
      });
      new WebEntrypoint(chart, 'web', {
        frontDoor: 'gateway',
        staticIp: 'web',
        hosts: ['shop.example.com'],
        gateway: { certificateMap: 'shop-example-com' },
      }).route('/', web);
    });
    const g = environmentGraph('prod', JSON.parse(JSON.stringify(prodOut.objects)) as Obj[]);
    expect(g.entryPoints).toEqual([
      {
        kind: 'Gateway',
        name: 'web',
        frontDoor: 'Gateway gke-l7-global-external-managed',
        hosts: ['shop.example.com'],
        staticIps: ['shop-prod-web'],
      },
    ]);
    expect(g.routes).toEqual(
      expect.arrayContaining([
        { entry: 'web', host: 'shop.example.com', path: '/', backends: [], redirect: 'https 301' },
        {
          entry: 'web',
          host: 'shop.example.com',
          path: '/',
          backends: [
            { service: 'web', port: 80, weight: 90 },
            { service: 'web-canary', port: 80, weight: 10 },
          ],
        },
      ]),
    );
    expect(g.services.map((s) => `${s.name}: ${s.workloads}`)).toEqual([
      'web: web',
      'web-canary: web-canary',
    ]);
  });

  it('reads a Secret by name only, never its value, and a pool on the node pool label', () => {
    const objects: Obj[] = [
      { kind: 'Secret', metadata: { name: 'tls', namespace: 'n' }, data: { key: 'c2VjcmV0' } },
      {
        kind: 'Deployment',
        metadata: { name: 'w', namespace: 'n' },
        spec: {
          template: {
            metadata: { labels: { app: 'w' } },
            spec: {
              nodeSelector: { 'cloud.google.com/gke-nodepool': 'general' },
              containers: [
                {
                  name: 'w',
                  image: 'w:1',
                  env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'tls', key: 'key' } } }],
                },
              ],
            },
          },
        },
      },
    ];
    const g = environmentGraph('x', objects);
    expect(g.secrets).toEqual([{ name: 'tls', source: 'Secret', usedBy: ['w'] }]);
    expect(JSON.stringify(g)).not.toContain('c2VjcmV0');
    expect(g.workloads[0].placement.summary).toBe('pool general');
    expect(describeScale(g.workloads[0].scale)).toBe('1 replica');
    // No NetworkPolicy: the pods may connect anywhere; no container port: nothing reaches them.
    expect(edges(g)).toEqual(['w → anywhere: 0']);
  });
});
