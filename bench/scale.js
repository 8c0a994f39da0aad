/**
 * The child process of `npm run bench:scale -- N` (bench/run-scale.js measures it; run it
 * directly only to debug). It defines a three-environment platform with N generated
 * WebServices, each with a Service, an Ingress path, a HorizontalPodAutoscaler and a
 * PodDisruptionBudget, synthesizes every environment and writes the YAML into OUTDIR with
 * writeManifests, then prints one JSON line with its own phase timings.
 *
 *   node bench/scale.js N OUTDIR [--no-batch | --with-batch]
 *
 * When build/lib exports CronTask and DaemonAgent, each environment also gets N/10
 * CronTasks and 2 DaemonAgents; --no-batch leaves them out (WebServices only), --with-batch
 * insists on them (an error if the build has none).
 */
const { performance } = require('node:perf_hooks');

const startedAt = performance.now();
const lib = require('../build/lib');

const { definePlatform, synthesizePlatform, writeManifests, WebEntrypoint, WebService } = lib;

/** GKE Ingress turns every path into a URL map rule; keep each Ingress well under the limits. */
const ROUTES_PER_ENTRYPOINT = 50;

function parseArgs(argv) {
  const flags = argv.filter((a) => a.startsWith('--'));
  const [n, outdir] = argv.filter((a) => !a.startsWith('--'));
  const count = Number(n);
  if (!Number.isInteger(count) || count < 1 || !outdir) {
    console.error('usage: node bench/scale.js N OUTDIR [--no-batch | --with-batch]  (N ≥ 1)');
    process.exit(2);
  }
  const available = typeof lib.CronTask === 'function' && typeof lib.DaemonAgent === 'function';
  if (flags.includes('--with-batch') && !available) {
    console.error(
      '--with-batch: build/lib exports no CronTask or DaemonAgent (lib/workloads/cron-task.ts, daemon-agent.ts); `npm run build` first',
    );
    process.exit(2);
  }
  return { n: count, outdir, withBatch: available && !flags.includes('--no-batch') };
}

const pool = (minNodes, maxNodes) => ({ machineType: 'e2-standard-4', minNodes, maxNodes });

const platform = definePlatform({
  name: 'scale',
  environments: {
    dev: { project: 'scale-dev', nodePools: { general: pool(1, 3) } },
    staging: { project: 'scale-staging', nodePools: { general: pool(1, 10) } },
    prod: { project: 'scale-prod', nodePools: { general: pool(3, 50) } },
  },
});

/**
 * N/10 CronTasks (a schedule on a named time zone, a deadline, a retry budget) and two
 * DaemonAgents (a log shipper with node folders and API read rules, a metrics agent).
 */
function defineBatch(chart, n) {
  const { CronTask, DaemonAgent } = lib;
  for (let i = 0; i < Math.floor(n / 10); i++) {
    const name = `task-${String(i).padStart(4, '0')}`;
    new CronTask(chart, name, {
      image: `europe-docker.pkg.dev/scale-artifacts/jobs/${name}:1.0.0`,
      schedule: `${i % 60} */6 * * *`,
      timeZone: 'Europe/Paris',
      command: ['/app/run', '--job', name],
      activeDeadlineSeconds: 30 * 60,
      backoffLimit: 2,
      resources: { cpu: '100m', memory: '256Mi' },
    });
  }
  new DaemonAgent(chart, 'log-shipper', {
    image: 'fluent/fluent-bit:3.1.9',
    port: 2020,
    portName: 'metrics',
    health: { path: '/api/v1/health' },
    hostPaths: { '/var/log': {}, '/var/lib/fluent-bit': { writable: true } },
    runAsRoot: true,
    rules: [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ],
    resources: { cpu: '50m', memory: '96Mi' },
  });
  new DaemonAgent(chart, 'node-metrics', {
    image: 'quay.io/prometheus/node-exporter:v1.8.2',
    port: 9100,
    portName: 'metrics',
    health: { path: '/' },
    hostPaths: { '/proc': { mountPath: '/host/proc' }, '/sys': { mountPath: '/host/sys' } },
    resources: { cpu: '50m', memory: '64Mi' },
  });
}

function main() {
  const { n, outdir, withBatch } = parseArgs(process.argv.slice(2));
  const loadedAt = performance.now();

  const define = (chart) => {
    const env = chart.environment.name;
    let entrypoint;
    for (let i = 0; i < n; i++) {
      const name = `svc-${String(i).padStart(4, '0')}`;
      const service = new WebService(chart, name, {
        image: `europe-docker.pkg.dev/scale-artifacts/web/${name}:1.${i % 10}.0`,
        port: 8080,
        env: { LOG_LEVEL: { dev: 'debug', staging: 'info', prod: 'info' }, SERVICE: name },
        health: { path: '/healthz' },
        replicas: { dev: 2, staging: 2, prod: 3 },
        autoscaling: {
          dev: { minReplicas: 2, maxReplicas: 3, cpuUtilization: 80 },
          staging: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 75 },
          prod: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 65 },
        },
        resources: {
          dev: { cpu: '100m', memory: '128Mi' },
          staging: { cpu: '100m', memory: '256Mi' },
          prod: { cpu: '250m', memory: '512Mi' },
        },
      });
      if (i % ROUTES_PER_ENTRYPOINT === 0) {
        const id = `edge-${String(i / ROUTES_PER_ENTRYPOINT).padStart(2, '0')}`;
        const host = `${id}.scale.example.com`;
        entrypoint = new WebEntrypoint(chart, id, {
          hosts: { dev: [`${env}.${host}`], staging: [`${env}.${host}`], prod: [host] },
        });
      }
      entrypoint.route(`/${name}/`, service);
    }
    if (withBatch) defineBatch(chart, n);
  };

  const manifests = synthesizePlatform(platform, define);
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
