/** One workload's image changed in one environment's release file. */
export interface ReleaseChange {
  readonly environment: string;
  /** The workload (`web`), or `<workload>/<container>` for a sidecar. */
  readonly workload: string;
  /** The image before. @default none: the workload had no recorded version */
  readonly from?: string;
  /** The image after. */
  readonly to: string;
}

/** The changes from `before` to `after` (workload → image) of `environment`, by workload. */
export function releaseChanges(
  environment: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): ReleaseChange[] {
  return [...after]
    .filter(([workload, image]) => before.get(workload) !== image)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([workload, to]) => ({ environment, workload, from: before.get(workload), to }));
}
