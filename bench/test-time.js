/**
 * `npm run bench:test` — the test-suite goal (issue 9): `npm test` (the whole jest suite) in
 * under 60 s wall. Runs it once, prints its summary lines, the goal with PASS or FAIL on
 * stderr and ONE JSON line on stdout; exits with 1 when the tests or the goal fail. Besides the
 * wall time it reports the CPU time of the whole process tree (jest, its workers and every
 * child process they wait for; Linux only), which other jobs on the machine disturb less.
 */
const { readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { machine } = require('./common');

const MAX_SECONDS = 60;
/** Linux's USER_HZ: the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = 100;

/** User and system CPU seconds of this process's waited-for children, or undefined. */
function childrenCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (in parentheses): cutime and cstime are the 16th and 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: Number(fields[13]) / TICKS_PER_SECOND,
      system: Number(fields[14]) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

const loadAtStart = machine().loadAverage1m;
const cpuBefore = childrenCpuSeconds();
const started = process.hrtime.bigint();
const result = spawnSync('npm', ['test', '--silent'], {
  cwd: require('node:path').join(__dirname, '..'),
  encoding: 'utf8',
  maxBuffer: 256 << 20,
});
const wallSeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
const cpuAfter = childrenCpuSeconds();
const cpu =
  cpuBefore && cpuAfter
    ? {
        userSeconds: Math.round((cpuAfter.user - cpuBefore.user) * 100) / 100,
        systemSeconds: Math.round((cpuAfter.system - cpuBefore.system) * 100) / 100,
      }
    : undefined;
const summary = `${result.stdout}${result.stderr}`
  .split('\n')
  .filter((line) => /^(Tests|Test Suites|Time):/.test(line));
process.stderr.write(`${summary.join('\n')}\n`);
const passed = result.status === 0;
const fast = wallSeconds < MAX_SECONDS;
const cpuLine = cpu
  ? ` (CPU ${Math.round((cpu.userSeconds + cpu.systemSeconds) * 10) / 10} s: user ${cpu.userSeconds}, system ${cpu.systemSeconds})`
  : '';
process.stderr.write(
  `${passed ? 'PASS' : 'FAIL'}  npm test passes\n${fast ? 'PASS' : 'FAIL'}  npm test < ${MAX_SECONDS} s wall: ${wallSeconds} s${cpuLine}\n`,
);
const end = machine();
console.log(
  JSON.stringify({
    benchmark: 'npm-test',
    wallSeconds,
    cpu,
    testsPassed: passed,
    summary,
    goal: { maxWallSeconds: MAX_SECONDS },
    pass: passed && fast,
    machine: { ...end, loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: end.loadAverage1m },
  }),
);
if (!passed || !fast) process.exitCode = 1;
