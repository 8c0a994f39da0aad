import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';
import { polarisFindings } from '#lib/validate/polaris';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import {
  address,
  isAllowed,
  KUBE_DNS_POD,
  type Obj,
  type PodEndpoint,
  podsOf,
} from '#lib/plan/network-policy-eval';

/*
 * The example's reachability: what the emitted NetworkPolicies allow (worked out by a
 * NetworkPolicy evaluator from the objects alone) against what apps/main.ts and
 * apps/batch.ts declare, written out here by hand.
 */

const manifests = synthesizePlatform(platform, defineShop);
const prod = manifests.find((m) => m.environment === 'prod')!.objects as Obj[];
const pods = podsOf(prod);
const pod = (name: string): PodEndpoint => {
  const found = pods.find((p) => p.name === name);
  if (!found) throw new Error(`no pod ${name}`);
  return found;
};

/** What the definition asks for between pods: `connections` (client → service's container port). */
const DECLARED_POD_TRAFFIC = new Set(['storefront→redis:6379', 'api→redis:6379']);
/** The log shipper opts out (`networkPolicy: false`): its own policy allows everything. */
const OPTED_OUT = 'log-shipper';

describe("the example's NetworkPolicies (prod)", () => {
  test('every workload of prod is a pod here, and one of them is on the node network: none', () => {
    expect(pods.map((p) => p.name).sort()).toEqual(
      [
        'admin',
        'api',
        'embeddings',
        'fetch-rates',
        'log-shipper',
        'redis',
        'redis-snapshots',
        'sales-report',
        'storefront',
        'sub-app',
      ].sort(),
    );
    expect(pods.filter((p) => p.hostNetwork)).toEqual([]);
  });

  // Every ordered pair, on every port the destination declares (and 8080 for pods without one).
  const pairs = pods.flatMap((from) =>
    pods.flatMap((to) =>
      (to.containerPorts.length > 0 ? to.containerPorts : [8080]).map((port) => ({
        from,
        to,
        port,
      })),
    ),
  );
  test.each(pairs.map((c) => [`${c.from.name}→${c.to.name}:${c.port}`, c] as const))(
    'pod to pod %s is allowed exactly when the definition asks for it',
    (key, c) => {
      const declared =
        DECLARED_POD_TRAFFIC.has(key) || (c.from.name === OPTED_OUT && c.to.name === OPTED_OUT);
      expect(isAllowed(prod, { from: c.from, to: c.to, port: c.port })).toBe(declared);
    },
  );

  test.each(pods.map((p) => [p.name, p] as const))(
    '%s resolves names: kube-dns on UDP and TCP 53, and nothing else there',
    (_name, from) => {
      expect(isAllowed(prod, { from, to: KUBE_DNS_POD, port: 53, protocol: 'UDP' })).toBe(true);
      expect(isAllowed(prod, { from, to: KUBE_DNS_POD, port: 53, protocol: 'TCP' })).toBe(true);
      expect(isAllowed(prod, { from, to: KUBE_DNS_POD, port: 443 })).toBe(from.name === OPTED_OUT);
    },
  );

  // Outside the cluster: [from, to, port, allowed, why].
  const outside: [string, string, number, boolean, string][] = [
    ['storefront', '169.254.169.254', 80, true, 'Workload Identity: the metadata server'],
    ['storefront', '169.254.169.252', 988, true, 'Workload Identity on Dataplane V2'],
    ['api', '169.254.169.254', 80, false, 'no Workload Identity'],
    ['sub-app', '169.254.169.252', 988, false, 'no Workload Identity'],
    ['storefront', '142.250.74.10', 443, true, "egress 'internet' on 443"],
    ['storefront', '142.250.74.10', 80, false, "'internet' only on 443"],
    ['storefront', '10.22.0.3', 443, false, "'internet' leaves out private ranges"],
    ['storefront', '169.254.169.254', 443, false, "'internet' leaves out link-local"],
    ['admin', '10.22.0.3', 5432, true, "prod's Cloud SQL private IP"],
    ['admin', '10.20.0.3', 5432, false, "dev's address is not prod's"],
    ['admin', '10.22.0.4', 5432, false, 'the reporting replica is sales-report’s'],
    ['admin', '142.250.74.10', 443, false, 'no internet for admin'],
    ['fetch-rates', '203.0.113.20', 443, true, "egress 'internet' on 443"],
    ['fetch-rates', '10.22.0.4', 5432, false, 'not declared'],
    ['sales-report', '10.22.0.4', 5432, true, 'the reporting replica'],
    ['sales-report', '203.0.113.20', 443, false, 'not declared'],
    ['embeddings', '203.0.113.20', 443, false, 'declares nothing'],
    ['redis', '203.0.113.20', 443, false, 'declares nothing'],
    ['redis-snapshots', '34.76.0.10', 443, true, 'the API server, whose address is not known: 443'],
    ['redis-snapshots', '34.76.0.10', 80, false, 'the API server on 443 only'],
    ['api', '203.0.113.20', 443, false, 'declares nothing'],
    ['log-shipper', '203.0.113.20', 24224, true, 'opted out'],
  ];
  test.each(outside)('%s → %s:%d allowed: %s (%s)', (from, ip, port, allowed) => {
    expect(isAllowed(prod, { from: pod(from), to: address(ip), port })).toBe(allowed);
  });

  // Into the cluster from outside: [from, to, port, allowed, why].
  const inbound: [string, string, number, boolean, string][] = [
    ['35.191.10.1', 'storefront', 8080, true, 'Google health checks and GFEs (route /)'],
    ['130.211.1.1', 'storefront', 8080, true, 'Google health checks and GFEs (route /)'],
    ['130.211.1.1', 'sub-app', 3000, true, 'route /sub-app/'],
    ['203.0.113.9', 'storefront', 8080, false, 'clients reach it only through the GFEs'],
    ['35.191.10.1', 'admin', 8080, false, 'admin is routed from nowhere'],
    ['35.191.10.1', 'redis', 6379, false, 'redis is internal'],
    ['203.0.113.9', 'api', 5000, true, 'LoadBalancer Service, no sourceRanges: any client'],
    ['203.0.113.9', 'api', 8080, false, 'only its container port'],
    ['203.0.113.9', 'redis', 6379, false, 'redis is internal'],
    [
      '10.129.0.5',
      'storefront',
      8080,
      false,
      'the proxy-only subnet serves internal entrypoints only',
    ],
    ['203.0.113.9', 'log-shipper', 2020, true, 'opted out'],
  ];
  test.each(inbound)('%s → %s:%d allowed: %s (%s)', (ip, to, port, allowed) => {
    expect(isAllowed(prod, { from: address(ip), to: pod(to), port })).toBe(allowed);
  });

  test('the evaluator is not vacuous: without the policies, every pair and address is reachable', () => {
    const open = prod.filter((o) => o.kind !== 'NetworkPolicy');
    expect(isAllowed(open, { from: pod('admin'), to: pod('redis'), port: 6379 })).toBe(true);
    expect(isAllowed(open, { from: address('203.0.113.9'), to: pod('redis'), port: 6379 })).toBe(
      true,
    );
    expect(isAllowed(open, { from: pod('redis'), to: address('203.0.113.9'), port: 25 })).toBe(
      true,
    );
    const denyOnly = prod.filter(
      (o) => o.kind !== 'NetworkPolicy' || o.metadata.name === 'default-deny',
    );
    expect(isAllowed(denyOnly, { from: pod('storefront'), to: pod('redis'), port: 6379 })).toBe(
      false,
    );
  });

  test('the default deny selects every pod, in both directions', () => {
    const deny = prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test.each(manifests.map((m) => [m.environment, m.objects] as const))(
    '%s: every object is valid on Kubernetes 1.27 and 1.36 and under the semantic rules',
    (_env, objects) => {
      expect(validateObjects(objects as Obj[], KUBERNETES_VERSIONS).map((p) => p.message)).toEqual(
        [],
      );
      expect(validateSemantics(objects as KubernetesObject[])).toEqual([]);
    },
  );

  test('prod: no Polaris missingNetworkPolicy finding, and every pod is selected by a policy of its own that isolates both directions', () => {
    expect(polarisFindings(prod).filter((f) => f.check === 'missingNetworkPolicy')).toEqual([]);
    const policies = prod.filter(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name !== 'default-deny',
    );
    for (const p of pods) {
      const own = policies.filter((np) =>
        Object.entries(np.spec.podSelector.matchLabels ?? {}).every(([k, v]) => p.labels[k] === v),
      );
      expect([p.name, own.map((np) => np.metadata.name)]).toEqual([p.name, [p.name]]);
      expect(own[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
  });
});
