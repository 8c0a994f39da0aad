/**
 * `npm run bench:test` — the test-suite goal (issue 9): `npm test` (the whole jest suite) in
 * under 60 s wall. Runs it once, prints its summary lines, the goal with PASS or FAIL on
 * stderr and ONE JSON line on stdout; exits with 1 when the tests or the goal fail.
 */
const { spawnSync } = require('node:child_process');
const { machine } = require('./common');

const MAX_SECONDS = 60;

const loadAtStart = machine().loadAverage1m;
const started = process.hrtime.bigint();
const result = spawnSync('npm', ['test', '--silent'], {
  cwd: require('node:path').join(__dirname, '..'),
  encoding: 'utf8',
  maxBuffer: 256 << 20,
});
const wallSeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
const summary = `${result.stdout}${result.stderr}`
  .split('\n')
  .filter((line) => /^(Tests|Test Suites|Time):/.test(line));
process.stderr.write(`${summary.join('\n')}\n`);
const passed = result.status === 0;
const fast = wallSeconds < MAX_SECONDS;
process.stderr.write(
  `${passed ? 'PASS' : 'FAIL'}  npm test passes\n${fast ? 'PASS' : 'FAIL'}  npm test < ${MAX_SECONDS} s wall: ${wallSeconds} s\n`,
);
console.log(
  JSON.stringify({
    benchmark: 'npm-test',
    wallSeconds,
    testsPassed: passed,
    summary,
    goal: { maxWallSeconds: MAX_SECONDS },
    pass: passed && fast,
    machine: { ...machine(), loadAverage1mAtStart: loadAtStart },
  }),
);
if (!passed || !fast) process.exitCode = 1;
