import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

function setup(props: WebEntrypointProps<TestEnv> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const main = new WebService(chart, 'main', {
    image: 'main:1.0.0',
    port: 8080,
    health: { path: '/ready' },
  });
  const sub = new WebService(chart, 'sub', { image: 'sub:1.0.0', port: 3000 });
  const entry = new WebEntrypoint(chart, 'web', props);
  return { chart, main, sub, entry };
}

function routed(props: WebEntrypointProps<TestEnv> = {}, env: TestEnv = 'prod'): K8sObject[] {
  const { chart, main, sub, entry } = setup(props, env);
  entry.route('/', main);
  entry.route('/sub-app/', sub);
  return objectsOf(chart);
}

describe('WebEntrypoint', () => {
  it('with no props: a gce Ingress routing by path, without host, IP or TLS', () => {
    const ingress = find(routed(), 'Ingress', 'web');
    expect(ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'gce' });
    expect(ingress.spec.ingressClassName).toBeUndefined();
    expect(ingress.spec.rules).toEqual([
      {
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: 'main', port: { number: 80 } } },
            },
            {
              path: '/sub-app/',
              pathType: 'Prefix',
              backend: { service: { name: 'sub', port: { number: 80 } } },
            },
          ],
        },
      },
    ]);
  });

  it('puts NEG and a BackendConfig with the readiness path and port on each backend Service', () => {
    const objects = routed();
    expect(find(objects, 'Service', 'main').metadata.annotations).toEqual({
      'cloud.google.com/neg': '{"ingress": true}',
      'cloud.google.com/backend-config': '{"default":"main"}',
    });
    // Timing from the readiness probe's defaults (period 10 s, timeout 3 s, success 1, failure 3).
    const timing = {
      checkIntervalSec: 10,
      timeoutSec: 3,
      healthyThreshold: 1,
      unhealthyThreshold: 3,
    };
    expect(find(objects, 'BackendConfig', 'main').spec).toEqual({
      healthCheck: { type: 'HTTP', requestPath: '/ready', port: 8080, ...timing },
    });
    expect(find(objects, 'BackendConfig', 'sub').spec).toEqual({
      healthCheck: { type: 'HTTP', requestPath: '/healthz', port: 3000, ...timing },
    });
  });

  it('staticIp names a declared global address', () => {
    const ingress = find(routed({ staticIp: 'web' }), 'Ingress', 'web');
    expect(ingress.metadata.annotations['kubernetes.io/ingress.global-static-ip-name']).toBe(
      'acme-prod-web',
    );
  });

  it('hosts get a rule each, a ManagedCertificate and an HTTPS redirect', () => {
    const objects = routed({ hosts: { dev: ['dev.acme.io'], prod: ['acme.io', 'www.acme.io'] } });
    const ingress = find(objects, 'Ingress', 'web');
    expect(ingress.spec.rules.map((r: K8sObject) => r.host)).toEqual(['acme.io', 'www.acme.io']);
    expect(ingress.metadata.annotations).toMatchObject({
      'networking.gke.io/managed-certificates': 'web-cert',
      'networking.gke.io/v1beta1.FrontendConfig': 'web-frontend',
    });
    expect(find(objects, 'ManagedCertificate', 'web-cert').spec.domains).toEqual([
      'acme.io',
      'www.acme.io',
    ]);
    expect(find(objects, 'FrontendConfig', 'web-frontend').spec.redirectToHttps).toEqual({
      enabled: true,
      responseCodeName: 'MOVED_PERMANENTLY_DEFAULT',
    });
  });

  it('managedCertificate: false and redirectToHttps: false leave TLS to the user', () => {
    const objects = routed({
      hosts: ['acme.io'],
      managedCertificate: false,
      redirectToHttps: false,
    });
    expect(
      objects.some((o) => o.kind === 'ManagedCertificate' || o.kind === 'FrontendConfig'),
    ).toBe(false);
  });

  it('allowHttp: false closes port 80', () => {
    const ingress = find(
      routed({ hosts: ['acme.io'], redirectToHttps: false, allowHttp: false }),
      'Ingress',
      'web',
    );
    expect(ingress.metadata.annotations['kubernetes.io/ingress.allow-http']).toBe('false');
  });

  it('sslPolicy goes into the FrontendConfig', () => {
    const objects = routed({ hosts: ['acme.io'], sslPolicy: 'modern-tls' });
    expect(find(objects, 'FrontendConfig', 'web-frontend').spec.sslPolicy).toBe('modern-tls');
  });

  it('internal: a gce-internal Ingress on a regional static IP', () => {
    const ingress = find(routed({ internal: true, staticIp: 'ilb' }), 'Ingress', 'web');
    expect(ingress.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce-internal',
      'kubernetes.io/ingress.regional-static-ip-name': 'acme-prod-ilb',
    });
  });

  it('name overrides the construct id for the Ingress, certificate and frontend config', () => {
    const objects = routed({ name: 'front', hosts: ['acme.io'] });
    expect(
      objects
        .filter((o) => ['Ingress', 'ManagedCertificate', 'FrontendConfig'].includes(o.kind))
        .map((o) => o.metadata.name),
    ).toEqual(['front-cert', 'front-frontend', 'front']);
  });

  it('a route with a host serves only that host', () => {
    const { chart, main, sub, entry } = setup({ hosts: ['acme.io', 'admin.acme.io'] });
    entry.route('/', main, { host: 'acme.io' });
    entry.route('/', sub, { host: 'admin.acme.io' });
    const rules = find(objectsOf(chart), 'Ingress', 'web').spec.rules;
    expect(rules.map((r: K8sObject) => [r.host, r.http.paths[0].backend.service.name])).toEqual([
      ['acme.io', 'main'],
      ['admin.acme.io', 'sub'],
    ]);
  });

  it('one BackendConfig per Service, however many routes lead to it', () => {
    const { chart, main, entry } = setup();
    entry.route('/', main);
    entry.route('/shop/', main);
    expect(objectsOf(chart).filter((o) => o.kind === 'BackendConfig')).toHaveLength(1);
  });
});

