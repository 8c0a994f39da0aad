import { PlatformError } from '#lib/core/errors';
import { isAllowed, podsOf } from '#lib/plan/network-policy-eval';
import { synthesizeChart } from '#lib/output/synthesize';
import { validateObjects } from '#lib/validate/validate-object';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { Worker } from '#lib/workloads/worker';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

/*
 * The canary of a WebService. Expected objects follow Kubernetes' canary pattern (two
 * Deployments told apart by a `track` label, "Managing Workloads": canary deployments), the
 * Gateway API's weighted backendRefs and GKE's per-Service HealthCheckPolicy, not what the
 * code printed.
 */

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

function canaryChart(
  props: Partial<WebServiceProps<TestEnv>> = {},
  entrypoint: WebEntrypointProps<TestEnv> | false = { frontDoor: 'gateway' },
  env: TestEnv = 'prod',
) {
  const chart = chartFor(env);
  const web = new WebService(chart, 'web', {
    image: `${IMAGE}:1.0.0`,
    port: 8080,
    canary: { image: `${IMAGE}:1.1.0`, weight: 10, replicas: 2 },
    ...props,
  });
  if (entrypoint) new WebEntrypoint(chart, 'front', entrypoint).route('/', web);
  return { chart, web };
}

const objects = (...args: Parameters<typeof canaryChart>) => objectsOf(canaryChart(...args).chart);

