import type { Construct } from 'constructs';
import { fail } from '../../core/errors';
import { ServiceExport } from '../../gke/service-export';
import { EnvironmentChart } from '../chart/environment-chart';

/** A Service that other clusters of its environment may reach. */
export interface ExportableService extends Construct {
  /** The Service's name, which its ServiceExport (and the ServiceImport GKE makes) share. */
  readonly name: string;
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The labels its ServiceExport carries. */
  readonly labels: Readonly<Record<string, string>>;
}

const serviceExports = new WeakMap<ExportableService, ServiceExport>();

/**
 * The ServiceExport of `service`, made on the first call: a child of the service, so that it
 * is written on exactly the clusters the service runs on. Every cluster of the environment
 * then has its ServiceImport. For environments of several clusters only.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
 */
export function exportAcrossClusters(service: ExportableService): ServiceExport {
  const made = serviceExports.get(service);
  if (made !== undefined) return made;
  const chart = EnvironmentChart.of(service);
  if (chart.cluster === undefined)
    fail(
      service.where,
      'clusters',
      `is exported to other clusters, but the environment '${chart.environment.name}' is one cluster`,
      "declare the environment's clusters in the platform",
    );
  const exported = new ServiceExport(service, 'service-export', {
    metadata: { name: service.name, namespace: chart.namespaceName, labels: { ...service.labels } },
  });
  chart.claimName('ServiceExport', service.name, service);
  serviceExports.set(service, exported);
  return exported;
}

/** Whether `service` has been exported to the other clusters of its environment. */
export function isExportedAcrossClusters(service: ExportableService): boolean {
  return serviceExports.has(service);
}
