/** WebService's Service options: session affinity and (below) several ports. */
import {
  CronTask,
  OneOffJob,
  type StatefulServiceProps,
  validateObjects,
  WebEntrypoint,
  WebService,
  type WebServiceProps,
} from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { address, isAllowed, type PodEndpoint, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';

function synth(props: Partial<WebServiceProps<TestEnv>>): K8sObject[] {
  const chart = chartFor('prod');
  new WebService(chart, 'api', { image, port: 8080, ...props });
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return objects;
}

describe('sessionAffinity', () => {
  test("'ClientIP' with a timeout: the Service's sessionAffinity and its config", () => {
    const service = find(
      synth({ service: { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 } }),
      'Service',
      'api',
    );
    expect(service.spec.sessionAffinity).toBe('ClientIP');
    expect(service.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 600 } });
  });

  test("'ClientIP' alone: Kubernetes' default of 3 hours, written out", () => {
    const service = find(synth({ service: { sessionAffinity: 'ClientIP' } }), 'Service', 'api');
    expect(service.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  test('by default, no affinity fields at all', () => {
    const service = find(synth({}), 'Service', 'api');
    expect(service.spec.sessionAffinity).toBeUndefined();
    expect(service.spec.sessionAffinityConfig).toBeUndefined();
  });

  test.each([
    [
      { sessionAffinity: 'ClientIP' as const, sessionAffinityTimeoutSeconds: 86401 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is 86401; use a whole number of seconds from 1 to 86400 (a day)",
    ],
    [
      { sessionAffinity: 'ClientIP' as const, sessionAffinityTimeoutSeconds: 0 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is 0; use a whole number of seconds from 1 to 86400 (a day)",
    ],
    [
      { sessionAffinityTimeoutSeconds: 600 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is set, but 'sessionAffinity' is not 'ClientIP'; set 'sessionAffinity: 'ClientIP'', or leave the timeout out",
    ],
    [
      { sessionAffinity: 'Cookie' as never },
      "WebService 'prod/api': 'service.sessionAffinity' is \"Cookie\"; use 'None' or 'ClientIP'",
    ],
  ])('fails on %j', (service, message) => {
    expect(() => synth({ service })).toThrow(message);
  });
});

describe('additionalPorts: several ports, picked by name', () => {
  function platformWith(define: (chart: ReturnType<typeof chartFor>) => void): K8sObject[] {
    const chart = chartFor('prod');
    define(chart);
    const objects = objectsOf(chart);
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
    expect(validateSemantics(objects as never)).toEqual([]);
    return objects;
  }
  const api = (chart: ReturnType<typeof chartFor>) =>
    new WebService(chart, 'api', {
      image,
      port: 8080,
      additionalPorts: { grpc: 9090, metrics: 9091 },
    });

  test('the main container declares every port and the Service exposes each, named', () => {
    const objects = platformWith(api);
    const container = find(objects, 'Deployment', 'api').spec.template.spec.containers[0];
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'grpc', containerPort: 9090, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9091, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'api').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'grpc', port: 9090, targetPort: 9090, protocol: 'TCP' },
      { name: 'metrics', port: 9091, targetPort: 9091, protocol: 'TCP' },
    ]);
  });

  test('a connection by port name: the port in the env, and only that port let through', () => {
    const objects = platformWith((chart) => {
      const service = api(chart);
      new CronTask(chart, 'report', {
        image,
        schedule: '0 3 * * *',
        connections: { API: service, API_GRPC: { service, port: 'grpc' } },
      });
    });
    const job = find(objects, 'CronJob', 'report').spec.jobTemplate.spec.template.spec;
    expect(job.containers[0].env).toEqual([
      { name: 'API_HOST', value: 'api.acme-prod.svc.cluster.local' },
      { name: 'API_PORT', value: '80' },
      { name: 'API_GRPC_HOST', value: 'api.acme-prod.svc.cluster.local' },
      { name: 'API_GRPC_PORT', value: '9090' },
    ]);
    const from = podsOf(objects).find((p) => p.name === 'report') as PodEndpoint;
    const to = podsOf(objects).find((p) => p.name === 'api') as PodEndpoint;
    expect(isAllowed(objects, { from, to, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from, to, port: 9090 })).toBe(true);
    expect(isAllowed(objects, { from, to, port: 9091 })).toBe(false);
  });

  test('a route by port name: the Ingress backend is that Service port', () => {
    const objects = platformWith((chart) => {
      const service = api(chart);
      new WebEntrypoint(chart, 'web', {}).route('/grpc/', service, { port: 'grpc' });
    });
    const backend = find(objects, 'Ingress', 'web').spec.rules[0].http.paths[0].backend;
    expect(backend).toEqual({ service: { name: 'api', port: { number: 9090 } } });
    const to = podsOf(objects).find((p) => p.name === 'api') as PodEndpoint;
    // Google's front ends reach the routed port and the health check's, not the others.
    expect(isAllowed(objects, { from: address('35.191.3.4'), to, port: 9090 })).toBe(true);
    expect(isAllowed(objects, { from: address('35.191.3.4'), to, port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: address('35.191.3.4'), to, port: 9091 })).toBe(false);
  });

  test.each([
    [
      { additionalPorts: { http: 9090 } },
      "WebService 'prod/api': 'additionalPorts.http' is named like the main port ('http'); give it another name, or change 'portName'",
    ],
    [
      { additionalPorts: { grpc: 8080 } },
      "WebService 'prod/api': 'additionalPorts.grpc' is 8080, the main 'port'; give each port its own number",
    ],
    [
      { additionalPorts: { grpc: 80 } },
      "WebService 'prod/api': 'additionalPorts.grpc' is 80, the Service's main port ('service.port'); give each port its own number, or change 'service.port'",
    ],
    [
      { additionalPorts: { GRPC: 9090 } },
      "WebService 'prod/api': 'additionalPorts.GRPC' is \"GRPC\", which has characters other than a-z, 0-9 and '-'; use 1–15 lower-case letters, digits and single '-', with at least one letter (e.g. 'http', 'grpc-web')",
    ],
  ])('fails on %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('fails on a connection to a port the Service does not have', () => {
    expect(() =>
      platformWith((chart) => {
        const service = api(chart);
        new OneOffJob(chart, 'seed', { image, connections: { API: { service, port: 'admin' } } });
      }),
    ).toThrow(
      "OneOffJob 'prod/seed': 'connections.API.port' is 'admin', which is not a port of WebService 'prod/api'; use one of its ports: 'http', 'grpc', 'metrics'",
    );
  });

  test('fails on a route to a port the Service does not have', () => {
    expect(() =>
      platformWith((chart) => {
        new WebEntrypoint(chart, 'web', {}).route('/', api(chart), { port: 'admin' });
      }),
    ).toThrow(
      "WebEntrypoint 'prod/entrypoints/web': 'route.port' is 'admin', which is not a port of WebService 'prod/api'; use one of its ports: 'http', 'grpc', 'metrics'",
    );
  });
});

describe("a LoadBalancer Service's per-environment staticIp", () => {
  it('is one per environment: a map that leaves one out is a compile error', () => {
    const complete: WebServiceProps<TestEnv>['service'] = {
      type: 'LoadBalancer',
      staticIp: { dev: 'lb', prod: 'lb' },
    };
    const incomplete: WebServiceProps<TestEnv>['service'] = {
      type: 'LoadBalancer',
      // @ts-expect-error: 'prod' is missing
      staticIp: { dev: 'lb' },
    };
    const stateful: StatefulServiceProps<TestEnv>['service'] = {
      type: 'LoadBalancer',
      // @ts-expect-error: 'prod' is missing
      staticIp: { dev: 'lb' },
    };
    expect([complete, incomplete, stateful]).toHaveLength(3);
  });

  it("reads the environment's value", () => {
    const service = find(
      synth({ service: { type: 'LoadBalancer', staticIp: { dev: 'ilb', prod: 'lb' } } }),
      'Service',
      'api',
    );
    // prod's address, by the name the stack gives it (<platform>-<environment>-<key>).
    expect(service.metadata.annotations).toMatchObject({
      'networking.gke.io/load-balancer-ip-addresses': 'acme-prod-lb',
    });
  });
});
