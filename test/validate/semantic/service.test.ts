import { type Case, make, type Pass, problems, runCases, runPasses } from './fixtures';

// ValidateService and validateServicePort (pkg/apis/core/validation).
describe('Service', () => {
  const port = (o: any) => o.spec.ports[0];
  runCases([
    [
      'no port',
      'Service',
      (o) => (o.spec.ports = []),
      'spec.ports',
      'is empty',
      'ValidateService (ports required)',
    ],
    [
      'two ports without names',
      'Service',
      (o) => (o.spec.ports = [{ port: 80 }, { port: 443 }]),
      'spec.ports[0].name',
      'is missing in a Service with several ports',
      'name required when more than one port',
    ],
    [
      'two ports with one name',
      'Service',
      (o) => o.spec.ports.push({ name: 'http', port: 443 }),
      'spec.ports[1].name',
      'is "http", the name of an earlier port',
      'validateServicePort (Duplicate)',
    ],
    [
      'a port name that is no DNS label',
      'Service',
      (o) => (port(o).name = 'HTTP'),
      'spec.ports[0].name',
      'is "HTTP", which is not a DNS-1123 label',
      'ValidateDNS1123Label',
    ],
    [
      'a port of 0',
      'Service',
      (o) => (port(o).port = 0),
      'spec.ports[0].port',
      'is 0, which is not a port number',
      'IsValidPortNum',
    ],
    [
      'a targetPort name of digits ("8080" as a string)',
      'Service',
      (o) => (port(o).targetPort = '8080'),
      'spec.ports[0].targetPort',
      'is "8080", which has no lower-case letter',
      'ValidatePortNumOrName',
    ],
    [
      'a targetPort of 70000',
      'Service',
      (o) => (port(o).targetPort = 70000),
      'spec.ports[0].targetPort',
      'is 70000, which is not a port number',
      'ValidatePortNumOrName',
    ],
    [
      'a protocol of HTTP',
      'Service',
      (o) => (port(o).protocol = 'HTTP'),
      'spec.ports[0].protocol',
      'is "HTTP"',
      'validateServicePort',
    ],
    [
      'the same port and protocol twice',
      'Service',
      (o) => o.spec.ports.push({ name: 'alt', port: 80 }),
      'spec.ports[1]',
      'repeats port 80/TCP',
      'duplicate ports',
    ],
    [
      'a nodePort on a ClusterIP Service',
      'Service',
      (o) => (port(o).nodePort = 30080),
      'spec.ports[0].nodePort',
      'is 30080 on a ClusterIP Service',
      "may not be used when type is 'ClusterIP'",
    ],
    [
      'a nodePort outside the range',
      'Service',
      (o) => ((o.spec.type = 'NodePort'), (port(o).nodePort = 8080)),
      'spec.ports[0].nodePort',
      'is 8080, outside the node port range 30000-32767',
      'service-node-port-range',
    ],
    [
      'a type of Internal',
      'Service',
      (o) => (o.spec.type = 'Internal'),
      'spec.type',
      'is "Internal"',
      'ValidateService',
    ],
    [
      'a headless LoadBalancer',
      'Service',
      (o) => ((o.spec.type = 'LoadBalancer'), (o.spec.clusterIP = 'None')),
      'spec.clusterIP',
      'is None on a LoadBalancer Service',
      "may not be set to 'None' for LoadBalancer services",
    ],
    [
      'a clusterIP that is no IP',
      'Service',
      (o) => (o.spec.clusterIP = '10.0.0.300'),
      'spec.clusterIP',
      'is "10.0.0.300", which is not an IP address',
      'ValidateServiceClusterIPsRelatedFields',
    ],
    [
      'a source range without a mask',
      'Service',
      (o) => ((o.spec.type = 'LoadBalancer'), (o.spec.loadBalancerSourceRanges = ['203.0.113.5'])),
      'spec.loadBalancerSourceRanges[0]',
      'is "203.0.113.5", which is not a CIDR (no prefix length)',
      'IsValidCIDR',
    ],
    [
      'source ranges on a ClusterIP Service',
      'Service',
      (o) => (o.spec.loadBalancerSourceRanges = ['203.0.113.0/24']),
      'spec.loadBalancerSourceRanges',
      'is set on a ClusterIP Service',
      "may only be used when type is 'LoadBalancer'",
    ],
    [
      'a source ranges annotation without a mask',
      'Service',
      (o) => (
        (o.spec.type = 'LoadBalancer'),
        (o.metadata.annotations = {
          'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 203.0.113.5',
        })
      ),
      'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]',
      'is "203.0.113.5", which is not a CIDR (no prefix length)',
      'IsValidCIDR',
    ],
    [
      'a selector value with a +',
      'Service',
      (o) => (o.spec.selector.version = '1.0+1'),
      'spec.selector["version"]',
      'is "1.0+1", which is not a valid label value',
      'ValidateLabels',
    ],
    [
      'a sessionAffinity of Sticky',
      'Service',
      (o) => (o.spec.sessionAffinity = 'Sticky'),
      'spec.sessionAffinity',
      'is "Sticky"',
      'ValidateService',
    ],
    [
      'a ClientIP timeout of 0',
      'Service',
      (o) => (
        (o.spec.sessionAffinity = 'ClientIP'),
        (o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } })
      ),
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      'is 0',
      'validateAffinityTimeout',
    ],
    [
      'externalTrafficPolicy on a ClusterIP Service',
      'Service',
      (o) => (o.spec.externalTrafficPolicy = 'Local'),
      'spec.externalTrafficPolicy',
      'is set on a Service that is not reachable from outside the cluster',
      'may only be set for externally-accessible services',
    ],
    [
      'an ExternalName that is no DNS name',
      'Service',
      (o) => (
        (o.spec.type = 'ExternalName'),
        (o.spec.externalName = 'db_host'),
        (o.spec.ports = [])
      ),
      'spec.externalName',
      'is "db_host", which is not a DNS-1123 subdomain',
      'ValidateDNS1123Subdomain',
    ],
    [
      'an appProtocol with a space',
      'Service',
      (o) => (port(o).appProtocol = 'my proto'),
      'spec.ports[0].appProtocol',
      'is "my proto", which is not a qualified name',
      'ValidateQualifiedName',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'a port name of digits (Service port names are DNS labels, not IANA names)',
      'Service',
      (o) => (port(o).name = '8080'),
    ],
    [
      'a headless Service without ports',
      'Service',
      (o) => ((o.spec.clusterIP = 'None'), (o.spec.ports = [])),
    ],
    [
      'a LoadBalancer with source ranges and a static IP',
      'Service',
      (o) =>
        Object.assign(o.spec, {
          type: 'LoadBalancer',
          loadBalancerIP: '203.0.113.10',
          loadBalancerSourceRanges: ['203.0.113.0/24', ' 198.51.100.7/32 '],
          externalTrafficPolicy: 'Local',
        }),
    ],
    ['one unnamed port', 'Service', (o) => (o.spec.ports = [{ port: 80, targetPort: 8080 }])],
    ['a targetPort of 0 (defaulted to port)', 'Service', (o) => (port(o).targetPort = 0)],
    [
      'the same port over TCP and UDP',
      'Service',
      (o) => o.spec.ports.push({ name: 'dns', port: 80, protocol: 'UDP' }),
    ],
    [
      'an ExternalName with a trailing dot',
      'Service',
      (o) => (
        (o.spec.type = 'ExternalName'),
        (o.spec.externalName = 'db.example.com.'),
        (o.spec.ports = []),
        delete o.spec.selector
      ),
    ],
    [
      'a NodePort in range',
      'Service',
      (o) => ((o.spec.type = 'NodePort'), (port(o).nodePort = 30080)),
    ],
  ] satisfies Pass[]);
  it('reports a Service named 3d-render at metadata.name only once', () => {
    expect(problems(make('Service', (o) => (o.metadata.name = '3d-render')))).toEqual([
      ['metadata.name', 'is "3d-render", which is not a DNS-1035 label'],
    ]);
  });
});
