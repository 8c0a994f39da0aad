import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';

/*
 * The API server's NetworkPolicy rules (ValidateNetworkPolicySpec and what it calls, in
 * kubernetes pkg/apis/networking/validation/validation.go): one change to a valid policy,
 * the exact problem expected.
 */

type Obj = Record<string, any>;

function policy(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: 'shop-prod' },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
        { from: [{ ipBlock: { cidr: '35.191.0.0/16' } }], ports: [{ port: 'http' }] },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] },
        { to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] },
        { ports: [{ port: 32000, endPort: 32768, protocol: 'SCTP' }] },
      ],
    },
  };
}

const lines = (o: Obj) =>
  validateSemantics([o as KubernetesObject]).map((p) => `${p.field}: ${p.problem}`);

const cases: [string, (p: Obj) => void, string[]][] = [
  [
    'a protocol other than TCP, UDP and SCTP',
    (p) => (p.spec.ingress[0].ports[0].protocol = 'ICMP'),
    ['spec.ingress[0].ports[0].protocol: is "ICMP", not a supported protocol'],
  ],
  [
    'port 0',
    (p) => (p.spec.ingress[0].ports[0].port = 0),
    ['spec.ingress[0].ports[0].port: is 0, which is not a port number'],
  ],
  [
    'endPort below port',
    (p) => (p.spec.egress[3].ports[0].endPort = 31999),
    ["spec.egress[3].ports[0].endPort: is 31999, which is less than 'port' (32000)"],
  ],
  [
    'endPort above 65535',
    (p) => (p.spec.egress[3].ports[0].endPort = 70000),
    ['spec.egress[3].ports[0].endPort: is 70000, which is not a port number'],
  ],
  [
    'endPort with a named port',
    (p) => (p.spec.ingress[1].ports[0].endPort = 9000),
    ["spec.ingress[1].ports[0].endPort: is 9000, but 'port' is a name, not a number"],
  ],
  [
    'endPort without port',
    (p) => delete p.spec.egress[3].ports[0].port,
    ["spec.egress[3].ports[0].endPort: is 32768, but 'port' is not given"],
  ],
  [
    'a port name that is not IANA_SVC_NAME',
    (p) => (p.spec.ingress[1].ports[0].port = 'http_alt'),
    [
      'spec.ingress[1].ports[0].port: is "http_alt", which has characters other than a-z, 0-9 and \'-\'',
    ],
  ],
  [
    'an ipBlock that is not a CIDR',
    (p) => (p.spec.ingress[1].from[0].ipBlock.cidr = '35.191.0.0'),
    ['spec.ingress[1].from[0].ipBlock.cidr: is "35.191.0.0", which is not a CIDR'],
  ],
  [
    'an empty ipBlock cidr',
    (p) => (p.spec.ingress[1].from[0].ipBlock.cidr = ''),
    ['spec.ingress[1].from[0].ipBlock.cidr: is empty'],
  ],
  [
    'an except outside the cidr',
    (p) => (p.spec.egress[1].to[0].ipBlock.cidr = '192.168.0.0/16'),
    [
      'spec.egress[1].to[0].ipBlock.except[0]: is "10.0.0.0/8", which is not a strict subset of \'cidr\' (192.168.0.0/16)',
    ],
  ],
  [
    'an except equal to the cidr (not a strict subset)',
    (p) => (p.spec.egress[1].to[0].ipBlock.except = ['0.0.0.0/0']),
    [
      'spec.egress[1].to[0].ipBlock.except[0]: is "0.0.0.0/0", which is not a strict subset of \'cidr\' (0.0.0.0/0)',
    ],
  ],
  [
    'an IPv6 except in an IPv4 cidr',
    (p) => (p.spec.egress[1].to[0].ipBlock.except = ['2001:db8::/48']),
    [
      'spec.egress[1].to[0].ipBlock.except[0]: is "2001:db8::/48", which is not a strict subset of \'cidr\' (0.0.0.0/0)',
    ],
  ],
  [
    'an IPv6 except outside its cidr',
    (p) => (p.spec.egress[2].to[0].ipBlock.except = ['2001:db9::/48']),
    [
      'spec.egress[2].to[0].ipBlock.except[0]: is "2001:db9::/48", which is not a strict subset of \'cidr\' (2001:db8::/32)',
    ],
  ],
  [
    'an except that is not a CIDR',
    (p) => (p.spec.egress[1].to[0].ipBlock.except = ['10.0.0.0']),
    ['spec.egress[1].to[0].ipBlock.except[0]: is "10.0.0.0", which is not a CIDR'],
  ],
  [
    'a peer with nothing in it',
    (p) => (p.spec.ingress[0].from[0] = {}),
    ['spec.ingress[0].from[0]: names no peer'],
  ],
  [
    'a peer with an ipBlock and a selector',
    (p) => (p.spec.ingress[1].from[0].podSelector = {}),
    ['spec.ingress[1].from[0]: has an ipBlock and a selector'],
  ],
  [
    'a pod selector with a bad label value',
    (p) => (p.spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'web app'),
    [
      'spec.podSelector.matchLabels["app.kubernetes.io/name"]: is "web app", which is not a valid label value',
    ],
  ],
  [
    'a peer selector with In and no values',
    (p) =>
      (p.spec.egress[0].to[0].podSelector = {
        matchExpressions: [{ key: 'k8s-app', operator: 'In', values: [] }],
      }),
    ['spec.egress[0].to[0].podSelector.matchExpressions[0].values: is empty with operator In'],
  ],
  [
    'a policy type that is not Ingress or Egress',
    (p) => (p.spec.policyTypes = ['Ingress', 'egress']),
    ['spec.policyTypes[1]: is "egress", not a policy type'],
  ],
  [
    'three policy types',
    (p) => (p.spec.policyTypes = ['Ingress', 'Egress', 'Ingress']),
    ['spec.policyTypes: has 3 entries'],
  ],
];

describe('NetworkPolicy: ValidateNetworkPolicySpec', () => {
  test('the valid policy raises no problem', () => {
    expect(lines(policy())).toEqual([]);
  });

  test.each(cases)('fails: %s', (_name, change, expected) => {
    const p = policy();
    change(p);
    expect(lines(p)).toEqual(expected);
    for (const problem of validateSemantics([p as KubernetesObject])) {
      expect(problem.rule).toMatch(/Validate(NetworkPolicy|IPBlock|LabelSelector)/);
      expect(problem.fix.length).toBeGreaterThan(10);
    }
  });

  test.each([
    ['an empty pod selector (every pod of the namespace)', (p: Obj) => (p.spec.podSelector = {})],
    ['a rule that allows everything', (p: Obj) => (p.spec.ingress = [{}])],
    ['no policyTypes', (p: Obj) => delete p.spec.policyTypes],
    ['a namespaceSelector alone', (p: Obj) => delete p.spec.egress[0].to[0].podSelector],
    ['a port without protocol', (p: Obj) => delete p.spec.ingress[0].ports[0].protocol],
  ])('passes: %s', (_name, change) => {
    const p = policy();
    change(p);
    expect(lines(p)).toEqual([]);
  });
});
