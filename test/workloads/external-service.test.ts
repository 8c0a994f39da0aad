import { App } from 'cdk8s';
import {
  CronTask,
  DaemonAgent,
  definePlatform,
  EnvironmentChart,
  ExternalService,
  type ExternalServiceProps,
  KUBERNETES_VERSIONS,
  OneOffJob,
  validateObjects,
  WebService,
  Worker,
} from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { address, isAllowed, type PodEndpoint, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';
type Chart = EnvironmentChart<TestEnv>;

function synth(define: (chart: Chart) => void, env: TestEnv = 'prod'): K8sObject[] {
  const chart = chartFor(env);
  define(chart);
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return objects;
}
const db = (chart: Chart, props: Partial<ExternalServiceProps<TestEnv>> = {}) =>
  new ExternalService(chart, 'db', {
    addresses: { dev: ['10.20.0.3'], prod: ['10.22.0.3', '10.22.0.4'] },
    ports: { postgres: 5432 },
    ...props,
  });
const pod = (objects: K8sObject[], name: string) =>
  podsOf(objects).find((p) => p.name === name) as PodEndpoint;

describe('ExternalService with addresses (a VM, Cloud SQL by private IP)', () => {
  test('a Service without selector and an EndpointSlice of the addresses, per environment', () => {
    const objects = synth((chart) => db(chart));
    const service = find(objects, 'Service', 'db');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }],
    });
    const slice = find(objects, 'EndpointSlice', 'db-1');
    expect(slice.apiVersion).toBe('discovery.k8s.io/v1');
    expect(slice.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'db',
      'endpointslice.kubernetes.io/managed-by': 'gke-platform',
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.endpoints).toEqual([{ addresses: ['10.22.0.3'] }, { addresses: ['10.22.0.4'] }]);
    expect(slice.ports).toEqual([{ name: 'postgres', port: 5432, protocol: 'TCP' }]);
    const dev = synth((chart) => db(chart), 'dev');
    expect(find(dev, 'EndpointSlice', 'db-1').endpoints).toEqual([{ addresses: ['10.20.0.3'] }]);
  });

  test('IPv6 addresses make an IPv6 slice', () => {
    const objects = synth((chart) => db(chart, { addresses: ['2001:db8::3'] }));
    expect(find(objects, 'EndpointSlice', 'db-1').addressType).toBe('IPv6');
  });

  test.each([
    [
      'WebService',
      (c: Chart, connections: any) =>
        new WebService(c, 'client', { image, port: 8080, connections }),
    ],
    ['Worker', (c: Chart, connections: any) => new Worker(c, 'client', { image, connections })],
    [
      'CronTask',
      (c: Chart, connections: any) =>
        new CronTask(c, 'client', { image, schedule: '0 3 * * *', connections }),
    ],
    [
      'OneOffJob',
      (c: Chart, connections: any) => new OneOffJob(c, 'client', { image, connections }),
    ],
    [
      'DaemonAgent',
      (c: Chart, connections: any) => new DaemonAgent(c, 'client', { image, connections }),
    ],
  ])(
    'a %s connecting to it: env, and egress to exactly the addresses on the port',
    (_kind, make) => {
      const objects = synth((chart) => make(chart, { DB: db(chart) }));
      const client = pod(objects, 'client');
      for (const ip of ['10.22.0.3', '10.22.0.4']) {
        expect(isAllowed(objects, { from: client, to: address(ip), port: 5432 })).toBe(true);
        expect(isAllowed(objects, { from: client, to: address(ip), port: 22 })).toBe(false);
      }
      expect(isAllowed(objects, { from: client, to: address('10.22.0.5'), port: 5432 })).toBe(
        false,
      );
      const controller = objects.find(
        (o) => o.metadata.name === 'client' && /Deployment|CronJob|Job|DaemonSet/.test(o.kind),
      ) as K8sObject;
      const spec =
        controller.kind === 'CronJob'
          ? controller.spec.jobTemplate.spec.template.spec
          : controller.spec.template.spec;
      expect(spec.containers[0].env).toEqual(
        expect.arrayContaining([
          { name: 'DB_HOST', value: 'db.acme-prod.svc.cluster.local' },
          { name: 'DB_PORT', value: '5432' },
        ]),
      );
    },
  );

  test('the EndpointSlice is checked against the 1.27 and 1.36 schemas (an unknown field fails)', () => {
    const objects = synth((chart) => db(chart));
    const slice = find(objects, 'EndpointSlice', 'db-1');
    for (const version of KUBERNETES_VERSIONS) {
      expect(validateObjects([slice as never], [version])).toEqual([]);
      const bad = { ...slice, endpoints: [{ addresses: ['10.22.0.3'], weight: 1 }] };
      expect(validateObjects([bad as never], [version]).length).toBeGreaterThan(0);
    }
  });
});

