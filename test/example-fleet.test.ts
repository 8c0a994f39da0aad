import { defineFleetShop } from '#apps/fleet/main';
import { fleetPlatform } from '#apps/fleet/platform';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';
import { validateObjects } from '#lib/validate/validate-object';
import { find, type K8sObject, podSpec } from './support/synth';

const manifests = synthesizePlatform(fleetPlatform, defineFleetShop);
const folder = (m: { environment: string; cluster?: string }) =>
  m.cluster === undefined ? m.environment : `${m.environment}/${m.cluster}`;
const byFolder = Object.fromEntries(manifests.map((m) => [folder(m), m.objects as K8sObject[]]));
const euw1 = byFolder['prod/euw1'];
const ane1 = byFolder['prod/ane1'];
const names = (objects: readonly K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe('the fleet example: prod on europe-west1 and asia-northeast1', () => {
  it('writes dev and staging as one cluster each, prod once per cluster', () => {
    expect(manifests.map(folder)).toEqual(['dev', 'staging', 'prod/euw1', 'prod/ane1']);
  });

  describe.each(KUBERNETES_VERSIONS)('against the Kubernetes %s schema and the CRDs', (version) => {
    it.each(Object.keys(byFolder))('every object of %s validates', (name) => {
      expect(validateObjects(byFolder[name], [version]).map((p) => p.message)).toEqual([]);
    });
  });

  it('has the same Namespace on both clusters', () => {
    expect(find(euw1, 'Namespace', 'shop-prod')).toEqual(find(ane1, 'Namespace', 'shop-prod'));
  });

  it('writes the multi-cluster Gateway and its routes on the config cluster only', () => {
    const gateway = find(euw1, 'Gateway', 'web');
    expect(gateway.spec.gatewayClassName).toBe('gke-l7-global-external-managed-mc');
    expect(gateway.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'shop-prod-web' }]);
    expect(names(euw1, 'HTTPRoute')).toEqual(['web-shop.example.com', 'web-www.shop.example.com']);
    for (const kind of ['Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy'])
      expect(names(ane1, kind)).toEqual([]);
  });

  it('sends every route to ServiceImports, each exported by a cluster that runs it', () => {
    const backends = euw1
      .filter((o) => o.kind === 'HTTPRoute')
      .flatMap((r) => r.spec.rules.flatMap((rule: K8sObject) => rule.backendRefs));
    expect(new Set(backends.map((b: K8sObject) => `${b.group}/${b.kind}/${b.name}`))).toEqual(
      new Set(['net.gke.io/ServiceImport/storefront', 'net.gke.io/ServiceImport/sub-app']),
    );
    for (const objects of [euw1, ane1])
      expect(names(objects, 'ServiceExport')).toEqual(
        expect.arrayContaining(['storefront', 'sub-app']),
      );
    // The load balancer checks each ServiceImport on its pods' readiness path, with Cloud Armor.
    const health = find(euw1, 'HealthCheckPolicy', 'storefront').spec;
    expect(health.targetRef).toEqual({
      group: 'net.gke.io',
      kind: 'ServiceImport',
      name: 'storefront',
    });
    const readiness = podSpec(find(ane1, 'Deployment', 'storefront')).containers[0].readinessProbe;
    expect(health.default.config.httpHealthCheck.requestPath).toBe(readiness.httpGet.path);
    expect(find(euw1, 'GCPBackendPolicy', 'storefront').spec.default.securityPolicy).toBe(
      'shop-prod-edge',
    );
  });

  it('runs the storefront on both clusters with their own counts, redis and the jobs on the config cluster', () => {
    expect(find(euw1, 'HorizontalPodAutoscaler', 'storefront').spec.minReplicas).toBe(3);
    expect(find(ane1, 'HorizontalPodAutoscaler', 'storefront').spec.minReplicas).toBe(2);
    expect(names(euw1, 'StatefulSet')).toEqual(['redis']);
    expect(names(ane1, 'StatefulSet')).toEqual([]);
    // redis's nightly snapshots run where its disk is.
    expect(names(euw1, 'CronJob')).toEqual([
      'redis-snapshots',
      'fetch-rates',
      'sales-report',
      'embeddings',
    ]);
    expect(names(ane1, 'CronJob')).toEqual([]);
    expect(names(ane1, 'DaemonSet')).toEqual(['log-shipper']);
  });

  it('lets the storefront in Tokyo reach redis in Europe across clusters, and nothing more', () => {
    const env = podSpec(find(ane1, 'Deployment', 'storefront')).containers[0].env;
    expect(env).toContainEqual({
      name: 'REDIS_HOST',
      value: 'redis-client.shop-prod.svc.clusterset.local',
    });
    expect(names(euw1, 'ServiceExport')).toContain('redis-client');
    // redis admits the storefront's pods of its own cluster and Tokyo's Pod range (the second
    // cluster's default, 10.20.0.0/14) on its port, and nothing else.
    expect(find(euw1, 'NetworkPolicy', 'redis').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/instance': 'storefront',
                'app.kubernetes.io/name': 'storefront',
              },
            },
          },
          { ipBlock: { cidr: '10.20.0.0/14' } },
        ],
        ports: [{ port: 6379, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves dev and staging exactly as a one-cluster platform writes them, but for the front door', () => {
    const shop = synthesizePlatform(platform, defineShop, { environments: ['dev'] })[0].objects;
    const same = (o: K8sObject) =>
      ['Namespace', 'StatefulSet', 'CronJob', 'DaemonSet'].includes(o.kind);
    expect(byFolder.dev.filter(same)).toEqual((shop as K8sObject[]).filter(same));
  });
});
