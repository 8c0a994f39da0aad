import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { StatefulService, type StatefulServiceProps } from '#lib/workloads/stateful-service';
import { WebService } from '#lib/workloads/web-service';
import { isAllowed, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * The replicas of a StatefulService talk to each other (replication, a cluster bus): what the
 * NetworkPolicies let through between them and from their clients, read from the emitted
 * objects through the evaluator in test/support.
 */

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/redis:7.2.5';
const WHERE = "StatefulService 'prod/redis'";

function synth(props: Partial<StatefulServiceProps<TestEnv>> = {}) {
  const chart = chartFor('prod');
  const redis = new StatefulService(chart, 'redis', { image: IMAGE, port: 6379, ...props });
  new WebService(chart, 'web', {
    image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0',
    port: 8080,
    connections: { REDIS: redis },
  });
  return objectsOf(chart);
}

const pod = (objects: K8sObject[], name: string) => {
  const found = podsOf(objects).find((p) => p.name === name);
  if (!found) throw new Error(`no pod ${name}`);
  return found;
};
/** Whether `from`'s pods reach `to`'s on `port`. */
const reaches = (
  objects: K8sObject[],
  from: string,
  to: string,
  port: number,
  protocol: 'TCP' | 'UDP' = 'TCP',
) => isAllowed(objects, { from: pod(objects, from), to: pod(objects, to), port, protocol });

const SELECTOR = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'redis' };
const CLUSTER_BUS = [{ name: 'cluster-bus', port: 16379 }];

