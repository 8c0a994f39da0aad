/**
 * `npm run bench:scale [-- --runs R]` — the scale goals: N=1000 and N=2000, R runs each
 * (default 3), alternating.
 * `npm run bench:scale -- N [--no-batch] [--no-build] [--cpu-prof DIR]` — one run at N.
 *
 * A child process (bench/scale.js) synthesizes N generated WebServices (Service, Ingress path,
 * HorizontalPodAutoscaler and PodDisruptionBudget each), N/10 CronTasks and 2 DaemonAgents
 * (--no-batch: WebServices only) for the three environments of a generated platform
 * (bench/scale-definition.ts) into a temporary folder. The parent measures the whole child,
 * node start-up included: wall time, CPU time and peak RSS (from /usr/bin/time when there is
 * one). It prints each goal with PASS or FAIL on stderr and ONE JSON line on stdout, and
 * exits with 1 when a goal fails. Builds first when build/ is missing or older than a source.
 *
 * The goals (issue 9), on wall time of the whole process:
 * - N=1000: at most 4 s and 400 MiB peak RSS (median wall of the runs; RSS in every run);
 * - N=2000: at most 2.1× the time of N=1000 (medians), i.e. linear growth.
 * --cpu-prof DIR runs the child under `node --cpu-prof` (summarize the profile with
 * bench/cpu-profile-summary.js); profiling slows it, so no goal is checked then.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { ensureBuild, machine, median } = require('./common');

const GOAL = { n: 1000, maxWallSeconds: 4, maxPeakRssMiB: 400, largerN: 2000, maxGrowth: 2.1 };
const TIME = '/usr/bin/time';

/** Runs bench/scale.js once; returns its JSON line merged with the parent's measurements. */
function runScale(n, { batch = true, cpuProfDir } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), `gke-platform-scale-${n}-`));
  const timeFile = join(outdir, 'time.txt');
  const child = [join(__dirname, 'scale.js'), String(n), join(outdir, 'dist')];
  if (cpuProfDir) child.unshift('--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir)}`);
  if (!batch) child.push('--no-batch');
  const useTime = existsSync(TIME);
  // Peak RSS in KiB and CPU seconds (user, system), in their own file, apart from the child's output.
  const [command, args] = useTime
    ? [TIME, ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...child]]
    : [process.execPath, child];
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`bench/scale.js ${n} exited with ${result.status ?? result.signal}`);
    }
    const report = JSON.parse(result.stdout.trim().split('\n').pop());
    const [peakKiB, user, system] = useTime
      ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
      : [report.maxRssKiB, report.cpuSeconds.user, report.cpuSeconds.system];
    return {
      n,
      environments: report.environments,
      objects: report.objects,
      batch: report.batch,
      ...(cpuProfDir ? { profiled: resolve(cpuProfDir) } : {}),
      wallSeconds: round(wallSeconds, 2),
      cpuSeconds: round(user + system, 2),
      peakRssMiB: round(peakKiB / 1024, 1),
      rssFrom: useTime ? '/usr/bin/time' : 'process.resourceUsage()',
      phasesMs: report.phasesMs,
      byKind: report.byKind,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Prints `goal: figure → PASS/FAIL` on stderr; returns whether it passed. */
function verdict(goal, figure, pass) {
  process.stderr.write(`${pass ? 'PASS' : 'FAIL'}  ${goal}: ${figure}\n`);
  return pass;
}

/** R runs of N=1000 and N=2000, alternating; the medians against the goals. */
function checkGoals({ runs, batch }) {
  const loadAtStart = machine().loadAverage1m;
  const sizes = [GOAL.n, GOAL.largerN];
  const results = Object.fromEntries(sizes.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (const n of sizes) {
      const run = runScale(n, { batch });
      process.stderr.write(
        `run ${r + 1}/${runs} N=${n}: ${run.objects} objects, ${run.wallSeconds} s wall, ${run.cpuSeconds} s CPU, ${run.peakRssMiB} MiB (load ${run.phasesMs.load} ms, synthesize ${run.phasesMs.synthesize} ms, write ${run.phasesMs.write} ms)\n`,
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
    medianCpuSeconds: round(median(results[n].map((r) => r.cpuSeconds)), 2),
    medianPeakRssMiB: round(median(results[n].map((r) => r.peakRssMiB)), 1),
    medianPhasesMs: Object.fromEntries(
      Object.keys(results[n][0].phasesMs).map((phase) => [
        phase,
        median(results[n].map((r) => r.phasesMs[phase])),
      ]),
    ),
  });
  const small = summary(GOAL.n);
  const large = summary(GOAL.largerN);
  const growth = round(large.medianWallSeconds / small.medianWallSeconds, 2);
  const pass = {
    wall1000: verdict(
      `N=${GOAL.n} wall ≤ ${GOAL.maxWallSeconds} s (median of ${runs})`,
      `${small.medianWallSeconds} s`,
      small.medianWallSeconds <= GOAL.maxWallSeconds,
    ),
    rss1000: verdict(
      `N=${GOAL.n} peak RSS ≤ ${GOAL.maxPeakRssMiB} MiB (every run)`,
      `${Math.max(...small.peakRssMiB)} MiB`,
      Math.max(...small.peakRssMiB) <= GOAL.maxPeakRssMiB,
    ),
    growth: verdict(
      `N=${GOAL.largerN} wall ≤ ${GOAL.maxGrowth}× N=${GOAL.n} (medians)`,
      `${growth}×`,
      growth <= GOAL.maxGrowth,
    ),
  };
  return {
    runs,
    batch: results[GOAL.n][0].batch,
    n1000: small,
    n2000: large,
    wallRatio2000to1000: growth,
    cpuRatio2000to1000: round(large.medianCpuSeconds / small.medianCpuSeconds, 2),
    rssRatio2000to1000: round(large.medianPeakRssMiB / small.medianPeakRssMiB, 2),
    goal: GOAL,
    pass: { ...pass, all: Object.values(pass).every(Boolean) },
    machine: { ...machine(), loadAverage1mAtStart: loadAtStart },
  };
}

function main() {
  const args = process.argv.slice(2);
  const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const cpuProfDir = valueOf('--cpu-prof');
  const runs = Number(valueOf('--runs') ?? 3);
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !['--cpu-prof', '--runs'].includes(args[i - 1]),
  );
  const n = positional.length > 0 ? Number(positional[0]) : undefined;
  if ((n !== undefined && (!Number.isInteger(n) || n < 1)) || !Number.isInteger(runs) || runs < 1) {
    console.error(
      'usage: npm run bench:scale [-- --runs R]  |  npm run bench:scale -- N [--no-batch] [--no-build] [--cpu-prof DIR]',
    );
    process.exit(2);
  }
  if (!args.includes('--no-build')) ensureBuild();
  const batch = !args.includes('--no-batch');

  if (n === undefined) {
    const report = checkGoals({ runs, batch });
    console.log(JSON.stringify(report));
    if (!report.pass.all) process.exitCode = 1;
    return;
  }
  const run = runScale(n, { batch, cpuProfDir });
  let pass = null;
  if (n === GOAL.n && !cpuProfDir) {
    pass =
      verdict(
        `N=${n} wall ≤ ${GOAL.maxWallSeconds} s`,
        `${run.wallSeconds} s`,
        run.wallSeconds <= GOAL.maxWallSeconds,
      ) &&
      verdict(
        `N=${n} peak RSS ≤ ${GOAL.maxPeakRssMiB} MiB`,
        `${run.peakRssMiB} MiB`,
        run.peakRssMiB <= GOAL.maxPeakRssMiB,
      );
  }
  console.log(JSON.stringify({ ...run, goal: GOAL, pass, machine: machine() }));
  if (pass === false) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}

module.exports = { checkGoals, runScale, round, GOAL };
