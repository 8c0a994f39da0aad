import { type PlannedChange, type Risk, RISKS } from './change';

/** How many changes of each risk one environment plans. */
export interface EnvironmentSummary {
  readonly environment: string;
  readonly counts: Readonly<Record<Risk, number>>;
  /** The worst risk planned, or undefined when nothing changes. */
  readonly worst?: Risk;
}

/** The counts per environment (those of `environments` first, in order, then any other). */
export function summarize(
  environments: readonly string[],
  changes: readonly PlannedChange[],
): EnvironmentSummary[] {
  const names = [...new Set([...environments, ...changes.map((c) => c.environment)])];
  return names.map((environment) => {
    const counts = Object.fromEntries(RISKS.map((r) => [r, 0])) as Record<Risk, number>;
    for (const c of changes) if (c.environment === environment) counts[c.risk]++;
    const worst = [...RISKS].reverse().find((r) => counts[r] > 0);
    return { environment, counts, worst };
  });
}

/** The counts of one environment of one cluster, or of one cluster of an environment of several. */
export interface ScopeSummary extends EnvironmentSummary {
  /** The cluster, for an environment of several; absent for one cluster, or the environment's own changes. */
  readonly cluster?: string;
}

/**
 * The counts per environment, and per cluster of an environment of several (`clusters`, and
 * any other a change names); an environment of several has a line of its own only for the
 * changes of no one cluster (objects created or deleted as it moves from one cluster).
 */
export function summarizeByCluster(
  environments: readonly string[],
  clusters: Readonly<Record<string, readonly string[]>>,
  changes: readonly PlannedChange[],
): ScopeSummary[] {
  return summarize(environments, changes).flatMap((s): ScopeSummary[] => {
    const own = changes.filter((c) => c.environment === s.environment);
    const names = [
      ...new Set([
        ...(clusters[s.environment] ?? []),
        ...own.flatMap((c) => (c.cluster === undefined ? [] : [c.cluster])),
      ]),
    ];
    if (names.length === 0) return [s];
    const scopes: (string | undefined)[] = own.some((c) => c.cluster === undefined)
      ? [undefined, ...names]
      : names;
    return scopes.map((cluster) => {
      const [line] = summarize(
        [s.environment],
        own.filter((c) => c.cluster === cluster),
      );
      return cluster === undefined ? line : { ...line, cluster };
    });
  });
}

/** `3 destructive, 1 safe`, riskiest first, or `no change`. */
export function countsText(counts: Readonly<Record<Risk, number>>): string {
  const parts = [...RISKS]
    .reverse()
    .filter((r) => counts[r] > 0)
    .map((r) => `${counts[r]} ${r}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}
