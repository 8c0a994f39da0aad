import { PlatformError } from '#lib/core/errors';
import { HttpRoute } from '#lib/gke/http-route';
import { checkFleetOutputs } from '#lib/output/fleet-checks';
import { type EnvironmentManifests, synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform } from '#lib/platform/platform';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import type { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { find, type K8sObject } from '../support/synth';

/*
 * The gateway front door of an environment of several clusters. Expected objects are written
 * from GKE's multi-cluster Gateway docs (concepts/multi-cluster-gateways,
 * how-to/deploying-multi-cluster-gateways and its blue-green pattern,
 * how-to/configure-gateway-resources: policies of a multi-cluster Gateway target
 * ServiceImports), not from what the code printed.
 */

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-4' } } },
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4' } },
      internalLoadBalancing: true,
      clusters: {
        euw1: { region: 'europe-west1', config: true },
        ane1: { region: 'asia-northeast1' },
      },
    },
  },
});

/** A fleet of two clusters in one region, for the regional internal class. */
const oneRegion = definePlatform({
  name: 'shop',
  environments: {
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4' } },
      internalLoadBalancing: true,
      clusters: {
        a: { zone: 'europe-west1-b', config: true },
        b: { zone: 'europe-west1-c' },
      },
    },
  },
});

type Define = (chart: EnvironmentChart<'dev' | 'prod'>) => void;

/** prod's objects by cluster. */
function prod(define: Define, on = platform): Record<string, K8sObject[]> {
  const manifests = synthesizePlatform(on as typeof platform, define, {
    environments: ['prod'],
  });
  return Object.fromEntries(manifests.map((m) => [m.cluster, m.objects as K8sObject[]]));
}

/** A WebService `web` behind the entrypoint `shop`, routed by `route`. */
function shop(
  props: WebEntrypointProps<'dev' | 'prod'> = {},
  route: (entry: WebEntrypoint<'dev' | 'prod'>, web: WebService<'dev' | 'prod'>) => void = (
    entry,
    web,
  ) => entry.route('/', web),
): Define {
  return (chart) => {
    const web = new WebService(chart, 'web', {
      image: 'web:1.0.0',
      port: 8080,
      health: { path: '/ready' },
    });
    const entry = new WebEntrypoint(chart, 'shop', { frontDoor: 'gateway', ...props });
    route(entry, web);
  };
}

