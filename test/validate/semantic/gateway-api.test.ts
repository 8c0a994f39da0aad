import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';

/*
 * The Gateway API's CRD validations (x-kubernetes-validations of the standard channel's
 * gateways and httproutes CRDs, and of GKE's HealthCheckPolicy CRD) and the GKE Gateway
 * controller's policy limits: a valid set of objects written from GKE's Gateway docs, then
 * one change each and the exact problem expected.
 */

type Obj = Record<string, any>;
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: 'shop-prod', ...extra });

function objects(): Obj[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta('web', { annotations: { 'networking.gke.io/certmap': 'shop-map' } }),
      spec: {
        gatewayClassName: 'gke-l7-global-external-managed',
        addresses: [{ type: 'NamedAddress', value: 'shop-ip' }],
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          { name: 'https', protocol: 'HTTPS', port: 443 },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta('web'),
      spec: {
        parentRefs: [{ name: 'web', sectionName: 'https' }],
        hostnames: ['shop.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'web', port: 80 }],
          },
        ],
      },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: meta('web'),
      spec: {
        default: {
          checkIntervalSec: 10,
          timeoutSec: 5,
          config: {
            type: 'HTTP',
            httpHealthCheck: {
              requestPath: '/healthz',
              portSpecification: 'USE_FIXED_PORT',
              port: 8080,
            },
          },
        },
        targetRef: { group: '', kind: 'Service', name: 'web' },
      },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: meta('web'),
      spec: { default: { timeoutSec: 40 }, targetRef: { group: '', kind: 'Service', name: 'web' } },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPGatewayPolicy',
      metadata: meta('web'),
      spec: {
        default: { sslPolicy: 'tls12' },
        targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' },
      },
    },
  ];
}

const get = (objs: Obj[], kind: string) => objs.find((o) => o.kind === kind) as Obj;
const lines = (objs: Obj[]) =>
  validateSemantics(objs as never).map((p) => `${String(p.object.kind)} ${p.field}: ${p.problem}`);

test('the valid objects pass the semantic rules and the CRD schemas', () => {
  expect(lines(objects())).toEqual([]);
  expect(validateObjects(objects() as never)).toEqual([]);
});

const route = (objs: Obj[]) => get(objs, 'HTTPRoute').spec;
const path = (value: string) => (objs: Obj[]) => {
  route(objs).rules[0].matches[0].path.value = value;
};

