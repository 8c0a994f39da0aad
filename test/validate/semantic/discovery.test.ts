import { get, type Obj, runCases as edgeCases, runPasses as edgePasses } from './edge-fixtures';
import { type Case, type Pass, runCases, runPasses } from './fixtures';

// ValidateEndpointSlice (pkg/apis/discovery/validation), as ValidateEndpointSliceCreate runs it.
describe('EndpointSlice', () => {
  const endpoint = (o: any) => o.endpoints[0];
  runCases([
    [
      'no addressType',
      'EndpointSlice',
      (o) => delete o.addressType,
      'addressType',
      'is missing',
      'ValidateEndpointSlice (Required)',
    ],
    [
      "the deprecated addressType 'IP' (refused on create)",
      'EndpointSlice',
      (o) => (o.addressType = 'IP'),
      'addressType',
      'is "IP"',
      'ValidateEndpointSlice',
    ],
    [
      'an endpoint without addresses',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = []),
      'endpoints[0].addresses',
      'is empty',
      'Required',
    ],
    [
      'an IPv6 address in an IPv4 slice',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = ['2001:db8::3']),
      'endpoints[0].addresses[0]',
      'is "2001:db8::3", which is not an IPv4 address',
      'IsValidIPv4Address',
    ],
    [
      'an IPv4 address in an IPv6 slice',
      'EndpointSlice',
      (o) => (o.addressType = 'IPv6'),
      'endpoints[0].addresses[0]',
      'is "10.20.0.3", which is not an IPv6 address',
      'IsValidIPv6Address',
    ],
    [
      'a host name in an IPv4 slice',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = ['db.example.com']),
      'endpoints[0].addresses[0]',
      'is "db.example.com", which is not an IPv4 address',
      'IsValidIPv4Address',
    ],
    [
      'a loopback address',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = ['127.0.0.1']),
      'endpoints[0].addresses[0]',
      'is "127.0.0.1", in the special range 127.0.0.0/8 (unspecified, loopback or link-local)',
      'ValidateNonSpecialIP',
    ],
    [
      'the metadata server (link-local)',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = ['169.254.169.254']),
      'endpoints[0].addresses[0]',
      'is "169.254.169.254", in the special range 169.254.0.0/16 (unspecified, loopback or link-local)',
      'ValidateNonSpecialIP',
    ],
    [
      'a one-label FQDN',
      'EndpointSlice',
      (o) => ((o.addressType = 'FQDN'), (endpoint(o).addresses = ['db'])),
      'endpoints[0].addresses[0]',
      'is "db", which has fewer than 2 segments',
      'IsFullyQualifiedDomainName',
    ],
    [
      'an FQDN with capitals',
      'EndpointSlice',
      (o) => ((o.addressType = 'FQDN'), (endpoint(o).addresses = ['DB.example.com'])),
      'endpoints[0].addresses[0]',
      'is "DB.example.com", which is not a DNS-1123 subdomain',
      'IsFullyQualifiedDomainName',
    ],
    [
      'more than 100 addresses in one endpoint',
      'EndpointSlice',
      (o) => (endpoint(o).addresses = Array.from({ length: 101 }, (_, i) => `10.0.0.${i + 1}`)),
      'endpoints[0].addresses',
      'has 101 addresses, more than 100',
      'TooMany',
    ],
    [
      'a hostname that is no DNS label',
      'EndpointSlice',
      (o) => (endpoint(o).hostname = 'db.primary'),
      'endpoints[0].hostname',
      'is "db.primary", which is not a DNS-1123 label (it has \'.\')',
      'ValidateDNS1123Label',
    ],
    [
      'a port name with capitals',
      'EndpointSlice',
      (o) => (o.ports[0].name = 'Postgres'),
      'ports[0].name',
      'is "Postgres", which is not a DNS-1123 label',
      'ValidateDNS1123Label',
    ],
    [
      'two ports of one name',
      'EndpointSlice',
      (o) => o.ports.push({ name: 'postgres', port: 5433, protocol: 'TCP' }),
      'ports[1].name',
      'is "postgres", the name of an earlier port',
      'Duplicate',
    ],
    [
      'two unnamed ports',
      'EndpointSlice',
      (o) => (o.ports = [{ port: 5432 }, { port: 5433 }]),
      'ports[1].name',
      'is "", the name of an earlier port',
      'Duplicate',
    ],
    [
      'an unknown protocol',
      'EndpointSlice',
      (o) => (o.ports[0].protocol = 'HTTP'),
      'ports[0].protocol',
      'is "HTTP"',
      'ValidateEndpointSlice',
    ],
    [
      'an appProtocol that is no qualified name',
      'EndpointSlice',
      (o) => (o.ports[0].appProtocol = 'postgres sql'),
      'ports[0].appProtocol',
      'is "postgres sql", which is not a qualified name',
      'IsQualifiedName',
    ],
    [
      'no service-name label (serves no Service)',
      'EndpointSlice',
      (o) => delete o.metadata.labels['kubernetes.io/service-name'],
      'metadata.labels["kubernetes.io/service-name"]',
      'is missing, so no Service sends traffic to these endpoints',
      'kube-proxy',
    ],
    [
      'a name that is no DNS subdomain',
      'EndpointSlice',
      (o) => (o.metadata.name = 'DB_1'),
      'metadata.name',
      'is "DB_1", which is not a DNS-1123 subdomain',
      'ValidateEndpointSliceName',
    ],
  ] satisfies Case[]);

  runPasses([
    ['the fixture: a VM at a private IPv4 address', 'EndpointSlice', () => {}],
    [
      'an IPv6 slice',
      'EndpointSlice',
      (o) => ((o.addressType = 'IPv6'), (endpoint(o).addresses = ['2001:db8::3'])),
    ],
    [
      'an FQDN slice with a trailing dot',
      'EndpointSlice',
      (o) => ((o.addressType = 'FQDN'), (endpoint(o).addresses = ['db.example.com.'])),
    ],
    ['one unnamed port', 'EndpointSlice', (o) => (o.ports = [{ port: 5432 }])],
    ['no ports (all ports)', 'EndpointSlice', (o) => delete o.ports],
    [
      'a Cloud SQL private IP and a second VM',
      'EndpointSlice',
      (o) => (o.endpoints = [{ addresses: ['10.20.0.3'] }, { addresses: ['10.20.0.4'] }]),
    ],
  ] satisfies Pass[]);
});

