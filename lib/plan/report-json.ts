import type { CapacityPart } from './capacity-delta';
import type { PlanReport } from './plan-report';
import { riskiestFirst } from './risk';
import { summarize } from './summary';

/** The version of `--format json`'s shape; a breaking change of the shape bumps it. */
export const PLAN_JSON_VERSION = 1;

/**
 * `gke-platform plan --format json`: `{ version, base, environments, changes }`, where each
 * environment has its counts per risk and its worst risk, and each change is a PlannedChange,
 * riskiest first, and `capacity` (with `capacityReason` when it is null) where the plan has a
 * capacity part. Documented in the README ("Plan a change").
 */
export function reportJson(report: PlanReport): string {
  const environments = summarize(report.environments, report.changes).map((s) => ({
    name: s.environment,
    counts: s.counts,
    worst: s.worst ?? null,
  }));
  const json = {
    version: PLAN_JSON_VERSION,
    base: report.base,
    environments,
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
