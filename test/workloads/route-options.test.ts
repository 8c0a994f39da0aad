import { App, Testing } from 'cdk8s';
import { BackendConfig } from '#lib/gke/backend-config';
import { definePlatform } from '#lib/platform/platform';
import { PlatformError } from '#lib/core/errors';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import {
  type RouteOptions,
  WebEntrypoint,
  type WebEntrypointProps,
} from '#lib/workloads/web-entrypoint';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { find, type K8sObject } from '../support/synth';

/*
 * Load balancer options on WebEntrypoint and route(): each option's effect on the
 * BackendConfig, Service and Ingress, written from GKE's "Ingress configuration" page
 * (cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration), and each error.
 */

const platform = definePlatform({
  name: 'acme',
  environments: {
    dev: {
      nodePools: { general: { machineType: 'e2-standard-2' } },
      internalLoadBalancing: true,
      securityPolicies: { edge: { wafRules: ['sqli-v33-stable'] } },
      certificates: { shop: { type: 'google-managed', domains: ['dev.shop.example.com'] } },
    },
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4' } },
      securityPolicies: {
        edge: { wafRules: ['sqli-v33-stable', 'xss-v33-stable'] },
        strict: { name: 'acme-strict', defaultAction: 'deny', allowIps: ['203.0.113.0/24'] },
      },
      certificates: {
        shop: { type: 'google-managed', domains: ['shop.example.com'] },
        legacy: { type: 'self-managed' },
      },
    },
  },
});
type Env = 'dev' | 'prod';

function chartFor(env: Env = 'prod') {
  return new EnvironmentChart(new App(), { platform, environment: env });
}

const image = 'web:1.0.0';
function service(
  chart: EnvironmentChart<Env>,
  id = 'web',
  props: Partial<WebServiceProps<Env>> = {},
) {
  return new WebService(chart, id, { image, port: 8080, health: { path: '/ready' }, ...props });
}

/** Objects of a chart with one entrypoint routing '/' to `web` with `route`. */
function synth(
  route: RouteOptions<Env> = {},
  props: WebEntrypointProps<Env> = {},
  env: Env = 'prod',
  serviceProps: Partial<WebServiceProps<Env>> = {},
): K8sObject[] {
  const chart = chartFor(env);
  const web = service(chart, 'web', serviceProps);
  new WebEntrypoint(chart, 'edge', props).route('/', web, route);
  return Testing.synth(chart) as K8sObject[];
}

const backendSpec = (
  route: RouteOptions<Env>,
  props: WebEntrypointProps<Env> = {},
  env: Env = 'prod',
) => find(synth(route, props, env), 'BackendConfig', 'web').spec;

/** What is wrong in `objects` by the schemas (1.27 and 1.36) and the semantic rules. */
function problems(objects: K8sObject[]): string[] {
  return [
    ...validateObjects(objects).map((p) => `${p.object} ${p.path}: ${p.problem}`),
    ...validateSemantics(objects).map((p) => `${p.object} ${p.field}: ${p.problem}`),
  ];
}

function fails(run: () => unknown, message: string): void {
  expect(run).toThrow(PlatformError);
  expect(run).toThrow(message);
}

