import { fail } from '../platform/errors';
import { checkFormat, isCIdentifier } from '../validate/semantic/apimachinery';
import type { k8s } from './kube';
import type { Workload } from './workload';

/**
 * A workload that others may name in their `connections`: a WebService or a StatefulService.
 * A client gets `<PREFIX>_HOST` and `<PREFIX>_PORT`, and the environment's NetworkPolicies
 * let exactly those clients in on `containerPort`.
 */
export type ServiceTarget = Workload & {
  /** The cluster DNS name clients connect to. */
  readonly host: string;
  /** The Service port clients connect to. */
  readonly servicePort: number;
  /** The port of the pods behind it (what a NetworkPolicy sees, after the Service's translation). */
  readonly containerPort: number;
};

/** `<PREFIX>_HOST` and `<PREFIX>_PORT` for each connection; `where` names the client. */
export function connectionEnv(
  where: string,
  connections: Readonly<Record<string, ServiceTarget>> | undefined,
): k8s.EnvVar[] {
  for (const prefix of Object.keys(connections ?? {})) {
    checkFormat(where, `connections.${prefix}`, prefix, isCIdentifier);
  }
  return Object.entries(connections ?? {}).flatMap(([prefix, target]) => [
    { name: `${prefix}_HOST`, value: target.host },
    { name: `${prefix}_PORT`, value: String(target.servicePort) },
  ]);
}

/** Records `client`'s connections in its environment's NetworkPolicies, each checked to be there. */
export function connect(
  client: Workload,
  connections: Readonly<Record<string, ServiceTarget>> | undefined,
): void {
  for (const [prefix, target] of Object.entries(connections ?? {})) {
    if (target.chart !== client.chart) {
      fail(
        client.where,
        `connections.${prefix}`,
        `is ${target.where}, which is in another environment`,
        'connect to a service of the same environment',
      );
    }
    client.chart.networkPolicies.connect(client, target);
  }
}
