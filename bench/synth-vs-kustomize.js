/**
 * `npm run bench:synth` (builds, then runs this) or `node bench/synth-vs-kustomize.js
 * [--reps R] [--keep]`
 *
 * Goal (issue 9): the cdk8s.yaml synth command on the example takes at most 1.0× the time
 * `kubectl kustomize` takes to build the same objects as three environment overlays (no
 * slower than kustomize), measured side by side in one run.
 *
 * 1. Runs the cdk8s.yaml `app` command once into a temporary folder: the reference objects.
 * 2. Writes the Kustomize way of getting them: `base/` holds the objects every environment
 *    has (as the first environment has them), `overlays/<env>/` sets the environment's
 *    namespace (`namespace:`), adds the objects only that environment has, and carries one
 *    JSON 6902 patch per base object that differs in more than its namespace.
 * 3. Checks that `kubectl kustomize overlays/<env>` yields the same objects as the synth
 *    (parsed, compared as sets) and prints whether they match.
 * 4. Times, alternating, R repetitions (default 10, after one warm-up) of (a) the app
 *    command with CDK8S_OUTDIR in the temporary folder and (b) the three
 *    `kubectl kustomize overlays/<env> > <env>.yaml` in sequence. Both go through
 *    `/bin/sh -c`, as cdk8s runs the app, and both write their YAML to files.
 * 5. Prints the goal with PASS or FAIL on stderr and ONE JSON line on stdout: both medians,
 *    the ratio, the goal, pass/fail and the machine, plus the CPU time (user + system) of each
 *    side, which other load on the machine inflates less than wall time.
 *
 * KUBECTL=/path/to/kubectl picks another kubectl (default: kubectl on PATH).
 */
const { spawnSync } = require('node:child_process');
const {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parse, parseAllDocuments, stringify } = require('yaml');
const { ROOT, kubectlVersion, machine, median } = require('./common');

const MAX_RATIO = 1.0;
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

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

function sh(command, env = {}) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`'${command}' exited with ${result.status ?? result.signal}`);
  }
  return { ms, cpuMs, stdout: result.stdout };
}

function readObjects(file) {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJSON())
    .filter((o) => o !== null);
}

/** The object's identity across environments: its namespace (the environment's) left out. */
function identity(o) {
  const name = o.kind === 'Namespace' ? '' : o.metadata.name;
  return `${o.apiVersion}|${o.kind}|${name}`;
}

/** Sorted-key JSON, so that parsed objects compare by value. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const pointer = (path) =>
  path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** RFC 6902 operations that turn `from` into `to` (arrays of another length are replaced whole). */
function diff(from, to, path = [], ops = []) {
  const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isMap(from) && isMap(to)) {
    for (const key of Object.keys(from))
      if (!(key in to)) ops.push({ op: 'remove', path: pointer([...path, key]) });
    for (const key of Object.keys(to)) {
      if (!(key in from)) ops.push({ op: 'add', path: pointer([...path, key]), value: to[key] });
      else diff(from[key], to[key], [...path, key], ops);
    }
  } else if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    for (let i = 0; i < from.length; i++) diff(from[i], to[i], [...path, i], ops);
  } else if (canonical(from) !== canonical(to)) {
    ops.push({ op: 'replace', path: pointer(path), value: to });
  }
  return ops;
}

/** Where `labels: [{ includeTemplates: true }]` also puts its labels, by kind. */
const TEMPLATE_LABELS = {
  Deployment: [['spec', 'template']],
  ReplicaSet: [['spec', 'template']],
  StatefulSet: [['spec', 'template']],
  DaemonSet: [['spec', 'template']],
  Job: [['spec', 'template']],
  CronJob: [
    ['spec', 'jobTemplate'],
    ['spec', 'jobTemplate', 'spec', 'template'],
  ],
};

/** What an overlay's `namespace: NS` and `labels: [{ pairs, includeTemplates: true }]` do to our objects. */
function transformed(o, namespace, labels) {
  const copy = structuredClone(o);
  if (o.kind === 'Namespace') copy.metadata.name = namespace;
  // Cluster-scoped objects (no namespace in the synth) stay so: kustomize knows the kinds.
  else if (o.metadata.namespace !== undefined) copy.metadata.namespace = namespace;
  const label = (holder) => {
    holder.metadata ??= {};
    holder.metadata.labels = { ...holder.metadata.labels, ...labels };
  };
  label(copy);
  for (const path of TEMPLATE_LABELS[o.kind] ?? []) {
    const holder = path.reduce((at, key) => at?.[key], copy);
    if (holder) label(holder);
  }
  return copy;
}

/**
 * The labels every object of each environment has with one value, and that differ between
 * environments (the environment label): what an overlay sets with `labels:`.
 */
