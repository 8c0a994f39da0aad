import { fail } from '../../core/errors';
import type { NodePool } from '../../platform/node-pool';
import type { EnvironmentChart } from '../chart/environment-chart';
import { type ClusterPresence, markClusterPresence } from '../chart/cluster-presence';
import type { IConstruct } from 'constructs';

/** The clusters of a fleet environment a workload runs on: `'all'`, or some by name. */
export type ClusterList = 'all' | readonly string[];

/** The clusters a replicated workload runs on, each with its replica count. */
export type ClusterReplicas = Readonly<Record<string, number>>;

/** What a workload's `clusters` prop may say. */
export type ClusterChoice = ClusterList | ClusterReplicas;

/** How a kind of workload is placed on the clusters of a fleet. */
export interface ClusterPlacementRules {
  /** Where it runs when `clusters` is left out: every cluster, or the config cluster. */
  readonly defaultClusters: 'all' | 'config';
  /** Whether `clusters` may give a replica count per cluster. */
  readonly counts: boolean;
}

/** Where a workload runs in its environment, and its replica count on the chart's cluster. */
export interface ClusterPlacement extends ClusterPresence {
  /** The count `clusters` gives the chart's cluster, when it gives counts. */
  readonly replicas?: number;
}

const isCounts = (choice: unknown): choice is ClusterReplicas =>
  typeof choice === 'object' && choice !== null && !Array.isArray(choice);

/**
 * Checks `clusters` (resolved for the chart's environment) and records where `workload` runs,
 * so that the chart of a cluster it does not run on writes none of its objects. Undefined for
 * an environment of one cluster, where only `'all'` (or nothing) is valid.
 */
export function placeOnClusters(
  workload: IConstruct,
  where: string,
  chart: EnvironmentChart,
  choice: ClusterChoice | undefined,
  rules: ClusterPlacementRules,
): ClusterPlacement | undefined {
  const fleet = chart.environment.fleet;
  if (fleet === undefined || chart.cluster === undefined) {
    if (choice !== undefined && choice !== 'all')
      fail(
        where,
        'clusters',
        `is ${JSON.stringify(choice)}, but the environment '${chart.environment.name}' is one cluster`,
        `leave 'clusters' out for it, or give it 'all' (per environment: { ${chart.environment.name}: 'all', … })`,
      );
    return undefined;
  }
  const names = fleet.clusters.map((c) => c.name);
  const known = names.map((n) => `'${n}'`).join(', ');
  const check = (prop: string, name: unknown) => {
    if (typeof name !== 'string' || !names.includes(name))
      fail(
        where,
        prop,
        `names ${JSON.stringify(name)}, which is not a cluster of the environment '${chart.environment.name}'`,
        `use some of its clusters: ${known}`,
      );
  };
  let chosen: readonly string[];
  let counts: ClusterReplicas | undefined;
  if (choice === undefined || choice === 'all') {
    chosen =
      choice === undefined && rules.defaultClusters === 'config' ? [fleet.config.name] : names;
  } else if (Array.isArray(choice)) {
    if (choice.length === 0)
      fail(where, 'clusters', 'is empty', `name at least one of ${known}, or write 'all'`);
    choice.forEach((name: unknown, i) => {
      check(`clusters[${i}]`, name);
      if (choice.indexOf(name as string) !== i)
        fail(where, 'clusters', `names '${String(name)}' twice`, 'name each cluster once');
    });
    chosen = choice;
  } else if (isCounts(choice)) {
    if (!rules.counts)
      fail(
        where,
        'clusters',
        `is ${JSON.stringify(choice)}: replica counts, but this workload takes none`,
        `name the clusters instead, e.g. ${JSON.stringify(Object.keys(choice))}`,
      );
    if (Object.keys(choice).length === 0)
      fail(where, 'clusters', 'is empty', `give a count for at least one of ${known}`);
    for (const [name, count] of Object.entries(choice)) {
      check(`clusters.${name}`, name);
      if (!Number.isInteger(count) || count < 0)
        fail(where, `clusters.${name}`, `is ${count}`, 'use a whole number, 0 or more');
    }
    chosen = Object.keys(choice);
    counts = choice;
  } else {
    return fail(
      where,
      'clusters',
      `is ${JSON.stringify(choice)}`,
      `use 'all', a list of clusters (${known})${rules.counts ? ', or a replica count per cluster' : ''}`,
    );
  }
  const here = chart.cluster.name;
  const placement: ClusterPlacement = {
    // The environment's order, whatever the order written.
    clusters: names.filter((n) => chosen.includes(n)),
    here: chosen.includes(here),
    replicas: counts?.[here],
  };
  markClusterPresence(workload, placement);
  return placement;
}

/**
 * The node pools of the chart's cluster: in an environment of several clusters, the
 * environment's pools with this cluster's sizes and zones; else the environment's.
 */
export function chartPools(chart: EnvironmentChart): readonly NodePool[] {
  return chart.cluster?.nodePools ?? chart.environment.nodePools;
}
