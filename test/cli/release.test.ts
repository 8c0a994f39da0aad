import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

const repo = 'europe-docker.pkg.dev/acme-artifacts/apps';
const digest = (c: string) => `sha256:${c.repeat(64)}`;

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'gke-platform-release-'));
  git('init', '-q');
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: project,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'CI',
      GIT_AUTHOR_EMAIL: 'ci@example.com',
      GIT_COMMITTER_NAME: 'CI',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
    },
  });
}

const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-qm', message);
};

/** runCli in the project, with its output captured. */
async function release(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: project,
    env: { ...process.env, NO_COLOR: '1' },
    isTty: false,
  };
  const code = await runCli(['release', ...args], io);
  return { code, stdout, stderr };
}

const file = (env: string) => readFileSync(join(project, 'releases', `${env}.yaml`), 'utf8');

describe('gke-platform release set', () => {
  test('writes the file (header, sorted lines) and prints what changed', async () => {
    const run = await release('set', 'dev', `web=${repo}/web:1.1.0`, `api=${repo}/api:2.0.0`);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: `dev api: (none) -> ${repo}/api:2.0.0\ndev web: (none) -> ${repo}/web:1.1.0\n`,
    });
    expect(file('dev').split('\n').slice(2)).toEqual([
      `api: ${repo}/api:2.0.0`,
      `web: ${repo}/web:1.1.0`,
      '',
    ]);
    const again = await release('set', 'dev', `web=${repo}/web:1.2.0`, '--format', 'json');
    expect(JSON.parse(again.stdout)).toEqual({
      action: 'set',
      changes: [
        { environment: 'dev', workload: 'web', from: `${repo}/web:1.1.0`, to: `${repo}/web:1.2.0` },
      ],
    });
    expect(file('dev')).toContain(`api: ${repo}/api:2.0.0`);
    expect((await release('set', 'dev', `web=${repo}/web:1.2.0`)).stdout).toBe(
      'release set: no change\n',
    );
  });

  test('a malformed image is an error (exit 1), a malformed argument a usage error (exit 2)', async () => {
    const bad = await release('set', 'dev', `web=${repo}/web`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not an image reference with a tag or digest');
    const usage = await release('set', 'dev', 'web');
    expect(usage.code).toBe(2);
    expect((await release('set', 'dev')).code).toBe(2);
    expect((await release('deploy', 'dev')).code).toBe(2);
  });
});

describe('gke-platform release promote', () => {
  test('copies exactly what runs in one environment to the next', async () => {
    await release('set', 'dev', `web=${repo}/web@${digest('a')}`, `api=${repo}/api@${digest('b')}`);
    await release('set', 'prod', `api=${repo}/api@${digest('c')}`);
    const one = await release('promote', 'dev', 'prod', 'web');
    expect(one.stdout).toBe(`prod web: (none) -> ${repo}/web@${digest('a')}\n`);
    expect(file('prod')).toContain(`api: ${repo}/api@${digest('c')}`);
    const all = await release('promote', 'dev', 'prod');
    expect(all.stdout).toBe(`prod api: ${repo}/api@${digest('c')} -> ${repo}/api@${digest('b')}\n`);
    const missing = await release('promote', 'dev', 'prod', 'mailer');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('gke-platform release set dev mailer=');
  });
});

