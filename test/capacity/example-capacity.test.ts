/**
 * The example's capacity plan, as the README's "Capacity per pool" table gives it: the test
 * fails when the example or the plan changes and the README was not updated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { planCapacity } from '#lib/capacity/capacity-plan';
import { synthesizePlatform } from '#lib/output/synthesize';

/** The plan of every environment of the example as the README's table rows. */
function rows(): string[] {
  return synthesizePlatform(platform, defineShop).flatMap(({ environment, objects }) =>
    planCapacity(platform.environment(environment), objects).map(
      (p) =>
        `| ${[
          p.environment,
          p.pool,
          p.machineType,
          `${p.minNodes}–${p.maxNodes} × ${p.zones ?? 'cluster'}`,
          p.nodesAtMin,
          p.nodesAtMax,
          p.nodesInRollout,
          p.gpusAtMax,
          p.findings.map((f) => `${f.severity}: ${f.message}`).join('; ') || '—',
        ].join(' | ')} |`,
    ),
  );
}

test("the README's capacity table is the example's plan", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('<!-- capacity: the example');
  const table = readme.slice(start).split('\n\n')[1].split('\n').slice(2);
  const normalise = (row: string) => row.replace(/\s*\|\s*/g, '|').trim();
  expect(table.map(normalise)).toEqual(rows().map(normalise));
});
