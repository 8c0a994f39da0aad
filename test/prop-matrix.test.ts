/**
 * Every construct in many prop combinations — minimal and all props, per-environment
 * variations, sidecars, init containers, GPU and Spot placement, internal and external
 * entrypoints, LoadBalancer Services with static IPs — synthesized through synthesizePlatform
 * (so the semantic rules and the secret scan run), then every object checked against the
 * Kubernetes 1.27 and 1.36 schemas and, once more, the semantic rules directly.
 */
import {
  CronTask,
  DaemonAgent,
  type EnvironmentChart,
  ExternalService,
  OneOffJob,
  StatefulService,
  Schedule,
  synthesizePlatform,
  validateObjects,
  WebEntrypoint,
  WebService,
  type WebServiceProps,
  Worker,
} from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { type TestEnv, testPlatform } from './support/synth';

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/web:2.1.0';
type Chart = EnvironmentChart<TestEnv>;

/** Variations of a WebService, each a complete, legitimate definition. */
const webVariations: Record<string, Partial<WebServiceProps<TestEnv>>> = {
  minimal: {},
  'all props': {
    version: '2.1.0-rc.1',
    command: ['/app/server'],
    args: ['--port=8080', '--log-format=json', 'no'],
    env: { MODE: { dev: 'debug', prod: 'live' }, 'spring.profiles.active': 'cloud' },
    secretEnv: { DB_PASSWORD: { secret: 'db.credentials', key: 'password' } },
    configMapEnv: { FEATURE_FLAGS: { configMap: 'flags', key: 'flags.json', optional: true } },
    configFiles: {
      '/etc/web/app.yaml': { dev: 'debug: true\n', prod: 'debug: false\n' },
      '/etc/web/a.b': 'x',
      '/etc/web/a/b': 'y',
    },
    secretMounts: { '/etc/tls': 'web.tls' },
    scratchPaths: ['/tmp', '/var/cache/web'],
    resources: {
      dev: { cpu: '100m', memory: '256Mi' },
      prod: { cpu: '1', cpuLimit: false, memory: '1Gi', memoryLimit: '1.5Gi' },
    },
    health: {
      path: '/ready',
      startupSeconds: 60,
      readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
      liveness: { periodSeconds: 20 },
    },
    replicas: { dev: 1, prod: 3 },
    autoscaling: { dev: false, prod: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 120 } },
    maxSurge: '50%',
    maxUnavailable: 1,
    disruptionBudget: { dev: false, prod: { maxUnavailable: '25%' } },
    revisionHistoryLimit: 3,
    portName: 'grpc-web',
    metrics: { dev: false, prod: { port: 'grpc-web', path: '/stats', interval: '1m' } },
    podAnnotations: { 'example.com/team': 'shop' },
    runAsUser: 2000,
    runAsGroup: 3000,
    workloadIdentity: true,
    automountServiceAccountToken: true,
    sidecars: [
      {
        name: 'nginx',
        image: 'nginx:1.27.0',
        port: 8081,
        health: { path: '/nginx-health', port: 8081 },
        configFiles: { '/etc/nginx/nginx.conf': 'events {}\n' },
      },
      { name: `log-${'x'.repeat(51)}`, image: 'fluent/fluent-bit:3.1.4', health: false },
    ],
    initContainers: [{ name: 'migrate', image: IMAGE, command: ['/app/migrate'] }],
  },
  spot: { placement: { spot: true }, replicas: 4 },
  gpu: {
    placement: { dev: {}, prod: { gpu: { count: 1, type: 'nvidia-tesla-t4' } } },
    // dev's nodes (e2-standard-2) have 1.93 CPUs and 6.1 GiB allocatable.
    resources: { dev: { cpu: '1', memory: '4Gi' }, prod: { cpu: '2', memory: '8Gi' } },
  },
  'pool by name': { placement: { nodePool: 'general' }, zoneSpread: false },
  'LoadBalancer with a static IP': {
    service: { type: 'LoadBalancer', staticIp: 'lb', sourceRanges: ['203.0.113.0/24'] },
  },
  'internal LoadBalancer with a static IP': {
    service: { type: 'LoadBalancer', internal: true, staticIp: 'ilb', port: 6379 },
    port: 6379,
    health: { type: 'tcp' },
  },
  'several ports, session affinity and the pod options': {
    additionalPorts: { grpc: 9090, metrics: 9091 },
    service: { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 1800 },
    resources: { memory: '1Gi', ephemeralStorage: '1Gi', ephemeralStorageLimit: '4Gi' },
    shmSize: { dev: '64Mi', prod: '512Mi' },
    sharedVolumes: { assets: { sizeLimit: '256Mi' }, cache: { medium: 'Memory' } },
    sharedMounts: { '/app/public': 'assets', '/app/cache': 'cache' },
    podLabels: { 'example.com/team': 'shop' },
    serviceLinks: true,
    image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:edge',
    allowMutableTag: true,
    imagePullPolicy: 'Always',
    sidecars: [
      {
        name: 'nginx',
        image: 'nginxinc/nginx-unprivileged:1.27.0',
        runAsUser: 101,
        runAsGroup: 101,
        sharedMounts: { '/usr/share/nginx/html': { volume: 'assets', readOnly: true } },
      },
    ],
  },
  'no probes for a TCP port, rollout with surge only': {
    health: { type: 'exec', command: ['/bin/true'] },
    maxSurge: 1,
    maxUnavailable: 0,
  },
};