function environmentLabels(byEnv) {
  const constant = (objects) => {
    const [first, ...rest] = objects.map((o) => o.metadata.labels ?? {});
    return Object.fromEntries(
      Object.entries(first).filter(([k, v]) => rest.every((labels) => labels[k] === v)),
    );
  };
  const perEnv = Object.fromEntries(
    Object.entries(byEnv).map(([env, objs]) => [env, constant(objs)]),
  );
  const envs = Object.keys(perEnv);
  const keys = Object.keys(perEnv[envs[0]]).filter(
    (k) =>
      envs.every((env) => k in perEnv[env]) &&
      new Set(envs.map((env) => perEnv[env][k])).size === envs.length,
  );
  return Object.fromEntries(
    envs.map((env) => [env, Object.fromEntries(keys.map((k) => [k, perEnv[env][k]]))]),
  );
}

function namespaceOf(objects, env) {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  if (namespaces.length !== 1)
    throw new Error(`${env} has ${namespaces.length} Namespace objects; this layout expects one`);
  return namespaces[0].metadata.name;
}

const yamlStream = (objects) => objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
const kustomization = (body) =>
  stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body });

/** Writes base/ and overlays/<env>/ under `dir`; returns what it put where. */
function writeKustomizeLayout(byEnv, dir) {
  const envs = Object.keys(byEnv);
  const keys = envs.map((env) => new Set(byEnv[env].map(identity)));
  const common = (o) => keys.every((set) => set.has(identity(o)));
  const base = byEnv[envs[0]].filter(common);
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'base', 'objects.yaml'), yamlStream(base));
  writeFileSync(
    join(dir, 'base', 'kustomization.yaml'),
    kustomization({ resources: ['objects.yaml'] }),
  );

  const layout = { baseObjects: base.length, overlays: {} };
  const labelsOf = environmentLabels(byEnv);
  for (const env of envs) {
    const namespace = namespaceOf(byEnv[env], env);
    const labels = labelsOf[env];
    const own = new Map(byEnv[env].map((o) => [identity(o), o]));
    const patches = [];
    for (const o of base) {
      const ops = diff(transformed(o, namespace, labels), own.get(identity(o)));
      if (ops.length === 0) continue;
      const [group, version] = o.apiVersion.includes('/')
        ? o.apiVersion.split('/')
        : ['', o.apiVersion];
      patches.push({
        target: { ...(group ? { group } : {}), version, kind: o.kind, name: o.metadata.name },
        patch: JSON.stringify(ops),
      });
    }
    const envOnly = byEnv[env].filter((o) => !common(o));
    // kustomize's `namespace:` puts a namespace on every object but the cluster-scoped kinds
    // it knows; a cluster-scoped custom resource (VolumeSnapshotClass) goes beside the
    // overlay, in a kustomization of its own without `namespace:`.
    const clusterScoped = envOnly.filter((o) => !o.metadata.namespace && o.kind !== 'Namespace');
    const extra = envOnly.filter((o) => !clusterScoped.includes(o));
    const top = join(dir, 'overlays', env);
    const folder = clusterScoped.length > 0 ? join(top, 'namespaced') : top;
    mkdirSync(folder, { recursive: true });
    if (clusterScoped.length > 0) {
      mkdirSync(join(top, 'cluster'), { recursive: true });
      writeFileSync(join(top, 'cluster', 'objects.yaml'), yamlStream(clusterScoped));
      writeFileSync(
        join(top, 'cluster', 'kustomization.yaml'),
        kustomization({ resources: ['objects.yaml'] }),
      );
      writeFileSync(
        join(top, 'kustomization.yaml'),
        kustomization({ resources: ['namespaced', 'cluster'] }),
      );
    }
    const baseDir = clusterScoped.length > 0 ? '../../../base' : '../../base';
    if (extra.length > 0) writeFileSync(join(folder, 'objects.yaml'), yamlStream(extra));
    writeFileSync(
      join(folder, 'kustomization.yaml'),
      kustomization({
        namespace,
        ...(Object.keys(labels).length > 0
          ? { labels: [{ pairs: labels, includeSelectors: false, includeTemplates: true }] }
          : {}),
        resources: [baseDir, ...(extra.length > 0 ? ['objects.yaml'] : [])],
        ...(patches.length > 0 ? { patches } : {}),
      }),
    );
    layout.overlays[env] = {
      labels,
      patches: patches.length,
      ownObjects: extra.length,
      clusterScoped: clusterScoped.length,
    };
  }
  return layout;
}

/** Whether two object lists hold the same objects (order aside); the differences if not. */
function compare(expected, actual) {
  const key = (o) => `${identity(o)}|${o.metadata?.namespace ?? ''}`;
  const want = new Map(expected.map((o) => [key(o), canonical(o)]));
  const got = new Map(actual.map((o) => [key(o), canonical(o)]));
  const problems = [];
  for (const [k, v] of want) {
    if (!got.has(k)) problems.push(`missing ${k}`);
    else if (got.get(k) !== v) problems.push(`differs ${k}`);
  }
  for (const k of got.keys()) if (!want.has(k)) problems.push(`extra ${k}`);
  if (expected.length !== want.size || actual.length !== got.size)
    problems.push('duplicate identities');
  return problems;
}