describe('ExternalService with externalName', () => {
  const payments = (chart: Chart, props: Partial<ExternalServiceProps<TestEnv>> = {}) =>
    new ExternalService(chart, 'payments', {
      externalName: { dev: 'sandbox.payments.example.com', prod: 'api.payments.example.com' },
      ports: { https: 443 },
      egress: [{ cidr: 'internet', ports: [443] }],
      ...props,
    });

  test('an ExternalName Service, per environment, and no EndpointSlice', () => {
    const objects = synth((chart) => payments(chart));
    expect(find(objects, 'Service', 'payments').spec).toEqual({
      type: 'ExternalName',
      externalName: 'api.payments.example.com',
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    });
    expect(objects.filter((o) => o.kind === 'EndpointSlice')).toEqual([]);
  });

  test("a client gets the declared egress: the internet on 443, not the VPC's private ranges", () => {
    const objects = synth((chart) => {
      new Worker(chart, 'client', { image, connections: { PAYMENTS: payments(chart) } });
    });
    const client = pod(objects, 'client');
    expect(isAllowed(objects, { from: client, to: address('203.0.113.7'), port: 443 })).toBe(true);
    expect(isAllowed(objects, { from: client, to: address('10.22.0.3'), port: 443 })).toBe(false);
  });

  test('fails on a connection without declared egress (a NetworkPolicy cannot match a DNS name)', () => {
    expect(() =>
      synth((chart) => {
        new Worker(chart, 'client', {
          image,
          connections: { PAYMENTS: payments(chart, { egress: undefined }) },
        });
      }),
    ).toThrow(
      "Worker 'prod/client': 'connections.PAYMENTS' is ExternalService 'prod/payments', an ExternalName Service (a DNS alias of 'api.payments.example.com'), and a NetworkPolicy cannot allow a destination by DNS name; declare where the name resolves with the ExternalService's 'egress' (e.g. [{ cidr: 'internet', ports: [443] }]), or give its 'addresses' instead",
    );
  });

  test('without NetworkPolicies in the environment, no egress is needed', () => {
    const platform = definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: {
        prod: {
          project: 'acme-prod',
          nodePools: { general: { machineType: 'e2-standard-2' } },
          networkPolicies: false,
        },
      },
    });
    const chart = new EnvironmentChart(new App(), { platform, environment: 'prod' });
    const external = new ExternalService(chart, 'payments', {
      externalName: 'api.payments.example.com',
      ports: { https: 443 },
    });
    new Worker(chart, 'client', { image, connections: { PAYMENTS: external } });
    expect(chart.toJson().filter((o: K8sObject) => o.kind === 'NetworkPolicy')).toEqual([]);
  });
});