// The EndpointSlice → Service reference (kube-proxy joins them by label and port name).
describe('EndpointSlice → Service', () => {
  const external = (): Obj[] => [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'shop-prod' },
      spec: { type: 'ClusterIP', ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'db-1',
        namespace: 'shop-prod',
        labels: { 'kubernetes.io/service-name': 'db' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.22.0.3'] }],
      ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
    },
  ];
  const slice = (o: Obj[]) => get(o, 'EndpointSlice', 'db-1');
  const service = (o: Obj[]) => get(o, 'Service', 'db');
  const withExternal = (change: (o: Obj[]) => void) => (o: Obj[]) => {
    o.push(...external());
    change(o);
  };
  edgeCases([
    {
      name: 'a slice for a Service that does not exist',
      change: withExternal((o) => (slice(o).metadata.labels['kubernetes.io/service-name'] = 'dbs')),
      expected: [
        'EndpointSlice db-1 metadata.labels["kubernetes.io/service-name"]: is "dbs", but the environment has no Service of that name, so no traffic reaches these endpoints',
      ],
    },
    {
      name: 'a slice for an ExternalName Service',
      change: withExternal((o) => {
        service(o).spec = { type: 'ExternalName', externalName: 'db.example.com' };
      }),
      expected: [
        'EndpointSlice db-1 metadata.labels["kubernetes.io/service-name"]: is "db", an ExternalName Service, which cluster DNS answers with a CNAME and never sends to endpoints',
      ],
    },
    {
      name: 'a slice port named unlike the Service port',
      change: withExternal((o) => (slice(o).ports[0].name = 'pg')),
      expected: [
        'EndpointSlice db-1 ports[0].name: is "pg", but Service "db" has no port of that name, so that port gets no endpoints',
      ],
    },
  ]);
  edgePasses([
    { name: 'a selector-less Service and its slice', change: withExternal(() => {}) },
    {
      name: 'an unnamed port on both sides',
      change: withExternal((o) => {
        delete service(o).spec.ports[0].name;
        delete slice(o).ports[0].name;
      }),
    },
  ]);
});
