import { firstPath, get, path, runCases, runPasses, type Obj } from './edge-fixtures';

/*
 * GKE's Ingress controller (kubernetes/ingress-gce), the managed-certificate controller and
 * the GKE custom resources: one change to a valid environment, the exact problem expected.
 */

const CLASS = 'metadata.annotations["kubernetes.io/ingress.class"]';
const GLOBAL_IP = 'metadata.annotations["kubernetes.io/ingress.global-static-ip-name"]';
const REGIONAL_IP = 'metadata.annotations["kubernetes.io/ingress.regional-static-ip-name"]';
const ALLOW_HTTP = 'metadata.annotations["kubernetes.io/ingress.allow-http"]';
const MANAGED = 'metadata.annotations["networking.gke.io/managed-certificates"]';
const FRONTEND = 'metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"]';

/** Makes the Ingress internal (gce-internal), without what internal Ingresses cannot have. */
function internal(objects: Obj[]): Obj {
  const ingress = get(objects, 'Ingress');
  ingress.metadata.annotations = { 'kubernetes.io/ingress.class': 'gce-internal' };
  return ingress;
}

/** A second port on the Service, so that two paths can go to different backends. */
function secondPort(objects: Obj[]): void {
  get(objects, 'Service').spec.ports.push({ name: 'admin', port: 8081, targetPort: 8080 });
}

/** Sets the paths of the Ingress's first rule. */
function paths(objects: Obj[], ...entries: Obj[]): void {
  secondPort(objects);
  get(objects, 'Ingress').spec.rules[0].http.paths = entries;
}

const admin = { number: 8081 };
const R0 = 'Ingress web spec.rules[0].http.paths';

describe('GKE Ingress: class (utils.IsGCEIngress)', () => {
  runCases([
    {
      name: 'a gce class GKE does not know',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.class'] = 'gce-external'),
      expected: [
        `Ingress web ${CLASS}: is "gce-external", which GKE does not know: GKE takes no action on the Ingress and no load balancer is made`,
      ],
    },
    {
      name: 'spec.ingressClassName: gce without the annotation',
      change: (o) => {
        const ingress = get(o, 'Ingress');
        delete ingress.metadata.annotations['kubernetes.io/ingress.class'];
        ingress.spec.ingressClassName = 'gce';
      },
      expected: [
        'Ingress web spec.ingressClassName: is "gce", but GKE reads only the kubernetes.io/ingress.class annotation: with the field alone GKE takes no action and no load balancer is made',
      ],
    },
  ]);
});

