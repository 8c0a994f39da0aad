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

/** `3 destructive, 1 safe`, riskiest first, or `no change`. */
export function countsText(counts: Readonly<Record<Risk, number>>): string {
  const parts = [...RISKS]
    .reverse()
    .filter((r) => counts[r] > 0)
    .map((r) => `${counts[r]} ${r}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}
