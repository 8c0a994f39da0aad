import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ensureBuilt } from '../consumer/support/build';

/**
 * A promotion through `gke-platform release`, then `gke-platform plan` against the commit
 * before it: a restart of exactly the workloads whose image changed, in the environment it
 * went to.
 */
const BIN = join(BUILD, 'lib', 'cli', 'main.js');
const api = 'europe-docker.pkg.dev/acme-artifacts/apps/api';
const worker = 'europe-docker.pkg.dev/acme-artifacts/apps/worker';
let project: string;

/** An app of the built library: two environments, a WebService and a Worker from release files. */
const SYNTH = `const lib = require(${JSON.stringify(join(BUILD, 'lib', 'index.js'))});
const pools = (machineType) => ({ general: { machineType } });
const platform = lib.definePlatform({
  name: 'acme',
  registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
  environments: {
    dev: { project: 'acme-dev', nodePools: pools('e2-standard-2') },
    prod: { project: 'acme-prod', nodePools: pools('e2-standard-4') },
  },
});
const manifests = lib.synthesizePlatform(platform, (chart) => {
  new lib.WebService(chart, 'api', { image: { repository: ${JSON.stringify(api)} }, port: 8080 });
  new lib.Worker(chart, 'worker', { image: { repository: ${JSON.stringify(worker)} } });
});
lib.writeManifests(manifests, process.env.CDK8S_OUTDIR);
`;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'gke-platform-release-plan-'));
  writeFileSync(join(project, 'cdk8s.yaml'), 'app: node synth.js\n');
  writeFileSync(join(project, 'synth.js'), SYNTH);
  git('init', '-q');
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], {
    cwd: project,
    encoding: 'utf8',
  });
}

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status !== 0) throw new Error(`gke-platform ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

it('plans a promotion as a restart of the promoted workload in the environment it reached', () => {
  cli('release', 'set', 'dev', `api=${api}:1.0.0`, `worker=${worker}:3.1.0`);
  cli('release', 'promote', 'dev', 'prod');
  git('add', '.');
  git('commit', '-qm', 'api 1.0.0, worker 3.1.0');

  cli('release', 'set', 'dev', `api=${api}:1.1.0`);
  git('commit', '-qam', 'api 1.1.0 in dev');
  const promoted = cli('release', 'promote', 'dev', 'prod', 'api');
  expect(promoted).toBe(`prod api: ${api}:1.0.0 -> ${api}:1.1.0\n`);

  const plan = JSON.parse(cli('plan', '--base', 'HEAD', '--format', 'json'));
  const changes = plan.changes as {
    environment: string;
    kind: string;
    name: string;
    risk: string;
    fields: { path: string; before: unknown; after: unknown }[];
    relabelled?: { kind: string; name: string }[];
  }[];
  // Only prod's api changes, as one change: its Deployment restarts, and its other objects,
  // whose only change is the version label that follows the recorded image, are folded in.
  expect(changes.map((c) => `${c.environment} ${c.kind} ${c.name} ${c.risk}`)).toEqual([
    'prod Deployment acme-prod/api disruptive',
  ]);
  expect(changes[0].fields).toContainEqual({
    path: 'spec.template.spec.containers[api].image',
    before: `${api}:1.0.0`,
    after: `${api}:1.1.0`,
  });
  expect(changes[0].relabelled).toEqual([
    { kind: 'NetworkPolicy', name: 'acme-prod/api' },
    { kind: 'PodDisruptionBudget', name: 'acme-prod/api' },
    { kind: 'Service', name: 'acme-prod/api' },
    { kind: 'ServiceAccount', name: 'acme-prod/api' },
  ]);
  expect(plan.environments).toEqual([
    { name: 'dev', counts: { safe: 0, disruptive: 0, replace: 0, destructive: 0 }, worst: null },
    {
      name: 'prod',
      counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
      worst: 'disruptive',
    },
  ]);

  const text = cli('plan', '--base', 'HEAD');
  expect(text).toContain('  dev: no change\n  prod: 1 disruptive\n');
  expect(text).toContain('DISRUPTIVE prod Deployment acme-prod/api (update)\n');
  expect(text).toContain(
    '  + 4 objects relabelled with the new version ("1.0.0" → "1.1.0"): NetworkPolicy api, PodDisruptionBudget api, Service api, ServiceAccount api\n',
  );
  expect(text).not.toMatch(/worker|^SAFE /m);

  // --fail-on sees the folded change's risk as before: the restart is disruptive.
  const failOn = (risk: string) =>
    spawnSync(process.execPath, [BIN, 'plan', '--base', 'HEAD', '--fail-on', risk], {
      cwd: project,
      encoding: 'utf8',
    }).status;
  expect([failOn('safe'), failOn('disruptive'), failOn('replace')]).toEqual([3, 3, 0]);

  // A new image needs no more nodes; more replicas do, and the capacity part shows how many.
  expect(plan.capacity).toEqual({ pools: [] });
  const synth = SYNTH.replace('port: 8080 }', 'port: 8080, replicas: { dev: 1, prod: 40 } }');
  expect(synth).not.toBe(SYNTH);
  writeFileSync(join(project, 'synth.js'), synth);
  const scaled = JSON.parse(cli('plan', '--base', 'HEAD', '--format', 'json')).capacity.pools;
  expect(
    scaled.map((p: { environment: string; pool: string }) => `${p.environment}/${p.pool}`),
  ).toEqual(['prod/general']);
  expect(scaled[0].after.nodesAtMax).toBeGreaterThan(scaled[0].before.nodesAtMax);
  expect(cli('plan', '--base', 'HEAD')).toMatch(
    new RegExp(
      `^  prod/general: nodes at min [^,]+, at max ${scaled[0].before.nodesAtMax} → ${scaled[0].after.nodesAtMax}`,
      'm',
    ),
  );
}, 180_000);