describe('gke-platform release history and rollback', () => {
  test('history reads the git log of the file; rollback goes back to the previous version', async () => {
    await release('set', 'prod', `web=${repo}/web:1.0.0`, `api=${repo}/api:1.0.0`);
    commit('release web 1.0.0');
    await release('set', 'prod', `web=${repo}/web:1.1.0`);
    commit('release web 1.1.0');
    writeFileSync(join(project, 'README.md'), 'unrelated\n');
    commit('unrelated');

    const history = await release('history', 'prod');
    expect(history.code).toBe(0);
    const blocks = history.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(
      /^\S+ [0-9a-f]{12} release web 1\.1\.0\n {2}web: \S+:1\.0\.0 -> \S+:1\.1\.0$/,
    );
    expect(blocks[1]).toContain(`  web: (none) -> ${repo}/web:1.0.0`);
    const json = JSON.parse((await release('history', 'prod', '--format', 'json')).stdout);
    expect(json.entries[0].changes).toEqual([
      { environment: 'prod', workload: 'web', from: `${repo}/web:1.0.0`, to: `${repo}/web:1.1.0` },
    ]);

    const rollback = await release('rollback', 'prod', 'web');
    expect(rollback.stdout).toBe(`prod web: ${repo}/web:1.1.0 -> ${repo}/web:1.0.0\n`);
    expect(file('prod')).toContain(`web: ${repo}/web:1.0.0`);
    // api never had another version.
    const none = await release('rollback', 'prod', 'api');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no earlier version than');
  });

  test('outside a git repository, history is a clear error', async () => {
    rmSync(join(project, '.git'), { recursive: true, force: true });
    const run = await release('history', 'prod');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('fatal: not a git repository');
  });
});

describe('gke-platform release canary', () => {
  test('starts a canary, moves its weight, promotes it; each step prints its lines', async () => {
    await release('set', 'prod', `web=${repo}/web@${digest('a')}`);
    const start = await release(
      'canary',
      'prod',
      `web=${repo}/web@${digest('b')}`,
      '--weight',
      '10',
    );
    expect(start).toEqual({
      code: 0,
      stderr: '',
      stdout: `prod web.canary: (none) -> ${repo}/web@${digest('b')}\nprod web.canary-weight: (none) -> 10\n`,
    });
    expect((await release('canary', 'prod', 'web', '--weight', '50')).stdout).toBe(
      'prod web.canary-weight: 10 -> 50\n',
    );
    const promote = await release('canary', 'prod', 'web', '--promote');
    expect(promote.stdout).toBe(
      [
        `prod web: ${repo}/web@${digest('a')} -> ${repo}/web@${digest('b')}`,
        `prod web.canary: ${repo}/web@${digest('b')} -> (removed)`,
        'prod web.canary-weight: 50 -> (removed)',
        '',
      ].join('\n'),
    );
    expect(file('prod').split('\n').slice(2)).toEqual([`web: ${repo}/web@${digest('b')}`, '']);
  });

  test('abort removes the canary; nothing to do or a bad weight is an error', async () => {
    await release('set', 'prod', `web=${repo}/web@${digest('a')}`);
    await release('canary', 'prod', `web=${repo}/web@${digest('b')}`, '--weight', '0');
    const json = JSON.parse(
      (await release('canary', 'prod', 'web', '--abort', '--format', 'json')).stdout,
    );
    expect(json.changes.map((c: { workload: string; to?: string }) => [c.workload, c.to])).toEqual([
      ['web.canary', undefined],
      ['web.canary-weight', undefined],
    ]);
    expect(file('prod')).not.toContain('canary');
    const nothing = await release('canary', 'prod', 'web');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('--promote, --abort');
    const bad = await release(
      'canary',
      'prod',
      `web=${repo}/web@${digest('b')}`,
      '--weight',
      'ten',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('a whole number from 0 to 100');
  });
});

describe('gke-platform release switch and blue-green records', () => {
  test('set and promote write the idle colour, switch flips the active one, rollback flips back', async () => {
    await release(
      'set',
      'prod',
      `web.blue=${repo}/web@${digest('a')}`,
      `web.green=${repo}/web@${digest('a')}`,
      'web.active=blue',
    );
    commit('web blue-green');
    await release('set', 'dev', `web=${repo}/web@${digest('b')}`);
    expect((await release('promote', 'dev', 'prod', 'web')).stdout).toBe(
      `prod web.green: ${repo}/web@${digest('a')} -> ${repo}/web@${digest('b')}\n`,
    );
    expect((await release('switch', 'prod', 'web')).stdout).toBe(
      'prod web.active: blue -> green\n',
    );
    commit('web: green');
    expect((await release('rollback', 'prod', 'web')).stdout).toBe(
      'prod web.active: green -> blue\n',
    );
    const notPair = await release('switch', 'dev', 'web');
    expect(notPair.code).toBe(1);
    expect(notPair.stderr).toContain("no 'web.active' line");
  });
});
