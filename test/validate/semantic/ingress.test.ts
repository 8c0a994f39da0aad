import {
  edgeProblems,
  environment,
  firstPath,
  get,
  lines,
  path,
  runCases,
  runPasses,
} from './edge-fixtures';

/*
 * The API server's Ingress rules (kubernetes pkg/apis/networking/validation/validation.go):
 * one change to a valid environment, the exact problem expected.
 */

const P = 'Ingress web spec.rules[0].http.paths[0]';

describe('Ingress: ValidateIngressSpec', () => {
  test('the valid environment raises no problem', () => {
    expect(lines(edgeProblems(environment()))).toEqual([]);
  });

  runCases([
    {
      name: 'rules: [] without a defaultBackend',
      change: (o) => (get(o, 'Ingress').spec.rules = []),
      expected: ['Ingress web spec.rules: is empty and there is no spec.defaultBackend'],
    },
    {
      name: 'no rules and no defaultBackend',
      change: (o) => delete get(o, 'Ingress').spec.rules,
      expected: ['Ingress web spec.rules: is missing and there is no spec.defaultBackend'],
    },
    {
      name: 'ingressClassName that is not a DNS subdomain',
      change: (o) => {
        const ingress = get(o, 'Ingress');
        delete ingress.metadata.annotations['kubernetes.io/ingress.class'];
        ingress.spec.ingressClassName = 'External_LB';
      },
      expected: [
        'Ingress web spec.ingressClassName: is "External_LB", which is not a DNS-1123 subdomain',
      ],
    },
    {
      name: 'class annotation and ingressClassName that differ (ValidateIngressCreate)',
      change: (o) => (get(o, 'Ingress').spec.ingressClassName = 'nginx'),
      expected: [
        'Ingress web metadata.annotations["kubernetes.io/ingress.class"]: is "gce", but spec.ingressClassName is "nginx"',
      ],
    },
  ]);
});

describe('Ingress: validateIngressRules (hosts)', () => {
  runCases([
    {
      name: 'an IPv4 host',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = '203.0.113.7'),
      expected: ['Ingress web spec.rules[0].host: is "203.0.113.7", an IP address'],
    },
    {
      name: 'an IPv6 host',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = '2001:db8::1'),
      expected: ['Ingress web spec.rules[0].host: is "2001:db8::1", an IP address'],
    },
    {
      name: 'a wildcard that is not the first label',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = 'shop.*.example.com'),
      expected: [
        'Ingress web spec.rules[0].host: is "shop.*.example.com", which is not a wildcard DNS-1123 subdomain',
      ],
    },
    {
      name: 'two wildcards',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = '*.*.example.com'),
      expected: [
        'Ingress web spec.rules[0].host: is "*.*.example.com", which is not a wildcard DNS-1123 subdomain',
      ],
    },
    {
      name: 'a wildcard inside a label',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = 'shop*.example.com'),
      expected: [
        'Ingress web spec.rules[0].host: is "shop*.example.com", which is not a wildcard DNS-1123 subdomain',
      ],
    },
    {
      name: 'an upper-case host',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = 'Shop.example.com'),
      expected: [
        'Ingress web spec.rules[0].host: is "Shop.example.com", which is not a DNS-1123 subdomain',
      ],
    },
    {
      name: 'an http rule without paths',
      change: (o) => (get(o, 'Ingress').spec.rules[0].http.paths = []),
      expected: ['Ingress web spec.rules[0].http.paths: is empty'],
    },
  ]);
});

