import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock, as written into the lock file. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /** The kernel's start time of the process (Linux), to tell a reused pid from its owner. */
  readonly startTime?: string;
}

/** The calling process's identity. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), startTime: startTimeOf(process.pid) };
}

/**
 * Whether a process is gone for certain. A process on another host, or one this process may not
 * signal, counts as alive: only a lock whose owner is known to be dead may be taken over.
 */
export function isDead(owner: ProcessIdentity): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  // The pid exists: dead anyway if it is a zombie (killed, not yet reaped by its parent) or if
  // it now belongs to a later process (proc(5): field 3 is the state, field 22 the start time).
  const stat = procStat(owner.pid);
  if (stat === undefined) return false;
  if (stat.state === 'Z') return true;
  return owner.startTime !== undefined && stat.startTime !== owner.startTime;
}

/** Whether a pid on this host is alive, for leftovers named after the process that made them. */
export function isPidDead(pid: number): boolean {
  return isDead({ pid, host: hostname() });
}

function startTimeOf(pid: number): string | undefined {
  return procStat(pid)?.startTime;
}

function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}
