import { fail } from '../../core/errors';
import { checkFormat, isCIdentifier } from '../../core/apimachinery';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { k8s } from '../chart/kube';
import type { PolicyMember } from './policy-member';
import { hostOnThisCluster, remoteClientClusters } from './cross-cluster';

/** One port of a Service that clients connect to. */
export interface ServicePort {
  /** The Service port's name. */
  readonly name: string;
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The port the traffic arrives at once the Service has translated it (the container port,
   * or the endpoint's port): what a NetworkPolicy sees.
   */
  readonly targetPort: number;
}

/**
 * What a workload's `connections` may name: a Service of the same environment with named
 * ports. {@link WebService} and {@link ExternalService} are connection targets.
 */
export interface ConnectionTarget {
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The environment chart of the Service; a connection must stay within one environment. */
  readonly chart: EnvironmentChart<string>;
  /** The Service's name. */
  readonly name: string;
  /** The cluster DNS name of the Service. */
  readonly host: string;
  /** The Service's ports; the first is the one a connection uses unless it names another. */
  readonly servicePorts: readonly ServicePort[];
  /** The workload whose pods serve the Service, for a Service of the cluster. */
  readonly workload?: PolicyMember;
  /**
   * For a destination outside the cluster: the NetworkPolicy egress rules a client needs to
   * reach `port`, or why none can be worked out (the client's error then names it). Pods of
   * the cluster have none: their own policy lets the client in.
   */
  connectionEgress?(port: ServicePort): ConnectionEgress;
  /**
   * For a Service of workloads placed on some clusters of an environment of several:
   * exports it to the other clusters (its ServiceExport, made once), where clients that run
   * without it reach it. A Service on every cluster has none.
   */
  exportToClusters?(): void;
}

/** How a client reaches one port of a destination outside the cluster. */
export type ConnectionEgress =
  /** The egress rules of its NetworkPolicy. */
  | { readonly rules: readonly k8s.NetworkPolicyEgressRule[] }
  /** Why no rule can allow it, and what would: the client's `connections` error says so. */
  | { readonly problem: string; readonly fix: string };

/** A connection to one named port of a Service: `{ service: api, port: 'grpc' }`. */
export interface PortConnection {
  /** The Service connected to. */
  readonly service: ConnectionTarget;
  /** The name of one of the Service's ports. @default its first port */
  readonly port?: string;
}

/** A `connections` entry: a Service (its first port) or one named port of it. */
export type Connection = ConnectionTarget | PortConnection;

/** A checked `connections` entry. */
export interface CheckedConnection {
  /** The environment-variable prefix. */
  readonly prefix: string;
  /** The Service connected to. */
  readonly target: ConnectionTarget;
  /** The Service port the connection uses. */
  readonly port: ServicePort;
}

const isTarget = (value: unknown): value is ConnectionTarget =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as ConnectionTarget).servicePorts);

/**
 * Checks a workload's `connections`: C-identifier prefixes, Services (not, say, a Worker)
 * of the same environment, and ports they have.
 */
export function checkConnections(
  where: string,
  chart: EnvironmentChart<string>,
  connections: Readonly<Record<string, Connection>> | undefined,
): CheckedConnection[] {
  return Object.entries(connections ?? {}).map(([prefix, value]) => {
    const prop = `connections.${prefix}`;
    checkFormat(where, prop, prefix, isCIdentifier);
    const target = isTarget(value) ? value : (value as PortConnection | undefined)?.service;
    if (!isTarget(target))
      fail(
        where,
        prop,
        `is ${describe(value)}, which has no Service to connect to`,
        'connect to a WebService or an ExternalService (a Worker takes no connections)',
      );
    if (target.chart !== chart)
      fail(
        where,
        prop,
        `is ${target.where}, which is in another environment`,
        'connect to a service of the same environment',
      );
    const name = isTarget(value) ? undefined : (value as PortConnection).port;
    const port =
      name === undefined
        ? target.servicePorts[0]
        : target.servicePorts.find((p) => p.name === name);
    if (port === undefined)
      fail(
        where,
        `${prop}.port`,
        `is '${name}', which is not a port of ${target.where}`,
        `use one of its ports: ${target.servicePorts.map((p) => `'${p.name}'`).join(', ')}`,
      );
    return { prefix, target, port };
  });
}

function describe(value: unknown): string {
  const where = (value as { where?: unknown } | null)?.where;
  return typeof where === 'string' ? where : JSON.stringify(value);
}

/**
 * Exports `target`'s Service across clusters where `client` runs on a cluster that lacks it,
 * so that the client reaches it there through multi-cluster Services.
 */
export function reachAcrossClusters(
  chart: EnvironmentChart<string>,
  client: PolicyMember,
  target: ConnectionTarget,
): void {
  const service = target.workload;
  if (service !== undefined && remoteClientClusters(chart, client, service).length > 0)
    target.exportToClusters?.();
}

/**
 * `<PREFIX>_HOST` (the Service's cluster DNS name, or its multi-cluster name where it runs on
 * other clusters than this one) and `<PREFIX>_PORT` for each connection.
 */
export function connectionEnv(connections: readonly CheckedConnection[]): k8s.EnvVar[] {
  return connections.flatMap(({ prefix, target, port }) => [
    { name: `${prefix}_HOST`, value: hostOnThisCluster(target.host, target.workload) },
    { name: `${prefix}_PORT`, value: String(port.port) },
  ]);
}
