import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CronTask,
  definePlatform,
  type EnvironmentChart,
  PlatformError,
  StatefulService,
  synthesizePlatform,
  WebEntrypoint,
  WebService,
} from 'gke-platform';

type Obj = Record<string, any>;

const repository = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const spot = {
  machineType: 'e2-standard-4',
  capacity: 'spot' as const,
  taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' as const }],
};
const make = (previews: object | undefined) =>
  definePlatform({
    name: 'acme',
    registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
    ...(previews ? { previews: previews as never } : {}),
    environments: {
      dev: {
        nodePools: { general: { machineType: 'e2-standard-4' }, spot },
        staticIps: { web: { scope: 'global' }, api: { scope: 'regional' } },
      },
      prod: { nodePools: { general: { machineType: 'e2-standard-4' } } },
    },
  });
const platform = make({
  from: 'dev',
  domain: 'preview.acme.example.com',
  size: { replicas: 1, requestsPercent: 25, spot: true },
});

function define(chart: EnvironmentChart<'dev' | 'prod'>): void {
  const web = new WebService(chart, 'web', {
    image: `${repository}:1.0.0`,
    port: 8080,
    replicas: { dev: 3, prod: 3 },
    autoscaling: { dev: { minReplicas: 3, maxReplicas: 6 }, prod: false },
    resources: { cpu: '500m', memory: '1Gi' },
  });
  new WebService(chart, 'api', {
    image: `${repository}:1.0.0`,
    port: 8080,
    service: { type: 'LoadBalancer', staticIp: { dev: 'api', prod: undefined } },
  });
  const site = new WebService(chart, 'site', { image: `${repository}:1.0.0`, port: 8080 });
  new WebEntrypoint(chart, 'shop', {
    staticIp: { dev: 'web', prod: undefined },
    hosts: { dev: ['dev.acme.example.com'], prod: ['acme.example.com'] },
  }).route('/', web);
  new WebEntrypoint(chart, 'docs', { frontDoor: 'gateway' }).route('/', site);
  new CronTask(chart, 'report', {
    image: `${repository}:1.0.0`,
    schedule: '0 3 * * *',
    timeZone: 'Etc/UTC',
  });
  new StatefulService(chart, 'db', {
    image: `${repository}:1.0.0`,
    port: 5432,
    volumes: { '/data': { size: '10Gi' } },
  });
}

const time = new Date('2025-01-01T00:00:00Z');
const synth = (name: string, p = platform, d = define) =>
  synthesizePlatform(p, d, { preview: name, previewTime: time })[0].objects as Obj[];
