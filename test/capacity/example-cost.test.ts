/**
 * The example's cost table in the README ("Cost estimate") is what `gke-platform capacity
 * --region us-central1 --format markdown` prints for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { plannedPools } from '#lib/capacity/capacity-out';
import { capacityMarkdown, capacityReport } from '#lib/capacity/capacity-report';
import { PRICE_CATALOGUE } from '#lib/capacity/price-catalogue.generated';
import { synthesizePlatform } from '#lib/output/synthesize';

export function exampleCostMarkdown(): string {
  const pools = synthesizePlatform(platform, defineShop).flatMap(({ environment, objects }) =>
    plannedPools(platform, environment as 'dev', objects),
  );
  return capacityMarkdown(
    capacityReport(
      pools,
      PRICE_CATALOGUE,
      () => ({ region: 'us-central1', from: '--region' }),
      'Google’s published list prices',
    ),
  );
}

test("the README's cost table is the example's report", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('<!-- capacity-cost: the example');
  const block = readme.slice(
    readme.indexOf('\n', start) + 2,
    readme.indexOf('<!-- /capacity-cost -->'),
  );
  expect(block).toBe(`${exampleCostMarkdown()}\n`);
});