describe('GKE Ingress: paths (translator.validateAndGetPaths, URL map)', () => {
  runCases([
    {
      name: "Prefix '/*' (the seed teams' habit)",
      change: (o) => (firstPath(o).path = '/*'),
      expected: [
        `${R0}[0].path: is "/*" with pathType Prefix: ingress-gce refuses a '*' in Prefix paths and drops the path, so its requests go to the default backend`,
      ],
    },
    {
      name: "Prefix '/api/*'",
      change: (o) => (firstPath(o).path = '/api/*'),
      expected: [
        `${R0}[0].path: is "/api/*" with pathType Prefix: ingress-gce refuses a '*' in Prefix paths and drops the path, so its requests go to the default backend`,
      ],
    },
    {
      name: "Exact with a '*'",
      change: (o) => Object.assign(firstPath(o), { path: '/api/*', pathType: 'Exact' }),
      expected: [
        `${R0}[0].path: is "/api/*" with pathType Exact: ingress-gce refuses a '*' in Exact paths and drops the path, so its requests go to the default backend`,
      ],
    },
    {
      name: "ImplementationSpecific with a '*' that is not a trailing '/*'",
      change: (o) =>
        Object.assign(firstPath(o), { path: '/api*', pathType: 'ImplementationSpecific' }),
      expected: [
        `${R0}[0].path: is "/api*", which the Google URL map refuses: it has a '*' that is not a trailing '/*'`,
      ],
    },
    {
      name: "ImplementationSpecific with a '*' in the middle",
      change: (o) =>
        Object.assign(firstPath(o), { path: '/*/static', pathType: 'ImplementationSpecific' }),
      expected: [
        `${R0}[0].path: is "/*/static", which the Google URL map refuses: it has a '*' that is not a trailing '/*'`,
      ],
    },
    {
      name: "a '?' in a path",
      change: (o) => (firstPath(o).path = '/search?q'),
      expected: [
        `${R0}[0].path: is "/search?q", which the Google URL map refuses: it has a '?' or '#'`,
      ],
    },
    {
      name: "Prefix '/' and ImplementationSpecific '/*' to different backends (both are '/*')",
      change: (o) =>
        paths(o, path('/', 'Prefix'), path('/*', 'ImplementationSpecific', 'web', admin)),
      expected: [
        `${R0}[0].path: is "/" (URL map '/*'), which spec.rules[0].http.paths[1] also routes, to Service "web" port 8081: ingress-gce keeps the later path, so Service "web" port 80 never gets these requests`,
      ],
    },
    {
      name: "Prefix '/api' and Prefix '/api/' to different backends",
      change: (o) => paths(o, path('/api', 'Prefix'), path('/api/', 'Prefix', 'web', admin)),
      expected: [
        `${R0}[0].path: is "/api" (URL map '/api', '/api/*'), which spec.rules[0].http.paths[1] also routes, to Service "web" port 8081: ingress-gce keeps the later path, so Service "web" port 80 never gets these requests`,
      ],
    },
    {
      name: 'an Exact path followed by a Prefix path of the same value (the Prefix takes it)',
      change: (o) => paths(o, path('/api', 'Exact'), path('/api', 'Prefix', 'web', admin)),
      expected: [
        `${R0}[0].path: is "/api" (URL map '/api'), which spec.rules[0].http.paths[1] also routes, to Service "web" port 8081: ingress-gce keeps the later path, so Service "web" port 80 never gets these requests`,
      ],
    },
    {
      name: 'a host route and a catch-all route on the same path, in one rule',
      change: (o) => paths(o, path('/', 'Prefix'), path('/', 'Prefix', 'web', admin)),
      expected: [
        `${R0}[0].path: is "/" (URL map '/*'), which spec.rules[0].http.paths[1] also routes, to Service "web" port 8081: ingress-gce keeps the later path, so Service "web" port 80 never gets these requests`,
      ],
    },
    {
      name: 'two rules for one host (GCEURLMap.PutPathRulesForHost keeps the later)',
      change: (o) => (get(o, 'Ingress').spec.rules[1].host = 'shop.example.com'),
      expected: [
        'Ingress web spec.rules[0].host: is "shop.example.com", like spec.rules[1]: ingress-gce keeps only the later rule\'s paths for a host, so these paths are never served',
      ],
    },
    {
      name: 'two rules without a host',
      change: (o) => get(o, 'Ingress').spec.rules.forEach((r: Obj) => delete r.host),
      expected: [
        "Ingress web spec.rules[0]: has no host, like spec.rules[1]: ingress-gce keeps only the later rule's paths for a host, so these paths are never served",
      ],
    },
    {
      name: 'a resource backend (utils.BackendToServicePortID)',
      change: (o) =>
        (firstPath(o).backend = {
          resource: { apiGroup: 'storage.example.com', kind: 'Bucket', name: 'static' },
        }),
      expected: [
        `${R0}[0].backend.resource: is a resource backend, which GKE Ingress does not serve`,
      ],
    },
  ]);

  runPasses([
    { name: 'Exact paths', change: (o) => (firstPath(o).pathType = 'Exact') },
    {
      name: "ImplementationSpecific '/*' and '/static/*'",
      change: (o) =>
        paths(
          o,
          path('/*', 'ImplementationSpecific'),
          path('/static/*', 'ImplementationSpecific', 'web', admin),
        ),
    },
    {
      name: 'a Prefix path followed by an Exact path of the same value (Exact wins, as the Ingress spec says)',
      change: (o) => paths(o, path('/api', 'Prefix'), path('/api', 'Exact', 'web', admin)),
    },
    {
      name: 'a host rule and a catch-all rule on the same path (the host rule wins for its host)',
      change: (o) => {
        secondPort(o);
        const ingress = get(o, 'Ingress');
        ingress.spec.rules[1] = { http: { paths: [path('/', 'Prefix', 'web', admin)] } };
      },
    },
    {
      name: 'the same path twice to the same backend',
      change: (o) => paths(o, path('/', 'Prefix'), path('/*', 'ImplementationSpecific')),
    },
    {
      name: 'a path with an empty ImplementationSpecific value',
      change: (o) => Object.assign(firstPath(o), { path: '', pathType: 'ImplementationSpecific' }),
    },
  ]);
});

