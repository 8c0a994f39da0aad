/**
 * The platform of the scale benchmark (bench/scale.js) and of the tests that run over its
 * output: three environments, N generated WebServices routed through N/50 WebEntrypoints and,
 * with the batch workloads, N/10 CronTasks and two DaemonAgents per environment.
 */
import { CronTask, DaemonAgent, definePlatform, WebEntrypoint, WebService } from '../lib';
import type { EnvironmentChart } from '../lib/workloads/chart/environment-chart';

/** GKE Ingress turns every path into a URL map rule; keep each Ingress well under the limits. */
const ROUTES_PER_ENTRYPOINT = 50;

const pool = (minNodes: number, maxNodes: number) => ({
  machineType: 'e2-standard-4',
  minNodes,
  maxNodes,
});

export const scalePlatform = definePlatform({
  name: 'scale',
  registries: {
    web: { location: 'europe', project: 'scale-artifacts' },
    jobs: { location: 'europe', project: 'scale-artifacts' },
  },
  environments: {
    dev: { project: 'scale-dev', nodePools: { general: pool(1, 3) } },
    staging: { project: 'scale-staging', nodePools: { general: pool(1, 10) } },
    prod: { project: 'scale-prod', nodePools: { general: pool(3, 50) } },
  },
});

export type ScaleEnv = 'dev' | 'staging' | 'prod';

/**
 * N/10 CronTasks (a schedule on a named time zone, a deadline, a retry budget) and two
 * DaemonAgents (a log shipper with node folders and API read rules, a metrics agent).
 */
function defineBatch(chart: EnvironmentChart<ScaleEnv>, n: number): void {
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

/**
 * The workloads of one environment: N WebServices with per-environment replicas, resources,
 * env values and autoscaling, an HTTP readiness probe and a route each, and (with `batch`)
 * the batch workloads.
 */
export function defineScale(
  n: number,
  batch: boolean,
): (chart: EnvironmentChart<ScaleEnv>) => void {
  return (chart) => {
    const env = chart.environment.name;
    let entrypoint: WebEntrypoint<ScaleEnv> | undefined;
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
      entrypoint!.route(`/${name}/`, service);
    }
    if (batch) defineBatch(chart, n);
  };
}