describe('WebEntrypoint routing rules', () => {
  const paths = (rule: K8sObject) =>
    rule.http.paths.map((p: K8sObject) => `${p.path}→${p.backend.service.name}`);

  it('may share its id with the WebService it fronts (its own id space)', () => {
    const chart = chartFor();
    const web = new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
    const entry = new WebEntrypoint(chart, 'web', {});
    entry.route('/', web);
    const objects = objectsOf(chart);
    expect(find(objects, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.name).toBe(
      'web',
    );
    expect(entry.node.path).toBe('prod/entrypoints/web');
  });

  it('without hosts, a host route gets a rule of its own beside the catch-all rule', () => {
    const { chart, main, sub, entry } = setup();
    entry.route('/', main);
    entry.route('/', sub, { host: 'admin.acme.io' });
    const rules = find(objectsOf(chart), 'Ingress', 'web').spec.rules;
    expect(rules.map((r: K8sObject) => [r.host, paths(r)])).toEqual([
      ['admin.acme.io', ['/→sub']],
      [undefined, ['/→main']],
    ]);
  });

  it('a host route takes precedence over a route of the same path without host', () => {
    const { chart, main, sub, entry } = setup({ hosts: ['acme.io', 'admin.acme.io'] });
    entry.route('/', main);
    entry.route('/api', main);
    entry.route('/', sub, { host: 'admin.acme.io' });
    const rules = find(objectsOf(chart), 'Ingress', 'web').spec.rules;
    expect(rules.map((r: K8sObject) => [r.host, paths(r)])).toEqual([
      ['acme.io', ['/→main', '/api→main']],
      ['admin.acme.io', ['/→sub', '/api→main']],
    ]);
  });

  it('one WebService behind two entrypoints, an external and an internal one, shares one BackendConfig', () => {
    const chart = chartFor();
    const web = new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
    new WebEntrypoint(chart, 'public', { staticIp: 'web' }).route('/', web);
    new WebEntrypoint(chart, 'private', { internal: true, managedCertificate: false }).route(
      '/',
      web,
    );
    const objects = objectsOf(chart);
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.name)).toEqual([
      'public',
      'private',
    ]);
    expect(objects.filter((o) => o.kind === 'BackendConfig')).toHaveLength(1);
    expect(web.backendConfig?.name).toBe('web');
  });
});

