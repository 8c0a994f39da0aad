import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { EnvironmentChart } from '../chart/environment-chart';
import type { ConnectionTarget, ServicePort } from './connections';
import type { ForeignWorkloadPolicy } from './foreign-workload-policy';
import type { PolicyMember } from './policy-member';

/** Options of {@link foreignTarget}. */
export interface ForeignTargetOptions {
  /**
   * The ForeignWorkloadPolicy of the pods behind the Service. A workload that connects to the
   * target is then let in through it, as a library Service's own policy lets its clients in.
   * Without it the client is only let out to the pods: their ingress is up to a NetworkPolicy
   * of your own (the synth warns of foreign pods that none selects).
   * @default none
   */
  readonly policy?: ForeignWorkloadPolicy;
}

type Json = Record<string, unknown>;

/**
 * A Service this library did not make (a cdk8s-plus `Service`, a `KubeService`, an
 * `ApiObject` of kind Service) as a `connections` target of a library workload: the client
 * gets `<PREFIX>_HOST` and `<PREFIX>_PORT`, and its NetworkPolicy lets it out to the pods the
 * Service selects, on the port's target port. The Service is read as it is when this is
 * called: bind its ports first.
 *
 * @example
 * const reports = new kplus.Deployment(chart, 'reports', { containers: [{ image: 'reports:2', portNumber: 9000 }] });
 * const service = reports.exposeViaService({ ports: [{ port: 80, targetPort: 9000 }] });
 * const policy = new ForeignWorkloadPolicy(chart, 'reports-policy', { pods: reports });
 * new WebService(chart, 'web', { image: 'web:1', port: 8080, connections: { REPORTS: foreignTarget(service, { policy }) } });
 */
export function foreignTarget(
  service: IConstruct,
  options: ForeignTargetOptions = {},
): ConnectionTarget {
  const object = serviceObject(service);
  const where = `Service '${service.node.path}'`;
  const chart = EnvironmentChart.of(service);
  const spec = (object.toJson() as { spec?: Json }).spec ?? {};
  const selector = (spec.selector ?? {}) as Readonly<Record<string, string>>;
  if (Object.keys(selector).length === 0)
    fail(
      where,
      'spec.selector',
      'selects no pods, so no NetworkPolicy rule can name the pods behind it',
      'give the Service a selector (kplus: `select(…)`, `exposeViaService()`)',
    );
  const servicePorts = ((spec.ports ?? []) as Json[]).map((p, i) => portOf(where, p, i));
  if (servicePorts.length === 0)
    fail(where, 'spec.ports', 'is empty', 'bind a port to the Service before connecting to it');
  const policy = options.policy;
  if (policy !== undefined && EnvironmentChart.of(policy) !== chart)
    fail(
      where,
      'policy',
      `is ${policy.where}, which is in another environment`,
      'name the policy of the same environment',
    );
  // Without a policy the pods are no member of the environment's policies: a client is let
  // out to them by the Service's selector, and nothing is written for them.
  const pods: PolicyMember = policy ?? {
    node: service.node,
    with: (...mixins) => service.with(...mixins),
    name: object.name,
    labels: {},
    selector: { ...selector },
  };
  return {
    where,
    chart,
    name: object.name,
    host: `${object.name}.${chart.namespaceName}.svc.cluster.local`,
    servicePorts,
    workload: pods,
  };
}

/** The Service object: the construct itself, or the one ApiObject it renders (cdk8s-plus). */
function serviceObject(service: IConstruct): ApiObject {
  const object = ApiObject.isApiObject(service)
    ? service
    : service.node.children.find(ApiObject.isApiObject);
  if (object === undefined || object.kind !== 'Service')
    fail(
      `'${service.node.path}'`,
      'service',
      `is ${object === undefined ? 'a construct with no Kubernetes object' : `a ${object.kind}`}, not a Service`,
      'pass a cdk8s-plus Service, a KubeService or an ApiObject of kind Service',
    );
  return object;
}

function portOf(where: string, port: Json, i: number): ServicePort {
  const number = port.port as number;
  const target = port.targetPort ?? number;
  // The library's connections, and the NetworkPolicy rules they give, are TCP.
  if (port.protocol !== undefined && port.protocol !== 'TCP')
    fail(
      where,
      `spec.ports[${i}].protocol`,
      `is ${String(port.protocol)}, but connections are TCP`,
      'connect to a TCP port of the Service',
    );
  if (typeof target !== 'number')
    fail(
      where,
      `spec.ports[${i}].targetPort`,
      `is '${String(target)}', a container port's name, which a NetworkPolicy of the client cannot resolve`,
      'give the target port as a number',
    );
  return {
    name: typeof port.name === 'string' ? port.name : `port-${number}`,
    port: number,
    targetPort: target,
  };
}
