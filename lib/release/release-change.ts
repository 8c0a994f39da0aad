/** One record of one environment's release file changed: an image, or a track's setting. */
export interface ReleaseChange {
  readonly environment: string;
  /**
   * The record: a workload (`web`), `<workload>/<container>` for a sidecar, or a release
   * track's image or setting (`web.canary`, `web.canary-weight`, `web.active`).
   */
  readonly workload: string;
  /** The value before. @default none: the file did not record it */
  readonly from?: string;
  /** The value after. @default none: the line was deleted */
  readonly to?: string;
}

/** The changes from `before` to `after` (key → value) of `environment`, by key. */
export function releaseChanges(
  environment: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): ReleaseChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys
    .filter((key) => before.get(key) !== after.get(key))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ environment, workload: key, from: before.get(key), to: after.get(key) }));
}