describe('Ingress: validateHTTPIngressPath', () => {
  runCases([
    {
      name: 'no pathType',
      change: (o) => delete firstPath(o).pathType,
      expected: [`${P}.pathType: is missing`],
    },
    {
      name: 'an unknown pathType',
      change: (o) => (firstPath(o).pathType = 'Regex'),
      expected: [`${P}.pathType: is "Regex"`],
    },
    {
      name: 'a relative Prefix path',
      change: (o) => (firstPath(o).path = 'api'),
      expected: [`${P}.path: is "api", which is not an absolute path`],
    },
    {
      name: 'a relative Exact path',
      change: (o) => Object.assign(firstPath(o), { path: 'api', pathType: 'Exact' }),
      expected: [`${P}.path: is "api", which is not an absolute path`],
    },
    {
      name: 'a relative ImplementationSpecific path',
      change: (o) =>
        Object.assign(firstPath(o), { path: 'api', pathType: 'ImplementationSpecific' }),
      expected: [`${P}.path: is "api", which is not an absolute path`],
    },
    {
      name: "'//' in a Prefix path",
      change: (o) => (firstPath(o).path = '/api//v1'),
      expected: [`${P}.path: is "/api//v1", which contains '//'`],
    },
    {
      name: "'/../' in a Prefix path",
      change: (o) => (firstPath(o).path = '/a/../b'),
      expected: [`${P}.path: is "/a/../b", which contains '/../'`],
    },
    {
      name: "'/./' in an Exact path",
      change: (o) => Object.assign(firstPath(o), { path: '/a/./b', pathType: 'Exact' }),
      expected: [`${P}.path: is "/a/./b", which contains '/./'`],
    },
    {
      name: "an encoded slash '%2f'",
      change: (o) => (firstPath(o).path = '/files/a%2fb'),
      expected: [`${P}.path: is "/files/a%2fb", which contains '%2f'`],
    },
    {
      name: "an encoded slash '%2F'",
      change: (o) => (firstPath(o).path = '/files/a%2Fb'),
      expected: [`${P}.path: is "/files/a%2Fb", which contains '%2F'`],
    },
    {
      name: "a trailing '/..'",
      change: (o) => (firstPath(o).path = '/static/..'),
      expected: [`${P}.path: is "/static/..", which ends with '/..'`],
    },
    {
      name: "a trailing '/.'",
      change: (o) => (firstPath(o).path = '/static/.'),
      expected: [`${P}.path: is "/static/.", which ends with '/.'`],
    },
  ]);
});

describe('Ingress: validateIngressBackend', () => {
  runCases([
    {
      name: 'a service and a resource backend at once',
      change: (o) =>
        (firstPath(o).backend.resource = {
          apiGroup: 'storage.example.com',
          kind: 'Bucket',
          name: 'static',
        }),
      expected: [`${P}.backend: sets both a service and a resource backend`],
    },
    {
      name: 'a Service name that is not a DNS-1035 label (ValidateServiceName)',
      change: (o) => (firstPath(o).backend.service.name = '3d-render'),
      expected: [
        `${P}.backend.service.name: is "3d-render", which is not a DNS-1035 label`,
        `${P}.backend.service.name: is "3d-render", which is not a Service of the environment`,
      ],
    },
    {
      name: 'no Service name',
      change: (o) => (firstPath(o).backend.service.name = ''),
      expected: [
        `${P}.backend.service.name: is missing`,
        `${P}.backend.service.name: is "", which is not a Service of the environment`,
      ],
    },
    {
      name: 'a port name and a port number at once',
      change: (o) => (firstPath(o).backend.service.port = { name: 'http', number: 80 }),
      expected: [`${P}.backend.service.port: sets both a name ("http") and a number (80)`],
    },
    {
      name: 'a port name that is not an IANA service name',
      change: (o) => (firstPath(o).backend.service.port = { name: 'http--alt' }),
      expected: [
        `${P}.backend.service.port.name: is "http--alt", which has '--'`,
        `${P}.backend.service.port.name: is "http--alt", but Service "web" has no port named so`,
      ],
    },
    {
      name: 'a port number above 65535',
      change: (o) => (firstPath(o).backend.service.port = { number: 70000 }),
      expected: [
        `${P}.backend.service.port.number: is 70000, which is not a port number`,
        `${P}.backend.service.port.number: is 70000, but Service "web" has no port numbered so`,
      ],
    },
    {
      name: 'neither a port name nor a number',
      change: (o) => (firstPath(o).backend.service.port = {}),
      expected: [`${P}.backend.service.port: has neither a name nor a number`],
    },
    {
      name: 'no backend at all',
      change: (o) => (firstPath(o).backend = {}),
      expected: [`${P}.backend: has no service backend`],
    },
    {
      name: 'a resource backend without a kind (validateIngressTypedLocalObjectReference)',
      change: (o) =>
        (firstPath(o).backend = { resource: { apiGroup: 'storage.example.com', name: 'static' } }),
      expected: [
        `${P}.backend.resource.kind: is missing`,
        `${P}.backend.resource: is a resource backend, which GKE Ingress does not serve`,
      ],
    },
    {
      name: 'a defaultBackend with a bad port name',
      change: (o) =>
        (get(o, 'Ingress').spec.defaultBackend = {
          service: { name: 'web', port: { name: 'HTTP' } },
        }),
      expected: [
        'Ingress web spec.defaultBackend.service.port.name: is "HTTP", which has characters other than a-z, 0-9 and \'-\'',
        'Ingress web spec.defaultBackend.service.port.name: is "HTTP", which has no lower-case letter',
        'Ingress web spec.defaultBackend.service.port.name: is "HTTP", but Service "web" has no port named so',
      ],
    },
  ]);
});