const kinds = (objects: K8sObject[], ...of: string[]) =>
  objects.filter((o) => of.includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`);
const GATEWAY_KINDS = [
  'Gateway',
  'HTTPRoute',
  'HealthCheckPolicy',
  'GCPBackendPolicy',
  'GCPGatewayPolicy',
];
const serviceImport = (name: string) => ({ group: 'net.gke.io', kind: 'ServiceImport', name });

function thrown(run: () => unknown): PlatformError {
  try {
    run();
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error('no PlatformError');
}

describe('WebEntrypoint on the clusters of a fleet', () => {
  const tls = {
    gateway: { preSharedCertificates: ['shop-cert'] },
    hosts: ['shop.example.com'],
    sslPolicy: 'modern-tls',
    backend: { timeoutSeconds: 60 },
  };

  it('writes the Gateway, its routes and policies on the config cluster only', () => {
    const { euw1, ane1 } = prod(shop(tls));
    expect(kinds(euw1, ...GATEWAY_KINDS)).toEqual([
      'Gateway/shop',
      'GCPGatewayPolicy/shop',
      'HTTPRoute/shop-redirect',
      'HTTPRoute/shop-shop.example.com',
      'HealthCheckPolicy/web',
      'GCPBackendPolicy/web',
    ]);
    expect(kinds(ane1, ...GATEWAY_KINDS)).toEqual([]);
  });

  it("uses GKE's multi-cluster class for an external entrypoint, with its certificates and TLS as on one cluster", () => {
    const gateway = find(prod(shop(tls)).euw1, 'Gateway', 'shop');
    expect(gateway.spec).toEqual({
      gatewayClassName: 'gke-l7-global-external-managed-mc',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80 },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: {
            mode: 'Terminate',
            options: { 'networking.gke.io/pre-shared-certs': 'shop-cert' },
          },
        },
      ],
    });
    const map = find(
      prod(shop({ gateway: { certificateMap: 'shop-map' } })).euw1,
      'Gateway',
      'shop',
    );
    expect(map.metadata.annotations).toEqual({ 'networking.gke.io/certmap': 'shop-map' });
  });

  it('sends every rule to ServiceImports, which each cluster that runs the service exports', () => {
    const { euw1, ane1 } = prod(shop(tls));
    const route = find(euw1, 'HTTPRoute', 'shop-shop.example.com');
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ ...serviceImport('web'), port: 80 }],
      },
    ]);
    for (const objects of [euw1, ane1])
      expect(find(objects, 'ServiceExport', 'web').apiVersion).toBe('net.gke.io/v1');
  });

  it('attaches the health check and backend policies to the ServiceImport', () => {
    const { euw1 } = prod(shop(tls));
    const health = find(euw1, 'HealthCheckPolicy', 'web');
    expect(health.spec.targetRef).toEqual(serviceImport('web'));
    expect(health.spec.default.config.httpHealthCheck).toEqual({
      requestPath: '/ready',
      portSpecification: 'USE_FIXED_PORT',
      port: 8080,
    });
    const backend = find(euw1, 'GCPBackendPolicy', 'web');
    expect(backend.spec).toEqual({ default: { timeoutSec: 60 }, targetRef: serviceImport('web') });
  });

  it('makes the policies beside the Gateway, not under the service', () => {
    const paths: string[] = [];
    prod((chart) => {
      shop(tls)(chart);
      if (chart.cluster?.config)
        paths.push(
          ...chart.node
            .findAll()
            .filter((c) => /policy$/.test(c.node.id) && !c.node.path.startsWith('prod.euw1/web/'))
            .map((c) => c.node.path),
        );
    });
    expect(paths).toEqual([
      'prod.euw1/entrypoints/shop/gateway/policy',
      'prod.euw1/entrypoints/shop/gateway/web-health-check-policy',
      'prod.euw1/entrypoints/shop/gateway/web-backend-policy',
    ]);
  });

  it('writes objects that pass the schemas (1.27, newest, CRDs) and the semantic rules on both clusters', () => {
    const byCluster = prod(
      shop(tls, (entry, web) => {
        entry.route('/', web, { clusters: { dev: undefined, prod: { euw1: 3, ane1: 1 } } });
      }),
    );
    for (const objects of Object.values(byCluster)) {
      expect(validateObjects(objects)).toEqual([]);
      expect(validateSemantics(objects)).toEqual([]);
    }
  });

  it('leaves an environment of one cluster as it was', () => {
    const [dev] = synthesizePlatform(platform, shop(), { environments: ['dev'] });
    const objects = dev.objects as K8sObject[];
    expect(find(objects, 'Gateway', 'shop').spec.gatewayClassName).toBe(
      'gke-l7-global-external-managed',
    );
    expect(find(objects, 'HTTPRoute', 'shop').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80 },
    ]);
    expect(find(objects, 'HealthCheckPolicy', 'web').spec.targetRef).toEqual({
      group: '',
      kind: 'Service',
      name: 'web',
    });
    expect(objects.some((o) => o.kind === 'ServiceExport')).toBe(false);
  });
});

describe('an internal entrypoint on a fleet', () => {
  it('uses gke-l7-rilb-mc for clusters of one region, with global access', () => {
    const { a } = prod(shop({ internal: true, gateway: { globalAccess: true } }), oneRegion);
    expect(find(a, 'Gateway', 'shop').spec.gatewayClassName).toBe('gke-l7-rilb-mc');
    expect(find(a, 'GCPGatewayPolicy', 'shop').spec.default).toEqual({ allowGlobalAccess: true });
  });

  it('is refused over clusters of several regions: a regional load balancer', () => {
    const error = thrown(() => prod(shop({ internal: true })));
    expect(error.where).toBe("WebEntrypoint 'prod.euw1/entrypoints/shop'");
    expect(error.prop).toBe('internal');
    expect(error.problem).toMatch(/europe-west1, asia-northeast1.*gke-l7-rilb-mc/);
  });
});

describe('weights between clusters', () => {
  const weighed = (weights: Record<string, number>) =>
    shop({}, (entry, web) =>
      entry.route('/', web, { clusters: { dev: undefined, prod: weights } }),
    );

  it('sends the rule to per-cluster ServiceImports by weight', () => {
    const { euw1 } = prod(weighed({ euw1: 90, ane1: 10 }));
    expect(find(euw1, 'HTTPRoute', 'shop').spec.rules[0].backendRefs).toEqual([
      { ...serviceImport('web-euw1'), port: 80, weight: 90 },
      { ...serviceImport('web-ane1'), port: 80, weight: 10 },
    ]);
  });

  it("gives each weighed cluster a Service of the service's selector and ports, exported there alone", () => {
    const { euw1, ane1 } = prod(weighed({ euw1: 90, ane1: 10 }));
    for (const [objects, own, other] of [
      [euw1, 'web-euw1', 'web-ane1'],
      [ane1, 'web-ane1', 'web-euw1'],
    ] as const) {
      const service = find(objects, 'Service', own);
      const main = find(objects, 'Service', 'web');
      expect(service.spec).toEqual({
        type: 'ClusterIP',
        selector: main.spec.selector,
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      });
      expect(find(objects, 'ServiceExport', own).metadata.namespace).toBe('shop-prod');
      expect(kinds(objects, 'Service', 'ServiceExport')).not.toContain(`Service/${other}`);
      expect(kinds(objects, 'Service', 'ServiceExport')).not.toContain(`ServiceExport/${other}`);
    }
  });

  it('health-checks each per-cluster ServiceImport on the config cluster', () => {
    const { euw1, ane1 } = prod(weighed({ euw1: 90, ane1: 10 }));
    for (const name of ['web-euw1', 'web-ane1'])
      expect(find(euw1, 'HealthCheckPolicy', name).spec.targetRef).toEqual(serviceImport(name));
    expect(kinds(ane1, 'HealthCheckPolicy')).toEqual([]);
  });

  it('drains a cluster with weight 0', () => {
    const { euw1 } = prod(weighed({ euw1: 0, ane1: 1 }));
    const refs = find(euw1, 'HTTPRoute', 'shop').spec.rules[0].backendRefs;
    expect(refs.map((r: K8sObject) => [r.name, r.weight])).toEqual([
      ['web-euw1', 0],
      ['web-ane1', 1],
    ]);
  });

  it.each([
    [{ euw1: 0, ane1: 0 }, 'route.clusters', /every cluster weight 0/],
    [{ euw1: 1, usc1: 1 }, 'route.clusters.usc1', /does not declare/],
    [{ euw1: 1.5 }, 'route.clusters.euw1', /1\.5/],
    [{}, 'route.clusters', /is empty/],
  ])('refuses %j', (weights, prop, problem) => {
    const error = thrown(() => prod(weighed(weights)));
    expect(error.where).toBe("WebEntrypoint 'prod.euw1/entrypoints/shop'");
    expect(error.prop).toBe(prop);
    expect(error.problem).toMatch(problem);
  });

  it('refuses weights in an environment of one cluster', () => {
    const error = thrown(() =>
      synthesizePlatform(
        platform,
        shop({}, (entry, web) => entry.route('/', web, { clusters: { euw1: 1 } })),
        { environments: ['dev'] },
      ),
    );
    expect([error.where, error.prop]).toEqual([
      "WebEntrypoint 'dev/entrypoints/shop'",
      'route.clusters',
    ]);
    expect(error.problem).toMatch(/'dev' is one cluster/);
  });

  it('refuses a cluster the service does not run on', () => {
    const error = thrown(() =>
      prod((chart) => {
        const web = new WebService(chart, 'web', {
          image: 'web:1.0.0',
          port: 8080,
          clusters: { dev: 'all', prod: ['euw1'] },
        });
        new WebEntrypoint(chart, 'shop', { frontDoor: 'gateway' }).route('/', web, {
          clusters: { dev: undefined, prod: { euw1: 1, ane1: 1 } },
        });
      }),
    );
    expect(error.prop).toBe('route.clusters.ane1');
    expect(error.problem).toMatch(/does not run on \(it runs on euw1\)/);
  });

  it('refuses weights beside a canary', () => {
    const error = thrown(() =>
      prod((chart) => {
        const web = new WebService(chart, 'web', {
          image: 'web:1.0.0',
          port: 8080,
          canary: { image: 'web:1.1.0', weight: 10 },
        });
        new WebEntrypoint(chart, 'shop', { frontDoor: 'gateway' }).route('/', web, {
          clusters: { dev: undefined, prod: { euw1: 1, ane1: 1 } },
        });
      }),
    );
    expect(error.prop).toBe('route.clusters');
    expect(error.problem).toMatch(/runs a canary/);
  });

  it('splits a canary between the stable and canary ServiceImports without weights', () => {
    const { euw1, ane1 } = prod((chart) => {
      const web = new WebService(chart, 'web', {
        image: 'web:1.0.0',
        port: 8080,
        canary: { image: 'web:1.1.0', weight: 10 },
      });
      new WebEntrypoint(chart, 'shop', { frontDoor: 'gateway' }).route('/', web);
    });
    expect(find(euw1, 'HTTPRoute', 'shop').spec.rules[0].backendRefs).toEqual([
      { ...serviceImport('web'), port: 80, weight: 90 },
      { ...serviceImport('web-canary'), port: 80, weight: 10 },
    ]);
    expect(find(euw1, 'HealthCheckPolicy', 'web-canary').spec.targetRef).toEqual(
      serviceImport('web-canary'),
    );
    expect(find(ane1, 'ServiceExport', 'web-canary').metadata.name).toBe('web-canary');
  });
});

describe('the checks of a whole fleet environment', () => {
  it('refuses a ServiceImport that no cluster exports, naming the route', () => {
    const error = thrown(() =>
      prod((chart) => {
        shop()(chart);
        new HttpRoute(chart, 'extra', {
          metadata: { name: 'extra', namespace: chart.namespaceName },
          gateway: 'shop',
          rules: [
            {
              matches: [{ path: '/ghost' }],
              backends: [{ kind: 'ServiceImport', service: 'ghost', port: 80 }],
            },
          ],
        });
      }),
    );
    expect(error.where).toBe("HTTPRoute 'extra' on cluster 'euw1' of 'prod'");
    expect(error.prop).toBe('spec.rules[0].backendRefs[0]');
    expect(error.problem).toMatch(
      /ServiceImport 'ghost'.*no cluster of 'prod' \('euw1', 'ane1'\) has a ServiceExport 'ghost'/,
    );
    // The same route on the other cluster is the second problem.
    expect(error.more.map((e) => e.where)).toEqual([
      "HTTPRoute 'extra' on cluster 'ane1' of 'prod'",
    ]);
  });

  it('passes when one cluster exports what the config cluster imports', () => {
    const manifests = synthesizePlatform(platform, shop(), { environments: ['prod'] });
    const [euw1, ane1] = manifests;
    const withoutExport = {
      ...euw1,
      objects: euw1.objects.filter((o) => o.kind !== 'ServiceExport'),
    };
    expect(() => checkFleetOutputs([withoutExport, ane1])).not.toThrow();
    const noneExported = {
      ...ane1,
      objects: ane1.objects.filter((o) => o.kind !== 'ServiceExport'),
    };
    const error = thrown(() => checkFleetOutputs([withoutExport, noneExported]));
    expect([error, ...error.more].map((e) => `${e.where} ${e.prop}`)).toEqual([
      "HealthCheckPolicy 'web' on cluster 'euw1' of 'prod' spec.targetRef",
      "HTTPRoute 'shop' on cluster 'euw1' of 'prod' spec.rules[0].backendRefs[0]",
    ]);
  });

  it('refuses Namespaces that differ between clusters', () => {
    const [euw1, ane1] = synthesizePlatform(platform, () => {}, { environments: ['prod'] });
    const relabelled: EnvironmentManifests = {
      ...ane1,
      objects: ane1.objects.map((o) =>
        o.kind === 'Namespace'
          ? { ...o, metadata: { ...(o.metadata as object), labels: { team: 'other' } } }
          : o,
      ),
    };
    const error = thrown(() => checkFleetOutputs([euw1, relabelled]));
    expect(error.where).toBe("Namespace on cluster 'ane1' of 'prod'");
    expect(error.problem).toMatch(/differs from the Namespace on cluster 'euw1'/);
  });
});

describe('the ingress front door on a fleet', () => {
  it('is refused, naming the entrypoint and the prop', () => {
    const error = thrown(() =>
      prod((chart) => {
        const web = new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
        new WebEntrypoint(chart, 'shop').route('/', web);
      }),
    );
    expect(error.where).toBe("WebEntrypoint 'prod.euw1/entrypoints/shop'");
    expect(error.prop).toBe('frontDoor');
    expect(error.problem).toMatch(/several clusters.*multi-cluster Gateway/);
    expect(error.fix).toMatch(/frontDoor: "gateway"/);
  });
});

describe("the semantic rules on a multi-cluster Gateway's policies", () => {
  const policy = (targetRef: object) => ({
    apiVersion: 'networking.gke.io/v1',
    kind: 'GCPBackendPolicy',
    metadata: { name: 'web', namespace: 'shop-prod' },
    spec: { default: {}, targetRef },
  });

  it('take a ServiceImport of net.gke.io as a target, and refuse another kind', () => {
    expect(validateSemantics([policy(serviceImport('web'))])).toEqual([]);
    const [problem] = validateSemantics([
      policy({ group: 'net.gke.io', kind: 'ServiceExport', name: 'web' }),
    ]);
    expect(problem.fix).toMatch(/ServiceImport \(group net\.gke\.io\)/);
  });
});
