/**
 * `gke-platform plan` from a consumer project that installed the packed tarball: the `bin`
 * is linked, runs the project's cdk8s.yaml app, and exits as documented.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshProject, npmInstall, run, tarball, writeJson } from './support/package';

let project: string;

/** An app that writes `<CDK8S_OUTDIR>/prod/manifests.yaml` with one Deployment of `image.txt`. */
const SYNTH = `const fs = require('node:fs');
const path = require('node:path');
const { toManifestFile } = require('gke-platform');
const out = process.env.CDK8S_OUTDIR ?? 'dist';
const image = fs.readFileSync('image.txt', 'utf8').trim();
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
  },
};
fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
fs.writeFileSync(path.join(out, 'prod', 'manifests.yaml'), toManifestFile([deployment]));
`;

beforeAll(() => {
  project = freshProject('plan');
  writeJson(path.join(project, 'package.json'), { name: 'plan-consumer', private: true });
  const install = npmInstall('plan: npm install', project, [tarball(), 'cdk8s', 'constructs']);
  if (install.status !== 0) throw new Error(install.output);
  fs.writeFileSync(path.join(project, 'cdk8s.yaml'), 'app: node synth.js\n');
  fs.writeFileSync(path.join(project, 'synth.js'), SYNTH);
  fs.writeFileSync(path.join(project, 'image.txt'), 'web:1\n');
  const synth = run('plan: synth the base', 'node', ['synth.js'], { cwd: project });
  if (synth.status !== 0) throw new Error(synth.output);
});

const plan = (...args: string[]) =>
  run(`plan: gke-platform ${args.join(' ')}`, 'npx', ['--no-install', 'gke-platform', ...args], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1' },
  });

it('lists its commands', () => {
  const help = plan('--help');
  expect(help.status).toBe(0);
  expect(help.output).toMatch(/^ {2}plan {2}/m);
});

it('plans no change against its own output, and an image bump as disruptive (exit 3 with --fail-on)', () => {
  expect(plan('plan', '--base', 'dist', '--fail-on', 'safe').status).toBe(0);
  fs.writeFileSync(path.join(project, 'image.txt'), 'web:2\n');
  const bump = plan('plan', '--base', 'dist', '--format', 'json', '--fail-on', 'disruptive');
  expect(bump.status).toBe(3);
  const json = JSON.parse(bump.output.slice(bump.output.indexOf('{')));
  expect(json.changes.map((c: { name: string; risk: string }) => `${c.name} ${c.risk}`)).toEqual([
    'shop/web disruptive',
  ]);
});

it('prints an error without a stack trace, exit 1', () => {
  const bad = plan('plan', '--base', 'no-such-folder-or-ref');
  expect(bad.status).toBe(1);
  expect(bad.output).toContain("'--base' is neither a folder nor a commit");
  expect(bad.output).not.toMatch(/\n\s+at /);
});
