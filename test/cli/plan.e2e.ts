import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ensureBuilt, ROOT } from '../consumer/support/build';
import { writeExample } from '../consumer/support/example-output';

/** `gke-platform plan` as a child process, on this repository's example (its cdk8s.yaml). */
const BIN = join(BUILD, 'lib', 'cli', 'main.js');
let base: string;

beforeAll(() => {
  ensureBuilt();
  base = mkdtempSync(join(tmpdir(), 'gke-platform-plan-base-'));
  writeExample(base);
}, 180_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

function plan(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'plan', '--project', ROOT, '--base', base, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

it('starts with a node shebang, as package.json bin needs', () => {
  expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

it('plans the example against its own output: no change, exit 0', () => {
  const run = plan('--fail-on', 'safe');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^ {2}prod: no change$/m);
  // A folder holds manifests only: the node pools, and so the capacity delta, need a git ref.
  expect(run.stdout).toMatch(/^Capacity: the capacity delta needs a git ref base/m);
});

it('plans an image bump as disruptive, and --fail-on disruptive exits 3', () => {
  const file = join(base, 'prod', 'manifests.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('storefront:1.8.2', 'storefront:1.8.1'));
  try {
    const run = plan('--format', 'json', '--fail-on', 'disruptive');
    expect(run.status).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.changes.map((c: { name: string; risk: string }) => `${c.name} ${c.risk}`)).toEqual([
      'shop-prod/storefront disruptive',
    ]);
  } finally {
    writeFileSync(file, text);
  }
});
