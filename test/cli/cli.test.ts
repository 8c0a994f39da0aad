import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

/** runCli with its output captured. */
async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { ...process.env, NO_COLOR: '', ...env },
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A Deployment in `<env>/manifests.yaml` form, with `image`. */
const manifests = (image: string, replicas = 2) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;

let project: string;
let base: string;

/** A project whose app writes `<CDK8S_OUTDIR>/prod/manifests.yaml` from head.yaml. */
function writeProject(image: string, replicas = 2): void {
  writeFileSync(join(project, 'head.yaml'), manifests(image, replicas));
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'gke-platform-cli-'));
  writeFileSync(join(project, 'cdk8s.yaml'), 'app: node synth.js\n');
  writeFileSync(
    join(project, 'synth.js'),
    `const fs = require('node:fs'); const path = require('node:path');
const out = process.env.CDK8S_OUTDIR;
fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
fs.copyFileSync('head.yaml', path.join(out, 'prod', 'manifests.yaml'));
`,
  );
  base = join(project, 'base');
  mkdirSync(join(base, 'prod'), { recursive: true });
  writeFileSync(join(base, 'prod', 'manifests.yaml'), manifests('web:1'));
  writeFileSync(join(base, 'prod', 'Kustomization'), 'resources: [manifests.yaml]\n');
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('gke-platform', () => {
  it('--help lists every command with an example, and the exit codes', async () => {
    const { code, stdout } = await cli(['--help'], project);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}plan +Show what a change will do/m);
    expect(stdout).toMatch(/^ +e\.g\. npx gke-platform plan --base main$/m);
    expect(stdout).toMatch(/^ {2}help +Print the help/m);
    expect(stdout).toContain('--format text|markdown|json');
    expect(stdout).toContain('Exit codes: 0 done; 1 an error');
    expect(stdout).toContain('3 --fail-on');
  });

  it('plan --help (and help plan) shows the options, examples and exit codes', async () => {
    const { code, stdout } = await cli(['plan', '--help'], project);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: gke-platform plan \[options\]$/m);
    expect(stdout).toMatch(/--base <folder\|ref> +what to compare with/);
    expect(stdout).toMatch(/--fail-on <risk> +exit 3 when/);
    expect(stdout).toContain('npm run --if-present build');
    expect(stdout).toContain('  npx gke-platform plan --base origin/main --fail-on destructive');
    expect((await cli(['help', 'plan'], project)).stdout).toBe(stdout);
  });

  it.each([
    [
      ['deploy'],
      /unknown command 'deploy'; the commands are init, plan, release, preview, graph, capacity, gitops, help/,
    ],
    [['plan'], /plan needs --base <folder\|ref>/],
    [['plan', '--base', 'x', '--format', 'yaml'], /--format is "yaml"; use text, markdown, json/],
    [
      ['plan', '--base', 'x', '--fail-on', 'bad'],
      /--fail-on is "bad"; use safe, disruptive, replace, destructive/,
    ],
    [['plan', '--bas', 'x'], /Unknown option '--bas'/],
    [['plan', 'extra'], /'plan' takes no argument 'extra'/],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const { code, stderr, stdout } = await cli(args, project);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr).toContain('--help` for the usage');
  });

  it('plans against a folder: the text summary, and --fail-on', async () => {
    writeProject('web:2', 1);
    const run = await cli(['plan', '--base', 'base'], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Plan against base',
        '',
        '  prod: 1 disruptive',
        '',
        'DISRUPTIVE prod Deployment shop/web (update)',
        '  - pod template changed: a rolling update restarts every pod of the Deployment',
        '  - replicas drop from 2 to 1: 1 pods stop and capacity drops',
        '    spec.replicas: 2 → 1',
        '    spec.template.spec.containers[web].image: "web:1" → "web:2"',
        '',
        'Capacity: the capacity delta needs a git ref base (--base main): a folder holds manifests, not the node pools',
        '',
      ].join('\n'),
    );
    expect((await cli(['plan', '--base', 'base', '--fail-on', 'disruptive'], project)).code).toBe(
      3,
    );
    expect((await cli(['plan', '--base', 'base', '--fail-on', 'replace'], project)).code).toBe(0);
  });

  it('colours the text on a terminal only, and not with NO_COLOR', async () => {
    writeProject('web:2');
    const io = (env: NodeJS.ProcessEnv, isTty: boolean) => {
      let out = '';
      return {
        io: { stdout: (t: string) => (out += t), stderr: () => {}, cwd: project, env, isTty },
        out: () => out,
      };
    };
    const tty = io({}, true);
    await runCli(['plan', '--base', 'base'], tty.io);
    expect(tty.out()).toContain('\x1b[33mDISRUPTIVE\x1b[0m');
    const noColor = io({ NO_COLOR: '1' }, true);
    await runCli(['plan', '--base', 'base'], noColor.io);
    expect(noColor.out()).not.toContain('\x1b[');
  });

  it('prints JSON and markdown', async () => {
    writeProject('web:2');
    const json = JSON.parse(
      (await cli(['plan', '--base', 'base', '--format', 'json'], project)).stdout,
    );
    expect(json).toMatchObject({ version: 1, base: { kind: 'folder', folder: 'base' } });
    expect(json.environments).toEqual([
      {
        name: 'prod',
        counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
        worst: 'disruptive',
      },
    ]);
    expect(json.changes).toEqual([
      {
        environment: 'prod',
        side: 'manifests',
        kind: 'Deployment',
        name: 'shop/web',
        fields: [
          { path: 'spec.template.spec.containers[web].image', before: 'web:1', after: 'web:2' },
        ],
        action: 'update',
        risk: 'disruptive',
        reasons: ['pod template changed: a rolling update restarts every pod of the Deployment'],
      },
    ]);
    const markdown = (await cli(['plan', '--base', 'base', '--format', 'markdown'], project))
      .stdout;
    expect(markdown).toContain('| prod | 0 | 0 | 1 | 0 |');
    expect(markdown).toContain('<details><summary><b>prod</b>: 1 changes</summary>');
  });

  it('prints a failed synth, a missing cdk8s.yaml and an app that ignores CDK8S_OUTDIR as errors: exit 1, no stack', async () => {
    writeFileSync(join(project, 'synth.js'), 'console.error("boom"); process.exit(4);\n');
    const failed = await cli(['plan', '--base', 'base'], project);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^gke-platform plan: gke-platform '.*': 'cdk8s\.yaml app' `node synth\.js` failed \(exit 4\):\nboom; fix the synth/,
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(join(project, 'synth.js'), '// writes nothing\n');
    const empty = await cli(['plan', '--base', 'base'], project);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('holds no manifests');
    expect(empty.stderr).toContain('process.env.CDK8S_OUTDIR');

    rmSync(join(project, 'cdk8s.yaml'));
    const missing = await cli(['plan', '--base', 'base'], project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("'cdk8s.yaml' is missing");
  });

  it('plans against a git ref: synthesizes the commit once, then reads it from the cache', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: project,
        encoding: 'utf8',
      });
    writeProject('web:1');
    git('init', '-q');
    git('add', 'cdk8s.yaml', 'synth.js', 'head.yaml');
    git('commit', '-qm', 'base');
    const sha = git('rev-parse', 'HEAD').trim();
    writeProject('web:2');

    const first = JSON.parse(
      (await cli(['plan', '--base', 'HEAD', '--format', 'json'], project)).stdout,
    );
    expect(first.base).toEqual({ kind: 'git', ref: 'HEAD', sha });
    expect(first.changes.map((c: { name: string; risk: string }) => `${c.name} ${c.risk}`)).toEqual(
      ['shop/web disruptive'],
    );
    const cached = join(
      project,
      'node_modules',
      '.cache',
      'gke-platform',
      'plan',
      sha,
      'prod',
      'manifests.yaml',
    );
    // The second plan reads the cache: a changed cache shows in its result.
    writeFileSync(cached, manifests('web:2'));
    const second = JSON.parse(
      (await cli(['plan', '--base', 'HEAD', '--format', 'json'], project)).stdout,
    );
    expect(second.changes).toEqual([]);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    const unknown = await cli(['plan', '--base', 'no-such-ref'], project);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("'--base' is neither a folder nor a commit");
  });
});