test.each<[string, (objs: Obj[]) => void, string[]]>([
  [
    'two listeners with one name',
    (o) => (get(o, 'Gateway').spec.listeners[1].name = 'http'),
    ['Gateway spec.listeners[1].name: is "http", the name of listener 0 too'],
  ],
  [
    'two listeners with one port and protocol',
    (o) => get(o, 'Gateway').spec.listeners.push({ name: 'http2', protocol: 'HTTP', port: 80 }),
    ['Gateway spec.listeners[2]: has the port, protocol and hostname of listener 0'],
  ],
  [
    'routes from a namespace selector without the selector',
    (o) =>
      (get(o, 'Gateway').spec.listeners[1].allowedRoutes = { namespaces: { from: 'Selector' } }),
    [
      "Gateway spec.listeners[1].allowedRoutes.namespaces.selector: is not set, but 'from' is Selector",
    ],
  ],
  [
    'routes from a namespace selector with a label key that is no label key',
    (o) =>
      (get(o, 'Gateway').spec.listeners[1].allowedRoutes = {
        namespaces: { from: 'Selector', selector: { matchLabels: { 'preview of': 'shop-dev' } } },
      }),
    [
      'Gateway spec.listeners[1].allowedRoutes.namespaces.selector.matchLabels: has the key "preview of", which is not a qualified name',
    ],
  ],
  [
    'TLS on an HTTP listener',
    (o) => (get(o, 'Gateway').spec.listeners[0].tls = { options: { a: 'b' } }),
    ['Gateway spec.listeners[0].tls: is set on a HTTP listener'],
  ],
  [
    'TLS termination without a certificate',
    (o) => (get(o, 'Gateway').spec.listeners[1].tls = { mode: 'Terminate' }),
    ['Gateway spec.listeners[1].tls: terminates TLS but names no certificate'],
  ],
  [
    'a certificate map on a regional class',
    (o) => (get(o, 'Gateway').spec.gatewayClassName = 'gke-l7-rilb'),
    [
      'Gateway metadata.annotations["networking.gke.io/certmap"]: is set on a Gateway of class "gke-l7-rilb", a regional load balancer',
    ],
  ],
  [
    'two references to one Gateway without sectionName',
    (o) => route(o).parentRefs.push({ name: 'web' }),
    [
      'HTTPRoute spec.parentRefs: refers to Gateway "web" 2 times, not every time with a sectionName',
    ],
  ],
  [
    'two references to one listener',
    (o) => route(o).parentRefs.push({ name: 'web', sectionName: 'https' }),
    ['HTTPRoute spec.parentRefs: refers to one listener of Gateway "web" twice'],
  ],
  [
    'an IP address as hostname',
    (o) => (route(o).hostnames = ['10.0.0.1']),
    ['HTTPRoute spec.hostnames[0]: is "10.0.0.1", an IP address'],
  ],
  [
    'a path without a leading slash',
    path('app'),
    ['HTTPRoute spec.rules[0].matches[0].path.value: is "app", which does not start with \'/\''],
  ],
  [
    "a path with '//'",
    path('/a//b'),
    ['HTTPRoute spec.rules[0].matches[0].path.value: is "/a//b", which contains \'//\''],
  ],
  [
    "a path ending in '/..'",
    path('/a/..'),
    ['HTTPRoute spec.rules[0].matches[0].path.value: is "/a/..", which ends with \'/..\''],
  ],
  [
    'a path with a space',
    path('/a b'),
    [
      'HTTPRoute spec.rules[0].matches[0].path.value: is "/a b", which has characters a URL path may not hold',
    ],
  ],
  [
    'a Service backend without port',
    (o) => delete route(o).rules[0].backendRefs[0].port,
    ['HTTPRoute spec.rules[0].backendRefs[0].port: is not set for a Service'],
  ],
  [
    'a backend weight above the maximum',
    (o) => (route(o).rules[0].backendRefs[0].weight = 1_000_001),
    ['HTTPRoute spec.rules[0].backendRefs[0].weight: is 1000001'],
  ],
  [
    'backends that all weigh 0',
    (o) =>
      (route(o).rules[0].backendRefs = [
        { name: 'web', port: 80, weight: 0 },
        { name: 'web-canary', port: 80, weight: 0 },
      ]),
    [
      'HTTPRoute spec.rules[0].backendRefs: all have weight 0, so every request of the rule gets a 500',
    ],
  ],
  [
    '17 rules',
    (o) => (route(o).rules = Array.from({ length: 17 }, () => route(o).rules[0])),
    ['HTTPRoute spec.rules: has 17 rules'],
  ],
  [
    '128 matches',
    (o) =>
      (route(o).rules = Array.from({ length: 2 }, () => ({
        matches: Array.from({ length: 64 }, (_, i) => ({
          path: { type: 'Exact', value: `/${i}` },
        })),
        backendRefs: [{ name: 'web', port: 80 }],
      }))),
    ['HTTPRoute spec.rules: has 128 matches in all'],
  ],
  [
    'a health check timeout above the interval',
    (o) => (get(o, 'HealthCheckPolicy').spec.default.timeoutSec = 20),
    ['HealthCheckPolicy spec.default.timeoutSec: (20) exceeds the check interval (10)'],
  ],
  [
    'a fixed port without port',
    (o) => delete get(o, 'HealthCheckPolicy').spec.default.config.httpHealthCheck.port,
    [
      "HealthCheckPolicy spec.default.config.httpHealthCheck: has portSpecification USE_FIXED_PORT without 'port' and without 'portName'",
    ],
  ],
  [
    'a health check type without its settings',
    (o) => (get(o, 'HealthCheckPolicy').spec.default.config.type = 'HTTPS'),
    ['HealthCheckPolicy spec.default.config.httpsHealthCheck: is missing for type "HTTPS"'],
  ],
  [
    'a backend policy on a Deployment',
    (o) =>
      (get(o, 'GCPBackendPolicy').spec.targetRef = {
        group: 'apps',
        kind: 'Deployment',
        name: 'web',
      }),
    ['GCPBackendPolicy spec.targetRef: refers to a "Deployment" of group "apps"'],
  ],
  [
    'a gateway policy in another namespace than its Gateway',
    (o) => (get(o, 'GCPGatewayPolicy').spec.targetRef.namespace = 'other'),
    ['GCPGatewayPolicy spec.targetRef.namespace: is "other", not the policy\'s own namespace'],
  ],
])('fails: %s', (_name, change, expected) => {
  const objs = objects();
  change(objs);
  expect(lines(objs)).toEqual(expected);
});
