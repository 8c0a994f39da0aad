/**
 * What an environment's release file records: the image each workload runs there, for the
 * workloads whose code names only a repository (`image: { repository }`).
 */
export interface ReleaseRecords {
  /** The release file, as errors name it, e.g. `releases/prod.yaml`. */
  readonly file: string;
  /** The image of each workload (`web`; `web/proxy` for a sidecar), with its line in the file. */
  readonly images: ReadonlyMap<string, { readonly image: string; readonly line: number }>;
}

/** The image recorded for one container, and where it is recorded, for error messages. */
export interface RecordedImage {
  /** The image reference, with its tag or digest. */
  readonly image: string;
  /** The release file and line, e.g. `releases/prod.yaml:3`. */
  readonly source: string;
}
