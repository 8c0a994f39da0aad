import { fail } from '../../core/errors';
import type { FleetCluster } from '../../platform/fleet';
import type { Environment } from '../../platform/platform';

/**
 * The cluster an environment's chart synthesizes: one of the environment's `clusters` when it
 * declares several, none when it is one cluster.
 */
export function chartCluster(
  environment: Environment,
  name: string | undefined,
): FleetCluster | undefined {
  const where = `EnvironmentChart '${environment.name}'`;
  const fleet = environment.fleet;
  if (fleet === undefined) {
    if (name !== undefined)
      fail(
        where,
        'cluster',
        `is '${name}', but the environment '${environment.name}' declares no clusters: it is one cluster`,
        "leave 'cluster' out, or declare the environment's clusters in the platform",
      );
    return undefined;
  }
  const names = fleet.clusters.map((c) => `'${c.name}'`).join(', ');
  if (name === undefined)
    fail(
      where,
      'cluster',
      `is not given, but the environment '${environment.name}' runs on the clusters ${names}`,
      `create one chart per cluster: new EnvironmentChart(app, { platform, environment: '${environment.name}', cluster: '${fleet.clusters[0].name}' })`,
    );
  const cluster = fleet.clusters.find((c) => c.name === name);
  if (cluster === undefined)
    fail(
      where,
      'cluster',
      `is '${name}', which the environment does not declare`,
      `use one of ${names}`,
    );
  return cluster;
}
