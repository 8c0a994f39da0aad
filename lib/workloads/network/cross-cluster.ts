/*
 * Connections between workloads placed on different clusters of one environment (a fleet).
 * GKE's multi-cluster Services make an exported Service reachable from every cluster of the
 * fleet as `<service>.<namespace>.svc.clusterset.local`; the traffic goes from Pod to Pod
 * over the VPC (MCS opens the firewall between the clusters' Pod ranges), so each side's
 * NetworkPolicy names the other side by the Pod ranges of the clusters it runs on.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-services
 */
import { Construct, type IConstruct } from 'constructs';
import type { FleetCluster } from '../../platform/fleet';
import type { EnvironmentChart } from '../chart/environment-chart';
import { clusterPresence } from '../chart/cluster-presence';
import { type ExportableService, exportAcrossClusters } from './service-export';

/**
 * A workload's Service that is not named like the workload (a StatefulService's
 * `<name>-client`), as {@link exportAcrossClusters} takes it: its ServiceExport is a child.
 */
class NamedService extends Construct implements ExportableService {
  constructor(
    scope: Construct,
    id: string,
    readonly name: string,
    readonly where: string,
    readonly labels: Readonly<Record<string, string>>,
  ) {
    super(scope, id);
  }
}

/**
 * Exports the Service `name` of `workload` to the other clusters of its environment, once:
 * its ServiceExport, under the workload (so written where the workload runs).
 */
export function exportServiceNamed(
  workload: Construct & {
    readonly where: string;
    readonly labels: Readonly<Record<string, string>>;
  },
  name: string,
): void {
  const id = `export-${name}`;
  const scope =
    (workload.node.tryFindChild(id) as NamedService | undefined) ??
    new NamedService(workload, id, name, workload.where, workload.labels);
  exportAcrossClusters(scope);
}

/** The clusters of the chart's environment that `construct` runs on; none outside a fleet. */
export function clustersOf(chart: EnvironmentChart, construct: IConstruct): FleetCluster[] {
  const clusters = chart.environment.fleet?.clusters ?? [];
  const names = clusterPresence(construct)?.clusters;
  return names === undefined ? [...clusters] : clusters.filter((c) => names.includes(c.name));
}

/** Whether `construct` runs on the chart's cluster (always, outside a fleet). */
export function runsHere(construct: IConstruct): boolean {
  return clusterPresence(construct)?.here !== false;
}

/**
 * The clusters `client` runs on where `service` does not: from there, the client reaches the
 * service on the other clusters. Empty outside a fleet.
 */
export function remoteClientClusters(
  chart: EnvironmentChart,
  client: IConstruct,
  service: IConstruct,
): FleetCluster[] {
  const served = clustersOf(chart, service).map((c) => c.name);
  return clustersOf(chart, client).filter((c) => !served.includes(c.name));
}

/**
 * The host name a client on the chart's cluster uses for a Service whose cluster DNS name is
 * `host` (`<service>.<namespace>.svc.cluster.local`) and whose pods `workload` runs: that
 * name, or, where the workload does not run on this cluster, the name multi-cluster Services
 * give the Service in every cluster of the fleet.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
 */
export function hostOnThisCluster(host: string, workload: IConstruct | undefined): string {
  if (workload === undefined || runsHere(workload)) return host;
  return host.replace(/\.svc\.cluster\.local$/, '.svc.clusterset.local');
}

/** The Pod ranges of `clusters` as NetworkPolicy peers, each once, in the fleet's order. */
export function podRangePeers(
  chart: EnvironmentChart,
  clusters: readonly FleetCluster[],
): { ipBlock: { cidr: string } }[] {
  const names = new Set(clusters.map((c) => c.name));
  return (chart.environment.fleet?.clusters ?? [])
    .filter((c) => names.has(c.name))
    .map((c) => ({ ipBlock: { cidr: c.ipRanges.pods } }));
}
