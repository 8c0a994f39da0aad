import type { CapacityPart } from './capacity-delta';
import type { PlanReport } from './plan-report';
import { riskiestFirst } from './risk';
import { summarize, summarizeByCluster } from './summary';

/** The version of `--format json`'s shape; a breaking change of the shape bumps it. */
export const PLAN_JSON_VERSION = 1;

/**
 * `gke-platform plan --format json`: `{ version, base, environments, changes }`, where each
 * environment has its counts per risk and its worst risk (an environment of several clusters
 * has them per cluster too, in `clusters`, and `layouts` lists the environments whose clusters
 * change), and each change is a PlannedChange (with its `cluster` where it has one),
 * riskiest first, and `capacity` (with `capacityReason` when it is null) where the plan has a
 * capacity part. Documented in the README ("Plan a change").
 */
export function reportJson(report: PlanReport): string {
  const byCluster = summarizeByCluster(report.environments, report.clusters ?? {}, report.changes);
  const environments = summarize(report.environments, report.changes).map((s) => {
    const clusters = byCluster.filter((c) => c.environment === s.environment && c.cluster);
    return {
      name: s.environment,
      counts: s.counts,
      worst: s.worst ?? null,
      ...(clusters.length > 0
        ? {
            clusters: clusters.map((c) => ({
              name: c.cluster,
              counts: c.counts,
              worst: c.worst ?? null,
            })),
          }
        : {}),
    };
  });
  const json = {
    version: PLAN_JSON_VERSION,
    base: report.base,
    environments,
    ...(report.layouts && report.layouts.length > 0 ? { layouts: report.layouts } : {}),
    changes: riskiestFirst(report.changes),
    ...capacityJson(report.capacity),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** `{ capacity: { pools, estimate? } }`, `{ capacity: null, capacityReason }`, or nothing. */
function capacityJson(part: CapacityPart | undefined): Record<string, unknown> {
  if (!part) return {};
  if (part.kind === 'none') return { capacity: null, capacityReason: part.reason };
  return { capacity: { pools: part.pools, ...(part.estimate ? { estimate: part.estimate } : {}) } };
}
