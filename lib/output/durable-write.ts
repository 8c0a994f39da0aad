import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reached } from './write-hooks';

/**
 * The temporary name of `name` while it is written in `folder`: hidden, named after the
 * writing process, and ending in `.tmp`, so that no manifest reader takes it for a manifest
 * (kubectl reads `.json`/`.yaml`/`.yml` files, Argo CD also `.jsonnet`, kustomize and Flux
 * only the names their kustomization files list).
 */
export function temporaryName(name: string, pid: number = process.pid): string {
  return `.${name}.${pid}.tmp`;
}

/** Matches {@link temporaryName}'s names; group 1 is the file, group 2 the writer's pid. */
export const TEMPORARY_NAME = /^\.(.+)\.(\d+)\.tmp$/;

/** Writes a file and flushes it to the disk before returning. */
export function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `folder/name` with `content` in one step: written whole under a temporary name,
 * flushed, then renamed over the old file (rename(2) replaces the target atomically), so a
 * reader sees the old file or the new one, never a part, and a killed writer leaves the old.
 */
export function replaceFile(folder: string, name: string, content: string, step: string): void {
  const temp = join(folder, temporaryName(name));
  try {
    writeDurably(temp, content);
    reached(`${step}: ${name} written aside`);
    renameSync(temp, join(folder, name));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  reached(`${step}: ${name} replaced`);
}

/**
 * Flushes a folder's entries (the renames in it) to the disk. Best effort: some platforms
 * cannot open a folder for fsync, and the renames are already atomic for every reader.
 */
export function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here (Windows): nothing to do.
  }
}