describe('Ingress: validateIngressTLS', () => {
  runCases([
    {
      name: 'a TLS host that is not a DNS name',
      change: (o) =>
        (get(o, 'Ingress').spec.tls = [{ hosts: ['shop_example.com'], secretName: 'web-tls' }]),
      expected: [
        'Ingress web spec.tls[0].hosts[0]: is "shop_example.com", which is not a DNS-1123 subdomain',
      ],
    },
    {
      name: 'a TLS wildcard in the middle',
      change: (o) =>
        (get(o, 'Ingress').spec.tls = [{ hosts: ['a.*.example.com'], secretName: 'web-tls' }]),
      expected: [
        'Ingress web spec.tls[0].hosts[0]: is "a.*.example.com", which is not a wildcard DNS-1123 subdomain',
      ],
    },
    {
      name: 'a secretName that is not a Secret name',
      change: (o) =>
        (get(o, 'Ingress').spec.tls = [{ hosts: ['shop.example.com'], secretName: 'Web_TLS' }]),
      expected: [
        'Ingress web spec.tls[0].secretName: is "Web_TLS", which is not a DNS-1123 subdomain',
      ],
    },
  ]);
});

describe('Ingress: legitimate input', () => {
  runPasses([
    {
      name: 'Exact paths',
      change: (o) => Object.assign(firstPath(o), { path: '/api/v1/status', pathType: 'Exact' }),
    },
    {
      name: "ImplementationSpecific '/*' (GKE's own form)",
      change: (o) =>
        Object.assign(firstPath(o), { path: '/*', pathType: 'ImplementationSpecific' }),
    },
    {
      name: 'a wildcard host as the first label',
      change: (o) => (get(o, 'Ingress').spec.rules[0].host = '*.shop.example.com'),
    },
    {
      name: 'a defaultBackend and no rules',
      change: (o) => {
        const ingress = get(o, 'Ingress');
        ingress.spec = { defaultBackend: { service: { name: 'web', port: { name: 'http' } } } };
      },
    },
    {
      name: 'a TLS Secret name with a dot (a DNS subdomain) and a wildcard TLS host',
      change: (o) =>
        (get(o, 'Ingress').spec.tls = [{ hosts: ['*.shop.example.com'], secretName: 'web.tls' }]),
    },
    {
      name: "an Ingress of another controller with Prefix '/*' (the API server allows it)",
      change: (o) => {
        const ingress = get(o, 'Ingress');
        ingress.metadata.annotations = {};
        ingress.spec.ingressClassName = 'nginx';
        ingress.spec.rules[0].http.paths = [path('/*', 'Prefix')];
      },
    },
    {
      name: 'a path with a dot segment that is not a whole segment',
      change: (o) => (firstPath(o).path = '/.well-known/acme'),
    },
  ]);
});
