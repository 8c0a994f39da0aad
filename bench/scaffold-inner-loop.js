/**
 * `npm run bench:scaffold-inner-loop` or
 * `node bench/scaffold-inner-loop.js [--runs R] [--tarball FILE] [--project DIR] [--no-ts-node]`
 *
 * Goal: edit → YAML in a project made by `gke-platform init` takes at most 1 s wall with its
 * `npm run synth:fast`.
 *
 * Setup (skipped with `--project DIR`, a project this script set up before, which it keeps):
 * packs this repository (`npm pack`, whose prepack builds; or `--tarball FILE`), runs
 * `gke-platform init shop` (this repository's build, the tarball's files) in a temporary
 * folder, installs the project with the tarball as its gke-platform (`npm install
 * --prefer-offline`, the npm cache first), and ts-node 10.9.2 as a devDependency beside it
 * (`--ignore-scripts`: it has no install scripts, `npm view ts-node scripts` lists only
 * `prepare`, which a registry install does not run), since the cdk8s TypeScript template's
 * `cdk8s.yaml` is `app: npx ts-node main.ts`.
 *
 * Each run edits src/main.ts (appends a comment line), then runs one command to completion
 * in the project with CDK8S_OUTDIR in a temporary folder. The commands take turns (A B C … A
 * B C …, after one warm-up each), R runs each (default 5); the figures are the medians of
 * wall time and of CPU time (user + system of the whole process tree).
 *
 * - `npx ts-node src/synth.ts`: the anchor, the cdk8s template's default (type-checks).
 * - `npx ts-node --transpile-only src/synth.ts`: the same without type checks.
 * - `npm run synth`: the project's typed path (tsc, then node runs build/).
 * - `npm run synth:fast`: the sources stripped by SWC as they load (gke-platform/register).
 * - `node -r gke-platform/register src/synth.ts`: the same without npm's own start-up (what
 *   `npm run synth:watch` reruns on each save).
 *
 * Every command's output is compared with `npm run synth`'s (byte for byte) in the warm-up.
 * Also reported: node's bare start-up (`node -e ''`), npm's (`npm run --silent noop`, a
 * script that does nothing), and the synth's own figure (it prints how long synthesizing and
 * writing took), so that what is left of the fast path is loading and stripping the modules.
 *
 * Prints the goal with PASS or FAIL on stderr and ONE JSON line on stdout; exits 1 on FAIL.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, machine, median, timedSynth } = require('./common');

const GOAL_MS = 1000;
const TS_NODE = 'ts-node@10.9.2';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}
const RUNS = Number(option('--runs', 5));
const WITH_TS_NODE = !process.argv.includes('--no-ts-node');

function sh(command, args, cwd) {
  process.stderr.write(`$ ${command} ${args.join(' ')}\n`);
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A new project from `gke-platform init`, installed; returns its folder. */
function setUp() {
  const work = fs.mkdtempSync(join(tmpdir(), 'gke-platform-scaffold-bench-'));
  let tarball = option('--tarball', undefined);
  if (tarball === undefined) {
    sh('npm', ['pack', '--pack-destination', work, '--loglevel=error'], ROOT);
    tarball = join(
      work,
      fs.readdirSync(work).find((f) => f.endsWith('.tgz')),
    );
  }
  sh(process.execPath, [join(ROOT, 'build', 'lib', 'cli', 'main.js'), 'init', 'shop'], work);
  const project = join(work, 'shop');
  const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  sh('npm', [...install, tarball], project);
  if (WITH_TS_NODE) sh('npm', [...install, '--save-dev', '--ignore-scripts', TS_NODE], project);
  // npm's own start-up, measured apart.
  const pkg = JSON.parse(fs.readFileSync(join(project, 'package.json'), 'utf8'));
  pkg.scripts.noop = 'true';
  fs.writeFileSync(join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  process.stderr.write(`project: ${project} (rerun with --project ${project})\n`);
  return project;
}

function commands(project) {
  const hasTsNode = fs.existsSync(join(project, 'node_modules', 'ts-node'));
  return [
    ...(hasTsNode
      ? [
          { name: 'npx ts-node src/synth.ts (anchor)', command: 'npx ts-node src/synth.ts' },
          {
            name: 'npx ts-node --transpile-only src/synth.ts',
            command: 'npx ts-node --transpile-only src/synth.ts',
          },
        ]
      : []),
    { name: 'npm run synth', command: 'npm run --silent synth' },
    { name: 'npm run synth:fast', command: 'npm run --silent synth:fast' },
    {
      name: 'node -r gke-platform/register src/synth.ts',
      command: 'node -r gke-platform/register src/synth.ts',
    },
  ];
}

function filesOf(dir) {
  const files = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path.slice(dir.length + 1)] = fs.readFileSync(path, 'utf8');
    }
  }
  return files;
}

function bench(project) {
  const main = join(project, 'src', 'main.ts');
  const original = fs.readFileSync(main, 'utf8');
  process.on('SIGINT', () => {
    fs.writeFileSync(main, original);
    process.exit(130);
  });
  let edits = 0;
  const edit = () => fs.appendFileSync(main, `// inner-loop benchmark edit ${++edits}\n`);
  const out = fs.mkdtempSync(join(tmpdir(), 'gke-platform-scaffold-out-'));
  const list = commands(project);
  const sameOutput = {};
  try {
    let reference;
    // The reference first: npm run synth's output.
    const typed = list.filter((c) => c.name === 'npm run synth');
    for (const c of [...typed, ...list.filter((c) => !typed.includes(c))]) {
      const outdir = join(out, `warm-${list.indexOf(c)}`);
      edit();
      timedSynth(c.command, project, outdir);
      const files = filesOf(outdir);
      reference ??= files;
      sameOutput[c.name] = JSON.stringify(files) === JSON.stringify(reference);
    }
    const samples = Object.fromEntries(list.map((c) => [c.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const c of list) {
        edit();
        samples[c.name].push(timedSynth(c.command, project, join(out, `${list.indexOf(c)}-${i}`)));
      }
    }
    const start = (command) =>
      median(Array.from({ length: RUNS }, () => timedSynth(command, project, out).ms));
    return {
      list,
      samples,
      sameOutput,
      nodeStartMs: start(`node -e ''`),
      npmStartMs: start('npm run --silent noop'),
    };
  } finally {
    fs.writeFileSync(main, original);
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const project = option('--project', undefined) ?? setUp();
const { list, samples, sameOutput, nodeStartMs, npmStartMs } = bench(project);
const round = (ms) => Math.round(ms * 10) / 10;
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
const goal = `scaffolded project, npm run synth:fast, edit → YAML ≤ ${GOAL_MS} ms wall (same output as npm run synth)`;
process.stderr.write(
  `${pass ? 'PASS' : 'FAIL'} ${goal}: ${fast.medianMs} ms` +
    ` (npm run synth ${figures['npm run synth'].medianMs} ms)\n` +
    (list.length === 3 ? 'ts-node: not installed (--no-ts-node), not measured\n' : ''),
);
process.stdout.write(
  `${JSON.stringify({
    goal,
    pass,
    runs: RUNS,
    project,
    figures,
    nodeStartMs: round(nodeStartMs),
    npmStartMs: round(npmStartMs),
    machine: machine(),
  })}\n`,
);
process.exitCode = pass ? 0 : 1;
