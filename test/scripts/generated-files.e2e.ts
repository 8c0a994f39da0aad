/**
 * Every generated file of the library is what its script writes from its source today: each
 * script run with `--check` in a child process (the prop shapes from the props interfaces, by
 * the TypeScript compiler; the machine and price catalogues and the GPU regions from
 * scripts/sources/). A stale file fails with the script's message naming the command.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Each generated file and the npm script that writes it (`scripts/<name>.js`). */
const GENERATED: [file: string, script: string][] = [
  ['lib/core/prop-shapes.generated.ts', 'generate-prop-shapes'],
  ['lib/platform/machine-catalogue.generated.ts', 'generate-machine-catalogue'],
  ['lib/capacity/price-catalogue.generated.ts', 'generate-price-catalogue'],
  ['lib/platform/gpu-regions.generated.ts', 'generate-gpu-regions'],
];

test.each(GENERATED)('%s is what scripts/%s.js writes', (_file, name) => {
  const script = path.resolve(__dirname, '..', '..', 'scripts', `${name}.js`);
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
