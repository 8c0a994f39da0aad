/**
 * `npm run bench:inner-loop` or `node bench/inner-loop.js [--runs R] [--ts-node DIR]`
 *
 * Goal: edit → YAML for the example takes at most 1.5 s wall with `npm run synth:fast`.
 *
 * Each run edits apps/main.ts (appends a comment line, so the file's content changes as an
 * edit changes it), then runs one command to completion with CDK8S_OUTDIR in a temporary
 * folder. The commands take turns (A B C … A B C …, after one warm-up each), R runs each
 * (default 5); the figures are the medians of wall time and of CPU time (user + system of
 * the whole process tree). apps/main.ts is restored afterwards.
 *
 * - `npm run synth`: the typed path (tsc compiles the project, then node runs build/).
 * - `npm run synth:fast`: the sources stripped by SWC as they load (scripts/register-swc.js).
 * - `node -r ./scripts/register-swc.js apps/synth.ts`: the same without npm's own start-up
 *   (what `npm run synth:watch` reruns on each save).
 * - ts-node, the cdk8s TypeScript template's `app: npx ts-node main.ts` (type-checks), and
 *   `ts-node --transpile-only`: only when ts-node can be found, in this project or in
 *   `--ts-node DIR` (a folder whose node_modules holds it, e.g. after
 *   `npm install --prefix DIR ts-node@10.9.2`). ts-node is not a dependency of this project.
 *
 * Every command's output is compared with `npm run synth`'s (byte for byte) once, in the
 * warm-up. Also reported: node's bare start-up (`node -e ''`) and the synth's own figure (it
 * prints how long synthesizing and writing took), so that what is left of the fast path is
 * loading and stripping the modules.
 *
 * Prints the goal with PASS or FAIL on stderr and ONE JSON line on stdout; exits 1 on FAIL.
 */
const { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, machine, median, timedSynth } = require('./common');

const GOAL_MS = 1500;
const MAIN = join(ROOT, 'apps', 'main.ts');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}
const RUNS = Number(option('--runs', 5));
const TS_NODE_DIR = option('--ts-node', undefined);

function tsNodeBin() {
  const paths = [ROOT, ...(TS_NODE_DIR ? [TS_NODE_DIR] : [])];
  try {
    return require.resolve('ts-node/dist/bin.js', { paths });
  } catch {
    return undefined;
  }
}

function commands() {
  const list = [
    { name: 'npm run synth', command: 'npm run --silent synth' },
    { name: 'npm run synth:fast', command: 'npm run --silent synth:fast' },
    {
      name: 'node -r ./scripts/register-swc.js apps/synth.ts',
      command: 'node -r ./scripts/register-swc.js apps/synth.ts',
    },
  ];
  const tsNode = tsNodeBin();
  if (tsNode) {
    list.push(
      { name: 'ts-node apps/synth.ts', command: `node ${tsNode} apps/synth.ts` },
      {
        name: 'ts-node --transpile-only apps/synth.ts',
        command: `node ${tsNode} --transpile-only apps/synth.ts`,
      },
    );
  }
  return { list, tsNode };
}

const run = (command, outdir) => timedSynth(command, ROOT, outdir);

function filesOf(dir) {
  const files = {};
  for (const env of ['dev', 'staging', 'prod']) {
    files[env] = readFileSync(join(dir, env, 'manifests.yaml'), 'utf8');
  }
  return files;
}

const original = readFileSync(MAIN, 'utf8');
// Ctrl-C ends the running command first, then this process: leave apps/main.ts as it was.
process.on('SIGINT', () => {
  writeFileSync(MAIN, original);
  process.exit(130);
});
let edits = 0;
/** An edit: apps/main.ts with one more line than before. */
function edit() {
  appendFileSync(MAIN, `// inner-loop benchmark edit ${++edits}\n`);
}

function bench() {
  const work = mkdtempSync(join(tmpdir(), 'gke-platform-inner-loop-'));
  const { list, tsNode } = commands();
  const sameOutput = {};
  try {
    let reference;
    for (const c of list) {
      const outdir = join(work, String(list.indexOf(c)));
      edit();
      run(c.command, outdir);
      const files = filesOf(outdir);
      reference ??= files;
      sameOutput[c.name] = JSON.stringify(files) === JSON.stringify(reference);
    }
    const samples = Object.fromEntries(list.map((c) => [c.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const c of list) {
        edit();
        samples[c.name].push(run(c.command, join(work, `${list.indexOf(c)}-${i}`)));
      }
    }
    const nodeStart = [];
    for (let i = 0; i < RUNS; i++) nodeStart.push(run(`node -e ''`, work).ms);
    return { list, tsNode, samples, sameOutput, nodeStartMs: median(nodeStart) };
  } finally {
    writeFileSync(MAIN, original);
    rmSync(work, { recursive: true, force: true });
  }
}

const round = (ms) => Math.round(ms * 10) / 10;
const { list, tsNode, samples, sameOutput, nodeStartMs } = bench();
const figures = Object.fromEntries(
  list.map(({ name }) => [
    name,
    {
      medianMs: round(median(samples[name].map((s) => s.ms))),
      runsMs: samples[name].map((s) => round(s.ms)),
      medianCpuMs: round(median(samples[name].map((s) => s.cpuMs))),
      synthesizeAndWriteMs: median(samples[name].map((s) => s.synthMs)),
      sameOutputAsNpmRunSynth: sameOutput[name],
    },
  ]),
);
const fast = figures['npm run synth:fast'];
const pass = fast.medianMs <= GOAL_MS && Object.values(sameOutput).every(Boolean);
const goal = `npm run synth:fast, edit → YAML ≤ ${GOAL_MS} ms wall (same output as npm run synth)`;
process.stderr.write(
  `${pass ? 'PASS' : 'FAIL'} ${goal}: ${fast.medianMs} ms` +
    ` (npm run synth ${figures['npm run synth'].medianMs} ms)\n` +
    (tsNode ? '' : 'ts-node: not installed (see --ts-node), not measured\n'),
);
process.stdout.write(
  `${JSON.stringify({
    goal,
    pass,
    runs: RUNS,
    figures,
    tsNode: tsNode ?? 'not installed',
    nodeStartMs: round(nodeStartMs),
    machine: machine(),
  })}\n`,
);
process.exitCode = pass ? 0 : 1;
