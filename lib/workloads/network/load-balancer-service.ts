import { checkOneOf, fail } from '../../core/errors';
import type { PerEnv } from '../../core/per-env';
import { checkFormat } from '../../core/apimachinery';
import { isStrictCidr } from '../../core/strict-ip';
import type { EnvironmentChart } from '../chart/environment-chart';
import { declaredStaticIp } from '../../platform/lookups';

const SERVICE_TYPES = ['ClusterIP', 'LoadBalancer'] as const;

/** How a Service is reached from outside the cluster through a Google passthrough load balancer. */
export interface LoadBalancerServiceSpec<E extends string = string> {
  /**
   * `ClusterIP` is reachable inside the cluster only; `LoadBalancer` gets a Google passthrough
   * Network Load Balancer (external, or internal with `internal: true`).
   * @default 'ClusterIP'
   */
  readonly type?: 'ClusterIP' | 'LoadBalancer';
  /** For `LoadBalancer`: a declared regional static IP, by key. @default an ephemeral IP */
  readonly staticIp?: PerEnv<string | undefined, E>;
  /** For `LoadBalancer`: an internal load balancer in the VPC. @default false */
  readonly internal?: boolean;
  /** For `LoadBalancer`: the client ranges allowed through the firewall. @default any */
  readonly sourceRanges?: readonly string[];
}

/**
 * The Service's load balancer annotations for `spec` (none for a ClusterIP Service), checked:
 * source ranges are CIDRs, the load balancer settings come with `type: 'LoadBalancer'`, and a
 * static IP is a declared regional address of the same kind (internal or external).
 * @param where the workload, for errors
 * @param prop the prop `spec` came from, e.g. 'service'
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 */
export function loadBalancerAnnotations(
  chart: EnvironmentChart,
  where: string,
  prop: string,
  spec: LoadBalancerServiceSpec,
): Record<string, string> | undefined {
  for (const range of spec.sourceRanges ?? []) {
    checkFormat(where, `${prop}.sourceRanges`, range, isStrictCidr);
  }
  const type = checkOneOf(where, `${prop}.type`, spec.type ?? 'ClusterIP', SERVICE_TYPES);
  if (type !== 'LoadBalancer') {
    if (
      spec.staticIp !== undefined ||
      spec.internal !== undefined ||
      spec.sourceRanges !== undefined
    ) {
      fail(
        where,
        `${prop}.type`,
        "is 'ClusterIP', but 'staticIp', 'internal' or 'sourceRanges' is set",
        "set 'type: LoadBalancer', or leave those out",
      );
    }
    return undefined;
  }
  const annotations: Record<string, string> = {};
  if (spec.internal) annotations['networking.gke.io/load-balancer-type'] = 'Internal';
  const key =
    spec.staticIp === undefined
      ? undefined
      : chart.resolve(spec.staticIp, where, `${prop}.staticIp`);
  if (key !== undefined) {
    const ip = declaredStaticIp(
      chart.platform,
      chart.environment.name,
      key,
      'regional',
      where,
      `${prop}.staticIp`,
    );
    if (ip.internal !== (spec.internal ?? false)) {
      fail(
        where,
        `${prop}.staticIp`,
        `is '${key}', an ${ip.internal ? 'internal' : 'external'} address, for an ${spec.internal ? 'internal' : 'external'} load balancer`,
        "declare the address with the same 'internal' setting as the Service",
      );
    }
    // GKE binds a reserved regional address by name (GKE 1.29+), so no IP literal is needed.
    // @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters#static-ip
    annotations['networking.gke.io/load-balancer-ip-addresses'] = ip.name;
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/**
 * A Service's reach in a preview: a `LoadBalancer` Service becomes `ClusterIP`, without its
 * static IP, firewall ranges and internal setting, so that adding a preview reserves no
 * address and creates no load balancer; previews are reached through the shared Gateway.
 */
export function previewReach<S extends LoadBalancerServiceSpec<string>>(
  chart: EnvironmentChart,
  spec: S,
): S {
  if (chart.preview === undefined || spec.type !== 'LoadBalancer') return spec;
  return {
    ...spec,
    type: 'ClusterIP',
    staticIp: undefined,
    internal: undefined,
    sourceRanges: undefined,
  };
}