describe('WebService canary', () => {
  it('runs a second Deployment of the canary image, labelled and selected by track', () => {
    const out = objects();
    const stable = find(out, 'Deployment', 'web');
    const canary = find(out, 'Deployment', 'web-canary');
    // The stable Deployment's selector is immutable: it stays the workload's.
    expect(stable.spec.selector).toEqual({ matchLabels: selector });
    expect(stable.spec.template.metadata.labels).toMatchObject({
      ...selector,
      track: 'stable',
      'app.kubernetes.io/version': '1.0.0',
    });
    expect(stable.spec.template.spec.containers[0].image).toBe(`${IMAGE}:1.0.0`);

    expect(canary.spec.replicas).toBe(2);
    expect(canary.spec.selector).toEqual({ matchLabels: { ...selector, track: 'canary' } });
    expect(canary.spec.template.metadata.labels).toMatchObject({
      ...selector,
      track: 'canary',
      'app.kubernetes.io/version': '1.1.0',
    });
    expect(canary.metadata.labels).toMatchObject({
      track: 'canary',
      'app.kubernetes.io/version': '1.1.0',
    });
    expect(canary.spec.template.spec.containers[0].image).toBe(`${IMAGE}:1.1.0`);
    // Everything else of the pod and the rollout is the stable version's.
    const { containers: c1, ...stablePod } = stable.spec.template.spec;
    const { containers: c2, ...canaryPod } = canary.spec.template.spec;
    expect(canaryPod).toEqual(stablePod);
    expect({ ...c2[0], image: undefined }).toEqual({ ...c1[0], image: undefined });
    expect(canary.spec.strategy).toEqual(stable.spec.strategy);
    expect(canary.spec.revisionHistoryLimit).toBe(stable.spec.revisionHistoryLimit);
  });

  it('gives each track a Service of the same ports and a disruption budget of its own', () => {
    const out = objects({ additionalPorts: { grpc: 9090 } });
    const stable = find(out, 'Service', 'web');
    const canary = find(out, 'Service', 'web-canary');
    expect(stable.spec.selector).toEqual({ ...selector, track: 'stable' });
    expect(canary.spec.selector).toEqual({ ...selector, track: 'canary' });
    expect(canary.spec.ports).toEqual(stable.spec.ports);
    expect(canary.spec.ports.map((p: K8sObject) => p.port)).toEqual([80, 9090]);
    // One budget per pod: the eviction API refuses a pod that two budgets select.
    expect(find(out, 'PodDisruptionBudget', 'web').spec.selector).toEqual({
      matchLabels: { ...selector, track: 'stable' },
    });
    expect(find(out, 'PodDisruptionBudget', 'web-canary').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { ...selector, track: 'canary' } },
    });
  });

  it('has no budget for a single canary pod, as for any single pod', () => {
    const out = objects({ canary: { image: `${IMAGE}:1.1.0`, weight: 10 } });
    expect(find(out, 'Deployment', 'web-canary').spec.replicas).toBe(1);
    expect(out.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name)).toEqual(
      ['web'],
    );
  });

  it('splits the gateway route by weight and health-checks the canary Service on its own', () => {
    const out = objects();
    expect(find(out, 'HTTPRoute', 'front').spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web', port: 80, weight: 90 },
          { name: 'web-canary', port: 80, weight: 10 },
        ],
      },
    ]);
    const stable = find(out, 'HealthCheckPolicy', 'web');
    const canary = find(out, 'HealthCheckPolicy', 'web-canary');
    expect(canary.spec.targetRef).toEqual({ group: '', kind: 'Service', name: 'web-canary' });
    expect(canary.spec.default).toEqual(stable.spec.default);
  });

  it('gives the canary Service the route options and configureBackend settings too', () => {
    const { chart, web } = canaryChart({}, false);
    const entry = new WebEntrypoint(chart, 'front', { frontDoor: 'gateway' });
    entry.route('/', web, { timeoutSeconds: 40 });
    const out = objectsOf(chart);
    expect(find(out, 'GCPBackendPolicy', 'web-canary').spec).toEqual({
      ...find(out, 'GCPBackendPolicy', 'web').spec,
      targetRef: { group: '', kind: 'Service', name: 'web-canary' },
    });

    const other = canaryChart({}, false);
    const front = new WebEntrypoint(other.chart, 'front', { frontDoor: 'gateway' });
    front.route('/', other.web);
    front.gateway!.configureBackend(other.web, { logging: true });
    expect(find(objectsOf(other.chart), 'GCPBackendPolicy', 'web-canary').spec.default).toEqual(
      find(objectsOf(other.chart), 'GCPBackendPolicy', 'web').spec.default,
    );
  });

  it('is per environment: weight 0 runs it without traffic, false runs none', () => {
    const canary = {
      dev: false as const,
      prod: { image: `${IMAGE}:1.1.0`, weight: 0 },
    };
    const prod = objects({ canary });
    expect(find(prod, 'HTTPRoute', 'front').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80, weight: 100 },
      { name: 'web-canary', port: 80, weight: 0 },
    ]);
    const dev = objects({ canary }, { frontDoor: 'gateway' }, 'dev');
    expect(dev.filter((o) => o.metadata.name === 'web-canary')).toEqual([]);
    expect(find(dev, 'Service', 'web').spec.selector).toEqual(selector);
    expect(find(dev, 'Deployment', 'web').spec.template.metadata.labels.track).toBeUndefined();
    expect(find(dev, 'HTTPRoute', 'front').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80 },
    ]);
  });

  it('labels the metrics series with the track', () => {
    const out = objects({ metrics: { port: 'http' } });
    const monitoring = find(out, 'PodMonitoring', 'web');
    // One PodMonitoring selects both tracks; the track label separates their series.
    expect(monitoring.spec.selector).toEqual({ matchLabels: selector });
    expect(monitoring.spec.targetLabels).toEqual({ fromPod: [{ from: 'track' }] });
    const plain = objects({ metrics: { port: 'http' }, canary: undefined });
    expect(find(plain, 'PodMonitoring', 'web').spec.targetLabels).toBeUndefined();
  });

  it('lets the NetworkPolicies admit exactly the declared clients to both tracks', () => {
    const chart = chartFor('prod');
    const web = new WebService(chart, 'web', {
      image: `${IMAGE}:1.0.0`,
      port: 8080,
      canary: { image: `${IMAGE}:1.1.0`, weight: 10 },
    });
    new Worker(chart, 'client', { image: `${IMAGE}:1.0.0`, connections: { WEB: web } });
    new Worker(chart, 'stranger', { image: `${IMAGE}:1.0.0` });
    const out = objectsOf(chart);
    const pods = podsOf(out);
    const pod = (name: string) => pods.find((p) => p.name === name)!;
    for (const target of ['web', 'web-canary']) {
      expect(isAllowed(out, { from: pod('client'), to: pod(target), port: 8080 })).toBe(true);
      expect(isAllowed(out, { from: pod('stranger'), to: pod(target), port: 8080 })).toBe(false);
    }
  });

  it('passes the schemas (1.27, 1.36, CRDs) and the semantic rules', () => {
    const { chart } = canaryChart({
      metrics: { port: 'http' },
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
    });
    expect(validateObjects(synthesizeChart(chart) as never)).toEqual([]);
  });

  describe('refuses', () => {
    const refuses = (build: () => unknown, message: string | RegExp) => {
      expect(build).toThrow(PlatformError);
      expect(build).toThrow(message);
    };

    it('the Ingress front door, naming the gateway front door', () => {
      refuses(
        () => objects({}, { frontDoor: 'ingress' }),
        /WebEntrypoint 'prod\/entrypoints\/front'.*route.*runs a canary.*cannot split.*frontDoor 'gateway'/s,
      );
    });

    it('a passthrough LoadBalancer Service', () => {
      refuses(
        () => objects({ service: { type: 'LoadBalancer' } }, false),
        /canary.*passthrough 'LoadBalancer'/s,
      );
    });

    it.each([
      [{ image: `${IMAGE}:1.1.0`, weight: 101 }, 'canary.weight'],
      [{ image: `${IMAGE}:1.1.0`, weight: 12.5 }, 'canary.weight'],
      [{ image: `${IMAGE}:1.1.0`, weight: -1 }, 'canary.weight'],
      [{ image: `${IMAGE}:1.1.0`, weight: 10, replicas: 0 }, 'canary.replicas'],
      [{ image: `${IMAGE}:latest`, weight: 10 }, 'canary.image'],
      [{ image: 'europe-docker.pkg.dev/other-project/apps/web:1.1.0', weight: 10 }, 'canary.image'],
    ])('%j (%s)', (canary, prop) => {
      refuses(() => objects({ canary }), `WebService 'prod/web'`);
      refuses(() => objects({ canary }), prop);
    });

    it("another workload named '<name>-canary'", () => {
      refuses(() => {
        const { chart } = canaryChart({}, false);
        new WebService(chart, 'web-canary', { image: `${IMAGE}:1.0.0`, port: 8080 });
        return objectsOf(chart);
      }, 'web-canary');
    });

    it("a pod label named 'track'", () => {
      refuses(() => objects({ podLabels: { track: 'x' } }), 'podLabels.track');
    });
  });
});
