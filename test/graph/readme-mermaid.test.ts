import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { environmentGraph } from '#lib/graph/environment-graph';
import { graphMermaid } from '#lib/graph/graph-mermaid';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { Obj } from '#lib/plan/network-policy-eval';

const MARKER = '<!-- graph: the example';

it("README's Mermaid block is what `gke-platform graph --format mermaid` prints for the example's dev", () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf(MARKER));
  expect(readme.indexOf(MARKER)).toBeGreaterThan(-1);
  const block = /```mermaid\n([\s\S]*?)```/.exec(after)?.[1];
  const dev = synthesizePlatform(platform, defineShop).find((m) => m.environment === 'dev')!;
  const graph = environmentGraph('dev', JSON.parse(JSON.stringify(dev.objects)) as Obj[]);
  expect(block).toBe(graphMermaid(graph));
});
