import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { PlatformError } from '#lib/core/errors';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { isAllowed, type PodEndpoint, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * `metrics` on a WebService: the PodMonitoring that Managed Service for Prometheus reads, and
 * the way its collectors (gmp-system, app.kubernetes.io/name=collector) get through the
 * namespace's NetworkPolicies.
 * https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 */

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3';
const web = (props: Partial<WebServiceProps<TestEnv>> = {}): WebServiceProps<TestEnv> => ({
  image,
  port: 8080,
  ...props,
});

/** A pod of Managed Prometheus's collector DaemonSet, as GKE runs it. */
const collector = (namespace = 'gmp-system'): PodEndpoint => ({
  kind: 'pod',
  name: 'collector-x7k2p',
  namespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  labels: { app: 'managed-prometheus-collector', 'app.kubernetes.io/name': 'collector' },
  ports: { 'prom-metrics': 19090 },
  containerPorts: [19090],
  hostNetwork: false,
});

function synth(props: Partial<WebServiceProps<TestEnv>>, environment: TestEnv = 'prod') {
  const chart = chartFor(environment);
  const service = new WebService(chart, 'web', web(props));
  return { service, objects: objectsOf(chart) };
}

const podOf = (objects: K8sObject[]) =>
  podsOf(objects).find((p) => p.name === 'web') as PodEndpoint;

describe('WebService metrics', () => {
  test('a PodMonitoring selecting exactly the pods of the Deployment, with interval and path', () => {
    const { service, objects } = synth({ metrics: { port: 'http' } });
    const monitoring = find(objects, 'PodMonitoring', 'web');
    const deployment = find(objects, 'Deployment', 'web');
    expect(monitoring).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'web', namespace: 'acme-prod', labels: deployment.metadata.labels },
      spec: {
        selector: { matchLabels: deployment.spec.selector.matchLabels },
        // The upstream CRD requires the interval: it is always written.
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
      },
    });
    expect(service.podMonitoring?.name).toBe('web');
  });

  test('path and (deprecated) interval string are the declared ones; a sidecar exporter by port number', () => {
    const { objects } = synth({
      sidecars: [
        {
          name: 'exporter',
          image: 'europe-docker.pkg.dev/acme-artifacts/apps/exporter:0.3.0',
          port: 9113,
          health: false,
        },
      ],
      metrics: { port: 9113, path: '/stats/prometheus', interval: '1m' },
    });
    expect(find(objects, 'PodMonitoring', 'web').spec.endpoints).toEqual([
      { port: 9113, path: '/stats/prometheus', interval: '1m' },
    ]);
    // The collectors may reach the exporter's port, and only that one.
    const target = podOf(objects);
    expect(isAllowed(objects, { from: collector(), to: target, port: 9113 })).toBe(true);
    expect(isAllowed(objects, { from: collector(), to: target, port: 8080 })).toBe(false);
  });

  test("the collectors reach the metrics port through the namespace's policies", () => {
    const { objects } = synth({ metrics: { port: 'http' } });
    const target = podOf(objects);
    expect(isAllowed(objects, { from: collector(), to: target, port: 8080 })).toBe(true);
    // Pods with the same labels in another namespace are not the managed collectors.
    expect(isAllowed(objects, { from: collector('monitoring'), to: target, port: 8080 })).toBe(
      false,
    );
    expect(find(objects, 'NetworkPolicy', 'web').spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'collector' } },
        },
      ],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });

  test('without metrics, no PodMonitoring and no way in for the collectors', () => {
    const { service, objects } = synth({});
    expect(objects.filter((o) => o.kind === 'PodMonitoring')).toEqual([]);
    expect(service.podMonitoring).toBeUndefined();
    expect(isAllowed(objects, { from: collector(), to: podOf(objects), port: 8080 })).toBe(false);
  });

  test('per environment: false collects nothing there', () => {
    const metrics = { dev: false as const, prod: { port: 'http' } };
    expect(synth({ metrics }, 'dev').objects.some((o) => o.kind === 'PodMonitoring')).toBe(false);
    expect(synth({ metrics }, 'prod').objects.some((o) => o.kind === 'PodMonitoring')).toBe(true);
  });

  test('an environment without NetworkPolicies gets the PodMonitoring alone', () => {
    const platform = definePlatform({
      name: 'acme',
      environments: {
        prod: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: false },
      },
    });
    const chart = new EnvironmentChart(new App(), { platform, environment: 'prod' });
    new WebService(chart, 'web', {
      image: 'nginxinc/nginx-unprivileged:1.27.3',
      port: 8080,
      metrics: { port: 'http' },
    });
    const objects = chart.toJson() as K8sObject[];
    expect(objects.map((o) => o.kind)).toContain('PodMonitoring');
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('the objects pass the schemas (CRD included) and the semantic rules', () => {
    const { objects } = synth({ metrics: { port: 'http', interval: '15s' } });
    expect(validateSemantics(objects)).toEqual([]);
    expect(validateObjects(objects)).toEqual([]);
  });

  test('fails on a port name the pod does not have', () => {
    expect(() => synth({ metrics: { port: 'metrics' } })).toThrow(PlatformError);
    expect(() => synth({ metrics: { port: 'metrics' } })).toThrow(
      "WebService 'prod/web': 'metrics.port' is 'metrics', which is not a named port of the pod ('http'); use one of 'http' or a port number of the pod (8080)",
    );
  });

  test('a named additional port: scraped there, and the collectors let in on its number', () => {
    const { objects } = synth({ additionalPorts: { metrics: 9090 }, metrics: { port: 'metrics' } });
    const monitoring = objects.find((o) => o.kind === 'PodMonitoring');
    expect(monitoring?.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '30s' },
    ]);
    expect(isAllowed(objects, { from: collector(), to: podOf(objects), port: 9090 })).toBe(true);
    expect(isAllowed(objects, { from: collector(), to: podOf(objects), port: 8080 })).toBe(false);
  });

  test('fails on a port number no container declares', () => {
    expect(() => synth({ metrics: { port: 9090 } })).toThrow(
      "WebService 'prod/web': 'metrics.port' is 9090, which no container of the pod declares; use a declared port (8080), or give the exporter sidecar that 'port'",
    );
  });

  test('intervalSeconds: the scrape interval in seconds, as the PodMonitoring writes it', () => {
    const { objects } = synth({ metrics: { port: 'http', intervalSeconds: 90 } });
    expect(find(objects, 'PodMonitoring', 'web').spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '90s' },
    ]);
  });

  test('the deprecated interval string writes the same PodMonitoring as intervalSeconds', () => {
    const seconds = synth({ metrics: { port: 'http', intervalSeconds: 15 } }).objects;
    const string = synth({ metrics: { port: 'http', interval: '15s' } }).objects;
    expect(find(string, 'PodMonitoring', 'web')).toEqual(find(seconds, 'PodMonitoring', 'web'));
  });

  test('fails on both interval and intervalSeconds', () => {
    expect(() =>
      synth({ metrics: { port: 'http', interval: '15s', intervalSeconds: 15 } }),
    ).toThrow(
      "WebService 'prod/web': 'metrics.interval' is set, and so is metrics.intervalSeconds; give only 'intervalSeconds' ('interval' is deprecated)",
    );
  });

  test.each([0, 1.5, -30])('fails on intervalSeconds %p', (intervalSeconds) => {
    expect(() => synth({ metrics: { port: 'http', intervalSeconds } })).toThrow(
      `WebService 'prod/web': 'metrics.intervalSeconds' is ${intervalSeconds}; use a whole number of at least 1`,
    );
  });

  test('params: the query of the metrics URL, written beside the path', () => {
    const { objects } = synth({
      metrics: {
        port: 'http',
        path: '/federate',
        params: { 'match[]': ['up', 'http_requests_total'], format: 'text' },
      },
    });
    expect(find(objects, 'PodMonitoring', 'web').spec.endpoints).toEqual([
      {
        port: 'http',
        path: '/federate',
        params: { 'match[]': ['up', 'http_requests_total'], format: ['text'] },
        interval: '30s',
      },
    ]);
    expect(validateObjects(objects)).toEqual([]);
    expect(validateSemantics(objects as never)).toEqual([]);
  });

  test('fails on a path with a query, showing the params to write instead', () => {
    expect(() =>
      synth({ metrics: { port: 'http', path: '/metrics?format=prometheus&x=1&x=2' } }),
    ).toThrow(
      "WebService 'prod/web': 'metrics.path' is '/metrics?format=prometheus&x=1&x=2', with a query, which a PodMonitoring's path cannot carry (the scraper would ask for '/metrics%3F…'); give the path alone and the query as 'params': path: '/metrics', params: { \"format\": \"prometheus\", \"x\": [\"1\",\"2\"] }",
    );
  });

  test('fails on a parameter without a value', () => {
    expect(() => synth({ metrics: { port: 'http', params: { format: [] } } })).toThrow(
      "'endpoints[0].params.format' is []",
    );
  });

  test('fails on an interval that is not a Prometheus duration', () => {
    expect(() => synth({ metrics: { port: 'http', interval: '30 seconds' } })).toThrow(
      '\'endpoints[0].interval\' is "30 seconds", which is not a positive Prometheus duration',
    );
  });
});
