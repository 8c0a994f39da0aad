import { synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform } from '#lib/platform/platform';
import { exportAcrossClusters } from '#lib/workloads/network/service-export';
import { WebService } from '#lib/workloads/web-service';
import { validateObject } from '#lib/validate/validate-object';

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-4' } } },
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4' } },
      clusters: {
        euw1: { region: 'europe-west1', config: true },
        ane1: { region: 'asia-northeast1' },
      },
    },
  },
});

describe('exportAcrossClusters', () => {
  test("writes one ServiceExport of the service's name, GKE's kind, with metadata only", () => {
    const [euw1] = synthesizePlatform(
      platform,
      (chart) => {
        const web = new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
        exportAcrossClusters(web);
        expect(exportAcrossClusters(web)).toBe(exportAcrossClusters(web));
      },
      { environments: ['prod'] },
    );
    const exports = euw1.objects.filter((o) => o.kind === 'ServiceExport');
    expect(exports).toEqual([
      {
        apiVersion: 'net.gke.io/v1',
        kind: 'ServiceExport',
        metadata: {
          name: 'web',
          namespace: 'shop-prod',
          labels: expect.objectContaining({ 'app.kubernetes.io/name': 'web' }),
        },
      },
    ]);
    expect(validateObject(exports[0])).toEqual([]);
    expect(validateObject({ ...exports[0], spec: { unknown: 1 } })).not.toEqual([]);
  });

  test('is refused in an environment of one cluster', () => {
    expect(() =>
      synthesizePlatform(
        platform,
        (chart) =>
          exportAcrossClusters(new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 })),
        { environments: ['dev'] },
      ),
    ).toThrow(/exported to other clusters, but the environment 'dev' is one cluster/);
  });
});
