import {
  type Dirent,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthesizePlatform } from 'gke-platform';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

/** runCli with its output captured. */
async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: process.env,
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const ownPackage = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gke-platform-init-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(work, path), 'utf8');

describe('gke-platform init <folder>', () => {
  it('writes the project, with a stack per environment, and says what to run next', async () => {
    const r = await cli(['init', 'shop', '--environments', 'dev,pre-prod,prod'], work);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('cd shop\n  npm install && npm run synth\n  npm test\n');
    const files = readdirRecursive(join(work, 'shop'));
    expect(files).toEqual([
      '.github/workflows/ci.yaml',
      '.gitignore',
      'Pulumi.dev.yaml',
      'Pulumi.pre-prod.yaml',
      'Pulumi.prod.yaml',
      'Pulumi.yaml',
      'README.md',
      'cdk8s.yaml',
      'jest.config.js',
      'package.json',
      'src/infra.ts',
      'src/main.ts',
      'src/platform.ts',
      'src/synth.ts',
      'test/main.test.ts',
      'tsconfig.json',
    ]);
    const stack = parse(read('shop/Pulumi.pre-prod.yaml')).config;
    expect(stack).toEqual({
      'gcp:project': 'shop-pre-prod',
      'gcp:region': 'europe-west1',
      'gke-platform:environment': 'pre-prod',
      'gke-platform:masterAuthorizedNetworks': [
        { cidrBlock: '203.0.113.0/24', displayName: 'office' },
      ],
    });
    expect(parse(read('shop/Pulumi.yaml'))).toMatchObject({
      name: 'shop',
      main: 'build/src/infra.js',
    });
    expect(read('shop/src/platform.ts')).toContain(
      "    'pre-prod': environment('shop-pre-prod'),\n",
    );
    expect(read('shop/src/infra.ts')).toMatch(
      /import \{ GkePlatform, stackArgs \} from 'gke-platform\/infra'/,
    );
    expect(read('shop/README.md')).toContain('npm install && npm run synth');
    expect(read('shop/README.md')).toMatch(/^# shop\n\nThe platform \*\*shop\*\* on /);
    expect(read('shop/README.md')).toContain('of every environment (dev, pre-prod, prod)');
    expect(read('shop/.gitignore')).toContain('node_modules/');
  });

  it('depends on this version of gke-platform and on the versions it is tested with', async () => {
    await cli(['init', 'shop'], work);
    const pkg = JSON.parse(read('shop/package.json'));
    expect(pkg.name).toBe('shop');
    expect(pkg.dependencies['gke-platform']).toBe(`^${ownPackage.version}`);
    for (const name of ['cdk8s', 'constructs', '@pulumi/pulumi', '@pulumi/gcp']) {
      expect(pkg.dependencies[name]).toBe(ownPackage.devDependencies[name]);
    }
    for (const name of ['typescript', 'jest', '@swc/jest']) {
      expect(pkg.devDependencies[name]).toBe(ownPackage.devDependencies[name]);
    }
    expect(pkg.devDependencies.typescript).toMatch(/^~5\./);
    expect(pkg.scripts).toEqual({
      build: 'tsc',
      synth: 'tsc && node build/src/synth.js',
      'synth:fast': 'node -r gke-platform/register src/synth.ts',
      'synth:watch': 'node --watch -r gke-platform/register src/synth.ts',
      test: 'jest',
    });
    expect(JSON.stringify(pkg)).not.toContain('__');
  });

  it('writes a platform and workloads that synthesize, valid, for every environment', async () => {
    await cli(
      [
        'init',
        'acme',
        '--environments',
        'dev,staging',
        '--region',
        'us-central1',
        '--registry',
        'us/acme-images/web-apps',
      ],
      work,
    );
    // The generated TypeScript, run in-process ('gke-platform' resolves to this repository).
    const { platform } = await import(join(work, 'acme/src/platform.ts'));
    const { defineWorkloads } = await import(join(work, 'acme/src/main.ts'));
    const manifests = synthesizePlatform(platform, defineWorkloads);
    expect(manifests.map((m) => m.environment)).toEqual(['dev', 'staging']);
    for (const { environment, objects } of manifests) {
      const deployment = objects.find((o) => o.kind === 'Deployment') as any;
      expect(deployment.metadata.namespace).toBe(`acme-${environment}`);
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        'us-docker.pkg.dev/acme-images/web-apps/web:0.1.0',
      );
      const ingress = objects.find((o) => o.kind === 'Ingress') as any;
      expect(ingress.spec.rules[0].host).toBe(`${environment}.acme.example.com`);
    }
    expect(platform.environment('staging').project).toBe('acme-staging');
    expect(read('acme/Pulumi.staging.yaml')).toContain('gcp:region: us-central1');
  });

  it('names the platform after the folder, and writes into an empty one or one with only .git', async () => {
    mkdirSync(join(work, 'web-shop', '.git'), { recursive: true });
    const r = await cli(['init'], join(work, 'web-shop'));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('cd ');
    expect(JSON.parse(read('web-shop/package.json')).name).toBe('web-shop');
    expect(read('web-shop/src/platform.ts')).toContain("name: 'web-shop'");
  });

  it.each([
    [['init', 'full'], "gke-platform init: '<folder>' '", 'is not empty (it has notes.txt)'],
    [
      ['init', 'My_Shop'],
      "'<folder>' is named 'My_Shop', which is not a platform name",
      'pass the name with --name',
    ],
    [['init', 'x', '--name', 'a'.repeat(31)], "'--name' is", 'at most 30'],
    [['init', 'x', '--environments', 'dev,Prod'], '\'--environments\' is "Prod"', 'lower-case'],
    [['init', 'x', '--environments', 'dev,dev'], "names 'dev' twice", 'name each environment once'],
    [['init', 'x', '--environments', ''], '\'--environments\' is ""', 'lower-case'],
    [
      ['init', 'x', '--region', 'europe'],
      "'--region' is 'europe', which is not a GCP region",
      'europe-west1',
    ],
    [
      ['init', 'x', '--registry', 'europe-docker.pkg.dev/p/r'],
      "'--registry' is 'europe-docker.pkg.dev/p/r'",
      "'europe/shop-artifacts/shop'",
    ],
    [
      ['init', 'x', '--registry', 'europe/P/r'],
      "'--registry' is 'P', which is not a GCP project ID",
      '6-30',
    ],
  ])('refuses %j with a clear error and writes nothing', async (args, problem, fix) => {
    mkdirSync(join(work, 'full'));
    writeFileSync(join(work, 'full', 'notes.txt'), '');
    const r = await cli(args, work);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(problem);
    expect(r.stderr).toContain(fix);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirRecursive(work)).toEqual(['full/notes.txt']);
  });

  it('is listed in the help', async () => {
    const r = await cli(['--help'], work);
    expect(r.stdout).toMatch(/^ {2}init {2}/m);
  });
});

function readdirRecursive(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}
