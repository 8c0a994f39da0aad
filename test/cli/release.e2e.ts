import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ensureBuilt } from '../consumer/support/build';

/** `gke-platform release` as a child process, in a temporary git project. */
const BIN = join(BUILD, 'lib', 'cli', 'main.js');
const repo = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const pinned = `${repo}@sha256:${'9c'.repeat(32)}`;
let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'gke-platform-release-e2e-'));
  git('init', '-q');
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], {
    cwd: project,
    encoding: 'utf8',
  });
}

function release(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'release', ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

it('sets, promotes, lists and rolls back, printing each change', () => {
  const set = release('set', 'staging', `web=${repo}:2.0.0`);
  expect({ status: set.status, stdout: set.stdout, stderr: set.stderr }).toEqual({
    status: 0,
    stdout: `staging web: (none) -> ${repo}:2.0.0\n`,
    stderr: '',
  });
  expect(release('promote', 'staging', 'prod').stdout).toBe(`prod web: (none) -> ${repo}:2.0.0\n`);
  git('add', 'releases');
  git('commit', '-qm', 'web 2.0.0');
  release('set', 'staging', `web=${pinned}`);
  const promoted = release('promote', 'staging', 'prod', 'web', '--format', 'markdown');
  expect(promoted.stdout).toContain(`| prod | web | \`${repo}:2.0.0\` | \`${pinned}\` |`);
  git('commit', '-qam', 'web pinned');

  const history = release('history', 'prod', '--format', 'json');
  expect(history.status).toBe(0);
  expect(
    JSON.parse(history.stdout).entries.map((e: { subject: string; changes: { to: string }[] }) => [
      e.subject,
      e.changes.map((c) => c.to),
    ]),
  ).toEqual([
    ['web pinned', [pinned]],
    ['web 2.0.0', [`${repo}:2.0.0`]],
  ]);

  const rollback = release('rollback', 'prod');
  expect(rollback.stdout).toBe(`prod web: ${pinned} -> ${repo}:2.0.0\n`);
  expect(readFileSync(join(project, 'releases', 'prod.yaml'), 'utf8')).toContain(
    `web: ${repo}:2.0.0\n`,
  );
});

it('runs a canary and switches a blue-green pair, printing each change', () => {
  const canary = `${repo}@sha256:${'7d'.repeat(32)}`;
  const start = release('canary', 'prod', `web=${canary}`, '--weight', '10');
  expect({ status: start.status, stdout: start.stdout, stderr: start.stderr }).toEqual({
    status: 0,
    stdout: `prod web.canary: (none) -> ${canary}\nprod web.canary-weight: (none) -> 10\n`,
    stderr: '',
  });
  const promote = release('canary', 'prod', 'web', '--promote', '--format', 'json');
  expect(JSON.parse(promote.stdout).changes).toEqual([
    { environment: 'prod', workload: 'web', from: `${repo}:2.0.0`, to: canary },
    { environment: 'prod', workload: 'web.canary', from: canary },
    { environment: 'prod', workload: 'web.canary-weight', from: '10' },
  ]);

  release('set', 'staging', `api.blue=${pinned}`, `api.green=${pinned}`, 'api.active=blue');
  release('set', 'staging', `api=${canary}`);
  expect(readFileSync(join(project, 'releases', 'staging.yaml'), 'utf8')).toContain(
    `api.green: ${canary}\n`,
  );
  const switched = release('switch', 'staging', 'api');
  expect(switched.stdout).toBe('staging api.active: blue -> green\n');
  const notPair = release('switch', 'staging', 'web');
  expect(notPair.status).toBe(1);
  expect(notPair.stderr).not.toMatch(/\n\s+at /);
});

it('exits 1 on a malformed image and 2 on a wrong command line, without a stack trace', () => {
  const bad = release('set', 'prod', 'web=Not An Image');
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^gke-platform release: /);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
  const usage = release('undo', 'prod');
  expect(usage.status).toBe(2);
  expect(usage.stderr).toContain("unknown release action 'undo'");
});

it('--help names the actions with examples', () => {
  const help = release('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('npx gke-platform release promote dev prod web');
});
