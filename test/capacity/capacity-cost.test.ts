/**
 * The capacity plan a synth writes for `gke-platform capacity`, the price list's shape and
 * checks, and the cost of a pool's nodes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { CAPACITY_OUT_VARIABLE, type PlannedPool, plannedPools } from '#lib/capacity/capacity-out';
import { PRICE_CATALOGUE } from '#lib/capacity/price-catalogue.generated';
import { poolCost } from '#lib/capacity/pool-cost';
import { parsePriceList } from '#lib/capacity/prices';
import { PlatformError } from '#lib/core/errors';
import { synthesizePlatform } from '#lib/output/synthesize';

test('synthesizePlatform writes the plan of each environment it synthesized to GKE_PLATFORM_CAPACITY_OUT, and appends on a second synth', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'capacity-out-'));
  const file = path.join(folder, 'plan.json');
  process.env[CAPACITY_OUT_VARIABLE] = file;
  try {
    synthesizePlatform(platform, defineShop, { environments: ['dev'] });
    const once: PlannedPool[] = JSON.parse(readFileSync(file, 'utf8'));
    expect(once.map((p) => `${p.environment}/${p.pool}`)).toEqual(['dev/general', 'dev/spot']);
    expect(once[0]).toMatchObject({
      machineType: 'e2-standard-4',
      series: 'e2',
      vcpus: 4,
      memoryGiB: 16,
      spot: false,
      disk: { type: 'pd-balanced', sizeGiB: 100 },
    });
    expect(once[1].spot).toBe(true);
    synthesizePlatform(platform, defineShop, { environments: ['prod'] });
    const twice: PlannedPool[] = JSON.parse(readFileSync(file, 'utf8'));
    expect(twice.map((p) => `${p.environment}/${p.pool}`)).toEqual([
      'dev/general',
      'dev/spot',
      'prod/general',
      'prod/spot',
      'prod/gpu',
    ]);
    expect(twice[4].gpu).toEqual({ type: 'nvidia-l4', count: 1 });
  } finally {
    delete process.env[CAPACITY_OUT_VARIABLE];
    rmSync(folder, { recursive: true, force: true });
  }
});

const usCentral1 = PRICE_CATALOGUE.regions['us-central1'];
const examplePool = (environment: 'dev' | 'prod', pool: string): PlannedPool => {
  const [objects] = synthesizePlatform(platform, defineShop, { environments: [environment] });
  const found = plannedPools(platform, environment, objects.objects).find((p) => p.pool === pool);
  if (!found) throw new Error(pool);
  return found;
};

test('a node costs its vCPUs and memory at the series’ price for 730 hours, and its boot disk a month', () => {
  // e2-standard-4 in us-central1: 4 × 0.021811 + 16 × 0.002923 = 0.134012 an hour, × 730 =
  // 97.82876; a 100 GiB pd-balanced boot disk at 0.1 a GiB-month: 10.
  const cost = poolCost(examplePool('dev', 'general'), 'us-central1', usCentral1);
  expect(cost.nodeMonthly).toBeCloseTo(107.82876, 5);
  expect(cost).toMatchObject({ nodesAtMin: 1, nodesAtMax: 1 });
});

test('a pool runs at least minNodes per zone: prod general needs 1 node at min, but runs 2', () => {
  const pool = examplePool('prod', 'general');
  expect(pool.nodesAtMin).toBe(1);
  expect(poolCost(pool, 'us-central1', usCentral1)).toMatchObject({ nodesAtMin: 2, nodesAtMax: 3 });
});

test('a shared-core type is billed for its share of a vCPU; a series without a price says so', () => {
  const pool: PlannedPool = {
    ...examplePool('dev', 'general'),
    machineType: 'e2-medium',
    vcpus: 1,
    memoryGiB: 4,
  };
  // e2-medium: 1 × 0.021811 + 4 × 0.002923 = 0.033503 an hour (Google lists e2-medium at it).
  expect(poolCost(pool, 'us-central1', usCentral1).nodeMonthly).toBeCloseTo(0.033503 * 730 + 10, 5);
  expect(poolCost({ ...pool, spot: true }, 'us-central1', usCentral1)).toMatchObject({
    missing: 'e2 Spot in us-central1',
  });
  expect(poolCost(pool, 'europe-west1', undefined).missing).toBe('e2 on-demand in europe-west1');
});

test('a team’s price list is checked, with errors naming the field', () => {
  const good = {
    retrieved: '2026-12-01',
    currency: 'EUR',
    sources: { contract: 'our agreement' },
    clusterFeePerHour: 0.09,
    regions: { 'europe-west1': { onDemand: { e2: { vcpuHour: 0.02, gibHour: 0.003 } } } },
  };
  expect(parsePriceList(good, 'here').regions['europe-west1']).toEqual({
    onDemand: { e2: { vcpuHour: 0.02, gibHour: 0.003 } },
    spot: {},
    gpuHour: {},
    diskGibMonth: {},
  });
  const error = (json: unknown) => {
    try {
      parsePriceList(json, 'here');
    } catch (e) {
      expect(e).toBeInstanceOf(PlatformError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  expect(error([])).toMatch(/prices.*is not a JSON object/);
  expect(error({ ...good, retrieved: 'today' })).toMatch(/retrieved.*"today"/);
  expect(error({ ...good, regions: {} })).toMatch(/regions.*missing or empty/);
  expect(
    error({ ...good, regions: { 'europe-west1': { onDemand: { e2: { vcpuHour: -1 } } } } }),
  ).toMatch(/regions\.europe-west1\.onDemand\.e2.*vcpuHour/);
  expect(
    error({ ...good, regions: { 'europe-west1': { diskGibMonth: { 'pd-balanced': '0.1' } } } }),
  ).toMatch(/regions\.europe-west1\.diskGibMonth\.pd-balanced/);
});
