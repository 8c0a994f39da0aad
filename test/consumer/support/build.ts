import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository's root folder. */
export const ROOT = resolve(__dirname, '../../..');

/** The compiled JavaScript, as `npm run build` writes it. */
export const BUILD = join(ROOT, 'build');

const MARKER = join(BUILD, 'apps', 'synth.js');
const LOCK = join(
  tmpdir(),
  `gke-platform-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
);

/**
 * Makes sure build/ is the compiled form of the current sources, compiling them (as
 * `npm run build` does) when a source file is newer than the last build. Tests that run the
 * built JavaScript in child processes (the cdk8s CLI, other locales, killed writers) call it
 * first; CI's `npm run synth` has built already. Jest runs test files in parallel workers: a
 * lock folder keeps them from compiling at the same time.
 */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A compile takes seconds: a lock older than five minutes was left by a killed run.
      const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 300_000) {
        rmSync(LOCK, { recursive: true, force: true });
      }
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for too long; delete it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (isFresh()) return;
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
    const now = new Date();
    utimesSync(MARKER, now, now);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function isFresh(): boolean {
  if (!existsSync(MARKER)) return false;
  const built = statSync(MARKER).mtimeMs;
  const sources = ['lib', 'apps', 'imports'].flatMap((dir) => tsFiles(join(ROOT, dir)));
  sources.push(join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json'));
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
