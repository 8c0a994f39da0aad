/**
 * The child process of `npm run bench:scale -- N` (bench/run-scale.js measures it; run it
 * directly only to debug). It defines a three-environment platform with N generated
 * WebServices, each with a Service, an Ingress path, a HorizontalPodAutoscaler and a
 * PodDisruptionBudget, synthesizes every environment and writes the YAML into OUTDIR with
 * writeManifests, then prints one JSON line with its own phase timings.
 *
 *   node bench/scale.js N OUTDIR [--no-batch]
 *
 * The definition is bench/scale-definition.ts (built into build/bench/): each environment
 * also gets N/10 CronTasks and 2 DaemonAgents; --no-batch leaves them out (WebServices only).
 */
const { performance } = require('node:perf_hooks');

const startedAt = performance.now();
const { synthesizePlatform, writeManifests } = require('../build/lib');
const { defineScale, scalePlatform } = require('../build/bench/scale-definition');

function parseArgs(argv) {
  const flags = argv.filter((a) => a.startsWith('--'));
  const [n, outdir] = argv.filter((a) => !a.startsWith('--'));
  const count = Number(n);
  if (!Number.isInteger(count) || count < 1 || !outdir) {
    console.error('usage: node bench/scale.js N OUTDIR [--no-batch]  (N ≥ 1)');
    process.exit(2);
  }
  return { n: count, outdir, withBatch: !flags.includes('--no-batch') };
}

function main() {
  const { n, outdir, withBatch } = parseArgs(process.argv.slice(2));
  const loadedAt = performance.now();

  const manifests = synthesizePlatform(scalePlatform, defineScale(n, withBatch));
  const synthesizedAt = performance.now();
  writeManifests(manifests, outdir);
  const writtenAt = performance.now();

  const byKind = {};
  for (const { objects } of manifests)
    for (const o of objects) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
  const usage = process.resourceUsage();
  console.log(
    JSON.stringify({
      n,
      batch: withBatch ? { cronTasks: Math.floor(n / 10), daemonAgents: 2 } : false,
      environments: manifests.length,
      objects: manifests.reduce((sum, m) => sum + m.objects.length, 0),
      byKind,
      phasesMs: {
        load: Math.round(loadedAt - startedAt),
        synthesize: Math.round(synthesizedAt - loadedAt),
        write: Math.round(writtenAt - synthesizedAt),
      },
      maxRssKiB: usage.maxRSS,
      cpuSeconds: { user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6 },
    }),
  );
}

main();
