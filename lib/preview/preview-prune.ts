import { existsSync, rmSync } from 'node:fs';
import { lockOutput } from '../output/output-lock';
import { type ListedPreview, listPreviews } from './preview-list';

/**
 * How `preview prune` removes the expired previews:
 * - `plan`: prints one `kubectl delete namespace <ns> --wait=false` per expired preview and
 *   changes nothing (deleting a namespace deletes every namespaced object in it);
 * - `delete-folders`: removes their `dist/previews/<name>/` folders, the GitOps way: the
 *   commit that removes them makes Argo CD or Flux prune the namespaces.
 */
export type PruneMode = 'plan' | 'delete-folders';

/** Options of {@link prunePreviews}. */
export interface PruneOptions {
  readonly mode: PruneMode;
}

/** What {@link prunePreviews} found and did. */
export interface PruneResult {
  readonly mode: PruneMode;
  /** The instant expiry was judged at (RFC 3339). */
  readonly now: string;
  /** The expired previews: those pruned. */
  readonly expired: readonly ListedPreview[];
  /** The previews that have not expired. */
  readonly kept: readonly ListedPreview[];
  /** The folders that could not be read as previews: never pruned. */
  readonly problems: readonly ListedPreview[];
  /** `plan`: one command per expired preview; empty for `delete-folders`. */
  readonly commands: readonly string[];
  /** `delete-folders`: the folders removed; empty for `plan`. */
  readonly removedFolders: readonly string[];
}

/**
 * The expired previews of `folder` (`dist/previews/`) at `now`, and their removal: a plan
 * of `kubectl delete namespace` commands or, with `delete-folders`, their folders removed
 * (under the output folder's lock, so that no synth writes a preview meanwhile). A folder
 * that cannot be read is reported, never removed.
 */
export function prunePreviews(folder: string, now: Date, options: PruneOptions): PruneResult {
  const judge = (previews: readonly ListedPreview[]) => ({
    expired: previews.filter((p) => p.expired),
    kept: previews.filter((p) => p.problem === undefined && !p.expired),
    problems: previews.filter((p) => p.problem !== undefined),
  });
  const base = { mode: options.mode, now: now.toISOString() };
  if (options.mode === 'plan') {
    const found = judge(listPreviews(folder, now));
    return {
      ...base,
      ...found,
      commands: found.expired.map((p) => `kubectl delete namespace ${p.namespace} --wait=false`),
      removedFolders: [],
    };
  }
  if (!existsSync(folder))
    return { ...base, expired: [], kept: [], problems: [], commands: [], removedFolders: [] };
  const release = lockOutput(folder, 'gke-platform preview prune');
  try {
    // Listed under the lock: a preview synthesized again a moment ago has its new expiry.
    const found = judge(listPreviews(folder, now));
    for (const preview of found.expired) rmSync(preview.folder, { recursive: true, force: true });
    return {
      ...base,
      ...found,
      commands: [],
      removedFolders: found.expired.map((p) => p.folder),
    };
  } finally {
    release();
  }
}
