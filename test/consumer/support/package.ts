/**
 * What the consumer tests share: running a command with its time, installing into a fresh
 * project from the npm cache, and the tarball that global-setup.js packed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The result of one command: its exit status, its output and how long it took. */
export interface CommandResult {
  readonly status: number;
  readonly output: string;
  readonly seconds: number;
}

/** The folder global-setup.js packed into, with the tarball and the timings file. */
export function packDir(): string {
  const dir = process.env.GKE_PLATFORM_PACK_DIR;
  if (!dir) throw new Error('GKE_PLATFORM_PACK_DIR is not set: run with npm run test:consumer');
  return dir;
}

/** The tarball `npm pack` made from this repository. */
export function tarball(): string {
  const file = fs.readdirSync(packDir()).find((f) => f.endsWith('.tgz'));
  if (!file) throw new Error(`no .tgz in ${packDir()}`);
  return path.join(packDir(), file);
}

/** Records a timed step for the summary global-teardown.js prints. */
export function recordTime(step: string, seconds: number): void {
  fs.appendFileSync(
    path.join(packDir(), 'timings.jsonl'),
    `${JSON.stringify({ step, seconds })}\n`,
  );
}

/** Runs a command, output and errors together, and records its time under `step`. */
export function run(
  step: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): CommandResult {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  recordTime(step, seconds);
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
  return { status: r.status ?? 1, output, seconds };
}

/**
 * `npm install` from the npm cache. The repository's own `npm ci` put every tarball of the
 * peers in the cache, but not always the registry metadata an install by version range needs
 * (ENOTCACHED, or with a tarball that has peers an ERESOLVE that found `cdk8s@undefined`):
 * then it installs again with --prefer-offline, which takes from the registry only what the
 * cache lacks, and the next run is offline.
 */
export function npmInstall(step: string, cwd: string, args: readonly string[]): CommandResult {
  const base = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  const offline = run(step, 'npm', [...base, '--offline', ...args], { cwd });
  const notCached =
    offline.output.includes('ENOTCACHED') || /Found: \S+@undefined/.test(offline.output);
  if (offline.status === 0 || !notCached) return offline;
  const online = run(`${step} (--prefer-offline)`, 'npm', [...base, '--prefer-offline', ...args], {
    cwd,
  });
  return { ...online, output: `${offline.output}\n${online.output}` };
}

/** The version of a package that this repository's package-lock.json pins. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json does not pin ${name}`);
  return version;
}

/** A new empty folder for one consumer project, under the pack folder (removed at the end). */
export function freshProject(name: string): string {
  const dir = path.join(packDir(), 'consumers', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes a JSON file the way npm and tsc write theirs. */
export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