function everything(chart: Chart, web: Partial<WebServiceProps<TestEnv>>): void {
  const service = new WebService(chart, 'web', { image: IMAGE, port: 8080, ...web });
  const db = new ExternalService(chart, 'db', {
    addresses: { dev: ['10.20.0.3'], prod: ['10.22.0.3', '10.22.0.4'] },
    ports: { postgres: 5432 },
  });
  const payments = new ExternalService(chart, 'payments', {
    externalName: 'api.payments.example.com',
    ports: { https: 443 },
    egress: [{ cidr: 'internet', ports: [443] }],
  });
  const admin = new WebService(chart, 'admin', {
    image: IMAGE,
    port: 3000,
    connections: service.serviceType === 'ClusterIP' ? { WEB: service, DB: db } : { DB: db },
  });
  new Worker(chart, 'mailer', {
    image: IMAGE,
    autoscaling: { dev: false, prod: { minReplicas: 2, maxReplicas: 6 } },
    health: { type: 'exec', command: ['/app/healthy'] },
    connections: {
      PAYMENTS: payments,
      DB: db,
      ...(service.serviceType === 'ClusterIP' ? { WEB: service } : {}),
    },
  });
  const routable = service.serviceType === 'ClusterIP' && service.httpHealthCheck !== undefined;
  const external = new WebEntrypoint(chart, 'web', {
    staticIp: 'web',
    hosts: { dev: ['dev.acme.io'], prod: ['acme.io', 'www.acme.io'] },
    sslPolicy: 'modern-tls',
  });
  if (routable) external.route('/', service);
  external.route('/admin', admin);
  // A host route beside the default route of the same path: it wins for its host.
  const host = chart.environment.name === 'prod' ? 'acme.io' : 'dev.acme.io';
  external.route('/admin', routable ? service : admin, { host });
  const internal = new WebEntrypoint(chart, 'internal', {
    internal: true,
    staticIp: 'ilb',
    managedCertificate: false,
    allowHttp: true,
  });
  internal.route('/admin', admin);
  new CronTask(chart, 'report', {
    image: IMAGE,
    schedule: { dev: Schedule.dailyAt('03:30'), prod: Schedule.everyHours(6) },
    timeZone: 'America/Argentina/Buenos_Aires',
    placement: { spot: true },
    suspend: { dev: true, prod: false },
    configFiles: { '/etc/report/query.sql': 'select 1\n' },
  });
  new OneOffJob(chart, 'migrate', {
    image: IMAGE,
    command: ['/app/migrate'],
    ttlSecondsAfterFinished: 3600,
  });
  // A database the admin app connects to, with disks, a regional disk and nightly snapshots.
  const pg = new StatefulService(chart, 'pg', {
    image: IMAGE,
    port: 5432,
    portName: 'postgres',
    replicas: { dev: 1, prod: 3 },
    volumes: {
      '/var/lib/postgresql': { size: { dev: '10Gi', prod: '100Gi' }, class: 'ssd' },
      '/wal': { size: '10Gi', regional: true },
    },
    partition: { dev: 0, prod: 1 },
    snapshots: {
      dev: false,
      prod: {
        image: 'europe-docker.pkg.dev/acme-artifacts/jobs/kubectl:1.31.0',
        schedule: '0 2 * * *',
      },
    },
  });
  new WebService(chart, 'reporting', { image: IMAGE, port: 8080, connections: { DB: pg } });
  new DaemonAgent(chart, 'logs', {
    image: 'fluent/fluent-bit:3.1.4',
    hostPaths: { '/var/log': {} },
    rules: [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ],
  });
}

describe('the prop-combination matrix', () => {
  const cases = Object.entries(webVariations).flatMap(([name, web]) =>
    testPlatform.environmentNames.map((env) => [name, env, web] as const),
  );
  it.each(cases)(
    'WebService %s with every other kind, %s: valid on 1.27 and 1.36 and under the semantic rules',
    (_name, env, web) => {
      const [{ objects }] = synthesizePlatform(testPlatform, (chart) => everything(chart, web), {
        environments: [env],
      });
      expect(objects.length).toBeGreaterThan(15);
      expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
      expect(validateSemantics(objects).map((p) => `${p.field}: ${p.problem}`)).toEqual([]);
    },
  );
});
