import type { CapacityPart } from './capacity-delta';
import type { PlannedChange } from './change';
import type { ClusterLayoutChange } from './plan-fleet';

/** A plan: what it compared, the environments it looked at, and their changes. */
export interface PlanReport {
  /** What the plan compares against: a folder or a git ref and its commit. */
  readonly base:
    | { readonly kind: 'folder'; readonly folder: string }
    | { readonly kind: 'git'; readonly ref: string; readonly sha: string };
  /** Every environment of either side, in order. */
  readonly environments: readonly string[];
  readonly changes: readonly PlannedChange[];
  /**
   * The clusters of each environment of several (`dist/<env>/<cluster>/`), by environment:
   * the current code's, else the base's. Absent, or without an environment, for one cluster.
   */
  readonly clusters?: Readonly<Record<string, readonly string[]>>;
  /** The environments whose clusters change (one to several, a cluster added, …). */
  readonly layouts?: readonly ClusterLayoutChange[];
  /** The nodes each pool needs before and after, or why the plan cannot say. */
  readonly capacity?: CapacityPart;
}

/** The name of the base for people: the folder, or `main (1a2b3c4d5e6f)`. */
export function baseName(report: PlanReport): string {
  return report.base.kind === 'folder'
    ? report.base.folder
    : `${report.base.ref} (${report.base.sha.slice(0, 12)})`;
}