describe('WebEntrypoint errors', () => {
  it('fails on a second construct with the id of another in the same scope', () => {
    const { chart } = setup();
    expect(() => new WebEntrypoint(chart, 'web', {})).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'id' 'web' is already used by WebEntrypoint 'prod/entrypoints/web' in the same scope; give each construct in one scope its own id",
    );
  });

  it.each([
    ['/*', "has path '/*', but '*' is not a wildcard in a Prefix path; write '/'"],
    ['/api/*', "has path '/api/*', but '*' is not a wildcard in a Prefix path; write '/api'"],
    ['/api//v1', "has path '/api//v1', which contains '//'; write the path without '//'"],
    ['/a/../b', "has path '/a/../b', which contains '/../'; write the path without '/../'"],
    ['/a/./b', "has path '/a/./b', which contains '/./'; write the path without '/./'"],
    ['/a%2Fb', "has path '/a%2Fb', which contains '%2F'; write the path without '%2F'"],
    ['/a/..', "has path '/a/..', which ends with '/..'; write the path without '/..'"],
    ['/a b', "has path '/a b'; use letters, digits and URL path characters only"],
  ])('fails on the route path %s', (path, message) => {
    const { main, entry } = setup();
    expect(() => entry.route(path, main)).toThrow(
      `WebEntrypoint 'prod/entrypoints/web': 'route' ${message}`,
    );
  });

  it('fails on two routes that match the same requests (a trailing slash changes nothing)', () => {
    const { main, sub, entry } = setup();
    entry.route('/api', main);
    expect(() => entry.route('/api/', sub)).toThrow(
      "'route' has '*/api/' twice ('/api' matches the same requests); route each host and path to one service",
    );
  });

  it('fails when the readiness probe checks a port no container declares', () => {
    const { chart, entry } = setup();
    const admin = new WebService(chart, 'admin', {
      image: 'admin:1.0.0',
      port: 8080,
      health: { path: '/healthz', port: 9090 },
    });
    expect(() => entry.route('/', admin)).toThrow(
      "WebService 'prod/admin': 'health.port' is 9090, which no container of the pod declares, so the load balancer's health check would find nothing listening; probe a declared port (8080), or declare 9090 as a container 'port'",
    );
  });

  it('fails on a backend without an HTTP readiness probe', () => {
    const { chart, entry } = setup();
    const tcp = new WebService(chart, 'tcp', {
      image: 'tcp:1.0.0',
      port: 9000,
      health: { type: 'tcp' },
    });
    expect(() => entry.route('/', tcp)).toThrow(
      "WebService 'prod/tcp': 'health' gives no HTTP readiness probe, but WebEntrypoint 'prod/entrypoints/web' routes '/' to it and the load balancer would check '/' instead; give 'health: { path: \"/healthz\" }'",
    );
  });

  it('fails on a host that is not a DNS name', () => {
    expect(() => setup({ hosts: ['https://acme.io'] })).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'hosts' has host \"https://acme.io\", which is not a DNS name; give a lower-case fully qualified name",
    );
  });

  it('fails on a route host that the entrypoint does not serve', () => {
    const { main, entry } = setup({ hosts: ['acme.io'] });
    expect(() => entry.route('/', main, { host: 'other.io' })).toThrow(
      "'route' has host 'other.io', which is not one of the entrypoint's hosts",
    );
  });

  it('fails on a path without a leading slash', () => {
    const { main, entry } = setup();
    expect(() => entry.route('sub', main)).toThrow(
      "'route' has path \"sub\"; give a path starting with '/'",
    );
  });

  it('fails on a path routed twice', () => {
    const { main, sub, entry } = setup();
    entry.route('/', main);
    expect(() => entry.route('/', sub)).toThrow("'route' has '*/' twice");
  });

  it('fails on an unknown static IP', () => {
    expect(() => setup({ staticIp: 'nope' })).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'staticIp' is 'nope', but environment 'prod' declares no such static IP",
    );
  });

  it('fails on a regional static IP for an external load balancer', () => {
    expect(() => setup({ staticIp: 'lb' })).toThrow(
      "'staticIp' is 'lb', a regional address, but this needs a global one",
    );
  });

  it('fails on a managed certificate for an internal load balancer', () => {
    expect(() => setup({ internal: true, hosts: ['acme.io'] })).toThrow(
      "'internal' is true, but Google-managed certificates and the HTTPS redirect exist only for external load balancers",
    );
  });

  it('fails on a certificate without hosts', () => {
    expect(() => setup({ managedCertificate: true })).toThrow(
      "'managedCertificate' is true, but no hosts are given",
    );
  });

  it('fails on closing HTTP while redirecting it', () => {
    expect(() => setup({ hosts: ['acme.io'], allowHttp: false })).toThrow(
      "'allowHttp' is false, but the HTTPS redirect is served on HTTP",
    );
  });

  it('fails on a route to a LoadBalancer Service', () => {
    const { chart, entry } = setup();
    const lb = new WebService(chart, 'lb', {
      image: 'lb:1.0.0',
      port: 8080,
      service: { type: 'LoadBalancer' },
    });
    expect(() => entry.route('/', lb)).toThrow(
      "'route' sends '/' to WebService 'prod/lb', a LoadBalancer Service; route only to ClusterIP services",
    );
  });

  it('fails on a route to another environment', () => {
    const { entry } = setup();
    const other = new WebService(chartFor('dev'), 'other', { image: 'o:1.0.0', port: 8080 });
    expect(() => entry.route('/', other)).toThrow(
      "'route' sends '/' to WebService 'dev/other', which is in another environment",
    );
  });

  it('fails at synth when nothing is routed', () => {
    const { chart } = setup();
    expect(() => objectsOf(chart)).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'route' was never called; route at least one path to a WebService",
    );
  });
});