describe('StatefulService peers', () => {
  test('replicas reach each other on the client port; a client reaches it there too', () => {
    const objects = synth({ replicas: 3 });
    expect(reaches(objects, 'redis', 'redis', 6379)).toBe(true);
    expect(reaches(objects, 'web', 'redis', 6379)).toBe(true);
    const spec = find(objects, 'NetworkPolicy', 'redis').spec;
    expect(spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: SELECTOR } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
    });
    expect(spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: SELECTOR } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
    });
  });

  test('a single replica without peer ports has no rule for peers', () => {
    const objects = synth();
    expect(reaches(objects, 'redis', 'redis', 6379)).toBe(false);
    expect(reaches(objects, 'web', 'redis', 6379)).toBe(true);
  });

  test('peerPorts: on the container and the headless Service, not on the client Service', () => {
    const objects = synth({ replicas: 6, peerPorts: CLUSTER_BUS });
    const container = find(objects, 'StatefulSet', 'redis').spec.template.spec.containers[0];
    expect(container.ports).toEqual([
      { name: 'tcp', containerPort: 6379, protocol: 'TCP' },
      { name: 'cluster-bus', containerPort: 16379, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'redis').spec.ports).toEqual([
      { name: 'tcp', port: 6379, targetPort: 6379, protocol: 'TCP' },
      { name: 'cluster-bus', port: 16379, targetPort: 16379, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'redis-client').spec.ports).toEqual([
      { name: 'tcp', port: 6379, targetPort: 6379, protocol: 'TCP' },
    ]);
  });

  test('peerPorts: only the StatefulService its own pods reach them; its clients reach the client port only', () => {
    const objects = synth({ replicas: 6, peerPorts: CLUSTER_BUS });
    expect(reaches(objects, 'redis', 'redis', 6379)).toBe(true);
    expect(reaches(objects, 'redis', 'redis', 16379)).toBe(true);
    expect(reaches(objects, 'web', 'redis', 6379)).toBe(true);
    expect(reaches(objects, 'web', 'redis', 16379)).toBe(false);
    expect(find(objects, 'NetworkPolicy', 'redis').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' },
            },
          },
        ],
        ports: [{ port: 6379, protocol: 'TCP' }],
      },
      {
        from: [{ podSelector: { matchLabels: SELECTOR } }],
        ports: [
          { port: 6379, protocol: 'TCP' },
          { port: 16379, protocol: 'TCP' },
        ],
      },
    ]);
  });

  test('a client cannot name a peer port in its connections', () => {
    const chart = chartFor('prod');
    const redis = new StatefulService(chart, 'redis', {
      image: IMAGE,
      port: 6379,
      replicas: 3,
      peerPorts: CLUSTER_BUS,
    });
    expect(
      () =>
        new WebService(chart, 'web', {
          image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0',
          port: 8080,
          connections: { BUS: { service: redis, port: 'cluster-bus' } },
        }),
    ).toThrow(
      "WebService 'prod/web': 'connections.BUS.port' is 'cluster-bus', which is not a port of StatefulService 'prod/redis'; use one of its ports: 'tcp'",
    );
  });

  test('a UDP peer port may share its number with a TCP one (gossip)', () => {
    const objects = synth({
      replicas: 3,
      peerPorts: [
        { name: 'serf-tcp', port: 8301 },
        { name: 'serf-udp', port: 8301, protocol: 'UDP' },
      ],
    });
    expect(find(objects, 'Service', 'redis').spec.ports.slice(1)).toEqual([
      { name: 'serf-tcp', port: 8301, targetPort: 8301, protocol: 'TCP' },
      { name: 'serf-udp', port: 8301, targetPort: 8301, protocol: 'UDP' },
    ]);
    expect(reaches(objects, 'redis', 'redis', 8301, 'UDP')).toBe(true);
    expect(reaches(objects, 'web', 'redis', 8301, 'UDP')).toBe(false);
  });

  test('is valid on Kubernetes 1.27 and 1.36 and under the semantic rules', () => {
    const objects = synth({
      replicas: 3,
      peerPorts: [...CLUSTER_BUS, { name: 'gossip', port: 16379, protocol: 'UDP' }],
    });
    expect(validateObjects(objects as never, ['1.27', '1.36']).map((p) => p.message)).toEqual([]);
    expect(validateSemantics(objects as never).map((p) => `${p.field}: ${p.problem}`)).toEqual([]);
  });

  describe('bad input', () => {
    const fails = (peerPorts: unknown, message: string) =>
      expect(() => synth({ peerPorts: peerPorts as never })).toThrow(`${WHERE}: ${message}`);

    test('fails: a name that is not an IANA service name', () => {
      fails(
        [{ name: 'redis-cluster-bus', port: 16379 }],
        '\'peerPorts[0].name\' is "redis-cluster-bus", which',
      );
    });
    test("fails: the main port's name", () => {
      fails(
        [{ name: 'tcp', port: 16379 }],
        "'peerPorts[0].name' is 'tcp', the name of the main port ('portName'); give every port its own name",
      );
    });
    test('fails: a name twice', () => {
      fails(
        [
          { name: 'bus', port: 16379 },
          { name: 'bus', port: 16380 },
        ],
        "'peerPorts[1].name' is 'bus', the name of an earlier peer port; give every port its own name",
      );
    });
    test('fails: the main port', () => {
      fails(
        [{ name: 'bus', port: 6379 }],
        "'peerPorts[0].port' is 6379, the main 'port', which peers reach already; leave it out of peerPorts, or give the peer port its own number",
      );
    });
    test('fails: a port and protocol twice', () => {
      fails(
        [
          { name: 'bus', port: 16379 },
          { name: 'bus2', port: 16379, protocol: 'TCP' },
        ],
        "'peerPorts[1].port' is 16379/TCP, which an earlier peer port declares; declare each port and protocol once",
      );
    });
    test('fails: a port that is not a port number', () => {
      fails(
        [{ name: 'bus', port: 70000 }],
        "'peerPorts[0].port' is 70000, which is not a port number; use a whole number from 1 to 65535",
      );
    });
    test('fails: a protocol other than TCP and UDP', () => {
      fails(
        [{ name: 'bus', port: 16379, protocol: 'SCTP' }],
        "'peerPorts[0].protocol' is \"SCTP\"; use 'TCP' or 'UDP'",
      );
    });
    test("fails: a sidecar's port", () => {
      expect(() =>
        synth({
          peerPorts: CLUSTER_BUS,
          sidecars: [
            {
              name: 'exporter',
              image: 'europe-docker.pkg.dev/acme-artifacts/apps/exporter:1.0.0',
              port: 16379,
            },
          ],
        }),
      ).toThrow(`${WHERE}: 'port' 16379 is declared by two containers of one pod`);
    });
  });
});
