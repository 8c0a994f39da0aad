#!/usr/bin/env node
/**
 * `npm run bench:plan`: the wall time of `gke-platform plan` on the example against a base
 * folder (its own output, written first), as a user runs it: one child process that runs
 * cdk8s.yaml's app and compares every environment. Median of 10 runs; the target is ≤ 2 s.
 *
 *   npm run build && node bench/plan.js
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'build', 'lib', 'cli', 'main.js');
const RUNS = 10;

function main() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-platform-bench-plan-'));
  try {
    const synth = spawnSync(process.execPath, ['build/apps/synth.js'], {
      cwd: ROOT,
      env: { ...process.env, CDK8S_OUTDIR: base },
      encoding: 'utf8',
    });
    if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [BIN, 'plan', '--base', base], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (run.status !== 0) throw new Error(`plan failed:\n${run.stderr}`);
    }
    times.sort((a, b) => a - b);
    const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `gke-platform plan of the example against a base folder: median ${median.toFixed(0)} ms of ${RUNS} (min ${times[0].toFixed(0)}, max ${times[RUNS - 1].toFixed(0)}) on ${os.cpus().length} × ${cpu}, Node.js ${process.version}`,
    );
    if (median > 2000) process.exitCode = 1;
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main();
