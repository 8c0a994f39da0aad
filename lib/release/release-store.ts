import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../core/errors';
import { type ReleaseChange, releaseChanges } from './release-change';
import { formatReleaseFile, parseReleaseFile } from './release-file';
import { releaseFilePath } from './read-releases';

/**
 * What an environment's release file records (key → value: `web` → its image,
 * `web.canary-weight` → `10`, …); none without a file.
 */
export function readRecords(folder: string, environment: string): Map<string, string> {
  const path = releaseFilePath(folder, environment);
  if (!existsSync(path)) return new Map();
  return recordsOf(path, readFileSync(path, 'utf8'));
}

/** The records of a release file's text (key → value); `file` names it in errors. */
export function recordsOf(file: string, text: string): Map<string, string> {
  const records = parseReleaseFile(file, text);
  return new Map<string, string>([
    ...[...records.images].map(([key, { image }]): [string, string] => [key, image]),
    ...[...(records.settings ?? [])].map(([key, { value }]): [string, string] => [key, value]),
  ]);
}

/**
 * Writes `records` (key → value, or `undefined` to delete the line) to the environment's
 * release file, the other lines kept; returns what changed. The values are checked by the
 * caller (`checkRecord`), as the file's reader checks them.
 */
export function writeRecords(
  folder: string,
  environment: string,
  records: ReadonlyMap<string, string | undefined>,
): ReleaseChange[] {
  checkEnvironmentName(environment);
  const path = releaseFilePath(folder, environment);
  const before = readRecords(folder, environment);
  const after = new Map(before);
  for (const [key, value] of records) {
    if (value === undefined) after.delete(key);
    else after.set(key, value);
  }
  const changes = releaseChanges(environment, before, after);
  if (changes.length > 0) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, formatReleaseFile(environment, after));
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