describe('GKE Ingress: annotations', () => {
  runCases([
    {
      name: 'a global and a regional static IP at once',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.regional-static-ip-name'] =
          'shop-prod-ilb'),
      expected: [
        `Ingress web ${REGIONAL_IP}: is set together with kubernetes.io/ingress.global-static-ip-name: ingress-gce refuses an Ingress with both`,
      ],
    },
    {
      name: 'a regional static IP on a gce Ingress',
      change: (o) => {
        const a = get(o, 'Ingress').metadata.annotations;
        delete a['kubernetes.io/ingress.global-static-ip-name'];
        a['kubernetes.io/ingress.regional-static-ip-name'] = 'shop-prod-ilb';
      },
      expected: [
        `Ingress web ${REGIONAL_IP}: is "shop-prod-ilb", but a 'gce' Ingress is a global load balancer: ingress-gce looks the name up among global addresses`,
      ],
    },
    {
      name: 'a global static IP on a gce-internal Ingress',
      change: (o) =>
        (internal(o).metadata.annotations['kubernetes.io/ingress.global-static-ip-name'] =
          'shop-prod-web'),
      expected: [
        `Ingress web ${GLOBAL_IP}: is "shop-prod-web", but a 'gce-internal' Ingress is a regional load balancer: ingress-gce looks the name up among regional addresses`,
      ],
    },
    {
      name: 'a static IP name that is not a Google Cloud name',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.global-static-ip-name'] =
          'Shop_IP'),
      expected: [
        `Ingress web ${GLOBAL_IP}: is "Shop_IP", which is not a Google Cloud address name`,
      ],
    },
    {
      name: 'allow-http that Go does not read as a boolean',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.allow-http'] = 'no'),
      expected: [
        `Ingress web ${ALLOW_HTTP}: is "no", which ingress-gce does not read as a boolean, so HTTP stays open`,
      ],
    },
    {
      name: 'allow-http false without any certificate (errAllProtocolsDisabled)',
      change: (o) => {
        const a = get(o, 'Ingress').metadata.annotations;
        delete a['networking.gke.io/managed-certificates'];
        a['kubernetes.io/ingress.allow-http'] = 'false';
      },
      expected: [
        `Ingress web ${ALLOW_HTTP}: is "false", but the Ingress has no certificate (spec.tls, pre-shared or managed): with HTTP and HTTPS both off, the load balancer serves nothing`,
      ],
    },
    {
      name: 'HTTP and HTTPS on a gce-internal Ingress without a static IP (L7.edgeHop)',
      change: (o) =>
        (internal(o).spec.tls = [{ hosts: ['shop.example.com'], secretName: 'web-tls' }]),
      expected: [
        `Ingress web ${REGIONAL_IP}: is missing, but the gce-internal Ingress serves both HTTP and HTTPS: ingress-gce serves both on one internal address only when it is a reserved static IP`,
      ],
    },
    {
      name: 'a FrontendConfig on a gce-internal Ingress',
      change: (o) =>
        (internal(o).metadata.annotations['networking.gke.io/v1beta1.FrontendConfig'] =
          'web-frontend'),
      expected: [
        `Ingress web ${FRONTEND}: is set on a gce-internal Ingress: internal load balancers take no HTTPS redirect (ingress-gce refuses it) and no SSL policy through a FrontendConfig`,
      ],
    },
    {
      name: 'managed certificates on a gce-internal Ingress (gke-managed-certs ingress.IsGKE)',
      change: (o) =>
        (internal(o).metadata.annotations['networking.gke.io/managed-certificates'] = 'web-cert'),
      expected: [
        `Ingress web ${MANAGED}: is set on a gce-internal Ingress, but the managed-certificate controller acts only on 'gce' Ingresses: no certificate would be attached`,
      ],
    },
    {
      name: 'a managed-certificates annotation that names nothing',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['networking.gke.io/managed-certificates'] = ' , '),
      expected: [`Ingress web ${MANAGED}: is " , ", which names no ManagedCertificate`],
    },
    {
      name: 'a managed certificate name that is not an object name',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['networking.gke.io/managed-certificates'] =
          'web-cert, Web_Cert'),
      expected: [
        `Ingress web ${MANAGED}: is "Web_Cert", which is not a DNS-1123 subdomain`,
        `Ingress web ${MANAGED}: names "Web_Cert", which is not a ManagedCertificate of the environment: no certificate of the list is attached`,
      ],
    },
    {
      name: 'more than 15 certificates on one Ingress',
      change: (o) =>
        (get(o, 'Ingress').spec.tls = Array.from({ length: 15 }, (_, i) => ({
          secretName: `tls-${i}`,
        }))),
      expected: [
        `Ingress web ${MANAGED}: brings the Ingress to 16 certificates, more than the 15 a load balancer takes`,
      ],
    },
  ]);

  runPasses([
    {
      name: 'allow-http false with a managed certificate',
      change: (o) =>
        (get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.allow-http'] = 'false'),
    },
    {
      name: 'a gce-internal Ingress with a regional static IP and TLS',
      change: (o) => {
        const ingress = internal(o);
        ingress.metadata.annotations['kubernetes.io/ingress.regional-static-ip-name'] =
          'shop-prod-ilb';
        ingress.spec.tls = [{ hosts: ['shop.internal.example.com'], secretName: 'web-tls' }];
      },
    },
    {
      name: 'a gce-internal Ingress serving HTTPS only, without a static IP',
      change: (o) => {
        const ingress = internal(o);
        ingress.metadata.annotations['kubernetes.io/ingress.allow-http'] = 'false';
        ingress.spec.tls = [{ secretName: 'web-tls' }];
      },
    },
    {
      name: 'a gce-regional-external Ingress with a regional static IP',
      change: (o) => {
        get(o, 'Ingress').metadata.annotations = {
          'kubernetes.io/ingress.class': 'gce-regional-external',
          'kubernetes.io/ingress.regional-static-ip-name': 'shop-prod-regional',
        };
      },
    },
    {
      name: 'an Ingress with no class at all (GKE treats it as gce)',
      change: (o) => delete get(o, 'Ingress').metadata.annotations['kubernetes.io/ingress.class'],
    },
  ]);
});

