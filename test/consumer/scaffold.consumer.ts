/**
 * `gke-platform init` from the packed tarball, and the new project's two README commands
 * (install and synth, test) run as a user runs them, with `gke-platform` from the tarball;
 * then its inner loop, `npm run synth:fast` (the sources under `gke-platform/register`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snapshot } from '../support/files';
import { freshProject, npmInstall, run, tarball, writeJson } from './support/package';

let shop: string;

beforeAll(() => {
  const parent = freshProject('scaffold');
  const runner = path.join(parent, 'runner');
  writeJson(path.join(runner, 'package.json'), { name: 'scaffold-runner', private: true });
  const install = npmInstall('scaffold: npm install (the runner of init)', runner, [
    tarball(),
    'cdk8s',
    'constructs',
  ]);
  if (install.status !== 0) throw new Error(install.output);
  const bin = path.join(runner, 'node_modules', '.bin', 'gke-platform');
  const init = run('scaffold: gke-platform init shop', bin, ['init', 'shop'], { cwd: parent });
  if (init.status !== 0) throw new Error(init.output);
  shop = path.join(parent, 'shop');
  // The registry's gke-platform is this tarball: the project depends on it by file.
  const pin = npmInstall('scaffold: npm install <tarball> (every dependency)', shop, [tarball()]);
  if (pin.status !== 0) throw new Error(pin.output);
});

it("synthesizes every environment with its README's first command", () => {
  const install = npmInstall('scaffold: npm install (README)', shop, []);
  expect(install.status).toBe(0);
  const synth = run('scaffold: npm run synth (tsc, synth)', 'npm', ['run', 'synth'], { cwd: shop });
  if (synth.status !== 0) throw new Error(synth.output);
  for (const env of ['dev', 'prod']) {
    const yaml = fs.readFileSync(path.join(shop, 'dist', env, 'manifests.yaml'), 'utf8');
    expect(yaml).toContain('kind: Deployment');
    expect(yaml).toContain(`namespace: shop-${env}`);
    expect(yaml).toContain(`host: ${env}.shop.example.com`);
  }
  // tsc compiled the Pulumi program too, against gke-platform/infra's types.
  expect(fs.existsSync(path.join(shop, 'build', 'src', 'infra.js'))).toBe(true);
});

it("passes its own tests with its README's second command", () => {
  const test = run('scaffold: npm test (jest)', 'npm', ['test'], { cwd: shop });
  if (test.status !== 0) throw new Error(test.output);
  expect(test.output).toMatch(/Tests:\s+4 passed, 4 total/);
});

it('writes the same files with npm run synth:fast, stripped by SWC instead of compiled', () => {
  const outdir = path.join(shop, 'dist-fast');
  const fast = run(
    'scaffold: npm run synth:fast (gke-platform/register)',
    'npm',
    ['run', 'synth:fast'],
    {
      cwd: shop,
      env: { ...process.env, CDK8S_OUTDIR: outdir },
    },
  );
  if (fast.status !== 0) throw new Error(fast.output);
  const compiled = snapshot(path.join(shop, 'dist'));
  expect(Object.keys(compiled)).toEqual(
    expect.arrayContaining(['dev/manifests.yaml', 'prod/manifests.yaml']),
  );
  expect(snapshot(outdir)).toEqual(compiled);
  // The stripped files are cached in the project's own node_modules.
  const cache = path.join(shop, 'node_modules', '.cache', 'gke-platform-swc');
  expect(fs.readdirSync(cache).length).toBeGreaterThanOrEqual(3);
});
