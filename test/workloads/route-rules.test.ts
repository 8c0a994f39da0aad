import { PlatformError } from '#lib/core/errors';
import type { FrontDoorRoute } from '#lib/workloads/front-door/front-door';
import {
  backendPort,
  checkDefaultBackend,
  httpsRedirect,
  prefixKey,
  routeBackend,
  routeHost,
  RouteTable,
} from '#lib/workloads/front-door/route-rules';
import { WebService } from '#lib/workloads/web-service';
import { chartFor } from '../support/synth';

/*
 * The route rules both front doors share, on their own: the Ingress and Gateway tests check
 * what each door renders from them.
 */

const W = "WebEntrypoint 'prod/entrypoints/web'";

function fails(run: () => unknown, message: string): void {
  expect(run).toThrow(PlatformError);
  expect(run).toThrow(message);
}

describe('prefixKey', () => {
  it.each([
    ['/', '/'],
    ['/api', '/api'],
    ['/api/', '/api'],
    ['/api/v1/', '/api/v1'],
  ])('%s matches what %s matches', (path, key) => {
    expect(prefixKey(path)).toBe(key);
  });
});

describe('RouteTable', () => {
  const chart = chartFor();
  const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
  const admin = new WebService(chart, 'admin', { image: 'admin:1.0.0', port: 8080 });
  const route = (path: string, service: WebService, host?: string): FrontDoorRoute => ({
    host,
    path,
    service,
    port: 80,
  });
  const paths = (routes: readonly FrontDoorRoute[]) =>
    routes.map((r) => `${r.host ?? '*'}${r.path}→${r.service.name}`);

  it('serves a host its own routes, then the host-less routes of other paths, and other hosts the host-less ones', () => {
    const table = new RouteTable(W);
    table.add(route('/', main));
    table.add(route('/api/', main));
    table.add(route('/', admin, 'admin.acme.io'));
    table.add(route('/api', admin, 'api.acme.io'));
    expect(table.routedHosts).toEqual(['admin.acme.io', 'api.acme.io']);
    expect(paths(table.routesFor('admin.acme.io'))).toEqual([
      'admin.acme.io/→admin',
      '*/api/→main',
    ]);
    // '/api/' and '/api' match the same requests: the host's own route replaces the host-less one.
    expect(paths(table.routesFor('api.acme.io'))).toEqual(['api.acme.io/api→admin', '*/→main']);
    expect(paths(table.routesFor(undefined))).toEqual(['*/→main', '*/api/→main']);
    expect(paths(table.routesFor('other.acme.io'))).toEqual(['*/→main', '*/api/→main']);
  });

  it('fails on a second route of one host and path, a trailing slash changing nothing', () => {
    const table = new RouteTable(W);
    table.add(route('/api', main));
    table.add(route('/api', main, 'admin.acme.io'));
    fails(
      () => table.add(route('/api/', admin)),
      `${W}: 'route' has '*/api/' twice ('/api' matches the same requests); route each host and path to one service`,
    );
    fails(
      () => table.checkFree('admin.acme.io', '/api'),
      `${W}: 'route' has 'admin.acme.io/api' twice; route each host and path to one service`,
    );
    expect(table.all).toHaveLength(2);
  });
});

describe('httpsRedirect', () => {
  const fix = "'hosts' for a managed certificate or 'certificates'";

  it('is on by default with a certificate, off without one, and as given otherwise', () => {
    expect(httpsRedirect(W, {}, true, fix)).toBe(true);
    expect(httpsRedirect(W, {}, false, fix)).toBe(false);
    expect(httpsRedirect(W, { redirectToHttps: false }, true, fix)).toBe(false);
    expect(httpsRedirect(W, { allowHttp: false, redirectToHttps: false }, true, fix)).toBe(false);
  });

  it("fails on a redirect without a certificate, naming the front door's certificates", () => {
    fails(
      () => httpsRedirect(W, { redirectToHttps: true }, false, fix),
      `${W}: 'redirectToHttps' is true, but there is no certificate to redirect to; give ${fix}, or set 'redirectToHttps: false'`,
    );
  });

  it('fails on a redirect with HTTP closed', () => {
    fails(
      () => httpsRedirect(W, { allowHttp: false }, true, fix),
      `${W}: 'allowHttp' is false, but the HTTPS redirect is served on HTTP; leave 'allowHttp' on, or set 'redirectToHttps: false'`,
    );
  });
});

describe('a route and its backend', () => {
  const chart = chartFor();
  const api = new WebService(chart, 'api', {
    image: 'api:1.0.0',
    port: 8080,
    additionalPorts: { grpc: 9090 },
  });

  it('sends to the first Service port unless the route names one', () => {
    expect(backendPort(W, api, undefined)).toEqual({ name: 'http', port: 80, targetPort: 8080 });
    expect(backendPort(W, api, 'grpc')).toEqual({ name: 'grpc', port: 9090, targetPort: 9090 });
  });

  it('fails on a port the Service does not have', () => {
    fails(
      () => backendPort(W, api, 'admin'),
      `${W}: 'route.port' is 'admin', which is not a port of WebService 'prod/api'; use one of its ports: 'http', 'grpc'`,
    );
  });

  it('fails on something that serves no requests, naming it as well as it can', () => {
    fails(
      () => routeBackend(W, chart, { where: "Worker 'prod/mailer'" }, '/'),
      `${W}: 'route' sends '/' to Worker 'prod/mailer', which has no Service to route to; route to a WebService (a Worker serves no requests)`,
    );
    fails(
      () => routeBackend(W, chart, 'api', '/'),
      `${W}: 'route' sends '/' to "api", which has no Service to route to`,
    );
  });

  it('fails on a backend of another environment, as a route and as the default backend', () => {
    const other = new WebService(chartFor('dev'), 'api', { image: 'api:1.0.0', port: 8080 });
    expect(routeBackend(W, chart, api, '/')).toBe(api);
    fails(
      () => routeBackend(W, chart, other, '/'),
      `${W}: 'route' sends '/' to WebService 'dev/api', which is in another environment; route to a service of the same environment`,
    );
    fails(
      () => checkDefaultBackend(W, chart, other),
      `${W}: 'defaultBackend' is WebService 'dev/api', which is in another environment; use a service of the same environment`,
    );
  });

  it("checks a route's host: a DNS name, one of the entrypoint's hosts when it has any", () => {
    expect(routeHost(W, [], undefined)).toBeUndefined();
    expect(routeHost(W, [], 'admin.acme.io')).toBe('admin.acme.io');
    fails(
      () => routeHost(W, ['acme.io'], 'admin.acme.io'),
      `${W}: 'route' has host 'admin.acme.io', which is not one of the entrypoint's hosts; use one of acme.io or add it to 'hosts'`,
    );
    fails(() => routeHost(W, [], 'Admin.acme.io'), `${W}: 'route' has host "Admin.acme.io"`);
  });
});
