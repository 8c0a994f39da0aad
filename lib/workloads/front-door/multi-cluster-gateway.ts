import type { GatewayClassName } from '../../gke/gateway';
import type { HttpRouteBackend } from '../../gke/http-route';
import { fail } from '../../core/errors';
import type { EnvironmentChart } from '../chart/environment-chart';
import { exportAcrossClusters } from '../network/service-export';
import { clusterServiceName, serveOnThisCluster } from './cluster-services';
import type { LoadBalancerBackend } from './load-balancer-backend';

/*
 * The gateway front door of an environment of several clusters: one multi-cluster Gateway,
 * written with its HTTPRoutes and policies on the config cluster only, whose backends are
 * the ServiceImports of the routed services, which every cluster that runs them exports.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways
 */

/**
 * The multi-cluster classes: the global external Application Load Balancer, and the regional
 * internal one (its backends in one region).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities
 */
export const EXTERNAL_MULTI_CLUSTER_CLASS: GatewayClassName = 'gke-l7-global-external-managed-mc';
/** @see EXTERNAL_MULTI_CLUSTER_CLASS */
export const INTERNAL_MULTI_CLUSTER_CLASS: GatewayClassName = 'gke-l7-rilb-mc';

/** Whether the chart is one cluster of several, which a multi-cluster Gateway serves. */
export function isFleetChart(chart: EnvironmentChart): boolean {
  return chart.cluster !== undefined;
}

/**
 * The class of an entrypoint's multi-cluster Gateway. `gke-l7-rilb-mc` makes a regional
 * internal Application Load Balancer, whose backends are in its own region: an internal
 * entrypoint over clusters of several regions is refused.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploy-internal-multi-cluster-gateway
 */
export function multiClusterGatewayClass(
  where: string,
  chart: EnvironmentChart,
  internal: boolean,
): GatewayClassName {
  if (!internal) return EXTERNAL_MULTI_CLUSTER_CLASS;
  const fleet = chart.environment.fleet;
  const regions = [...new Set(fleet?.clusters.map((c) => c.region) ?? [])];
  if (regions.length > 1)
    fail(
      where,
      'internal',
      `is true, but the clusters of '${chart.environment.name}' are in ${regions.join(', ')}, and ${INTERNAL_MULTI_CLUSTER_CLASS} is a regional internal load balancer whose backends are all in one region`,
      'put the clusters of the environment in one region, or make the entrypoint external',
    );
  return INTERNAL_MULTI_CLUSTER_CLASS;
}

/**
 * Makes `service` (and its canary) reachable by a multi-cluster Gateway: its ServiceExport,
 * on the clusters it runs on, and the per-cluster Service of this chart's cluster where the
 * route weighs clusters.
 */
export function exportRoutedService(
  chart: EnvironmentChart,
  service: LoadBalancerBackend,
  weights: Readonly<Record<string, number>> | undefined,
): void {
  exportAcrossClusters(service);
  if (service.canary) exportAcrossClusters(service.canary);
  if (weights !== undefined) serveOnThisCluster(chart, service, weights);
}

/**
 * The backends of a multi-cluster Gateway's rule to `service`: its ServiceImport (with a
 * canary, the stable and canary imports by the canary's weight); with `weights`, the
 * per-cluster ServiceImports `<service>-<cluster>` by weight.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways#blue-green
 */
export function multiClusterBackends(
  service: LoadBalancerBackend,
  port: number,
  weights: Readonly<Record<string, number>> | undefined,
): HttpRouteBackend[] {
  const kind = 'ServiceImport' as const;
  if (weights !== undefined)
    return Object.entries(weights).map(([cluster, weight]) => ({
      kind,
      service: clusterServiceName(service, cluster),
      port,
      weight,
    }));
  const canary = service.canary;
  if (canary === undefined) return [{ kind, service: service.name, port }];
  return [
    { kind, service: service.name, port, weight: 100 - canary.weight },
    { kind, service: canary.name, port, weight: canary.weight },
  ];
}
