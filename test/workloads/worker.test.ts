import { validateObjects, WebEntrypoint, WebService, Worker, type WorkerProps } from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { isAllowed, type PodEndpoint, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/mailer:2.0.1';
type Chart = ReturnType<typeof chartFor>;

function synth(define: (chart: Chart) => void): K8sObject[] {
  const chart = chartFor('prod');
  define(chart);
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return objects;
}
const worker = (props: Partial<WorkerProps<TestEnv>> = {}) =>
  synth((chart) => new Worker(chart, 'mailer', { image, ...props }));

describe('Worker', () => {
  test('minimal: a Deployment without port, probes, Service or anything to route to', () => {
    const objects = worker();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/mailer',
      'NetworkPolicy/mailer',
      'Deployment/mailer',
      'PodDisruptionBudget/mailer',
    ]);
    const deployment = find(objects, 'Deployment', 'mailer');
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(deployment.spec.replicas).toBe(2);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    // Its policy lets nothing in (no ingress rules, Ingress in policyTypes), only DNS out.
    const policy = find(objects, 'NetworkPolicy', 'mailer');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toBeUndefined();
    // Polaris asks for ingress rules; a pod that takes no connection is exempt.
    expect(deployment.metadata.annotations).toEqual({
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
    });
  });

  test('an exec health check: readiness and liveness run the command', () => {
    const objects = worker({ health: { type: 'exec', command: ['/app/healthy'] } });
    const [container] = find(objects, 'Deployment', 'mailer').spec.template.spec.containers;
    expect(container.readinessProbe.exec).toEqual({ command: ['/app/healthy'] });
    expect(container.livenessProbe.exec).toEqual({ command: ['/app/healthy'] });
  });

  test('autoscaling per environment: an HPA on the Deployment', () => {
    const objects = worker({
      autoscaling: { dev: false, prod: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 80 } },
    });
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'mailer');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'mailer',
    });
    expect(find(objects, 'Deployment', 'mailer').spec.replicas).toBeUndefined();
  });

  test('connections: the worker reaches the service, the service takes the worker in', () => {
    const objects = synth((chart) => {
      const redis = new WebService(chart, 'redis', { image, port: 6379, health: { type: 'tcp' } });
      new Worker(chart, 'mailer', { image, connections: { REDIS: redis } });
    });
    const pods = podsOf(objects);
    const mailer = pods.find((p) => p.name === 'mailer') as PodEndpoint;
    const redis = pods.find((p) => p.name === 'redis') as PodEndpoint;
    expect(isAllowed(objects, { from: mailer, to: redis, port: 6379 })).toBe(true);
    expect(isAllowed(objects, { from: redis, to: mailer, port: 8080 })).toBe(false);
    const env = find(objects, 'Deployment', 'mailer').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'REDIS_PORT', value: '80' });
  });

  const untyped = <T>(value: unknown) => value as T;
  test.each([
    [
      'a port',
      { port: 8080 } as never,
      "Worker 'prod/mailer': 'port' is 8080, but a Worker serves no port and has no Service; use a WebService for a process that serves requests",
    ],
    [
      'an HTTP health check',
      { health: untyped({ path: '/healthz' }) },
      "Worker 'prod/mailer': 'health.type' is \"http\", which needs a port, and a Worker serves none; give { type: 'exec', command: [...] }, or leave 'health' out",
    ],
  ])('fails on %s', (_what, props, message) => {
    expect(() => worker(props as Partial<WorkerProps<TestEnv>>)).toThrow(message);
  });

  test('fails when routed (the types refuse it; plain JavaScript gets an error)', () => {
    expect(() =>
      synth((chart) => {
        const mailer = new Worker(chart, 'mailer', { image });
        new WebEntrypoint(chart, 'web', {}).route('/', untyped<WebService>(mailer));
      }),
    ).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'route' sends '/' to Worker 'prod/mailer', which has no Service to route to; route to a WebService (a Worker serves no requests)",
    );
  });

  test('fails when named in connections (nothing could reach it)', () => {
    expect(() =>
      synth((chart) => {
        const mailer = new Worker(chart, 'mailer', { image });
        new Worker(chart, 'other', { image, connections: { MAILER: untyped(mailer) } });
      }),
    ).toThrow(
      "Worker 'prod/other': 'connections.MAILER' is Worker 'prod/mailer', which has no Service to connect to; connect to a WebService or an ExternalService (a Worker takes no connections)",
    );
  });

  test('zoneSpread: the StatefulService form, a required spread over at least two zones', () => {
    const spread = find(
      worker({ zoneSpread: { required: true, maxSkew: 2, minZones: 2 } }),
      'Deployment',
      'mailer',
    ).spec.template.spec.topologySpreadConstraints;
    expect(spread[0]).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 2,
      minDomains: 2,
      whenUnsatisfiable: 'DoNotSchedule',
    });
    // Nodes: preferred only, as for every workload.
    expect(spread[1]).toMatchObject({
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
    });
    const preferred = find(worker({ zoneSpread: {} }), 'Deployment', 'mailer');
    expect(preferred.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable).toBe(
      'ScheduleAnyway',
    );
  });

  test('fails on minZones with a preferred spread (the default of a Deployment)', () => {
    expect(() => worker({ zoneSpread: { minZones: 2 } })).toThrow(
      "Worker 'prod/mailer': 'zoneSpread.minZones' is set with a preferred spread, which Kubernetes refuses (minDomains needs whenUnsatisfiable: DoNotSchedule); set 'required: true', or leave 'minZones' out",
    );
  });
});
