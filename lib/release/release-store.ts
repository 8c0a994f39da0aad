import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../core/errors';
import { type ReleaseChange, releaseChanges } from './release-change';
import { formatReleaseFile, parseReleaseFile } from './release-file';
import { releaseFilePath } from './read-releases';

/** The images an environment's release file records (workload → image); none without a file. */
export function readImages(folder: string, environment: string): Map<string, string> {
  const path = releaseFilePath(folder, environment);
  if (!existsSync(path)) return new Map();
  return imagesOf(path, readFileSync(path, 'utf8'));
}

/** The images of a release file's text; `file` names it in errors. */
export function imagesOf(file: string, text: string): Map<string, string> {
  const records = parseReleaseFile(file, text);
  return new Map([...records.images].map(([key, { image }]) => [key, image]));
}

/**
 * Records `images` (workload → image) in the environment's release file, the other
 * workloads' lines kept; returns what changed. The images are checked by the caller
 * (`checkRecord`), as the file's reader checks them.
 */
export function recordImages(
  folder: string,
  environment: string,
  images: ReadonlyMap<string, string>,
): ReleaseChange[] {
  checkEnvironmentName(environment);
  const path = releaseFilePath(folder, environment);
  const before = readImages(folder, environment);
  const after = new Map([...before, ...images]);
  const text = formatReleaseFile(environment, after);
  const changes = releaseChanges(environment, before, after);
  if (changes.length > 0) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return changes;
}

/** Refuses an environment name that could not be a file of the release folder. */
export function checkEnvironmentName(environment: string): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(environment)) {
    fail(
      'gke-platform release',
      'environment',
      `is '${environment}', which is not an environment name`,
      "name an environment of the platform, e.g. 'prod'",
    );
  }
}
