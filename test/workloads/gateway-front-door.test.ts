import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { synthesizeChart } from '#lib/output/synthesize';
import { validateObjects } from '#lib/validate/validate-object';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * The gateway front door of WebEntrypoint. Expected objects are written from GKE's Gateway
 * docs (deploying-gateways, secure-gateway, configure-gateway-resources, http-redirect) and
 * the Gateway API reference, not from what the code printed.
 */

function setup(props: WebEntrypointProps<TestEnv> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const main = new WebService(chart, 'main', {
    image: 'main:1.0.0',
    port: 8080,
    health: { path: '/ready' },
  });
  const sub = new WebService(chart, 'sub', { image: 'sub:1.0.0', port: 3000 });
  const entry = new WebEntrypoint(chart, 'web', { frontDoor: 'gateway', ...props });
  return { chart, main, sub, entry };
}

function routed(props: WebEntrypointProps<TestEnv> = {}, env: TestEnv = 'prod'): K8sObject[] {
  const { chart, main, sub, entry } = setup(props, env);
  entry.route('/', main);
  entry.route('/sub-app/', sub);
  return objectsOf(chart);
}

const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
const rule = (service: string, ...paths: string[]) => ({
  matches: paths.map((value) => ({ path: { type: 'PathPrefix', value } })),
  backendRefs: [{ name: service, port: 80 }],
});

