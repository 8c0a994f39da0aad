/**
 * `node bench/scale-check.js [--runs R] [--no-batch | --with-batch] [--no-build]`
 *
 * Runs the scale benchmark (bench/run-scale.js) R times (default 3) at N=1000 and at N=2000,
 * alternating, and prints ONE JSON line with every run, the medians, the N=1000 goals
 * (≤ 10 s wall, ≤ 600 MiB peak RSS) and the growth goal: N=2000 at most 2.2× N=1000
 * (wall time, medians; peak RSS must hold in every run). Each run is also printed to stderr
 * as it finishes, and the line gives CPU seconds too, which other load on the machine
 * inflates much less than wall time.
 */
const { ensureBuild, machine, median } = require('./common');
const { GOAL, batchFlag, round, runScale } = require('./run-scale');

const MAX_GROWTH = 2.2;

function main() {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(
      'usage: node bench/scale-check.js [--runs R] [--no-batch | --with-batch] [--no-build]',
    );
    process.exit(2);
  }
  const batch = batchFlag(args);
  if (!args.includes('--no-build')) ensureBuild();

  const loadAtStart = machine().loadAverage1m;
  const sizes = [1000, 2000];
  const results = { 1000: [], 2000: [] };
  for (let r = 0; r < runs; r++) {
    for (const n of sizes) {
      const run = runScale(n, { batch });
      process.stderr.write(
        `run ${r + 1}/${runs} N=${n}: ${run.objects} objects, ${run.wallSeconds} s wall, ${run.cpuSeconds} s CPU, ${run.peakRssMiB} MiB\n`,
      );
      results[n].push(run);
    }
  }
  const summary = (n) => ({
    n,
    objects: results[n][0].objects,
    wallSeconds: results[n].map((r) => r.wallSeconds),
    cpuSeconds: results[n].map((r) => r.cpuSeconds),
    peakRssMiB: results[n].map((r) => r.peakRssMiB),
    medianWallSeconds: round(median(results[n].map((r) => r.wallSeconds)), 2),
    minWallSeconds: Math.min(...results[n].map((r) => r.wallSeconds)),
    medianCpuSeconds: round(median(results[n].map((r) => r.cpuSeconds)), 2),
    medianPeakRssMiB: round(median(results[n].map((r) => r.peakRssMiB)), 1),
  });
  const small = summary(1000);
  const large = summary(2000);
  const growth = round(large.medianWallSeconds / small.medianWallSeconds, 2);
  const pass = {
    wall1000: small.medianWallSeconds <= GOAL.maxWallSeconds,
    rss1000: Math.max(...small.peakRssMiB) <= GOAL.maxPeakRssMiB,
    growth: growth <= MAX_GROWTH,
  };
  console.log(
    JSON.stringify({
      runs,
      batch: results[1000][0].batch,
      n1000: small,
      n2000: large,
      wallRatio2000to1000: growth,
      cpuRatio2000to1000: round(large.medianCpuSeconds / small.medianCpuSeconds, 2),
      rssRatio2000to1000: round(large.medianPeakRssMiB / small.medianPeakRssMiB, 2),
      goal: { ...GOAL, maxWallRatio2000to1000: MAX_GROWTH },
      pass: { ...pass, all: Object.values(pass).every(Boolean) },
      machine: { ...machine(), loadAverage1mAtStart: loadAtStart },
    }),
  );
  if (!Object.values(pass).every(Boolean)) process.exitCode = 1;
}

main();
