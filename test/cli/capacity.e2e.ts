import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BUILD, ensureBuilt, ROOT } from '../consumer/support/build';

/** `gke-platform capacity` as a child process, on this repository's example (its cdk8s.yaml). */
const BIN = join(BUILD, 'lib', 'cli', 'main.js');
beforeAll(() => ensureBuilt(), 180_000);

const capacity = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'capacity', '--project', ROOT, ...args], { encoding: 'utf8' });

it('prints the example’s capacity and cost of one environment as JSON', () => {
  const run = capacity('--region', 'us-central1', '--environment', 'prod', '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const json = JSON.parse(run.stdout);
  expect(json.environments.map((e: { environment: string }) => e.environment)).toEqual(['prod']);
  const general = json.environments[0].pools.find((p: { pool: string }) => p.pool === 'general');
  expect(general.cost).toMatchObject({ nodesAtMin: 2, nodesAtMax: 3 });
  expect(general.cost.nodeMonthly).toBeCloseTo(107.82876, 4);
});

it('reads each environment’s region from its Pulumi stack', () => {
  const run = capacity('--environment', 'dev');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('dev: europe-west1 (Pulumi.dev.yaml)');
});
