import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkWholeNumber, fail } from '../../core/errors';
import { checkDnsLabel } from '../../core/naming';
import { MAX_BACKEND_WEIGHT } from '../../validate/semantic/gateway-api';
import type { EnvironmentChart } from '../chart/environment-chart';
import { k8s } from '../chart/kube';
import { exportAcrossClusters, type ExportableService } from '../network/service-export';
import type { LoadBalancerBackend } from './load-balancer-backend';

/*
 * Weights between the clusters of a fleet, per GKE's multi-cluster blue-green pattern: each
 * weighed cluster runs a Service `<service>-<cluster>` of its own (the service's selector and
 * ports) and exports it, so that the multi-cluster Gateway sees one ServiceImport per cluster
 * and splits a rule's requests between them by weight.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways#blue-green
 */

/** The per-cluster Service (and ServiceImport) of `service` on `cluster`: `<service>-<cluster>`. */
export function clusterServiceName(service: { readonly name: string }, cluster: string): string {
  return `${service.name}-${cluster}`;
}

/**
 * A route's `clusters`, checked: given only in an environment of several clusters, each a
 * cluster of the environment that runs the service, with a whole weight, not all 0, and not
 * beside a canary (whose split the per-cluster Services would bypass).
 */
export function checkClusterWeights(
  where: string,
  chart: EnvironmentChart,
  service: LoadBalancerBackend,
  weights: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
  const prop = 'route.clusters';
  const environment = chart.environment;
  const fleet = environment.fleet;
  if (fleet === undefined)
    fail(
      where,
      prop,
      `is set, but the environment '${environment.name}' is one cluster, with nothing to weigh`,
      `give it per environment, e.g. { ${environment.name}: undefined, prod: { euw1: 90, ane1: 10 } }`,
    );
  const names = fleet.clusters.map((c) => c.name);
  const entries = Object.entries(weights ?? {});
  if (entries.length === 0)
    fail(where, prop, 'is empty', `weigh at least one of ${names.join(', ')}`);
  for (const [cluster, weight] of entries) {
    if (!names.includes(cluster))
      fail(
        where,
        `${prop}.${cluster}`,
        `names a cluster the environment '${environment.name}' does not declare`,
        `use one of ${names.join(', ')}`,
      );
    checkWholeNumber(where, `${prop}.${cluster}`, weight, 0, MAX_BACKEND_WEIGHT);
    const placed = service.runsOnClusters;
    if (placed !== undefined && !placed.includes(cluster))
      fail(
        where,
        `${prop}.${cluster}`,
        `sends requests to ${service.where} on '${cluster}', which it does not run on (it runs on ${placed.join(', ') || 'no cluster'})`,
        `weigh only the clusters it runs on, or place it on '${cluster}'`,
      );
    checkDnsLabel(where, `${prop}.${cluster}`, clusterServiceName(service, cluster));
  }
  if (entries.every(([, weight]) => weight === 0))
    fail(
      where,
      prop,
      'gives every cluster weight 0, so every request of the route would get a 500',
      'give at least one cluster a weight above 0 (0 drains a cluster)',
    );
  if (service.canary)
    fail(
      where,
      prop,
      `is set, but ${service.where} runs a canary, whose split between the stable and the canary Service the per-cluster Services would bypass`,
      "weigh the clusters after the canary is promoted or aborted, or leave 'clusters' out",
    );
  return weights;
}

/** The per-cluster Service of a weighed cluster, with its own ServiceExport. */
class ClusterService extends Construct implements ExportableService {
  readonly name: string;
  readonly where: string;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: LoadBalancerBackend, cluster: string) {
    super(scope, `cluster-service-${cluster}`);
    this.name = clusterServiceName(scope, cluster);
    this.where = `${scope.where} on cluster '${cluster}'`;
    this.labels = scope.labels;
    const namespace = scope.chart.namespaceName;
    // The service's own Service's ports, and its selector, read when it is rendered (a
    // canary or a blue-green pair narrows it to one track or colour).
    const selector = Lazy.any({
      produce: () => (scope.service.toJson() as { spec: k8s.ServiceSpec }).spec.selector,
    }) as unknown as Record<string, string>;
    const spec: k8s.ServiceSpec = {
      type: 'ClusterIP',
      selector,
      ports: scope.servicePorts.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.targetPort),
        protocol: 'TCP',
      })),
    };
    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace, labels: { ...this.labels } },
      spec,
    });
    exportAcrossClusters(this);
  }
}

/**
 * The per-cluster Service of `service` on this chart's cluster, when `weights` weighs that
 * cluster (once, however many routes weigh it). A child of the service, so it is written
 * only where the service runs.
 */
export function serveOnThisCluster(
  chart: EnvironmentChart,
  service: LoadBalancerBackend,
  weights: Readonly<Record<string, number>>,
): void {
  const cluster = chart.cluster?.name;
  if (cluster === undefined || !(cluster in weights)) return;
  if (service.node.tryFindChild(`cluster-service-${cluster}`) !== undefined) return;
  const made = new ClusterService(service, cluster);
  chart.claimName('Service', made.name, made);
}