describe('route options: what each puts in the BackendConfig', () => {
  test('timeoutSeconds and drainingSeconds', () => {
    const spec = backendSpec({ timeoutSeconds: 120, drainingSeconds: 60 });
    expect(spec.timeoutSec).toBe(120);
    expect(spec.connectionDraining).toEqual({ drainingTimeoutSec: 60 });
  });

  test('session affinity: client IP, generated cookie with a TTL, none', () => {
    expect(backendSpec({ sessionAffinity: { type: 'client-ip' } }).sessionAffinity).toEqual({
      affinityType: 'CLIENT_IP',
    });
    expect(
      backendSpec({ sessionAffinity: { type: 'generated-cookie', cookieTtlSeconds: 50 } })
        .sessionAffinity,
    ).toEqual({ affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 50 });
    expect(backendSpec({ sessionAffinity: { type: 'none' } }).sessionAffinity).toEqual({
      affinityType: 'NONE',
    });
  });

  test('request and response headers become Name:Value lists', () => {
    const spec = backendSpec({
      requestHeaders: { 'X-Client-Region': '{client_region}', 'X-Client-City': '{client_city}' },
      responseHeaders: { 'Strict-Transport-Security': 'max-age=63072000' },
    });
    expect(spec.customRequestHeaders).toEqual({
      headers: ['X-Client-Region:{client_region}', 'X-Client-City:{client_city}'],
    });
    expect(spec.customResponseHeaders).toEqual({
      headers: ['Strict-Transport-Security:max-age=63072000'],
    });
  });

  test('access logging: on, sampled, off', () => {
    expect(backendSpec({ accessLog: true }).logging).toEqual({ enable: true });
    expect(backendSpec({ accessLog: { sampleRate: 0.5 } }).logging).toEqual({
      enable: true,
      sampleRate: 0.5,
    });
    expect(backendSpec({ accessLog: false }).logging).toEqual({ enable: false });
  });

  test('the health check takes the readiness probe path, port and timing, and can be tuned', () => {
    const objects = synth({}, {}, 'prod', {
      health: {
        path: '/ready',
        readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 4 },
      },
    });
    expect(find(objects, 'BackendConfig', 'web').spec.healthCheck).toEqual({
      type: 'HTTP',
      requestPath: '/ready',
      port: 8080,
      checkIntervalSec: 5,
      timeoutSec: 2,
      healthyThreshold: 1,
      unhealthyThreshold: 4,
    });
    const tuned = backendSpec({
      healthCheck: {
        intervalSeconds: 15,
        timeoutSeconds: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      },
    });
    expect(tuned.healthCheck).toEqual({
      type: 'HTTP',
      requestPath: '/ready',
      port: 8080,
      checkIntervalSec: 15,
      timeoutSec: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 5,
    });
  });

  test('Cloud CDN with cache mode, TTLs, negative caching and cache key', () => {
    const spec = backendSpec({
      cdn: {
        cacheMode: 'CACHE_ALL_STATIC',
        defaultTtlSeconds: 3600,
        maxTtlSeconds: 86400,
        clientTtlSeconds: 600,
        negativeCaching: { 404: 60, 410: 120 },
        cacheKey: { includeHost: true, includeProtocol: false, queryStringAllowlist: ['page'] },
      },
    });
    expect(spec.cdn).toEqual({
      enabled: true,
      cacheMode: 'CACHE_ALL_STATIC',
      defaultTtl: 3600,
      maxTtl: 86400,
      clientTtl: 600,
      negativeCaching: true,
      negativeCachingPolicy: [
        { code: 404, ttl: 60 },
        { code: 410, ttl: 120 },
      ],
      cachePolicy: { includeHost: true, includeProtocol: false, queryStringWhitelist: ['page'] },
    });
    expect(backendSpec({ cdn: false }).cdn).toEqual({ enabled: false });
  });

  test('IAP references the OAuth client Secret by name', () => {
    expect(backendSpec({ iap: { oauthClientSecret: 'iap-oauth' } }).iap).toEqual({
      enabled: true,
      oauthclientCredentials: { secretName: 'iap-oauth' },
    });
  });

  test('a declared Cloud Armor policy by key becomes its GCP name', () => {
    expect(backendSpec({ securityPolicy: 'edge' }).securityPolicy).toEqual({
      name: 'acme-prod-edge',
    });
    expect(backendSpec({ securityPolicy: 'strict' }).securityPolicy).toEqual({
      name: 'acme-strict',
    });
  });

  test('an HTTPS backend: app-protocols on the port, HTTPS health check and probes', () => {
    const objects = synth({ protocol: 'HTTPS' });
    const svc = find(objects, 'Service', 'web');
    expect(svc.metadata.annotations['cloud.google.com/app-protocols']).toBe('{"http":"HTTPS"}');
    expect(svc.spec.ports[0].name).toBe('http');
    expect(find(objects, 'BackendConfig', 'web').spec.healthCheck.type).toBe('HTTPS');
    const container = find(objects, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.scheme).toBe('HTTPS');
    expect(container.livenessProbe.httpGet.scheme).toBe('HTTPS');
    const http2 = synth({ protocol: 'HTTP2' });
    expect(
      find(http2, 'Service', 'web').metadata.annotations['cloud.google.com/app-protocols'],
    ).toBe('{"http":"HTTP2"}');
    expect(find(http2, 'BackendConfig', 'web').spec.healthCheck.type).toBe('HTTP2');
  });

  test('plain HTTP adds no app-protocols annotation', () => {
    expect(find(synth(), 'Service', 'web').metadata.annotations).toEqual({
      'cloud.google.com/neg': '{"ingress": true}',
      'cloud.google.com/backend-config': '{"default":"web"}',
    });
  });
});

