/**
 * The README as a new user follows it: its shell blocks run in a fresh folder, in order,
 * with the files its blocks name (the quick start's tsconfig.json, platform.ts, main.ts),
 * and `gke-platform` installed from the packed tarball instead of the registry.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedBlocks, readmeScript, readmeSnippets } from './readme-snippets';
import { freshProject, packDir, ROOT, run, tarball } from './support/package';

/**
 * `npm` as the reader runs it, except that the package name `gke-platform` means the packed
 * tarball, and installs come from the npm cache (see npmInstall in ./support).
 */
const NPM_SHIM = `#!/usr/bin/env node
const { spawnSync } = require('node:child_process');
const real = process.env.GKE_PLATFORM_REAL_NPM;
if (!real || require('node:fs').realpathSync(real) === __filename) {
  console.error('npm shim: GKE_PLATFORM_REAL_NPM must name the real npm, not this shim');
  process.exit(2);
}
const args = process.argv.slice(2).map((a) => (a === 'gke-platform' ? process.env.GKE_PLATFORM_TARBALL : a));
const npm = (extra) =>
  spawnSync(real, [...args, ...extra], {
    stdio: ['inherit', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
if (!['install', 'i', 'add'].includes(args[0])) process.exit(npm([]).status ?? 1);
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
let r = npm(['--offline', ...quiet]);
process.stderr.write(r.stderr);
// ENOTCACHED, or with the tarball's peers an ERESOLVE that found \`cdk8s@undefined\`.
if (r.status !== 0 && (r.stderr.includes('ENOTCACHED') || /Found: \\S+@undefined/.test(r.stderr))) {
  process.stderr.write('npm cache lacks some registry metadata: npm install --prefer-offline\\n');
  r = npm(['--prefer-offline', ...quiet]);
  process.stderr.write(r.stderr);
}
process.exit(r.status ?? 1);
`;

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const snippets = readmeSnippets(readme).filter((s) => s.kind === 'shell' || s.kind === 'file');

let project: string;
let result: { status: number; output: string };

beforeAll(() => {
  project = freshProject('readme');
  const bin = path.join(packDir(), 'readme-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'npm'), NPM_SHIM, { mode: 0o755 });
  const realNpm = execSync('command -v npm', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  const script = path.join(packDir(), 'readme.sh');
  fs.writeFileSync(script, readmeScript(snippets));
  result = run('README snippets (install, tsc, node)', 'bash', [script], {
    cwd: project,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      GKE_PLATFORM_REAL_NPM: realNpm,
      GKE_PLATFORM_TARBALL: tarball(),
    },
  });
});

describe("the README's snippets in a fresh project", () => {
  it('has a tsconfig.json, a platform and a program to run, and the commands to run them', () => {
    const files = snippets.flatMap((s) => (s.file ? [s.file] : []));
    expect(files).toEqual(expect.arrayContaining(['tsconfig.json', 'platform.ts', 'main.ts']));
    const shell = snippets.filter((s) => s.kind === 'shell').map((s) => s.body);
    expect(shell.join('\n')).toMatch(/npm install gke-platform\b/);
    expect(shell.join('\n')).toMatch(/\btsc\b/);
    expect(shell.join('\n')).toMatch(/node build\/main\.js/);
  });

  it('runs every shell block to the end', () => {
    const failed = failedBlocks(result.output);
    if (failed.length > 0 || result.status !== 0) {
      // The output shows each block's README line and each command before it runs.
      throw new Error(
        `failed: ${failed.join(', ') || `exit ${result.status}`}\n${result.output.slice(-6000)}`,
      );
    }
  });

  it('synthesizes dist/<environment>/ for every environment of the quick start', () => {
    for (const env of ['dev', 'prod']) {
      const yaml = fs.readFileSync(path.join(project, 'dist', env, 'manifests.yaml'), 'utf8');
      expect(yaml).toContain('kind: Deployment');
      expect(yaml).toContain('kind: Ingress');
      expect(yaml).toContain(`namespace: shop-${env}`);
    }
  });
});
