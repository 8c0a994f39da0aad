/**
 * `node bench/scale-check.js [--runs R] [--no-batch] [--no-build]` — the same as
 * `npm run bench:scale` without N: the scale goals at N=1000 and N=2000 (bench/run-scale.js).
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const result = spawnSync(
  process.execPath,
  [join(__dirname, 'run-scale.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exitCode = result.status ?? 1;