describe('entrypoint options', () => {
  test('backend options apply to every route; a route field replaces the entrypoint one', () => {
    const chart = chartFor();
    const a = service(chart, 'a');
    const b = service(chart, 'b');
    const edge = new WebEntrypoint(chart, 'edge', {
      backend: { timeoutSeconds: 60, accessLog: { sampleRate: 0.1 } },
    });
    edge.route('/', a);
    edge.route('/b', b, { timeoutSeconds: 300 });
    const objects = Testing.synth(chart) as K8sObject[];
    expect(find(objects, 'BackendConfig', 'a').spec).toMatchObject({
      timeoutSec: 60,
      logging: { enable: true, sampleRate: 0.1 },
    });
    expect(find(objects, 'BackendConfig', 'b').spec).toMatchObject({
      timeoutSec: 300,
      logging: { enable: true, sampleRate: 0.1 },
    });
  });

  test('options per environment', () => {
    const route: RouteOptions<Env> = {
      timeoutSeconds: { dev: 30, prod: 90 },
      cdn: { dev: false, prod: { cacheMode: 'USE_ORIGIN_HEADERS' } },
    };
    expect(backendSpec(route, {}, 'dev')).toMatchObject({
      timeoutSec: 30,
      cdn: { enabled: false },
    });
    expect(backendSpec(route, {}, 'prod')).toMatchObject({
      timeoutSec: 90,
      cdn: { enabled: true, cacheMode: 'USE_ORIGIN_HEADERS' },
    });
  });

  test('a default backend', () => {
    const chart = chartFor();
    const fallback = service(chart, 'fallback');
    new WebEntrypoint(chart, 'edge', { defaultBackend: fallback, backend: { timeoutSeconds: 10 } });
    const objects = Testing.synth(chart) as K8sObject[];
    expect(find(objects, 'Ingress', 'edge').spec.defaultBackend).toEqual({
      service: { name: 'fallback', port: { number: 80 } },
    });
    expect(find(objects, 'BackendConfig', 'fallback').spec.timeoutSec).toBe(10);
  });

  test('declared certificates are served pre-shared, with the HTTPS redirect', () => {
    const objects = synth({}, { certificates: ['shop', 'legacy'], hosts: ['shop.example.com'] });
    const ingress = find(objects, 'Ingress', 'edge');
    expect(ingress.metadata.annotations['ingress.gcp.kubernetes.io/pre-shared-cert']).toBe(
      'acme-prod-shop,acme-prod-legacy',
    );
    // No ManagedCertificate when the entrypoint serves declared certificates.
    expect(ingress.metadata.annotations['networking.gke.io/managed-certificates']).toBeUndefined();
    expect(objects.some((o) => o.kind === 'ManagedCertificate')).toBe(false);
    expect(find(objects, 'FrontendConfig', 'edge-frontend').spec.redirectToHttps).toEqual({
      enabled: true,
      responseCodeName: 'MOVED_PERMANENTLY_DEFAULT',
    });
  });

  test('two entrypoints may share a service with the same options', () => {
    const chart = chartFor();
    const web = service(chart);
    new WebEntrypoint(chart, 'a').route('/', web, { timeoutSeconds: 60 });
    new WebEntrypoint(chart, 'b').route('/', web, { timeoutSeconds: 60 });
    const objects = Testing.synth(chart) as K8sObject[];
    expect(objects.filter((o) => o.kind === 'BackendConfig')).toHaveLength(1);
  });
});

