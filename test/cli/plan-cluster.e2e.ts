import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

/** Pulumi programs run in child processes: seconds each, more on a busy machine. */
jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { ...process.env, NO_COLOR: '' },
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let project: string;

/** A project with one unchanged manifest and a Pulumi program that reserves one global address. */
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'gke-platform-plan-cluster-'));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  writeFileSync(join(project, '.gitignore'), 'node_modules\n');
  writeFileSync(join(project, 'cdk8s.yaml'), 'app: node synth.js\n');
  writeFileSync(
    join(project, 'synth.js'),
    `const fs = require('node:fs'); const path = require('node:path');
fs.mkdirSync(path.join(process.env.CDK8S_OUTDIR, 'prod'), { recursive: true });
fs.writeFileSync(path.join(process.env.CDK8S_OUTDIR, 'prod', 'manifests.yaml'),
  'apiVersion: v1\\nkind: ConfigMap\\nmetadata: { name: settings, namespace: shop }\\ndata: { a: b }\\n');
`,
  );
  writeFileSync(join(project, 'Pulumi.yaml'), 'name: shop\nruntime: nodejs\nmain: index.js\n');
  writeFileSync(join(project, 'Pulumi.prod.yaml'), 'config:\n  gcp:project: acme-prod\n');
  writeFileSync(
    join(project, 'index.js'),
    `const gcp = require('@pulumi/gcp');
new gcp.compute.GlobalAddress('web-ip', { name: require('fs').readFileSync('ip-name', 'utf8').trim() });
`,
  );
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: project,
    encoding: 'utf8',
  });

test("against a git ref, the plan holds the Pulumi stacks' changes: a renamed address is released", async () => {
  writeFileSync(join(project, 'ip-name'), 'shop-prod-web\n');
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'base');
  const sha = git('rev-parse', 'HEAD').trim();
  writeFileSync(join(project, 'ip-name'), 'shop-prod-www\n');

  const planned = await cli(['plan', '--base', 'HEAD', '--format', 'json'], project);
  expect(planned.stderr).toBe('');
  const changes = JSON.parse(planned.stdout).changes as {
    side: string;
    kind: string;
    action: string;
    risk: string;
    environment: string;
  }[];
  expect(changes).toEqual([
    expect.objectContaining({
      environment: 'prod',
      side: 'cluster',
      kind: 'gcp:compute/globalAddress:GlobalAddress',
      action: 'replace',
      risk: 'destructive',
    }),
  ]);
  // The base's recording is cached with its manifests.
  expect(
    existsSync(
      join(
        project,
        'node_modules',
        '.cache',
        'gke-platform',
        'plan',
        sha,
        '.gke-platform-cluster.json',
      ),
    ),
  ).toBe(true);

  const manifestsOnly = await cli(
    ['plan', '--base', 'HEAD', '--manifests-only', '--format', 'json'],
    project,
  );
  expect(JSON.parse(manifestsOnly.stdout).changes).toEqual([]);
  rmSync(join(project, 'node_modules', '.cache', 'gke-platform', 'plan', sha), {
    recursive: true,
    force: true,
  });
});

test('a base folder holds manifests only: no cluster side', async () => {
  writeFileSync(join(project, 'ip-name'), 'shop-prod-web\n');
  const dist = join(project, 'dist');
  execFileSync('node', ['synth.js'], { cwd: project, env: { ...process.env, CDK8S_OUTDIR: dist } });
  const planned = await cli(['plan', '--base', 'dist', '--format', 'json'], project);
  expect(planned.code).toBe(0);
  expect(JSON.parse(planned.stdout).changes).toEqual([]);
});