describe('BackendConfig (ingress-gce backendconfig validation, Compute health checks)', () => {
  const hc = (o: Obj[]) => get(o, 'BackendConfig').spec.healthCheck;
  const spec = (o: Obj[]) => get(o, 'BackendConfig').spec;
  const B = 'BackendConfig web spec';
  runCases([
    {
      name: 'a health check type ingress-gce does not build',
      change: (o) => (hc(o).type = 'TCP'),
      expected: [
        `${B}.healthCheck.type: is "TCP", which ingress-gce cannot build a health check of`,
      ],
    },
    {
      name: 'a health check port of 0',
      change: (o) => (hc(o).port = 0),
      expected: [`${B}.healthCheck.port: is 0, outside 1 to 65535`],
    },
    {
      name: 'a relative request path',
      change: (o) => (hc(o).requestPath = 'healthz'),
      expected: [`${B}.healthCheck.requestPath: is "healthz", which is not an absolute URL path`],
    },
    {
      name: 'a timeout longer than the interval',
      change: (o) => (hc(o).timeoutSec = 15),
      expected: [
        `${B}.healthCheck.timeoutSec: is 15, more than checkIntervalSec (10), which Compute Engine refuses`,
      ],
    },
    {
      name: 'an interval above 300 seconds',
      change: (o) => (hc(o).checkIntervalSec = 301),
      expected: [`${B}.healthCheck.checkIntervalSec: is 301, outside 1 to 300`],
    },
    {
      name: 'an unhealthy threshold of 0',
      change: (o) => (hc(o).unhealthyThreshold = 0),
      expected: [`${B}.healthCheck.unhealthyThreshold: is 0, outside 1 to 10`],
    },
    {
      name: 'a healthy threshold of 11',
      change: (o) => (hc(o).healthyThreshold = 11),
      expected: [`${B}.healthCheck.healthyThreshold: is 11, outside 1 to 10`],
    },
    {
      name: 'an unknown session affinity type',
      change: (o) => (spec(o).sessionAffinity = { affinityType: 'COOKIE' }),
      expected: [`${B}.sessionAffinity.affinityType: is "COOKIE"`],
    },
    {
      name: 'a cookie TTL above a day',
      change: (o) =>
        (spec(o).sessionAffinity = {
          affinityType: 'GENERATED_COOKIE',
          affinityCookieTtlSec: 86401,
        }),
      expected: [`${B}.sessionAffinity.affinityCookieTtlSec: is 86401, outside 0 to 86400`],
    },
    {
      name: 'a log sample rate above 1',
      change: (o) => (spec(o).logging = { enable: true, sampleRate: 1.5 }),
      expected: [`${B}.logging.sampleRate: is 1.5, outside 0.0 to 1.0`],
    },
    {
      name: 'a log sample rate without logging',
      change: (o) => (spec(o).logging = { sampleRate: 0.5 }),
      expected: [`${B}.logging.sampleRate: is 0.5, but logging is not enabled`],
    },
    {
      name: 'IAP and Cloud CDN together',
      change: (o) => Object.assign(spec(o), { iap: { enabled: true }, cdn: { enabled: true } }),
      expected: [
        `${B}.iap.enabled: is true together with spec.cdn.enabled, which ingress-gce refuses`,
      ],
    },
    {
      name: 'a draining timeout above an hour',
      change: (o) => (spec(o).connectionDraining.drainingTimeoutSec = 3601),
      expected: [`${B}.connectionDraining.drainingTimeoutSec: is 3601, outside 0 to 3600`],
    },
    {
      name: 'a backend timeout of 0',
      change: (o) => (spec(o).timeoutSec = 0),
      expected: [`${B}.timeoutSec: is 0, outside 1 to 2147483647`],
    },
    {
      name: 'a security policy name with a space',
      change: (o) => (spec(o).securityPolicy = { name: 'My Policy' }),
      expected: [
        `${B}.securityPolicy.name: is "My Policy", which is not a Cloud Armor policy name`,
      ],
    },
    {
      name: 'an unknown cache mode',
      change: (o) => (spec(o).cdn = { enabled: true, cacheMode: 'CACHE_EVERYTHING' }),
      expected: [`${B}.cdn.cacheMode: is "CACHE_EVERYTHING"`],
    },
    {
      name: 'a TTL with USE_ORIGIN_HEADERS',
      change: (o) =>
        (spec(o).cdn = { enabled: true, cacheMode: 'USE_ORIGIN_HEADERS', defaultTtl: 60 }),
      expected: [
        `${B}.cdn.defaultTtl: is set with cacheMode USE_ORIGIN_HEADERS, which Compute Engine refuses`,
      ],
    },
    {
      name: 'a maxTtl with FORCE_CACHE_ALL',
      change: (o) => (spec(o).cdn = { enabled: true, cacheMode: 'FORCE_CACHE_ALL', maxTtl: 60 }),
      expected: [
        `${B}.cdn.maxTtl: is set with cacheMode FORCE_CACHE_ALL, which Compute Engine refuses`,
      ],
    },
    {
      name: 'a default TTL above maxTtl',
      change: (o) => (spec(o).cdn = { enabled: true, defaultTtl: 7200, maxTtl: 3600 }),
      expected: [`${B}.cdn.defaultTtl: is 7200, more than maxTtl (3600)`],
    },
    {
      name: 'a TTL above a year',
      change: (o) => (spec(o).cdn = { enabled: true, clientTtl: 31622401 }),
      expected: [`${B}.cdn.clientTtl: is 31622401, outside 0 to 31622400`],
    },
    {
      name: 'negative caching of 200, of 404 twice, and a TTL above 1800',
      change: (o) =>
        (spec(o).cdn = {
          enabled: true,
          negativeCaching: true,
          negativeCachingPolicy: [
            { code: 200, ttl: 60 },
            { code: 404, ttl: 60 },
            { code: 404, ttl: 1801 },
          ],
        }),
      expected: [
        `${B}.cdn.negativeCachingPolicy[0].code: is 200`,
        `${B}.cdn.negativeCachingPolicy[2].code: is 404 a second time`,
        `${B}.cdn.negativeCachingPolicy[2].ttl: is 1801, outside 0 to 1800`,
      ],
    },
    {
      name: 'query string allow and deny lists together',
      change: (o) =>
        (spec(o).cdn = {
          enabled: true,
          cachePolicy: { queryStringWhitelist: ['a'], queryStringBlacklist: ['b'] },
        }),
      expected: [
        `${B}.cdn.cachePolicy.queryStringWhitelist: is given together with queryStringBlacklist, which Compute Engine refuses`,
      ],
    },
    {
      name: 'a query string list without the query string',
      change: (o) =>
        (spec(o).cdn = {
          enabled: true,
          cachePolicy: { includeQueryString: false, queryStringBlacklist: ['b'] },
        }),
      expected: [
        `${B}.cdn.cachePolicy.includeQueryString: is false, but a query string list is given, which Compute Engine refuses`,
      ],
    },
    {
      name: 'a custom header without a colon',
      change: (o) => (spec(o).customResponseHeaders = { headers: ['X-Frame-Options DENY'] }),
      expected: [
        `${B}.customResponseHeaders.headers[0]: is "X-Frame-Options DENY", which is not of the form Name:Value`,
      ],
    },
    {
      name: 'custom headers Google Cloud reserves, and hop-by-hop ones (custom-headers page)',
      change: (o) =>
        (spec(o).customRequestHeaders = {
          headers: ['X-Goog-Authenticated-User-Email:x', 'cdn-loop:x', 'Connection:close', 'TE:x'],
        }),
      expected: [
        `${B}.customRequestHeaders.headers[0]: names "X-Goog-Authenticated-User-Email", a header name Google Cloud reserves (names starting with 'x-goog-')`,
        `${B}.customRequestHeaders.headers[1]: names "cdn-loop", a header name Google Cloud reserves`,
        `${B}.customRequestHeaders.headers[2]: names "Connection", a hop-by-hop header, which the load balancer does not pass on`,
        `${B}.customRequestHeaders.headers[3]: names "TE", a hop-by-hop header, which the load balancer does not pass on`,
      ],
    },
    {
      name: 'more custom response headers than a backend service holds (16)',
      change: (o) =>
        (spec(o).customResponseHeaders = {
          headers: Array.from({ length: 17 }, (_, i) => `X-H${i}:v`),
        }),
      expected: [`${B}.customResponseHeaders.headers: has 17 headers`],
    },
  ]);
  runPasses([
    { name: 'HTTP2 and HTTPS health checks', change: (o) => (hc(o).type = 'HTTP2') },
    {
      name: "GKE's Cloud CDN example",
      change: (o) =>
        (spec(o).cdn = {
          enabled: true,
          cachePolicy: { includeHost: true, includeProtocol: true, includeQueryString: false },
        }),
    },
    {
      name: 'CACHE_ALL_STATIC with TTLs under maxTtl and negative caching',
      change: (o) =>
        (spec(o).cdn = {
          enabled: true,
          cacheMode: 'CACHE_ALL_STATIC',
          defaultTtl: 3600,
          maxTtl: 86400,
          clientTtl: 3600,
          negativeCaching: true,
          negativeCachingPolicy: [{ code: 404, ttl: 1800 }],
        }),
    },
    {
      name: "GKE's custom request header example",
      change: (o) =>
        (spec(o).customRequestHeaders = { headers: ['X-Client-Region:{client_region}'] }),
    },
    { name: 'a timeout equal to the interval', change: (o) => (hc(o).timeoutSec = 10) },
    {
      name: 'a draining timeout of 0',
      change: (o) => (spec(o).connectionDraining.drainingTimeoutSec = 0),
    },
    { name: 'IAP alone', change: (o) => (spec(o).iap = { enabled: true }) },
  ]);
});

