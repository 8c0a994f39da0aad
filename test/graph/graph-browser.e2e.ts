/**
 * The HTML page of the example in a real headless browser (Chromium, from Debian's packages in
 * CI): after its script ran, every workload and connection of the example is in the page, the
 * search box filters rows, and a screenshot at laptop size is taken.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { environmentGraph } from '#lib/graph/environment-graph';
import { graphHtml } from '#lib/graph/graph-html';
import { describePorts, type Peer } from '#lib/graph/graph-model';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { Obj } from '#lib/plan/network-policy-eval';

/** The first of these programs on PATH. */
function chromium(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  throw new Error(
    'Chromium is not on PATH (chromium or chromium-browser): install it, e.g. `apt-get install -y chromium` (.ci/run does)',
  );
}

const graphs = synthesizePlatform(platform, defineShop).map((m) =>
  environmentGraph(m.environment, JSON.parse(JSON.stringify(m.objects)) as Obj[]),
);
let folder: string;
let page: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'gke-platform-graph-browser-'));
  page = join(folder, 'graph.html');
  writeFileSync(page, graphHtml('shop', graphs));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Chromium headless on `url` with `flags`, its profile in the temporary folder. */
function browse(url: string, ...flags: string[]) {
  const run = spawnSync(
    chromium(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${join(folder, 'profile')}`,
      ...flags,
      url,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 50_000 },
  );
  expect(run.error).toBeUndefined();
  return run;
}

/** The text of the rendered DOM, tags and entities aside. */
const textOf = (dom: string) =>
  dom
    .replace(/<[^>]+>/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

it('renders every workload and every connection of the example', () => {
  const dom = browse(pathToFileURL(page).href, '--dump-dom').stdout;
  expect(dom).toContain('<h2>prod</h2>');
  const text = textOf(dom);
  for (const g of graphs) {
    for (const w of g.workloads) expect(text).toContain(` ${w.name} ${w.kind} `);
    for (const c of g.connections) {
      const end = (peer: Peer) => `${peer.name}${peer.kind === 'external' ? ' outside' : ''}`;
      expect(text).toContain(` ${end(c.from)} ${end(c.to)} ${describePorts(c.ports)} `);
    }
  }
  // The connections declared in apps/main.ts, as rows.
  expect(dom).toMatch(/<td>storefront<\/td><td>redis<\/td><td>6379<\/td>/);
  expect(dom).toMatch(/<td>api<\/td><td>redis<\/td><td>6379<\/td>/);
  // The search script ran: no row is hidden without a query.
  expect(dom).not.toMatch(/<tr hidden/);
});

it('filters rows with the search box (the query in the page, as typed)', () => {
  // The page reads the box at load: a copy with a query filled in shows what typing does.
  const searched = join(folder, 'searched.html');
  writeFileSync(
    searched,
    graphHtml('shop', graphs).replace('type="search"', 'type="search" value="embeddings"'),
  );
  const dom = browse(pathToFileURL(searched).href, '--dump-dom').stdout;
  const shown = [...dom.matchAll(/<tr(?! hidden)[^>]*>(?!<th)(.*?)<\/tr>/g)].map((m) => m[1]);
  expect(shown.length).toBeGreaterThan(0);
  for (const row of shown) expect(row).toContain('embeddings');
});

it('takes a screenshot at laptop size', () => {
  const png = join(folder, 'graph.png');
  browse(pathToFileURL(page).href, `--screenshot=${png}`, '--window-size=1366,900');
  expect(statSync(png).size).toBeGreaterThan(20_000);
});