const find = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const error = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    if (e instanceof PlatformError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('what changes in a preview', () => {
  const base = synthesizePlatform(platform, define, { environments: ['dev'] })[0].objects as Obj[];
  const preview = synth('alice');

  it('runs size.replicas pods with no autoscaler', () => {
    expect(find(base, 'HorizontalPodAutoscaler', 'web')).toBeDefined();
    expect(find(preview, 'HorizontalPodAutoscaler', 'web')).toBeUndefined();
    expect(find(preview, 'Deployment', 'web')?.spec.replicas).toBe(1);
    expect(find(preview, 'Deployment', 'site')?.spec.replicas).toBe(1);
    expect(find(base, 'Deployment', 'site')?.spec.replicas).toBe(2);
  });

  it('asks for requestsPercent of the requests, limits unchanged', () => {
    const resources = (objects: Obj[]) =>
      find(objects, 'Deployment', 'web')?.spec.template.spec.containers[0].resources;
    expect(resources(base)).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1000m', memory: '1Gi' },
    });
    expect(resources(preview)).toEqual({
      requests: { cpu: '125m', memory: '256Mi' },
      limits: { cpu: '1000m', memory: '1Gi' },
    });
  });

  it("tolerates the base environment's Spot pools with size.spot", () => {
    const pod = (objects: Obj[]) => find(objects, 'Deployment', 'site')?.spec.template.spec;
    expect(pod(base).tolerations).toBeUndefined();
    expect(pod(preview).tolerations).toEqual([
      { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(pod(preview).terminationGracePeriodSeconds).toBe(25);
  });

  it('makes LoadBalancer Services ClusterIP, without their static IP', () => {
    expect(find(base, 'Service', 'api')?.spec.type).toBe('LoadBalancer');
    const service = find(preview, 'Service', 'api');
    expect(service?.spec.type).toBe('ClusterIP');
    expect(service?.metadata.annotations).toBeUndefined();
  });

  it('gives each entrypoint its own host, one label under the domain, both front doors alike', () => {
    const routes = preview.filter((o) => o.kind === 'HTTPRoute');
    expect(routes.map((r) => [r.metadata.name, r.spec.hostnames])).toEqual([
      ['shop', ['alice.preview.acme.example.com']],
      ['docs', ['alice-docs.preview.acme.example.com']],
    ]);
    expect(preview.filter((o) => ['Gateway', 'Ingress'].includes(o.kind))).toEqual([]);
    // The base keeps its own two front doors, beside the previews' shared Gateway.
    expect(
      base.filter((o) => ['Gateway', 'Ingress'].includes(o.kind)).map((o) => o.metadata.name),
    ).toEqual(['shop', 'docs', 'previews']);
  });

  it('suspends CronJobs, and emits no cluster-wide StorageClass of its own', () => {
    expect(find(base, 'CronJob', 'report')?.spec.suspend).toBe(false);
    expect(find(preview, 'CronJob', 'report')?.spec.suspend).toBe(true);
    expect(base.some((o) => o.kind === 'StorageClass')).toBe(true);
    expect(preview.filter((o) => o.metadata.namespace === undefined).map((o) => o.kind)).toEqual([
      'Namespace',
    ]);
    // The StatefulService's disk: a claim of its own in the preview's namespace, of the base's class.
    const claim = find(preview, 'StatefulSet', 'db')?.spec.volumeClaimTemplates[0];
    const baseClaim = find(base, 'StatefulSet', 'db')?.spec.volumeClaimTemplates[0];
    expect(claim.spec.storageClassName).toBe(baseClaim.spec.storageClassName);
  });
});

describe('twenty previews', () => {
  const previews = Array.from({ length: 20 }, (_, i) => synth(`pr-${1000 + i}`));

  it('have no Gateway and no address of their own, and twenty namespaces and hosts', () => {
    const all = previews.flat();
    expect(all.filter((o) => o.kind === 'Gateway')).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(
      /networking\.gke\.io\/load-balancer-ip-addresses|NamedAddress/,
    );
    expect(new Set(previews.map((p) => p[0].metadata.name)).size).toBe(20);
    const hosts = all.filter((o) => o.kind === 'HTTPRoute').flatMap((o) => o.spec.hostnames);
    expect(new Set(hosts).size).toBe(40);
  });
});

describe('names and domains at their limits', () => {
  const longest = `${'a'.repeat(20)}`;

  it('takes a 20-character name and the longest domain, giving a 253-character host', () => {
    const labels = ['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63), 'e'.repeat(40)];
    const domain = labels.join('.');
    expect(domain.length).toBe(253 - 21);
    const p = make({ from: 'dev', domain });
    const objects = synth(longest, p, (chart) => {
      new WebEntrypoint(chart, 'shop').route(
        '/',
        new WebService(chart, 'web', { image: `${repository}:1.0.0`, port: 8080 }),
      );
    });
    const host = objects.find((o) => o.kind === 'HTTPRoute')?.spec.hostnames[0];
    expect(host).toBe(`${longest}.${domain}`);
    expect(host.length).toBe(253);
    expect(objects[0].metadata.name).toBe(`acme-preview-${longest}`);
  });

  it("refuses a second entrypoint's host beyond 253 characters, naming the entrypoint", () => {
    const domain = ['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63), 'e'.repeat(40)].join('.');
    const p = make({ from: 'dev', domain });
    expect(
      error(() =>
        synth(longest, p, (chart) => {
          const web = new WebService(chart, 'web', { image: `${repository}:1.0.0`, port: 8080 });
          new WebEntrypoint(chart, 'shop').route('/', web);
          new WebEntrypoint(chart, 'docs').route('/', web);
        }),
      ),
    ).toMatch(
      /WebEntrypoint 'dev\/entrypoints\/docs': 'name' gives the preview host '.*' \(258 characters\), but a host name has at most 253/,
    );
  });

  it('refuses a host label beyond 63 characters', () => {
    expect(
      error(() =>
        synth(longest, platform, (chart) => {
          const web = new WebService(chart, 'web', { image: `${repository}:1.0.0`, port: 8080 });
          new WebEntrypoint(chart, 'shop').route('/', web);
          new WebEntrypoint(chart, 'x'.repeat(45)).route('/', web);
        }),
      ),
    ).toMatch(
      /'name' gives the preview host label '.*' \(66 characters\), but a DNS label has at most 63; shorten the entrypoint's name to at most 42 characters/,
    );
  });

  it.each([
    ['a'.repeat(21), /'preview' is .*not a DNS-1123 label; use at most 20/],
    ['Alice', /'preview' is "Alice", which is not a DNS-1123 label/],
    ['prod', /'preview' is 'prod', the name of an environment/],
    ['-x', /not a DNS-1123 label/],
  ])('refuses the name %s', (name, message) => {
    expect(error(() => synth(name))).toMatch(message);
  });

  it('refuses a preview of a platform that declares none, naming the prop', () => {
    expect(error(() => synth('alice', make(undefined)))).toBe(
      "synthesizePlatform 'acme': 'preview' is 'alice', but the platform declares no 'previews'; declare previews: { from: 'dev', domain: 'preview.example.com' } in definePlatform",
    );
  });
});

describe("a preview's release records", () => {
  const folder = mkdtempSync(join(tmpdir(), 'gke-platform-preview-releases-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const fromFile = (chart: EnvironmentChart<'dev' | 'prod'>) => {
    new WebService(chart, 'web', { image: { repository }, port: 8080 });
    new WebService(chart, 'api', { image: { repository }, port: 8080 });
  };
  const images = (objects: Obj[]) =>
    Object.fromEntries(
      objects
        .filter((o) => o.kind === 'Deployment')
        .map((o) => [o.metadata.name, o.spec.template.spec.containers[0].image]),
    );

  it("run the preview's own file's images, and the base environment's for the rest", () => {
    writeFileSync(join(folder, 'dev.yaml'), `web: ${repository}:1.0.0\napi: ${repository}:1.0.0\n`);
    mkdirSync(join(folder, 'previews'));
    writeFileSync(join(folder, 'previews', 'alice.yaml'), `web: ${repository}:2.0.0-branch\n`);
    const run = (preview?: string) =>
      synthesizePlatform(platform, fromFile, {
        releases: folder,
        environments: ['dev'],
        preview,
        previewTime: time,
      })[0].objects as Obj[];
    expect(images(run('alice'))).toEqual({
      web: `${repository}:2.0.0-branch`,
      api: `${repository}:1.0.0`,
    });
    expect(images(run('bob'))).toEqual({ web: `${repository}:1.0.0`, api: `${repository}:1.0.0` });
    expect(images(run())).toEqual({ web: `${repository}:1.0.0`, api: `${repository}:1.0.0` });
  });

  it("name the preview's file in the error about a record no workload reads", () => {
    writeFileSync(join(folder, 'previews', 'carol.yaml'), `worker: ${repository}:2.0.0\n`);
    expect(
      error(() =>
        synthesizePlatform(platform, fromFile, {
          releases: folder,
          preview: 'carol',
          previewTime: time,
        }),
      ),
    ).toMatch(/previews\/carol\.yaml:1: 'worker' records an image for 'worker'/);
  });
});

describe("a preview's expiry", () => {
  it('is the first UTC midnight lifetimeDays after the synth, from GKE_PLATFORM_PREVIEW_TIME', () => {
    process.env.GKE_PLATFORM_PREVIEW = 'alice';
    process.env.GKE_PLATFORM_PREVIEW_TIME = '2025-06-30T23:59:59Z';
    try {
      const [m] = synthesizePlatform(
        make({ from: 'dev', domain: 'p.example.com', lifetimeDays: 1 }),
        () => {},
      );
      expect(m.environment).toBe('previews/alice');
      expect(m.objects[0]).toMatchObject({
        metadata: { annotations: { 'gke-platform/expires': '2025-07-02T00:00:00Z' } },
      });
    } finally {
      delete process.env.GKE_PLATFORM_PREVIEW;
      delete process.env.GKE_PLATFORM_PREVIEW_TIME;
    }
  });
});
