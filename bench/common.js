/** What the benchmarks share: the build check and a description of the machine. */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCES = ['lib', 'apps', 'imports', 'bench'];
const BUILT = join(ROOT, 'build', 'lib', 'index.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when build/ is missing or older than a source file. */
function ensureBuild() {
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((d) => newestMtime(join(ROOT, d))));
  if (built >= sources) return;
  process.stderr.write('build/ is missing or stale: npm run build\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** CPU model, cores, RAM, OS, node and (when given) kubectl: enough to compare figures. */
function machine(extra = {}) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (line) cpu = line[1].trim();
  } catch {
    // No /proc/cpuinfo (not Linux): keep the model os.cpus() gives.
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    // Other processes on the machine inflate wall times; this says how busy it was.
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    ...extra,
  };
}

/** `kubectl version --client`, as one line (e.g. "v1.32.4-dispatcher, kustomize v5.5.0"). */
function kubectlVersion(kubectl) {
  try {
    const out = execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' });
    const client = out.match(/Client Version:\s*(\S+)/)?.[1] ?? 'unknown';
    const kustomize = out.match(/Kustomize Version:\s*(\S+)/)?.[1] ?? 'unknown';
    return `${client}, kustomize ${kustomize}`;
  } catch {
    return 'not found';
  }
}

/** CPU time of waited-for children (utime + stime of descendants), from /proc/self/stat. */
const TICKS_PER_SECOND =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), cutime and cstime; `fields` starts at field 3.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs a synth `command` in `cwd` with CDK8S_OUTDIR=`outdir`: its wall time, its children's CPU
 * time and the synth's own time from its `… in N ms` line. A failing command throws with its
 * output.
 */
function timedSynth(command, cwd, outdir) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd,
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`'${command}' exited with ${result.status ?? result.signal}`);
  }
  const synthMs = Number(/ in (\d+) ms/.exec(result.stdout)?.[1]);
  return { ms, cpuMs, synthMs };
}

module.exports = { ROOT, childrenCpuMs, ensureBuild, machine, kubectlVersion, median, timedSynth };
