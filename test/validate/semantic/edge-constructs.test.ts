import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import {
  CronTask,
  DaemonAgent,
  OneOffJob,
  synthesizePlatform,
  WebEntrypoint,
  WebService,
} from 'gke-platform';
import { chartFor, objectsOf, type TestEnv } from '../../support/synth';
import { edgeProblems, lines } from './edge-fixtures';

/*
 * What the constructs emit passes the Ingress, GKE and reference rules; and where a
 * construct emits something these rules flag, the test below names it (a construct to fix,
 * not a rule to weaken).
 */

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';

describe('construct output passes the Ingress, GKE and reference rules', () => {
  test.each(platform.environmentNames)('the example platform, %s', (environment) => {
    const [manifests] = synthesizePlatform(platform, defineShop, { environments: [environment] });
    expect(manifests.objects.length).toBeGreaterThan(20);
    expect(lines(edgeProblems(manifests.objects))).toEqual([]);
  });

  test.each<TestEnv>(['dev', 'prod'])('every construct with many props, %s', (environment) => {
    const chart = chartFor(environment);
    const web = new WebService(chart, 'web', {
      image,
      port: 8080,
      workloadIdentity: true,
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', port: 9901 }],
      configFiles: { '/etc/web/app.conf': 'listen 8080\n' },
      autoscaling: { minReplicas: 2, maxReplicas: 5 },
      health: { path: '/ready', startupSeconds: 30 },
    });
    const admin = new WebService(chart, 'admin', { image, port: 3000, replicas: 1 });
    const internalApi = new WebService(chart, 'internal-api', { image, port: 5000 });
    new WebService(chart, 'lb', {
      image,
      port: 8080,
      service: { type: 'LoadBalancer', staticIp: 'lb', sourceRanges: ['203.0.113.0/24'] },
    });
    new WebService(chart, 'ilb', {
      image,
      port: 8080,
      service: { type: 'LoadBalancer', internal: true, staticIp: 'ilb' },
    });
    new CronTask(chart, 'nightly', {
      image,
      schedule: '@daily',
      timeZone: 'Europe/Berlin',
      configFiles: { '/etc/job/job.conf': 'x\n' },
    });
    new OneOffJob(chart, 'migrate', { image, command: ['/app/migrate'] });
    new DaemonAgent(chart, 'agent', { image, port: 2020 });
    const edge = new WebEntrypoint(chart, 'edge', {
      hosts: ['shop.example.com', 'www.shop.example.com'],
      staticIp: 'web',
      sslPolicy: 'modern-tls',
    });
    edge.route('/', web);
    edge.route('/admin/', admin, { host: 'shop.example.com' });
    const internal = new WebEntrypoint(chart, 'internal', { internal: true, staticIp: 'ilb' });
    internal.route('/', internalApi);
    const objects = objectsOf(chart);
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Ingress', 'BackendConfig', 'FrontendConfig', 'ManagedCertificate']),
    );
    expect(lines(edgeProblems(objects))).toEqual([]);
  });
});

/** The objects of a prod chart in which `define` builds the workloads. */
function synth(define: (chart: ReturnType<typeof chartFor>) => void) {
  const chart = chartFor('prod');
  define(chart);
  return objectsOf(chart);
}

describe('the constructs fix or refuse what these rules flag in raw objects', () => {
  test('a host route on an entrypoint without hosts gets a rule of its own', () => {
    const objects = synth((chart) => {
      const web = new WebService(chart, 'web', { image, port: 8080 });
      new WebEntrypoint(chart, 'edge').route('/', web, { host: 'shop.example.com' });
    });
    expect(lines(edgeProblems(objects))).toEqual([]);
  });

  test('a host route and a catch-all route on one path: the host route wins for its host', () => {
    const objects = synth((chart) => {
      const web = new WebService(chart, 'web', { image, port: 8080 });
      const api = new WebService(chart, 'api', { image, port: 8080 });
      const edge = new WebEntrypoint(chart, 'edge', { hosts: ['shop.example.com'] });
      edge.route('/', web);
      edge.route('/', api, { host: 'shop.example.com' });
    });
    expect(lines(edgeProblems(objects))).toEqual([]);
  });

  test.each([
    ['/*', "'*' is not a wildcard in a Prefix path"],
    ['/api//v1', "which contains '//'"],
  ])('fails: route(%s) is refused where it is written', (path, problem) => {
    expect(() =>
      synth((chart) => {
        const web = new WebService(chart, 'web', { image, port: 8080 });
        new WebEntrypoint(chart, 'edge').route(path, web);
      }),
    ).toThrow(problem);
  });

  test('fails: a readiness probe on an undeclared port is refused where the route is written', () => {
    expect(() =>
      synth((chart) => {
        const web = new WebService(chart, 'web', {
          image,
          port: 8080,
          health: { path: '/healthz', port: 9090 },
        });
        new WebEntrypoint(chart, 'edge').route('/', web);
      }),
    ).toThrow("'health.port' is 9090, which no container of the pod declares");
  });
});

describe('construct output these rules flag (findings in the constructs)', () => {
  test("fails: configMapEnv naming a key the workload's own ConfigMap does not have", () => {
    const objects = synth((chart) => {
      new WebService(chart, 'web', {
        image,
        port: 8080,
        configFiles: { '/etc/web/app.conf': 'x\n' },
        configMapEnv: { LOG_LEVEL: { configMap: 'web-config', key: 'level' } },
      });
    });
    expect(lines(edgeProblems(objects))).toEqual([
      'Deployment web spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: is "level", but ConfigMap "web-config" has no such key: the container cannot start (CreateContainerConfigError)',
    ]);
  });
});
