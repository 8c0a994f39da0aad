import { PlatformError } from '#lib/core/errors';
import { GatewayFrontDoor } from '#lib/workloads/front-door/gateway-front-door';
import { IngressFrontDoor } from '#lib/workloads/front-door/ingress-front-door';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * The ingress front door beside the gateway one: one FrontDoor interface, the same routes
 * meaning the same on both, and backends that name the route (entrypoint and path) that
 * made them in their errors.
 */

function fails(run: () => unknown, message: string): void {
  expect(run).toThrow(PlatformError);
  expect(run).toThrow(message);
}

function setup(props: WebEntrypointProps<TestEnv> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
  const sub = new WebService(chart, 'sub', { image: 'sub:1.0.0', port: 8080 });
  const entry = new WebEntrypoint(chart, 'web', props);
  return { chart, main, sub, entry };
}

describe('the front door of a WebEntrypoint', () => {
  it('is an IngressFrontDoor by default, a GatewayFrontDoor where frontDoor says so', () => {
    const frontDoor = { dev: 'gateway', prod: 'ingress' } as const;
    const prod = setup({ frontDoor }, 'prod').entry;
    const dev = setup({ frontDoor }, 'dev').entry;
    expect(prod.frontDoor).toBeInstanceOf(IngressFrontDoor);
    expect(prod.frontDoor.kind).toBe('ingress');
    expect(dev.frontDoor).toBeInstanceOf(GatewayFrontDoor);
    expect(dev.frontDoor.kind).toBe('gateway');
    expect(dev.frontDoor).toBe(dev.gateway);
    expect(prod.gateway).toBeUndefined();
    expect(dev.ingress).toBeUndefined();
  });

  it('fails on a front door that does not exist rather than falling back to the Ingress', () => {
    fails(
      () => setup({ frontDoor: { dev: 'ingress', prod: 'gatway' as never } }),
      `WebEntrypoint 'prod/entrypoints/web': 'frontDoor.prod' is "gatway"; did you mean 'gateway'?`,
    );
  });

  it("holds the Ingress objects as the gateway front door holds the Gateway's, under its own construct", () => {
    const { entry, main } = setup({ hosts: ['acme.io'] });
    entry.route('/', main);
    const door = entry.frontDoor;
    if (!(door instanceof IngressFrontDoor)) throw new Error('expected the ingress front door');
    expect(entry.ingress).toBe(door.ingress);
    expect(entry.certificate).toBe(door.certificate);
    expect(entry.frontendConfig).toBe(door.frontendConfig);
    expect(door.node.path).toBe('prod/entrypoints/web/ingress');
    expect(door.node.children.map((c) => c.node.id)).toEqual([
      'certificate',
      'frontend',
      'ingress',
    ]);
  });

  it('gives the same routes the same meaning on both doors: per host, the same paths to the same services', () => {
    const served = (frontDoor: 'ingress' | 'gateway') => {
      const { chart, main, sub, entry } = setup({ frontDoor });
      entry.route('/', main);
      entry.route('/api/', main);
      entry.route('/', sub, { host: 'admin.acme.io' });
      entry.route('/api', sub, { host: 'api.acme.io' });
      const objects = objectsOf(chart);
      const byHost: Record<string, string[]> = {};
      if (frontDoor === 'ingress') {
        for (const rule of find(objects, 'Ingress', 'web').spec.rules)
          byHost[rule.host ?? '*'] = rule.http.paths.map(
            (p: K8sObject) => `${p.path}→${p.backend.service.name}`,
          );
      } else {
        for (const route of objects.filter((o) => o.kind === 'HTTPRoute'))
          byHost[route.spec.hostnames?.[0] ?? '*'] = route.spec.rules.flatMap((r: K8sObject) =>
            r.matches.map((m: K8sObject) => `${m.path.value}→${r.backendRefs[0].name}`),
          );
      }
      return byHost;
    };
    const expected = {
      '*': ['/→main', '/api/→main'],
      'admin.acme.io': ['/→sub', '/api/→main'],
      'api.acme.io': ['/api→sub', '/→main'],
    };
    expect(served('ingress')).toEqual(expected);
    // The Gateway groups the paths of one Service into one rule; per host the set is the same.
    const gateway = served('gateway');
    expect(Object.keys(gateway).sort()).toEqual(Object.keys(expected).sort());
    for (const [host, paths] of Object.entries(expected))
      expect([...gateway[host]].sort()).toEqual([...paths].sort());
  });
});

describe('a backend names the route that made it', () => {
  it("fails on a route with other options than the default backend's, naming both entrypoints and '(default backend)'", () => {
    fails(() => {
      const { chart, main } = setup();
      new WebEntrypoint(chart, 'a', { defaultBackend: main, backend: { timeoutSeconds: 10 } });
      new WebEntrypoint(chart, 'b').route('/', main, { timeoutSeconds: 20 });
    }, "WebEntrypoint 'prod/entrypoints/b': 'route' sends '/' to WebService 'prod/main' with load balancer options that differ from those of '(default backend)' (WebEntrypoint 'prod/entrypoints/a'), but GKE keeps one BackendConfig and one backend service per Service port");
  });

  it('fails on a default backend without an HTTP readiness probe, naming the entrypoint', () => {
    fails(() => {
      const chart = chartFor();
      const tcp = new WebService(chart, 'tcp', {
        image: 'tcp:1.0.0',
        port: 9000,
        health: { type: 'tcp' },
      });
      new WebEntrypoint(chart, 'web', { defaultBackend: tcp });
    }, "WebService 'prod/tcp': 'health' gives no HTTP readiness probe, but WebEntrypoint 'prod/entrypoints/web' routes '(default backend)' to it");
  });

  it('exposes the readiness timing that the health check follows', () => {
    const chart = chartFor();
    const web = new WebService(chart, 'web', {
      image: 'web:1.0.0',
      port: 8080,
      health: { path: '/ready', readiness: { periodSeconds: 5 } },
    });
    expect(web.readinessProbe?.periodSeconds).toBe(5);
    new WebEntrypoint(chart, 'web').route('/', web);
    expect(find(objectsOf(chart), 'BackendConfig', 'web').spec.healthCheck.checkIntervalSec).toBe(
      5,
    );
  });

  it('fails on HTTPS to a second port on any route, not only the first one to the service', () => {
    fails(() => {
      const chart = chartFor();
      const web = new WebService(chart, 'web', {
        image: 'web:1.0.0',
        port: 8443,
        additionalPorts: { admin: 9443 },
      });
      const entry = new WebEntrypoint(chart, 'web');
      entry.route('/', web, { protocol: 'HTTPS' });
      entry.route('/admin', web, { protocol: 'HTTPS', port: 'admin' });
    }, "WebEntrypoint 'prod/entrypoints/web': 'route.protocol' is HTTPS for port 'admin' of WebService 'prod/web', but the load balancer's health check and the probes follow the readiness probe on the main port 'http'");
  });
});
