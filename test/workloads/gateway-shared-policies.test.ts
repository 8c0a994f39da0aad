import { synthesizeChart } from '#lib/output/synthesize';
import { validateObjects } from '#lib/validate/validate-object';
import { WebEntrypoint } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, type K8sObject, objectsOf } from '../support/synth';

/*
 * One WebService behind several gateway entrypoints. A HealthCheckPolicy or GCPBackendPolicy
 * targets the Service, and GKE applies it on every Gateway that routes to the Service
 * (configure-gateway-resources), so there is one of each per Service, whichever entrypoints
 * route to it, and entrypoints that need different ones are an error.
 */

function setup() {
  const chart = chartFor('prod');
  const main = new WebService(chart, 'main', {
    image: 'main:1.0.0',
    port: 8080,
    health: { path: '/ready' },
  });
  const external = new WebEntrypoint(chart, 'public', { frontDoor: 'gateway' });
  const internal = new WebEntrypoint(chart, 'intranet', { frontDoor: 'gateway', internal: true });
  return { chart, main, external, internal };
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe('one WebService behind two gateway entrypoints', () => {
  it('external and internal: one HealthCheckPolicy for the Service, a route on each Gateway', () => {
    const { chart, main, external, internal } = setup();
    external.route('/', main);
    internal.route('/', main);
    const objects = synthesizeChart(chart) as K8sObject[];
    expect(validateObjects(objects as never)).toEqual([]);
    expect(ofKind(objects, 'HealthCheckPolicy').map((o) => o.metadata.name)).toEqual(['main']);
    expect(find(objects, 'HealthCheckPolicy', 'main').spec.targetRef).toEqual({
      group: '',
      kind: 'Service',
      name: 'main',
    });
    expect(find(objects, 'Gateway', 'public').spec.gatewayClassName).toBe(
      'gke-l7-global-external-managed',
    );
    expect(find(objects, 'Gateway', 'intranet').spec.gatewayClassName).toBe('gke-l7-rilb');
    for (const gateway of ['public', 'intranet'])
      expect(find(objects, 'HTTPRoute', gateway).spec).toEqual({
        parentRefs: [{ name: gateway }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'main', port: 80 }],
          },
        ],
      });
  });

  it('two hosts on two entrypoints with the same backend options: one GCPBackendPolicy', () => {
    const chart = chartFor('prod');
    const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
    for (const host of ['shop.example.com', 'api.example.com'])
      new WebEntrypoint(chart, host.split('.')[0], {
        frontDoor: 'gateway',
        hosts: [host],
        backend: { timeoutSeconds: 60 },
      }).route('/', main);
    const objects = objectsOf(chart);
    expect(ofKind(objects, 'GCPBackendPolicy')).toHaveLength(1);
    expect(find(objects, 'GCPBackendPolicy', 'main').spec.default).toEqual({ timeoutSec: 60 });
    expect(ofKind(objects, 'HealthCheckPolicy')).toHaveLength(1);
  });

  it('fails when the entrypoints check the Service with other health-check timing', () => {
    const { main, external, internal } = setup();
    external.route('/', main);
    expect(() => internal.route('/', main, { healthCheck: { intervalSeconds: 30 } })).toThrow(
      "WebEntrypoint 'prod/entrypoints/intranet': 'route' checks WebService 'prod/main' for '/' with other health-check timing than for '/' of WebEntrypoint 'prod/entrypoints/public', but GKE applies one HealthCheckPolicy per Service, on every Gateway that routes to it",
    );
  });

  it('fails when the entrypoints give the Service other backend settings', () => {
    const { main, external, internal } = setup();
    external.route('/', main, { timeoutSeconds: 60 });
    expect(() => internal.route('/', main, { timeoutSeconds: 10 })).toThrow(
      "WebEntrypoint 'prod/entrypoints/intranet': 'route' gives WebService 'prod/main' other backend settings than the route '/' of WebEntrypoint 'prod/entrypoints/public', but GKE applies one GCPBackendPolicy per Service",
    );
  });
});

describe('the capacity per Pod of a backend Service (maxRatePerEndpoint)', () => {
  it('goes into the GCPBackendPolicy, valid by the CRD schema', () => {
    const { chart, main, external, internal } = setup();
    external.route('/', main);
    internal.route('/', main);
    external.gateway!.configureBackend(main, { maxRatePerEndpoint: 50 });
    const objects = synthesizeChart(chart) as K8sObject[];
    expect(validateObjects(objects as never)).toEqual([]);
    expect(find(objects, 'GCPBackendPolicy', 'main').spec).toEqual({
      default: { maxRatePerEndpoint: 50 },
      targetRef: { group: '', kind: 'Service', name: 'main' },
    });
  });

  it.each([0, 2.5, 1_000_000_001])('fails on %s requests per second', (rate) => {
    const { main, external } = setup();
    external.route('/', main);
    expect(() => external.gateway!.configureBackend(main, { maxRatePerEndpoint: rate })).toThrow(
      `WebEntrypoint 'prod/entrypoints/public': 'backend.maxRatePerEndpoint' is ${rate}; use a whole number from 1 to 1000000000`,
    );
  });

  it('is one capacity for the Service on every Gateway: another entrypoint with another fails', () => {
    const { main, external, internal } = setup();
    external.route('/', main);
    internal.route('/', main);
    external.gateway!.configureBackend(main, { maxRatePerEndpoint: 50 });
    expect(() => internal.gateway!.configureBackend(main, { maxRatePerEndpoint: 80 })).toThrow(
      "WebEntrypoint 'prod/entrypoints/intranet': 'backend' gives WebService 'prod/main' other backend settings than an earlier configureBackend of WebEntrypoint 'prod/entrypoints/public'",
    );
  });
});
