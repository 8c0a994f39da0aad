/**
 * `npm run bench:scale -- N [--no-batch | --with-batch] [--no-build] [--cpu-prof DIR]`
 *
 * Synthesizes N generated WebServices (Service, Ingress path, HorizontalPodAutoscaler and
 * PodDisruptionBudget each) for the three environments of a generated platform into a
 * temporary folder, in a child process (bench/scale.js), with N/10 CronTasks and 2
 * DaemonAgents per environment when the build has them (--no-batch: WebServices only;
 * --with-batch: fail without them), and prints ONE JSON line: object
 * count, wall time of the whole child (node start-up included) and its peak RSS, the goals
 * and whether they pass. Builds first when build/ is missing or older than the sources.
 * The goals (issue 2, section 7) are stated for N=1000; for other N, "pass" is null.
 * --cpu-prof DIR runs the child under `node --cpu-prof` (summarize the profile with
 * bench/cpu-profile-summary.js); profiling slows it, so the line says "profiled".
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { ensureBuild, machine } = require('./common');

const GOAL = { n: 1000, maxWallSeconds: 10, maxPeakRssMiB: 600 };
const TIME = '/usr/bin/time';

/** Runs bench/scale.js once; returns its JSON line merged with the parent's measurements. */
function runScale(n, { batch, cpuProfDir } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), `gke-platform-scale-${n}-`));
  const timeFile = join(outdir, 'time.txt');
  const child = [join(__dirname, 'scale.js'), String(n), join(outdir, 'dist')];
  if (cpuProfDir) child.unshift('--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir)}`);
  if (batch === false) child.push('--no-batch');
  if (batch === true) child.push('--with-batch');
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

/** --no-batch: false, --with-batch: true, neither: undefined (whatever the build has). */
function batchFlag(args) {
  if (args.includes('--no-batch')) return false;
  return args.includes('--with-batch') ? true : undefined;
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function main() {
  const args = process.argv.slice(2);
  const profAt = args.indexOf('--cpu-prof');
  const cpuProfDir = profAt >= 0 ? args[profAt + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && (profAt < 0 || i !== profAt + 1));
  const n = Number(positional[0] ?? GOAL.n);
  if (!Number.isInteger(n) || n < 1) {
    console.error(
      'usage: npm run bench:scale -- N [--no-batch | --with-batch] [--no-build] [--cpu-prof DIR]',
    );
    process.exit(2);
  }
  if (!args.includes('--no-build')) ensureBuild();
  const run = runScale(n, { batch: batchFlag(args), cpuProfDir });
  const pass =
    n === GOAL.n && !cpuProfDir
      ? run.wallSeconds <= GOAL.maxWallSeconds && run.peakRssMiB <= GOAL.maxPeakRssMiB
      : null;
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

module.exports = { batchFlag, runScale, round, GOAL };
