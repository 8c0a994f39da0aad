import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { CronTask } from '#lib/workloads/cron-task';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import { OneOffJob } from '#lib/workloads/job';
import { Schedule } from '#lib/workloads/batch/schedule';
import { WebEntrypoint } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, objectsOf, type TestEnv } from '../../support/synth';

const describeProblems = (objects: readonly KubernetesObject[]) =>
  validateSemantics(objects).map(
    (p) =>
      `${String(p.object.kind)}/${String(p.object.metadata?.name)} ${p.field} ${p.problem} [${p.rule}]`,
  );

describe('every object the library emits passes the semantic rules', () => {
  it.each(synthesizePlatform(platform, defineShop).map((m) => [m.environment, m.objects] as const))(
    'the example platform, %s',
    (_env, objects) => {
      expect(objects.length).toBeGreaterThan(20);
      expect(describeProblems(objects as KubernetesObject[])).toEqual([]);
    },
  );

  // The constructs with their props combined, on the test platform's Spot and GPU pools.
  it.each(['dev', 'prod'] as TestEnv[])('a chart of every construct and many props, %s', (env) => {
    const chart = chartFor(env);
    const api = new WebService(chart, 'api', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/api:2.3.0',
      port: 8080,
      portName: 'http',
      version: '2.3.0',
      replicas: 3,
      autoscaling: { minReplicas: 2, maxReplicas: 8, cpuUtilization: 90, memoryUtilization: 80 },
      maxSurge: 1,
      maxUnavailable: '100%',
      revisionHistoryLimit: 3,
      env: { LOG_LEVEL: 'info' },
      secretEnv: { API_TOKEN: { secret: 'api-tokens', key: 'token' } },
      configFiles: { '/etc/api/app.yaml': 'a: 1\n' },
      secretMounts: { '/etc/tls': 'api-tls' },
      scratchPaths: ['/tmp'],
      // Below dev's e2-standard-2 nodes' 1.93 allocatable CPUs, with the proxy's 100m.
      resources: { cpu: '1500m', cpuLimit: false, memory: '1Gi' },
      health: { path: '/healthz', startupSeconds: 60 },
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', port: 9901 }],
      initContainers: [
        {
          name: 'migrate',
          image: 'europe-docker.pkg.dev/acme-artifacts/apps/api:2.3.0',
          command: ['/app/migrate'],
        },
      ],
      placement: { dev: { spot: true }, prod: { nodePool: 'gpu', gpu: { count: 1 } } },
      service: {
        type: 'LoadBalancer',
        port: 443,
        staticIp: 'lb',
        sourceRanges: ['203.0.113.0/24'],
      },
      podAnnotations: { 'example.com/team': 'api' },
    });
    new WebService(chart, 'admin', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/admin:1.0.0',
      port: 3000,
      service: { type: 'LoadBalancer', internal: true, staticIp: 'ilb' },
    });
    const web = new WebService(chart, 'web', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
      port: 8080,
    });
    new WebEntrypoint(chart, 'public', { staticIp: 'web', hosts: ['shop.example.com'] }).route(
      '/',
      web,
    );
    const docs = new WebService(chart, 'docs', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/docs:1.0.0',
      port: 8000,
    });
    new WebEntrypoint(chart, 'intranet', { internal: true, staticIp: 'ilb' }).route('/', docs);
    new CronTask(chart, 'report', {
      image: 'europe-docker.pkg.dev/acme-artifacts/jobs/report:1.0.0',
      schedule: Schedule.weeklyOn('monday', '06:00'),
      timeZone: 'Asia/Calcutta',
      placement: { spot: true },
      resources: { cpu: '500m', memory: '1Gi' },
    });
    new OneOffJob(chart, 'seed', {
      image: 'europe-docker.pkg.dev/acme-artifacts/jobs/seed:1.0.0',
      backoffLimit: 0,
      ttlSecondsAfterFinished: 600,
    });
    new DaemonAgent(chart, 'logs', {
      image: 'fluent/fluent-bit:3.1.9',
      port: 2020,
      portName: 'metrics',
      hostPaths: { '/var/log': {} },
      nodePools: 'all',
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    });
    expect(api.serviceType).toBe('LoadBalancer');
    const objects = objectsOf(chart);
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Ingress',
        'CronJob',
        'Job',
        'DaemonSet',
        'ClusterRole',
        'ClusterRoleBinding',
      ]),
    );
    expect(describeProblems(objects as KubernetesObject[])).toEqual([]);
  });
});
