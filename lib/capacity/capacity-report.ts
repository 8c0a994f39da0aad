/*
 * The capacity and cost table of `gke-platform capacity`: per environment and pool, the
 * nodes the pods need and their monthly cost, labelled as an estimate with its prices' date
 * and source; as text, Markdown or JSON.
 */
import type { PlannedPool } from './capacity-out';
import { HOURS_PER_MONTH, type PoolCost, poolCost } from './pool-cost';
import type { PriceList } from './prices';

/** The region an environment is priced in, and where that came from. */
export interface PricedRegion {
  readonly region: string;
  /** `--region`, `Pulumi.dev.yaml`, or why the default was taken. */
  readonly from: string;
}

/** One environment of the report (one cluster of an environment of several). */
export interface EnvironmentCost {
  readonly environment: string;
  /** The cluster, in an environment of several clusters. */
  readonly cluster?: string;
  readonly region: PricedRegion;
  /** GKE's cluster management fee for a month (before any free tier). */
  readonly clusterFeeMonthly: number;
  readonly pools: readonly (PlannedPool & { readonly cost: PoolCost })[];
}

/** The whole report. */
export interface CapacityReport {
  readonly label: string;
  readonly prices: PriceList;
  readonly environments: readonly EnvironmentCost[];
}

/** The report of `pools` (of every environment), each environment priced in its region. */
export function capacityReport(
  pools: readonly PlannedPool[],
  prices: PriceList,
  regionOf: (environment: string) => PricedRegion,
  pricesName: string,
): CapacityReport {
  // An environment of several clusters has a part per cluster, each with its own pools.
  const key = (p: { environment: string; cluster?: string }) =>
    p.cluster === undefined ? p.environment : `${p.environment}/${p.cluster}`;
  const parts = [...new Map(pools.map((p) => [key(p), p])).values()];
  return {
    label: `Estimate, list prices of ${prices.retrieved} from ${pricesName} (${Object.values(prices.sources).join(', ')}), ${HOURS_PER_MONTH} hours a month; no discounts, free tier, network, load balancers or storage beyond boot disks.`,
    prices,
    environments: parts.map(({ environment, cluster }) => {
      const region = regionOf(environment);
      return {
        environment,
        ...(cluster !== undefined && { cluster }),
        region,
        clusterFeeMonthly: prices.clusterFeePerHour * HOURS_PER_MONTH,
        pools: pools
          .filter((p) => key(p) === key({ environment, cluster }))
          .map((p) => ({ ...p, cost: poolCost(p, region.region, prices.regions[region.region]) })),
      };
    }),
  };
}

const HEADER = [
  'environment',
  'pool',
  'machine type',
  'nodes per zone × zones',
  'at min',
  'at max',
  'in rollout',
  'GPUs at max',
  'a month at min',
  'a month at max',
  'findings',
];

/** The table's rows, the header first. */
function rows(report: CapacityReport): string[][] {
  const money = (n: number) => `${n.toFixed(2)} ${report.prices.currency}`;
  const cost = (c: PoolCost, nodes: number) =>
    nodes > 0 && c.nodeMonthly === undefined
      ? `no price (${c.missing})`
      : `${money(nodes * (c.nodeMonthly ?? 0))} (${nodes} ${nodes === 1 ? 'node' : 'nodes'})`;
  return [
    HEADER,
    ...report.environments.flatMap((e) =>
      e.pools.map((p) => [
        e.cluster === undefined ? p.environment : `${p.environment}/${e.cluster}`,
        p.pool,
        p.machineType,
        `${p.minNodes}–${p.maxNodes} × ${p.zones ?? 'cluster'}`,
        String(p.nodesAtMin),
        String(p.nodesAtMax),
        String(p.nodesInRollout),
        String(p.gpusAtMax),
        cost(p.cost, p.cost.nodesAtMin),
        cost(p.cost, p.cost.nodesAtMax),
        p.findings.map((f) => `${f.severity}: ${f.message}`).join('; ') || '—',
      ]),
    ),
  ];
}

/** Per environment: its region and its total a month, fee included, where every pool is priced. */
function totals(report: CapacityReport): string[] {
  const money = (n: number) => `${n.toFixed(2)} ${report.prices.currency}`;
  return report.environments.map((e) => {
    const priced = e.pools.every(
      (p) => p.cost.nodeMonthly !== undefined || p.cost.nodesAtMax === 0,
    );
    const sum = (nodes: (c: PoolCost) => number) =>
      e.clusterFeeMonthly +
      e.pools.reduce((a, p) => a + nodes(p.cost) * (p.cost.nodeMonthly ?? 0), 0);
    const total = priced
      ? `${money(sum((c) => c.nodesAtMin))} to ${money(sum((c) => c.nodesAtMax))} a month, with the cluster management fee of ${money(e.clusterFeeMonthly)}`
      : 'no total: a pool has no price (pass --prices with your own)';
    return `${e.cluster === undefined ? e.environment : `${e.environment}/${e.cluster}`}: ${e.region.region} (${e.region.from}): ${total}`;
  });
}

/** The report as a Markdown table (as prettier aligns it) and its notes. */
export function capacityMarkdown(report: CapacityReport): string {
  const table = rows(report);
  const widths = table[0].map((_, i) => Math.max(3, ...table.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(table[0]),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.slice(1).map(line),
    '',
    ...totals(report).map((t) => `- ${t}`),
    '',
    `_${report.label}_`,
    '',
  ].join('\n');
}

/** The report for a terminal: aligned columns and its notes. */
export function capacityText(report: CapacityReport): string {
  const table = rows(report);
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return [
    ...table.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ),
    '',
    ...totals(report),
    '',
    report.label,
    '',
  ].join('\n');
}

/** The report as JSON, for programs. */
export function capacityJson(report: CapacityReport): string {
  return `${JSON.stringify(
    {
      estimate: {
        label: report.label,
        retrieved: report.prices.retrieved,
        currency: report.prices.currency,
        sources: report.prices.sources,
        hoursPerMonth: HOURS_PER_MONTH,
      },
      environments: report.environments,
    },
    null,
    2,
  )}\n`;
}