describe("GKE's recipes, without escape hatches, valid by schema and semantic rules", () => {
  // Each mirrors a BackendConfig example of the Ingress configuration page.
  test.each<[string, RouteOptions<Env>, K8sObject]>([
    ['Cloud Armor', { securityPolicy: 'edge' }, { securityPolicy: { name: 'acme-prod-edge' } }],
    [
      'IAP',
      { iap: { oauthClientSecret: 'my-secret' } },
      { iap: { enabled: true, oauthclientCredentials: { secretName: 'my-secret' } } },
    ],
    [
      'Cloud CDN',
      {
        cdn: {
          cacheKey: { includeHost: true, includeProtocol: true, includeQueryString: false },
        },
      },
      {
        cdn: {
          enabled: true,
          cacheMode: 'CACHE_ALL_STATIC',
          cachePolicy: { includeHost: true, includeProtocol: true, includeQueryString: false },
        },
      },
    ],
    [
      'custom health check',
      {
        healthCheck: {
          intervalSeconds: 15,
          timeoutSeconds: 15,
          healthyThreshold: 1,
          unhealthyThreshold: 2,
        },
      },
      {
        healthCheck: {
          checkIntervalSec: 15,
          timeoutSec: 15,
          healthyThreshold: 1,
          unhealthyThreshold: 2,
          type: 'HTTP',
          requestPath: '/ready',
          port: 8080,
        },
      },
    ],
    ['HTTPS backend', { protocol: 'HTTPS' }, { healthCheck: { type: 'HTTPS' } }],
  ])('%s', (_, route, expected) => {
    const objects = synth(route);
    expect(find(objects, 'BackendConfig', 'web').spec).toMatchObject(expected);
    expect(problems(objects)).toEqual([]);
  });

  test('every option at once is valid', () => {
    const objects = synth(
      {
        timeoutSeconds: 60,
        drainingSeconds: 30,
        sessionAffinity: { type: 'generated-cookie', cookieTtlSeconds: 3600 },
        requestHeaders: { 'X-Client-Region': '{client_region}' },
        responseHeaders: { 'X-Frame-Options': 'DENY' },
        accessLog: { sampleRate: 0.25 },
        cdn: { cacheMode: 'FORCE_CACHE_ALL', defaultTtlSeconds: 60, negativeCaching: true },
        protocol: 'HTTP2',
        securityPolicy: 'edge',
      },
      { certificates: ['shop'], hosts: ['shop.example.com'] },
    );
    expect(problems(objects)).toEqual([]);
  });
});