function main() {
  const args = process.argv.slice(2);
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 10;
  if (!Number.isInteger(reps) || reps < 1) {
    console.error('usage: node bench/synth-vs-kustomize.js [--reps R] [--keep]');
    process.exit(2);
  }
  const app = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8')).app;
  const work = mkdtempSync(join(tmpdir(), 'gke-platform-synth-vs-kustomize-'));
  try {
    // 1. The reference objects, from the command being measured.
    const reference = join(work, 'reference');
    sh(app, { CDK8S_OUTDIR: reference });
    const envs = readdirSync(reference, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const byEnv = Object.fromEntries(
      envs.map((env) => [env, readObjects(join(reference, env, 'manifests.yaml'))]),
    );

    // 2. and 3. The Kustomize layout, checked against the reference.
    const kustomizeDir = join(work, 'kustomize');
    const layout = writeKustomizeLayout(byEnv, kustomizeDir);
    const mismatches = {};
    for (const env of envs) {
      const built = sh(`${KUBECTL} kustomize ${join(kustomizeDir, 'overlays', env)}`).stdout;
      const actual = parseAllDocuments(built)
        .map((d) => d.toJSON())
        .filter((o) => o !== null);
      const problems = compare(byEnv[env], actual);
      if (problems.length > 0) mismatches[env] = problems.slice(0, 5);
    }
    const same = Object.keys(mismatches).length === 0;
    if (!same) process.stderr.write(`kustomize output differs: ${JSON.stringify(mismatches)}\n`);

    // 4. Timing, alternating, after one warm-up of each.
    const synthOut = join(work, 'synth-out');
    const kustomizeOut = join(work, 'kustomize-out');
    mkdirSync(kustomizeOut);
    const synth = () => sh(app, { CDK8S_OUTDIR: synthOut });
    const kustomize = () => {
      const total = { ms: 0, cpuMs: 0 };
      for (const env of envs) {
        const overlay = join(kustomizeDir, 'overlays', env);
        const { ms, cpuMs } = sh(
          `${KUBECTL} kustomize ${overlay} > ${join(kustomizeOut, `${env}.yaml`)}`,
        );
        total.ms += ms;
        total.cpuMs += cpuMs;
      }
      return total;
    };
    synth();
    kustomize();
    const synthRuns = [];
    const kustomizeRuns = [];
    for (let i = 0; i < reps; i++) {
      synthRuns.push(synth());
      kustomizeRuns.push(kustomize());
    }
    const synthMs = synthRuns.map((r) => r.ms);
    const kustomizeMs = kustomizeRuns.map((r) => r.ms);
    const synthCpuMs = median(synthRuns.map((r) => r.cpuMs));
    const kustomizeCpuMs = median(kustomizeRuns.map((r) => r.cpuMs));

    // 5. The report.
    const synthMedianMs = median(synthMs);
    const kustomizeMedianMs = median(kustomizeMs);
    const ratio = synthMedianMs / kustomizeMedianMs;
    const round = (x) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        benchmark: 'synth-vs-kustomize',
        synthCommand: app,
        kustomizeCommand: envs.map((env) => `kubectl kustomize overlays/${env}`).join(' && '),
        objects: Object.fromEntries(envs.map((env) => [env, byEnv[env].length])),
        layout,
        sameObjects: same,
        reps,
        synthMedianMs: round(synthMedianMs),
        kustomizeMedianMs: round(kustomizeMedianMs),
        ratio: Math.round(ratio * 100) / 100,
        goal: { maxRatio: MAX_RATIO },
        // CPU time (user + system, all processes of each side): other load on the machine
        // inflates it much less than wall time. The goal is on wall time.
        synthMedianCpuMs: round(synthCpuMs),
        kustomizeMedianCpuMs: round(kustomizeCpuMs),
        cpuRatio: Math.round((synthCpuMs / kustomizeCpuMs) * 100) / 100,
        pass: same && ratio <= MAX_RATIO,
        synthMs: synthMs.map(round),
        kustomizeMs: kustomizeMs.map(round),
        machine: machine({ kubectl: kubectlVersion(KUBECTL) }),
      }),
    );
    process.stderr.write(
      `${same ? 'PASS' : 'FAIL'}  kustomize builds the same objects as the synth\n` +
        `${ratio <= MAX_RATIO ? 'PASS' : 'FAIL'}  synth ≤ ${MAX_RATIO}× three kubectl kustomize (median wall of ${reps}): ${round(synthMedianMs)} ms vs ${round(kustomizeMedianMs)} ms = ${Math.round(ratio * 100) / 100}×\n`,
    );
    if (!same || ratio > MAX_RATIO) process.exitCode = 1;
    if (args.includes('--keep')) process.stderr.write(`kept ${work}\n`);
  } finally {
    if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();

module.exports = { compare, readObjects, sh, writeKustomizeLayout };
