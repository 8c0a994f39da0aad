/**
 * What an environment's release file records: the image each workload runs there, for the
 * workloads whose code names only a repository (`image: { repository }`), and the settings of
 * their release tracks (a canary's weight, the active colour of a blue-green pair).
 */
export interface ReleaseRecords {
  /** The release file, as errors name it, e.g. `releases/prod.yaml`. */
  readonly file: string;
  /**
   * The image of each workload (`web`; `web/proxy` for a sidecar; `web.canary`, `web.blue`,
   * `web.green` for a release track), with its line in the file.
   */
  readonly images: ReadonlyMap<string, RecordLine & { readonly image: string }>;
  /**
   * The release tracks' settings (`web.canary-weight`, `web.active`), with their lines.
   * @default none
   */
  readonly settings?: ReadonlyMap<string, RecordLine & { readonly value: string }>;
}

/** Where a record is written: its line, and its file when not {@link ReleaseRecords.file}. */
export interface RecordLine {
  /** The line in the file, from 1. */
  readonly line: number;
  /**
   * The file, when it is another than the records' own: a preview's records fall back to the
   * base environment's file. @default the records' `file`
   */
  readonly file?: string;
}

/** The image recorded for one container, and where it is recorded, for error messages. */
export interface RecordedImage {
  /** The image reference, with its tag or digest. */
  readonly image: string;
  /** The release file and line, e.g. `releases/prod.yaml:3`. */
  readonly source: string;
}

/** A release track's setting as recorded, and where, for error messages. */
export interface RecordedSetting {
  /** The value as written, e.g. `10` or `blue`. */
  readonly value: string;
  /** The release file and line, e.g. `releases/prod.yaml:4`. */
  readonly source: string;
}