describe('fails', () => {
  test('fails on a second route to one service with other options', () => {
    const chart = chartFor();
    const web = service(chart);
    const edge = new WebEntrypoint(chart, 'edge');
    edge.route('/', web, { timeoutSeconds: 30 });
    fails(
      () => edge.route('/api', web, { timeoutSeconds: 60 }),
      "WebEntrypoint 'prod/entrypoints/edge': 'route' sends '/api' to WebService 'prod/web' with load balancer options that differ from those of '/' (WebEntrypoint 'prod/entrypoints/edge'), but GKE keeps one BackendConfig and one backend service per Service port; give both routes the same options, or route the second path to a WebService of its own",
    );
  });

  test('fails on a BackendConfig of the user after route()', () => {
    const chart = chartFor();
    const web = service(chart);
    new WebEntrypoint(chart, 'edge').route('/', web);
    const mine = new BackendConfig(chart, 'mine', { timeoutSec: 40 });
    fails(
      () => web.addServiceAnnotations(mine.serviceAnnotations()),
      "WebService 'prod/web': 'addServiceAnnotations' sets 'cloud.google.com/backend-config', but WebEntrypoint 'prod/entrypoints/edge' routes '/' here",
    );
  });

  test('fails on a BackendConfig of the user before route()', () => {
    const chart = chartFor();
    const web = service(chart);
    web.addServiceAnnotations(BackendConfig.serviceAnnotations({ default: 'mine' }));
    const edge = new WebEntrypoint(chart, 'edge');
    fails(
      () => edge.route('/', web),
      "WebEntrypoint 'prod/entrypoints/edge': 'route' sends '/' to WebService 'prod/web', whose Service already names a BackendConfig of its own",
    );
  });

  test('fails at synth on the annotation replaced through the escape hatch', () => {
    const chart = chartFor();
    const web = service(chart);
    new WebEntrypoint(chart, 'edge').route('/', web);
    web.service.metadata.addAnnotation('cloud.google.com/backend-config', '{"default":"mine"}');
    fails(
      () => Testing.synth(chart),
      "WebService 'prod/web': 'cloud.google.com/backend-config' is",
    );
  });

  test('fails on an undeclared security policy', () => {
    fails(
      () => synth({ securityPolicy: 'nope' }),
      "WebEntrypoint 'prod/entrypoints/edge': 'route.securityPolicy' is 'nope', but environment 'prod' declares no such security policy; use one of: edge, strict, or declare it under 'securityPolicies'",
    );
  });

  test('fails on an undeclared certificate', () => {
    fails(
      () => synth({}, { certificates: ['other'] }),
      "WebEntrypoint 'prod/entrypoints/edge': 'certificates' is 'other', but environment 'prod' declares no such certificate; use one of: shop, legacy, or declare it under 'certificates'",
    );
  });

  test('fails on certificates for an internal entrypoint', () => {
    fails(
      () =>
        synth(
          {},
          {
            internal: true,
            certificates: ['shop'],
            managedCertificate: false,
            redirectToHttps: false,
          },
          'dev',
        ),
      "WebEntrypoint 'dev/entrypoints/edge': 'certificates' is set, but the declared certificates are global and an internal load balancer takes regional ones; leave 'certificates' out, or make the entrypoint external",
    );
  });

  test.each<[string, RouteOptions<Env>, string]>([
    [
      'CDN with IAP',
      { cdn: {}, iap: { oauthClientSecret: 's' } },
      "'route.iap' is set together with Cloud CDN",
    ],
    [
      'a timeout of 0',
      { timeoutSeconds: 0 },
      "'route.timeoutSeconds' is 0; use a whole number from 1 to 86400",
    ],
    ['a draining time over an hour', { drainingSeconds: 3601 }, "'route.drainingSeconds' is 3601"],
    [
      'a cookie TTL over a day',
      { sessionAffinity: { type: 'generated-cookie', cookieTtlSeconds: 86401 } },
      "'route.sessionAffinity.cookieTtlSeconds' is 86401",
    ],
    [
      'an unknown affinity',
      { sessionAffinity: { type: 'sticky' } as never },
      '\'route.sessionAffinity.type\' is "sticky"',
    ],
    [
      'a header name with a space',
      { requestHeaders: { 'X Bad': 'v' } },
      '\'route.requestHeaders\' has the header name "X Bad"',
    ],
    [
      'a header twice',
      { responseHeaders: { 'X-A': '1', 'x-a': '2' } },
      '\'route.responseHeaders\' has the header "x-a" twice',
    ],
    [
      'a header value on two lines',
      { requestHeaders: { 'X-A': 'a\r\nb' } },
      '\'route.requestHeaders\' has a value for "X-A"',
    ],
    [
      'a sample rate above 1',
      { accessLog: { sampleRate: 2 } },
      "'route.accessLog.sampleRate' is 2",
    ],
    [
      'a health check interval of 0',
      { healthCheck: { intervalSeconds: 0 } },
      "'route.healthCheck.intervalSeconds' is 0",
    ],
    [
      'a health check timeout over the interval',
      { healthCheck: { intervalSeconds: 5, timeoutSeconds: 6 } },
      "'route.healthCheck.timeoutSeconds' (6) is greater than the check interval (5)",
    ],
    [
      'an unhealthy threshold of 11',
      { healthCheck: { unhealthyThreshold: 11 } },
      "'route.healthCheck.unhealthyThreshold' is 11",
    ],
    [
      'an unknown cache mode',
      { cdn: { cacheMode: 'ALL' as never } },
      '\'route.cdn.cacheMode\' is "ALL"',
    ],
    [
      'TTLs with USE_ORIGIN_HEADERS',
      { cdn: { cacheMode: 'USE_ORIGIN_HEADERS', defaultTtlSeconds: 60 } },
      "'route.cdn.defaultTtlSeconds' is set, but cache mode 'USE_ORIGIN_HEADERS' takes every TTL from the origin",
    ],
    [
      'a max TTL with FORCE_CACHE_ALL',
      { cdn: { cacheMode: 'FORCE_CACHE_ALL', maxTtlSeconds: 60 } },
      "'route.cdn.maxTtlSeconds' is set, but cache mode 'FORCE_CACHE_ALL' has no maximum TTL",
    ],
    [
      'a default TTL over the max',
      { cdn: { defaultTtlSeconds: 100, maxTtlSeconds: 50 } },
      "'route.cdn.defaultTtlSeconds' (100) is greater than 'maxTtlSeconds' (50)",
    ],
    [
      'a TTL over a year',
      { cdn: { defaultTtlSeconds: 31622401 } },
      "'route.cdn.defaultTtlSeconds' is 31622401",
    ],
    [
      'negative caching of 200',
      { cdn: { negativeCaching: { 200: 60 } } },
      "'route.cdn.negativeCaching' has status code 200",
    ],
    [
      'a negative caching TTL over 1800',
      { cdn: { negativeCaching: { 404: 1801 } } },
      "'route.cdn.negativeCaching.404' is 1801",
    ],
    [
      'allow and deny lists',
      { cdn: { cacheKey: { queryStringAllowlist: ['a'], queryStringDenylist: ['b'] } } },
      "'route.cdn.cacheKey.queryStringAllowlist' is given together with 'queryStringDenylist'",
    ],
    [
      'a list without the query string',
      { cdn: { cacheKey: { includeQueryString: false, queryStringDenylist: ['b'] } } },
      "'route.cdn.cacheKey.includeQueryString' is false, but a query string list is given",
    ],
    [
      'an IAP secret that is no name',
      { iap: { oauthClientSecret: 'No_Secret' } },
      "'route.iap.oauthClientSecret'",
    ],
    ['an unknown protocol', { protocol: 'GRPC' as never }, '\'route.protocol\' is "GRPC"'],
  ])('fails on %s', (_, route, message) => {
    fails(() => synth(route), message);
  });

  test('fails on entrypoint options, naming the backend prop', () => {
    fails(() => synth({}, { backend: { timeoutSeconds: 0 } }), "'backend.timeoutSeconds' is 0");
  });

  test.each<[string, RouteOptions<Env>, string]>([
    [
      'CDN',
      { cdn: {} },
      "'route.cdn' is set, but internal Application Load Balancers have no Cloud CDN",
    ],
    ['Cloud Armor', { securityPolicy: 'edge' }, "'route.securityPolicy' is set, but internal"],
    [
      'request headers',
      { requestHeaders: { 'X-A': '1' } },
      "'route.requestHeaders' is set, but internal",
    ],
  ])('fails on %s behind an internal entrypoint', (_, route, message) => {
    fails(() => synth(route, { internal: true }, 'dev'), message);
  });
});

describe('route options with several Service ports', () => {
  test('a route to a second port uses the BackendConfig of the Service (one per Service)', () => {
    const objects = synth({ port: 'admin', timeoutSeconds: 60 }, {}, 'prod', {
      additionalPorts: { admin: 9000 },
    });
    expect(find(objects, 'BackendConfig', 'web').spec.timeoutSec).toBe(60);
    const ingress = find(objects, 'Ingress', 'edge');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 9000 });
  });

  test('refuses HTTPS to a port other than the main one: health check and probes follow the main port', () => {
    fails(
      () =>
        synth({ port: 'admin', protocol: 'HTTPS' }, {}, 'prod', {
          additionalPorts: { admin: 9000 },
        }),
      "'route.protocol' is HTTPS for port 'admin' of WebService 'prod/web', but the load balancer's health check and the probes follow the readiness probe on the main port 'http'",
    );
  });
});