describe('FrontendConfig', () => {
  runCases([
    {
      name: 'a redirect code the URL map does not have',
      change: (o) =>
        (get(o, 'FrontendConfig', 'web-frontend').spec.redirectToHttps.responseCodeName =
          'MOVED_PERMANENTLY'),
      expected: [
        'FrontendConfig web-frontend spec.redirectToHttps.responseCodeName: is "MOVED_PERMANENTLY", which is not a URL map redirect code',
      ],
    },
    {
      name: 'an SSL policy name that is not a Google Cloud name',
      change: (o) => (get(o, 'FrontendConfig', 'web-frontend').spec.sslPolicy = 'TLS_1.2'),
      expected: [
        'FrontendConfig web-frontend spec.sslPolicy: is "TLS_1.2", which is not an SSL policy name',
      ],
    },
  ]);
  runPasses([
    {
      name: 'each redirect code: PERMANENT_REDIRECT',
      change: (o) =>
        (get(o, 'FrontendConfig', 'web-frontend').spec.redirectToHttps.responseCodeName =
          'PERMANENT_REDIRECT'),
    },
    {
      name: 'an empty SSL policy (GKE default)',
      change: (o) => (get(o, 'FrontendConfig', 'web-frontend').spec.sslPolicy = ''),
    },
  ]);
});

