import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fail } from '../core/errors';
import { EXPIRES_ANNOTATION, parseTimestamp, PREVIEW_LABEL } from '../platform/preview-labels';

/** One folder of `dist/previews/`, as `preview list` reports it. */
export interface ListedPreview {
  /** The preview's name: its folder's name (`pr-123`). */
  readonly name: string;
  /** The folder that holds its manifests. */
  readonly folder: string;
  /** Its Namespace's name; undefined when the folder has no readable Namespace. */
  readonly namespace?: string;
  /** When it expires, as its Namespace's annotation says (RFC 3339); undefined when unreadable. */
  readonly expires?: string;
  /** Whether it has expired: `now` is at or after `expires`. Never true for a folder with a problem. */
  readonly expired: boolean;
  /** Why the folder could not be read as a preview (never pruned then); undefined when it could. */
  readonly problem?: string;
}

/** Manifest files, as kubectl and writeManifests name them. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

/**
 * The previews under `folder` (`dist/previews/`), sorted by name: each sub-folder's Namespace
 * object, its name and its `gke-platform/expires` annotation, and whether that is at or
 * before `now`. A folder whose Namespace or expiry cannot be read is listed with a `problem`
 * (and is never expired); hidden entries (a writer's temporary folders, its lock) are skipped.
 * A `folder` that does not exist holds no previews.
 */
export function listPreviews(folder: string, now: Date): ListedPreview[] {
  if (!existsSync(folder)) return [];
  if (!statSync(folder).isDirectory())
    fail(
      'gke-platform preview list',
      'folder',
      `is '${folder}', a file and not a folder`,
      'give the output folder that holds previews/<name>/ (--out dist)',
    );
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => readPreview(entry.name, join(folder, entry.name), now))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One preview folder, or the problem that keeps it from being read. */
function readPreview(name: string, folder: string, now: Date): ListedPreview {
  const broken = (problem: string, namespace?: string): ListedPreview => ({
    name,
    folder,
    namespace,
    expired: false,
    problem,
  });
  let namespaces: Record<string, unknown>[];
  try {
    namespaces = readNamespaces(folder);
  } catch (error) {
    return broken((error as Error).message);
  }
  if (namespaces.length !== 1)
    return broken(
      namespaces.length === 0
        ? 'holds no Namespace object'
        : `holds ${namespaces.length} Namespace objects, not one`,
    );
  const metadata = (namespaces[0].metadata ?? {}) as Record<string, unknown>;
  const namespace = typeof metadata.name === 'string' ? metadata.name : undefined;
  if (namespace === undefined) return broken('has a Namespace without a name');
  const labels = (metadata.labels ?? {}) as Record<string, unknown>;
  // The folder's name is the preview's name: a mismatch means the folder was copied or renamed.
  if (labels[PREVIEW_LABEL] !== name)
    return broken(
      `has Namespace ${namespace} labelled ${PREVIEW_LABEL}=${JSON.stringify(labels[PREVIEW_LABEL] ?? null)}, not '${name}'`,
      namespace,
    );
  const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
  const expires = annotations[EXPIRES_ANNOTATION];
  const at = parseTimestamp(expires);
  if (at === undefined)
    return broken(
      expires === undefined
        ? `has Namespace ${namespace} without the annotation ${EXPIRES_ANNOTATION}`
        : `has Namespace ${namespace} whose ${EXPIRES_ANNOTATION} is ${JSON.stringify(expires)}, not an RFC 3339 timestamp`,
      namespace,
    );
  return {
    name,
    folder,
    namespace,
    expires: expires as string,
    expired: now.getTime() >= at.getTime(),
  };
}

/** Every Namespace object of the folder's manifest files; throws a readable message. */
function readNamespaces(folder: string): Record<string, unknown>[] {
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && MANIFEST_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) throw new Error('holds no manifest file (*.yaml, *.yml, *.json)');
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(folder, file), 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`has ${file}, which is not valid YAML: ${doc.errors[0].message}`);
      const object = doc.toJS() as unknown;
      const isNamespace =
        typeof object === 'object' &&
        object !== null &&
        (object as Record<string, unknown>).kind === 'Namespace' &&
        (object as Record<string, unknown>).apiVersion === 'v1';
      return isNamespace ? [object as Record<string, unknown>] : [];
    }),
  );
}