describe('WebEntrypoint with frontDoor: gateway', () => {
  it('with no other props: a global external Gateway on HTTP and one HTTPRoute for any host', () => {
    const objects = routed();
    const gateway = find(objects, 'Gateway', 'web');
    expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gateway.metadata.annotations).toBeUndefined();
    expect(gateway.spec).toEqual({
      gatewayClassName: 'gke-l7-global-external-managed',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
    });
    const route = find(objects, 'HTTPRoute', 'web');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'web' }],
      rules: [rule('main', '/'), rule('sub', '/sub-app/')],
    });
    // No Ingress-path objects.
    expect(
      kinds(objects).filter((k) => /^(Ingress|BackendConfig|ManagedCertificate)\//.test(k)),
    ).toEqual([]);
    expect(find(objects, 'Service', 'main').metadata.annotations).toBeUndefined();
  });

  it('gives each backend Service a HealthCheckPolicy with its readiness path and port', () => {
    const objects = routed();
    const policy = find(objects, 'HealthCheckPolicy', 'main');
    expect(policy.apiVersion).toBe('networking.gke.io/v1');
    expect(policy.metadata.namespace).toBe('acme-prod');
    expect(policy.spec).toEqual({
      default: {
        // The readiness probe's timing (period 10 s, timeout 3 s, thresholds 1 and 3), as the
        // BackendConfig of the Ingress front door takes it.
        checkIntervalSec: 10,
        timeoutSec: 3,
        healthyThreshold: 1,
        unhealthyThreshold: 3,
        config: {
          type: 'HTTP',
          httpHealthCheck: {
            requestPath: '/ready',
            portSpecification: 'USE_FIXED_PORT',
            port: 8080,
          },
        },
      },
      targetRef: { group: '', kind: 'Service', name: 'main' },
    });
    expect(find(objects, 'HealthCheckPolicy', 'sub').spec.default.config.httpHealthCheck).toEqual({
      requestPath: '/healthz',
      portSpecification: 'USE_FIXED_PORT',
      port: 3000,
    });
  });

  it('routes to one Service from two paths in one rule, and makes its policy once', () => {
    const { chart, main, entry } = setup();
    entry.route('/', main);
    entry.route('/api', main);
    const objects = objectsOf(chart);
    expect(find(objects, 'HTTPRoute', 'web').spec.rules).toEqual([rule('main', '/', '/api')]);
    expect(objects.filter((o) => o.kind === 'HealthCheckPolicy')).toHaveLength(1);
  });

  it('takes the static IP by name as a NamedAddress, the name the Ingress path uses', () => {
    const gateway = find(routed({ staticIp: 'web' }), 'Gateway', 'web');
    const ingress = find(routed({ staticIp: 'web', frontDoor: 'ingress' }), 'Ingress', 'web');
    const name = ingress.metadata.annotations['kubernetes.io/ingress.global-static-ip-name'];
    expect(gateway.spec.addresses).toEqual([{ type: 'NamedAddress', value: name }]);
  });

  it('with a certificate map: the certmap annotation, an HTTPS listener and an HTTP-to-HTTPS redirect', () => {
    const objects = routed({
      hosts: ['shop.example.com'],
      gateway: { certificateMap: 'shop-map' },
    });
    const gateway = find(objects, 'Gateway', 'web');
    expect(gateway.metadata.annotations).toEqual({ 'networking.gke.io/certmap': 'shop-map' });
    expect(gateway.spec.listeners).toEqual([
      { name: 'http', protocol: 'HTTP', port: 80 },
      { name: 'https', protocol: 'HTTPS', port: 443 },
    ]);
    expect(find(objects, 'HTTPRoute', 'web-redirect').spec).toEqual({
      parentRefs: [{ name: 'web', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [
            { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } },
          ],
        },
      ],
    });
    expect(find(objects, 'HTTPRoute', 'web-shop.example.com').spec).toEqual({
      parentRefs: [{ name: 'web', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [rule('main', '/'), rule('sub', '/sub-app/')],
    });
  });

  it('with pre-shared certificates: the listener TLS option; redirectToHttps false keeps one route on both listeners', () => {
    const objects = routed({
      redirectToHttps: false,
      gateway: { preSharedCertificates: ['shop-cert', 'shop-cert-next'] },
    });
    expect(find(objects, 'Gateway', 'web').spec.listeners[1]).toEqual({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      tls: {
        mode: 'Terminate',
        options: { 'networking.gke.io/pre-shared-certs': 'shop-cert,shop-cert-next' },
      },
    });
    expect(kinds(objects).filter((k) => k.startsWith('HTTPRoute/'))).toEqual(['HTTPRoute/web']);
    expect(find(objects, 'HTTPRoute', 'web').spec.parentRefs).toEqual([{ name: 'web' }]);
  });

  it('allowHttp: false leaves the HTTP listener out', () => {
    const objects = routed({
      allowHttp: false,
      redirectToHttps: false,
      gateway: { certificateMap: 'shop-map' },
    });
    expect(find(objects, 'Gateway', 'web').spec.listeners).toEqual([
      { name: 'https', protocol: 'HTTPS', port: 443 },
    ]);
  });

  it('internal: the gke-l7-rilb class, the regional address, and global access in a GCPGatewayPolicy with the SSL policy', () => {
    const objects = routed({
      internal: true,
      staticIp: 'ilb',
      sslPolicy: 'tls12-only',
      gateway: { globalAccess: true, preSharedCertificates: ['intranet'] },
    });
    const gateway = find(objects, 'Gateway', 'web');
    expect(gateway.spec.gatewayClassName).toBe('gke-l7-rilb');
    expect(gateway.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'acme-prod-ilb' }]);
    expect(find(objects, 'GCPGatewayPolicy', 'web').spec).toEqual({
      default: { sslPolicy: 'tls12-only', allowGlobalAccess: true },
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' },
    });
  });

  it('without sslPolicy or global access: no GCPGatewayPolicy', () => {
    expect(kinds(routed())).not.toContainEqual(expect.stringMatching(/^GCPGatewayPolicy\//));
  });

  it('is selected per environment', () => {
    const frontDoor = { dev: 'gateway', prod: 'ingress' } as const;
    const dev = routed({ frontDoor }, 'dev');
    const prod = routed({ frontDoor }, 'prod');
    expect(kinds(dev)).toContain('Gateway/web');
    expect(kinds(dev)).not.toContain('Ingress/web');
    expect(kinds(prod)).toContain('Ingress/web');
    expect(kinds(prod)).not.toContain('Gateway/web');
    expect(kinds(prod)).not.toContainEqual(expect.stringMatching(/^HealthCheckPolicy\//));
  });

  it("keeps the Ingress's host precedence: a host's route holds its paths and the host-less ones of other paths", () => {
    const { chart, main, sub, entry } = setup();
    entry.route('/', main);
    entry.route('/api/v2', sub);
    entry.route('/', sub, { host: 'admin.example.com' });
    const objects = objectsOf(chart);
    // Any other host: the host-less routes.
    expect(find(objects, 'HTTPRoute', 'web').spec.rules).toEqual([
      rule('main', '/'),
      rule('sub', '/api/v2'),
    ]);
    // admin.example.com: its own '/' (not main's) and the inherited '/api/v2'; without the
    // inherited path, the more specific host would send /api/v2 to admin's '/' too.
    const admin = find(objects, 'HTTPRoute', 'web-admin.example.com');
    expect(admin.spec.hostnames).toEqual(['admin.example.com']);
    expect(admin.spec.rules).toEqual([rule('sub', '/', '/api/v2')]);
  });

  it('opens the same network policy ranges as the Ingress front door', () => {
    const policy = (props: WebEntrypointProps<TestEnv>) =>
      find(routed(props), 'NetworkPolicy', 'main').spec.ingress;
    expect(policy({})).toEqual(policy({ frontDoor: 'ingress' }));
    expect(policy({})).toEqual([
      {
        from: [{ ipBlock: { cidr: '130.211.0.0/22' } }, { ipBlock: { cidr: '35.191.0.0/16' } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    const internal = policy({ internal: true });
    expect(internal).toEqual(policy({ internal: true, frontDoor: 'ingress' }));
    expect(internal[0].from).toContainEqual({ ipBlock: { cidr: '10.129.0.0/23' } });
  });

  it('configureBackend: a GCPBackendPolicy with the settings, sample rate in millionths', () => {
    const { chart, main, entry } = setup();
    entry.route('/', main);
    const policy = entry.gateway!.configureBackend(main, {
      timeoutSec: 60,
      drainingTimeoutSec: 30,
      securityPolicy: 'edge-armor',
      logging: true,
      logSampleRate: 0.25,
      iap: { clientId: 'client.apps.googleusercontent.com', clientSecret: 'iap-oauth' },
    });
    expect(policy.name).toBe('main');
    expect(find(objectsOf(chart), 'GCPBackendPolicy', 'main').spec).toEqual({
      default: {
        timeoutSec: 60,
        connectionDraining: { drainingTimeoutSec: 30 },
        securityPolicy: 'edge-armor',
        logging: { enabled: true, sampleRate: 250000 },
        iap: {
          enabled: true,
          clientID: 'client.apps.googleusercontent.com',
          oauth2ClientSecret: { name: 'iap-oauth' },
        },
      },
      targetRef: { group: '', kind: 'Service', name: 'main' },
    });
  });

  it('every object passes the schemas (1.27, 1.36, CRDs) and the semantic rules', () => {
    const { chart, main, sub, entry } = setup({
      hosts: ['shop.example.com', 'api.example.com'],
      staticIp: 'web',
      sslPolicy: 'tls12',
      gateway: { certificateMap: 'shop-map' },
    });
    entry.route('/', main);
    entry.route('/sub-app', sub);
    entry.route('/', sub, { host: 'api.example.com' });
    entry.gateway!.configureBackend(sub, { timeoutSec: 40, logging: true });
    const objects = synthesizeChart(chart);
    expect(validateObjects(objects as never)).toEqual([]);
    expect(kinds(objects as K8sObject[])).toEqual(
      expect.arrayContaining([
        'Gateway/web',
        'GCPGatewayPolicy/web',
        'HTTPRoute/web-redirect',
        'HTTPRoute/web-shop.example.com',
        'HTTPRoute/web-api.example.com',
        'HealthCheckPolicy/main',
        'HealthCheckPolicy/sub',
        'GCPBackendPolicy/sub',
      ]),
    );
  });
});

describe('WebEntrypoint with frontDoor: gateway, errors', () => {
  const W = "WebEntrypoint 'prod/entrypoints/web'";
  it.each<[string, WebEntrypointProps<TestEnv>, string]>([
    [
      'fails on a ManagedCertificate, which the Gateway does not take',
      { hosts: ['shop.example.com'], managedCertificate: true },
      `${W}: 'managedCertificate' is true, but GKE's Gateway does not take ManagedCertificates`,
    ],
    [
      'fails with two certificate sources',
      { gateway: { certificateMap: 'm', preSharedCertificates: ['c'] } },
      `${W}: 'gateway.certificateMap' and 'gateway.preSharedCertificates' are both set`,
    ],
    [
      'fails on a certificate map for an internal entrypoint',
      { internal: true, gateway: { certificateMap: 'm' } },
      `${W}: 'gateway.certificateMap' is set on an internal entrypoint`,
    ],
    [
      'fails on global access for an external entrypoint',
      { gateway: { globalAccess: true } },
      `${W}: 'gateway.globalAccess' is set on an external entrypoint`,
    ],
    [
      'fails on a redirect without a certificate',
      { redirectToHttps: true },
      `${W}: 'redirectToHttps' is true, but there is no certificate to redirect to`,
    ],
    [
      'fails on allowHttp false without a certificate',
      { allowHttp: false },
      `${W}: 'allowHttp' is false and there is no certificate, so the Gateway would have no listener`,
    ],
    [
      'fails on gateway settings when the ingress serves every environment',
      { frontDoor: 'ingress', gateway: { certificateMap: 'm' } },
      `${W}: 'gateway' is set, but 'frontDoor' is 'ingress' in every environment`,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => routed(props)).toThrow(message);
  });

  it('fails on Cloud CDN, which the gateway path cannot express yet, rather than dropping it', () => {
    const { main, entry } = setup();
    entry.route('/', main);
    expect(() => entry.gateway!.configureBackend(main, { cdn: true })).toThrow(
      `${W}: 'backend.cdn' is set, but the gateway front door cannot express Cloud CDN yet`,
    );
  });

  it('fails on two different backend settings for one Service', () => {
    const { main, entry } = setup();
    entry.route('/', main);
    entry.gateway!.configureBackend(main, { timeoutSec: 30 });
    expect(() => entry.gateway!.configureBackend(main, { timeoutSec: 60 })).toThrow(
      `${W}: 'backend' gives WebService 'prod/main' other backend settings than an earlier configureBackend, but GKE applies one GCPBackendPolicy per Service`,
    );
  });

  it('fails on a declared host that no route serves', () => {
    const { chart, main, entry } = setup({ hosts: ['shop.example.com', 'api.example.com'] });
    entry.route('/', main, { host: 'shop.example.com' });
    expect(() => synthesizeChart(chart)).toThrow(
      "'route' was never called for host 'api.example.com', so its HTTPRoute would have no rule",
    );
  });

  it('fails on more services than the rules of one HTTPRoute', () => {
    const { chart, entry } = setup();
    for (let i = 0; i < 17; i++)
      entry.route(`/s${i}`, new WebService(chart, `s${i}`, { image: 's:1', port: 8080 }));
    expect(() => synthesizeChart(chart)).toThrow(
      'sends any host to 17 services, more than the 16 rules of an HTTPRoute',
    );
  });

  it('fails on a backend without an HTTP readiness probe on a declared port, as the Ingress path does', () => {
    const { chart, entry } = setup();
    const tcp = new WebService(chart, 'tcp', {
      image: 'tcp:1',
      port: 8080,
      health: { path: '/healthz', port: 9090 },
    });
    expect(() => entry.route('/', tcp)).toThrow(
      "WebService 'prod/tcp': 'health.port' is 9090, which no container of the pod declares",
    );
  });
});

describe('props of the ingress front door on the gateway front door', () => {
  const W = "WebEntrypoint 'prod/entrypoints/web'";
  it.each([
    [
      'certificates',
      { certificates: ['shop'] },
      `${W}: 'certificates' is set, but 'frontDoor' is 'gateway'`,
    ],
    [
      'a default backend',
      { defaultBackend: 'main' as const },
      `${W}: 'defaultBackend' is set, but 'frontDoor' is 'gateway'`,
    ],
  ])('refuses %s rather than dropping them', (_name, props, message) => {
    const chart = chartFor('prod');
    const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
    const { defaultBackend, ...rest } = props as WebEntrypointProps<TestEnv> & {
      defaultBackend?: 'main';
    };
    expect(
      () =>
        new WebEntrypoint(chart, 'web', {
          frontDoor: 'gateway',
          ...rest,
          ...(defaultBackend ? { defaultBackend: main } : {}),
        }),
    ).toThrow(message);
  });

  it('refuses route options it cannot write rather than dropping them', () => {
    const { main, entry } = setup();
    expect(() => entry.route('/', main, { cdn: {} })).toThrow(
      "'route.cdn' is set, but the gateway front door does not write it",
    );
    const second = setup();
    expect(() => second.entry.route('/', second.main, { protocol: 'HTTP2' })).toThrow(
      "'route.protocol' is HTTP2, but the gateway front door sends HTTP to its backends",
    );
  });
});

describe('load balancer options on the gateway front door', () => {
  it('writes timeout, draining and access logging into the GCPBackendPolicy of the service', () => {
    const { chart, main, sub, entry } = setup({
      backend: { timeoutSeconds: 60, accessLog: { sampleRate: 0.5 } },
    });
    entry.route('/', main, { drainingSeconds: 30 });
    entry.route('/sub-app/', sub);
    const objects = objectsOf(chart);
    expect(find(objects, 'GCPBackendPolicy', 'main').spec.default).toEqual({
      timeoutSec: 60,
      connectionDraining: { drainingTimeoutSec: 30 },
      logging: { enabled: true, sampleRate: 500000 },
    });
    expect(find(objects, 'GCPBackendPolicy', 'sub').spec.default).toEqual({
      timeoutSec: 60,
      logging: { enabled: true, sampleRate: 500000 },
    });
  });

  it('writes no GCPBackendPolicy without options, or with options that ask for the defaults', () => {
    expect(routed().filter((o) => o.kind === 'GCPBackendPolicy')).toEqual([]);
    const defaults = routed({
      backend: { sessionAffinity: { type: 'none' }, cdn: false, iap: false },
    });
    expect(defaults.filter((o) => o.kind === 'GCPBackendPolicy')).toEqual([]);
  });
});

describe('a declared Cloud Armor policy on the gateway front door', () => {
  it('is named by its GCP name in the GCPBackendPolicy; an undeclared key is an error', () => {
    const platform = definePlatform({
      name: 'acme',
      environments: {
        prod: {
          nodePools: { general: { machineType: 'e2-standard-4' } },
          securityPolicies: { edge: { wafRules: ['sqli-v33-stable'] } },
        },
      },
    });
    const chartOf = () => new EnvironmentChart(new App(), { platform, environment: 'prod' });
    const chart = chartOf();
    const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
    new WebEntrypoint(chart, 'web', { frontDoor: 'gateway' }).route('/', main, {
      securityPolicy: 'edge',
    });
    expect(find(objectsOf(chart), 'GCPBackendPolicy', 'main').spec.default).toEqual({
      securityPolicy: 'acme-prod-edge',
    });
    const other = chartOf();
    const web = new WebService(other, 'main', { image: 'main:1.0.0', port: 8080 });
    expect(() =>
      new WebEntrypoint(other, 'web', { frontDoor: 'gateway' }).route('/', web, {
        securityPolicy: 'strict',
      }),
    ).toThrow("'route.securityPolicy'");
  });
});

describe('health-check options on the gateway front door', () => {
  it("go into the service's HealthCheckPolicy; two routes with other timing are an error", () => {
    const { chart, main, sub, entry } = setup({
      backend: { healthCheck: { intervalSeconds: 15 } },
    });
    entry.route('/', main, { healthCheck: { intervalSeconds: 30, unhealthyThreshold: 5 } });
    entry.route('/sub-app/', sub);
    const objects = objectsOf(chart);
    expect(find(objects, 'HealthCheckPolicy', 'main').spec.default).toMatchObject({
      checkIntervalSec: 30,
      unhealthyThreshold: 5,
    });
    expect(find(objects, 'HealthCheckPolicy', 'sub').spec.default.checkIntervalSec).toBe(15);
    expect(() => entry.route('/other', main, { healthCheck: { intervalSeconds: 20 } })).toThrow(
      "'route' checks WebService 'prod/main' for '/other' with other health-check timing than for '/', but GKE applies one HealthCheckPolicy per Service",
    );
  });
});