describe('ManagedCertificate (CRD and controller limits)', () => {
  const domains = (o: Obj[], value: unknown[]) =>
    (get(o, 'ManagedCertificate', 'web-cert').spec.domains = value);
  const M = 'ManagedCertificate web-cert spec.domains';
  runCases([
    { name: 'no domain', change: (o) => domains(o, []), expected: [`${M}: has 0 domains`] },
    {
      name: '101 domains',
      change: (o) =>
        domains(
          o,
          Array.from({ length: 101 }, (_, i) => `h${i}.example.com`),
        ),
      expected: [`${M}: has 101 domains`],
    },
    {
      name: 'a wildcard domain',
      change: (o) => domains(o, ['*.example.com']),
      expected: [
        `${M}[0]: is "*.example.com", a wildcard, which Google-managed certificates do not support`,
      ],
    },
    {
      name: 'a domain of 64 characters',
      change: (o) => domains(o, [`${'a'.repeat(52)}.example.com`]),
      expected: [`${M}[0]: is "${'a'.repeat(52)}.example.com", 64 characters long`],
    },
    {
      name: 'a top-level domain starting with a digit',
      change: (o) => domains(o, ['shop.example.123']),
      expected: [
        `${M}[0]: is "shop.example.123", which is not a fully qualified lower-case domain name`,
      ],
    },
    {
      name: 'a domain with no dot',
      change: (o) => domains(o, ['localhost']),
      expected: [`${M}[0]: is "localhost", which is not a fully qualified lower-case domain name`],
    },
  ]);
  runPasses([
    {
      name: 'a domain of exactly 63 characters',
      change: (o) => domains(o, [`${'a'.repeat(51)}.example.com`]),
    },
    {
      name: '100 domains',
      change: (o) =>
        domains(
          o,
          Array.from({ length: 100 }, (_, i) => `h${i}.example.com`),
        ),
    },
  ]);
});

describe('GKE Ingress: rules without http', () => {
  runPasses([
    {
      name: 'a rule with only a host before a rule of the same host (TranslateIngress skips it)',
      change: (o) => get(o, 'Ingress').spec.rules.unshift({ host: 'shop.example.com' }),
    },
  ]);
});
