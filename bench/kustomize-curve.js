/**
 * `node bench/kustomize-curve.js [--sizes 10,25,50,100,200,300,400,600] [--max-seconds 60]
 * [--no-build]`
 *
 * The scale platform (bench/scale-definition.ts) at growing N, built two ways:
 * (a) the library: `node bench/scale.js N DIR` — synthesize and write all three environments,
 *     one process, node start-up included;
 * (b) Kustomize: the same objects kept as a base and three environment overlays (the layout
 *     of bench/synth-vs-kustomize.js: namespace and environment labels per overlay, one JSON
 *     6902 patch per object that differs), built with `kubectl kustomize overlays/<env>` for
 *     each environment, after checking that each overlay gives the same objects as (a).
 * It stops after the first N at which the three kustomize runs take more than --max-seconds
 * (default 60), prints a Markdown table on stderr and ONE JSON line on stdout.
 *
 * KUBECTL=/path/to/kubectl picks another kubectl (default: kubectl on PATH).
 */
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ensureBuild, kubectlVersion, machine } = require('./common');
const { compare, readObjects, sh, writeKustomizeLayout } = require('./synth-vs-kustomize');

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

function point(n) {
  const work = mkdtempSync(join(tmpdir(), `gke-platform-kustomize-curve-${n}-`));
  try {
    const dist = join(work, 'dist');
    const library = sh(`${JSON.stringify(process.execPath)} bench/scale.js ${n} ${dist}`);
    const envs = readdirSync(dist, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const byEnv = Object.fromEntries(
      envs.map((env) => [env, readObjects(join(dist, env, 'manifests.yaml'))]),
    );
    const layout = writeKustomizeLayout(byEnv, join(work, 'kustomize'));
    const kustomizeMs = {};
    for (const env of envs) {
      const overlay = join(work, 'kustomize', 'overlays', env);
      const out = join(work, `${env}.yaml`);
      kustomizeMs[env] = Math.round(sh(`${KUBECTL} kustomize ${overlay} > ${out}`).ms);
      const problems = compare(byEnv[env], readObjects(out));
      if (problems.length > 0) {
        throw new Error(`N=${n} ${env}: kustomize gives other objects: ${problems.slice(0, 3)}`);
      }
    }
    const kustomizeTotalMs = Object.values(kustomizeMs).reduce((a, b) => a + b, 0);
    return {
      n,
      objectsPerEnvironment: Object.fromEntries(envs.map((env) => [env, byEnv[env].length])),
      patchesPerOverlay: Object.fromEntries(
        Object.entries(layout.overlays).map(([env, o]) => [env, o.patches]),
      ),
      libraryMs: Math.round(library.ms),
      kustomizeMs,
      kustomizeTotalMs,
      ratio: Math.round((library.ms / kustomizeTotalMs) * 1000) / 1000,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const args = process.argv.slice(2);
  const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const sizes = (valueOf('--sizes') ?? '10,25,50,100,200,300,400,600').split(',').map(Number);
  const maxSeconds = Number(valueOf('--max-seconds') ?? 60);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(maxSeconds > 0)) {
    console.error(
      'usage: node bench/kustomize-curve.js [--sizes 10,25,...] [--max-seconds 60] [--no-build]',
    );
    process.exit(2);
  }
  if (!args.includes('--no-build')) ensureBuild();
  const loadAtStart = machine().loadAverage1m;
  const rows = [];
  process.stderr.write(
    '| N | objects per environment | library, 3 environments (s) | kustomize, 3 overlays (s) | library / kustomize |\n|---:|---:|---:|---:|---:|\n',
  );
  for (const n of sizes) {
    const row = point(n);
    rows.push(row);
    const objects = Object.values(row.objectsPerEnvironment).join(' / ');
    process.stderr.write(
      `| ${n} | ${objects} | ${(row.libraryMs / 1000).toFixed(2)} | ${(row.kustomizeTotalMs / 1000).toFixed(2)} (${Object.values(
        row.kustomizeMs,
      )
        .map((ms) => (ms / 1000).toFixed(1))
        .join(' + ')}) | ${row.ratio} |\n`,
    );
    if (row.kustomizeTotalMs > maxSeconds * 1000) break;
  }
  console.log(
    JSON.stringify({
      benchmark: 'kustomize-curve',
      maxSeconds,
      rows,
      machine: {
        ...machine({ kubectl: kubectlVersion(KUBECTL) }),
        loadAverage1mAtStart: loadAtStart,
      },
    }),
  );
}

main();
