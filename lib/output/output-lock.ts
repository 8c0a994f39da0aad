import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fail } from '../core/errors';
import { currentProcess, isDead, type ProcessIdentity } from './process-alive';
import { reached, writeHooks } from './write-hooks';

/** The lock file inside the output folder; no manifest reader reads a name without extension. */
export const LOCK_FILE = '.gke-platform.lock';

/** Held only while a stale lock is removed, so that two processes never remove a fresh one. */
const GUARD_FILE = '.gke-platform.lock-guard';

/** A lock whose content cannot be read is stale once it is this old (it is never rewritten). */
const UNREADABLE_STALE_MS = 10_000;

interface LockRecord extends ProcessIdentity {
  readonly since: string;
}

interface HeldLock {
  readonly record?: LockRecord;
  readonly ino: number;
  readonly mtimeMs: number;
}

/**
 * Takes the output folder's lock, waiting while another live process holds it, and returns
 * the function that releases it. A lock whose owner died (killed, crashed, its machine
 * rebooted) is taken over: the lock records the owner's pid, host and start time.
 */
export function lockOutput(outdir: string, where: string): () => void {
  const path = join(outdir, LOCK_FILE);
  const me: LockRecord = { ...currentProcess(), since: new Date().toISOString() };
  const deadline = Date.now() + writeHooks.lockTimeoutMs;
  for (;;) {
    if (create(path, me, 'lock')) {
      clearStaleGuard(outdir);
      return () => release(path, me);
    }
    const held = read(path);
    if (held === undefined) continue; // released in between
    if (isStale(held)) {
      removeStale(outdir, path, held);
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = held.record
        ? `is held by process ${held.record.pid} on ${held.record.host} since ${held.record.since}`
        : 'exists and cannot be read';
      fail(
        where,
        LOCK_FILE,
        owner,
        `wait for that synth to finish, or delete ${path} if none runs`,
      );
    }
    sleep(20);
  }
}

/**
 * Creates `path` with the record, only if it does not exist: the record goes to a file of its
 * own, which is hard-linked to `path` (link(2) fails with EEXIST if the name is taken), so
 * the lock is never seen half-written. Where hard links are unsupported, an exclusive create.
 */
function create(path: string, record: LockRecord, label: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  const text = `${JSON.stringify(record)}\n`;
  writeFileSync(temp, text);
  reached(`${label}: record written`);
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    try {
      writeFileSync(path, text, { flag: 'wx' });
    } catch (second) {
      if ((second as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw second;
    }
  } finally {
    rmSync(temp, { force: true });
  }
  reached(`${label}: taken`);
  return true;
}

function read(path: string): HeldLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { ino, mtimeMs } = fstatSync(fd);
    try {
      return { record: JSON.parse(readFileSync(fd, 'utf8')) as LockRecord, ino, mtimeMs };
    } catch {
      return { ino, mtimeMs };
    }
  } finally {
    closeSync(fd);
  }
}

function isStale(held: HeldLock): boolean {
  if (held.record === undefined) return Date.now() - held.mtimeMs > UNREADABLE_STALE_MS;
  return isDead(held.record);
}

/**
 * Removes a stale lock under the guard, and only if the file is still the stale one (same
 * inode): another process may have removed it and taken the lock in between.
 */
function removeStale(outdir: string, path: string, stale: HeldLock): void {
  const guard = join(outdir, GUARD_FILE);
  if (!create(guard, { ...currentProcess(), since: new Date().toISOString() }, 'guard')) {
    const held = read(guard);
    // The guard is held for microseconds; one whose owner died is removed like a stale lock.
    if (held !== undefined && isStale(held)) removeIfSame(guard, held.ino);
    sleep(5);
    return;
  }
  try {
    removeIfSame(path, stale.ino);
    reached('lock: stale lock removed');
  } finally {
    rmSync(guard, { force: true });
  }
}

/** A guard left by a process that died after removing a stale lock, before its own cleanup. */
function clearStaleGuard(outdir: string): void {
  const guard = join(outdir, GUARD_FILE);
  const held = read(guard);
  if (held !== undefined && isStale(held)) removeIfSame(guard, held.ino);
}

function removeIfSame(path: string, ino: number): void {
  try {
    if (statSync(path).ino === ino) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function release(path: string, me: LockRecord): void {
  const held = read(path);
  const mine =
    held?.record?.pid === me.pid && held.record.host === me.host && held.record.since === me.since;
  if (mine) unlinkSync(path);
  reached('lock: released');
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
