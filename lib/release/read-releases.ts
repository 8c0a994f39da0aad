import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ReleaseRecords } from '../workloads/chart/release-records';
import { parseReleaseFile } from './release-file';

/** The path of an environment's release file in `folder`. */
export function releaseFilePath(folder: string, environment: string): string {
  return join(folder, `${environment}.yaml`);
}

/**
 * The release records of `environment` from `folder` (`<folder>/<environment>.yaml`), or
 * none when the file does not exist. Errors name the file relative to the working directory.
 */
export function readReleaseRecords(folder: string, environment: string): ReleaseRecords {
  const path = releaseFilePath(folder, environment);
  const file = relative(process.cwd(), path) || path;
  if (!existsSync(path)) return { file, images: new Map() };
  return parseReleaseFile(file, readFileSync(path, 'utf8'));
}
