import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ensureBuilt } from '../consumer/support/build';

/** `gke-platform preview synth` as a child process, in a temporary project. */
const BIN = join(BUILD, 'lib', 'cli', 'main.js');
const repository = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
let project: string;

const APP = `const lib = require(${JSON.stringify(join(BUILD, 'lib', 'index.js'))});
const platform = lib.definePlatform({
  name: 'acme',
  registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
  previews: { from: 'dev', domain: 'preview.acme.example.com', lifetimeDays: 3 },
  environments: { dev: { nodePools: { general: { machineType: 'e2-standard-4' } } } },
});
try {
  const manifests = lib.synthesizePlatform(platform, (chart) => {
    if (process.env.BREAK) throw new lib.PlatformError('app', 'web', 'is broken', 'fix it');
    const web = new lib.WebService(chart, 'web', { image: { repository: '${repository}' }, port: 8080 });
    new lib.WebEntrypoint(chart, 'shop', { hosts: ['dev.acme.example.com'] }).route('/', web);
  });
  lib.writeManifests(manifests, process.env.CDK8S_OUTDIR ?? 'dist');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
`;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'gke-platform-preview-e2e-'));
  writeFileSync(join(project, 'cdk8s.yaml'), 'app: node app.js\n');
  writeFileSync(join(project, 'app.js'), APP);
  mkdirSync(join(project, 'releases'));
  writeFileSync(join(project, 'releases', 'dev.yaml'), `web: ${repository}:1.0.0\n`);
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      GKE_PLATFORM_PREVIEW_TIME: '2025-05-01T08:00:00Z',
      ...env,
    },
  });
}

const manifests = () =>
  readFileSync(join(project, 'dist', 'previews', 'pr-7', 'manifests.yaml'), 'utf8');

it('writes dist/previews/<name>/ and prints its namespace, hosts, objects and expiry', () => {
  const run = cli(['preview', 'synth', 'pr-7']);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toBe(
    [
      "Preview 'pr-7' written to dist/previews/pr-7/",
      '  namespace  acme-preview-pr-7',
      '  hosts      https://pr-7.preview.acme.example.com/',
      // Namespace, default deny, ServiceAccount, NetworkPolicy, Deployment, Service,
      // HealthCheckPolicy, HTTPRoute (one pod: no disruption budget).
      '  objects    8',
      '  expires    2025-05-05T00:00:00Z',
      'Apply it: kubectl apply -f dist/previews/pr-7',
      '',
    ].join('\n'),
  );
  expect(manifests()).toContain(`image: ${repository}:1.0.0`);
  expect(existsSync(join(project, 'dist', 'previews', 'pr-7', 'Kustomization'))).toBe(true);
  expect(existsSync(join(project, 'dist', 'dev'))).toBe(false);
});

it('release set --preview records the branch image, which the next synth runs', () => {
  const set = cli(['release', 'set', '--preview', 'pr-7', `web=${repository}:2.0.0-pr7`]);
  expect(set.status).toBe(0);
  expect(readFileSync(join(project, 'releases', 'previews', 'pr-7.yaml'), 'utf8')).toContain(
    `web: ${repository}:2.0.0-pr7`,
  );
  expect(cli(['preview', 'synth', 'pr-7', '--format', 'json']).status).toBe(0);
  expect(manifests()).toContain(`image: ${repository}:2.0.0-pr7`);
});

it('leaves the previous folder as it was when the synth fails', () => {
  const before = manifests();
  const run = cli(['preview', 'synth', 'pr-7'], { BREAK: '1' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("app: 'web' is broken; fix it");
  expect(manifests()).toBe(before);
});

it.each([
  [['preview', 'synth', 'PR_7'], 1, '\'preview\' is "PR_7", which is not a DNS-1123 label'],
  [['preview', 'synth', 'dev'], 1, "'preview' is 'dev', the name of an environment"],
  [['preview', 'synth'], 2, 'usage: gke-platform preview synth <name>'],
  [['preview', 'expire'], 2, "unknown preview action 'expire'"],
  [['preview', 'list', 'pr-1'], 2, "preview list takes no argument 'pr-1'"],
])('refuses %j with exit %i', (args, status, message) => {
  const run = cli(args);
  expect(run.status).toBe(status);
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
