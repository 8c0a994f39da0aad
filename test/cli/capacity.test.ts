/**
 * `gke-platform capacity` in-process, on a project whose app writes a capacity plan of its
 * own (as synthesizePlatform does under GKE_PLATFORM_CAPACITY_OUT).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedPool } from '#lib/capacity/capacity-out';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'gke-platform-capacity-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const pool = (over: Partial<PlannedPool> = {}): PlannedPool => ({
  environment: 'dev',
  pool: 'general',
  machineType: 'e2-standard-4',
  minNodes: 1,
  maxNodes: 3,
  workloads: ['web'],
  nodesAtMin: 1,
  nodesAtMax: 2,
  nodesInRollout: 2,
  gpusAtMax: 0,
  findings: [],
  series: 'e2',
  vcpus: 4,
  memoryGiB: 16,
  spot: false,
  disk: { type: 'pd-balanced', sizeGiB: 100 },
  ...over,
});

/** A project whose app writes `pools` where the command asks. */
function writeProject(pools: PlannedPool[], region?: string): void {
  writeFileSync(join(project, 'plan.json'), JSON.stringify(pools));
  writeFileSync(
    join(project, 'cdk8s.yaml'),
    `app: node -e "require('fs').copyFileSync('plan.json', process.env.GKE_PLATFORM_CAPACITY_OUT)"\n`,
  );
  if (region) writeFileSync(join(project, 'Pulumi.dev.yaml'), `config:\n  gcp:region: ${region}\n`);
}

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: project,
    env: { ...process.env },
    isTty: false,
  };
  const code = await runCli(['capacity', ...args], io);
  return { code, stdout, stderr };
}

it('prints each pool’s nodes and monthly cost, labelled as an estimate with its date and source', async () => {
  writeProject([pool()]);
  const run = await cli();
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  // One e2-standard-4 in us-central1: 107.83 a month; two at the most replicas: 215.66.
  expect(run.stdout).toMatch(
    /^dev +general +e2-standard-4 +1–3 × cluster +1 +2 +2 +0 +107\.83 USD \(1 node\) +215\.66 USD \(2 nodes\) +—$/m,
  );
  expect(run.stdout).toContain(
    "dev: us-central1 (the price list's first region: no gcp:region in Pulumi.dev.yaml; pass --region): 180.83 USD to 288.66 USD a month, with the cluster management fee of 73.00 USD",
  );
  expect(run.stdout).toMatch(
    /^Estimate, list prices of \d{4}-\d{2}-\d{2} from Google’s published list prices \(https:\/\/cloud\.google\.com\/compute\/vm-instance-pricing/m,
  );
});

it('prices an environment in its Pulumi stack’s region, and says when it has no price there', async () => {
  writeProject([pool()], 'europe-west1');
  const run = await cli('--format', 'json');
  const json = JSON.parse(run.stdout);
  expect(json.environments[0].region).toEqual({ region: 'europe-west1', from: 'Pulumi.dev.yaml' });
  expect(json.environments[0].pools[0].cost.missing).toBe('e2 on-demand in europe-west1');
  expect(json.estimate.sources.gke).toBe('https://cloud.google.com/kubernetes-engine/pricing');
});

it('takes a team’s prices, and refuses a broken price file with a clear error', async () => {
  writeProject([pool()], 'europe-west1');
  writeFileSync(
    join(project, 'prices.json'),
    JSON.stringify({
      retrieved: '2026-12-01',
      currency: 'EUR',
      sources: { contract: 'our agreement' },
      clusterFeePerHour: 0,
      regions: {
        'europe-west1': {
          onDemand: { e2: { vcpuHour: 0.02, gibHour: 0.002 } },
          diskGibMonth: { 'pd-balanced': 0 },
        },
      },
    }),
  );
  const run = await cli('--prices', 'prices.json', '--format', 'markdown');
  expect(run.code).toBe(0);
  // (4 × 0.02 + 16 × 0.002) × 730 = 81.76 a node.
  expect(run.stdout).toContain('| 81.76 EUR (1 node)');
  expect(run.stdout).toContain('list prices of 2026-12-01 from prices.json (our agreement)');

  writeFileSync(join(project, 'bad.json'), '{"retrieved": "2026-12-01"');
  const bad = await cli('--prices', 'bad.json');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/--prices.*cannot be read as JSON/);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});

it('exits 1 when a finding is an error; refuses an unknown environment or region', async () => {
  writeProject([
    pool({
      findings: [{ severity: 'error', message: 'at their most replicas the pods need 9 nodes' }],
    }),
  ]);
  const run = await cli('--environment', 'dev');
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('error: at their most replicas the pods need 9 nodes');
  const env = await cli('--environment', 'prod');
  expect(env.code).toBe(1);
  expect(env.stderr).toMatch(/--environment.*'prod'.*use one of dev/);
  const region = await cli('--region', 'mars-north1');
  expect(region.stderr).toMatch(/--region.*'mars-north1'.*use one of us-central1/);
});