describe('bad ExternalService input', () => {
  const cases: [string, Partial<ExternalServiceProps<TestEnv>>, string][] = [
    [
      'both a name and addresses',
      { externalName: 'db.example.com' },
      "ExternalService 'prod/db': 'externalName' and 'addresses' are both set; give either a DNS name ('externalName') or IP addresses ('addresses')",
    ],
    [
      'neither',
      { addresses: undefined },
      "ExternalService 'prod/db': 'externalName' and 'addresses' are both missing; give either a DNS name ('externalName') or IP addresses ('addresses')",
    ],
    [
      'an IP as externalName',
      { addresses: undefined, externalName: '10.22.0.3' },
      "ExternalService 'prod/db': 'externalName' is \"10.22.0.3\", an IP address, which cluster DNS would treat as a name of digits; give IP addresses as 'addresses'",
    ],
    [
      'an externalName with an underscore',
      { addresses: undefined, externalName: 'db_1.example.com' },
      "ExternalService 'prod/db': 'externalName' is \"db_1.example.com\", which is not a DNS-1123 subdomain",
    ],
    [
      'a host name among the addresses',
      { addresses: ['db.example.com'] },
      "ExternalService 'prod/db': 'addresses[0]' is \"db.example.com\", which is not an IP address; write an IPv4 or IPv6 address, e.g. '10.20.0.3', or use 'externalName' for a DNS name",
    ],
    [
      'an address with a leading zero',
      { addresses: ['10.22.0.03'] },
      "ExternalService 'prod/db': 'addresses[0]' is \"10.22.0.03\", which has a leading zero in an IPv4 part, which current Kubernetes refuses; write '10.22.0.3'",
    ],
    [
      'a loopback address',
      { addresses: ['127.0.0.1'] },
      "ExternalService 'prod/db': 'addresses[0]' is '127.0.0.1', in the special range 127.0.0.0/8 (unspecified, loopback or link-local); give an address that pods reach over the network",
    ],
    [
      'IPv4 and IPv6 mixed',
      { addresses: ['10.22.0.3', '2001:db8::3'] },
      "ExternalService 'prod/db': 'addresses[1]' is '2001:db8::3', but '10.22.0.3' is of the other IP family; list only IPv4 or only IPv6 addresses (one EndpointSlice has one address type)",
    ],
    [
      'an address twice',
      { addresses: ['10.22.0.3', '10.22.0.3'] },
      "ExternalService 'prod/db': 'addresses[1]' repeats '10.22.0.3'; list each address once",
    ],
    [
      'no addresses',
      { addresses: [] },
      "ExternalService 'prod/db': 'addresses' is []; list at least one IP address, e.g. ['10.20.0.3']",
    ],
    [
      'egress beside addresses',
      { egress: [{ cidr: '10.22.0.0/24' }] },
      "ExternalService 'prod/db': 'egress' is set, but the clients' egress to 'addresses' is worked out from them; leave 'egress' out (it is for an 'externalName')",
    ],
    [
      'no ports',
      { ports: {} },
      "ExternalService 'prod/db': 'ports' is empty; name at least one port, e.g. { postgres: 5432 }",
    ],
    [
      'a port name with capitals',
      { ports: { Postgres: 5432 } },
      "ExternalService 'prod/db': 'ports.Postgres' is \"Postgres\", which has characters other than a-z, 0-9 and '-'",
    ],
    [
      'port 0',
      { ports: { postgres: 0 } },
      "ExternalService 'prod/db': 'ports.postgres' is 0, which is not a port number; use a whole number from 1 to 65535",
    ],
    [
      'a name with a leading digit',
      { name: '1db' },
      "ExternalService 'prod/db': 'name' is \"1db\", which is not a DNS-1035 label",
    ],
  ];
  test.each(cases)('fails on %s', (_what, props, message) => {
    expect(() => synth((chart) => db(chart, props))).toThrow(message);
  });

  test('fails on a name clash with a WebService', () => {
    expect(() =>
      synth((chart) => {
        new WebService(chart, 'db', { image, port: 8080 });
        new ExternalService(chart, 'external-db', {
          name: 'db',
          addresses: ['10.22.0.3'],
          ports: { postgres: 5432 },
        });
      }),
    ).toThrow(
      "ExternalService 'prod/external-db': 'name' 'db' is already used by WebService 'prod/db'",
    );
  });
});
