import type { EnvironmentManifests } from '#lib/output/synthesize';
import { k8s } from '#lib/workloads/chart/kube';

/**
 * The example and the scale benchmark (N=50), synthesized by the library as the module
 * registry has it: every module (constructs, definitions, cdk8s) from the same registry.
 */
async function synthesizeAll(): Promise<EnvironmentManifests[][]> {
  const { synthesizePlatform } = await import('#lib/output/synthesize');
  const { defineShop } = await import('#apps/main');
  const { platform } = await import('#apps/platform');
  const { defineScale, scalePlatform } = await import('#bench/scale-definition');
  return [
    synthesizePlatform(platform, defineShop),
    synthesizePlatform(scalePlatform, defineScale(50, true)),
  ];
}

describe('lib/workloads/kube: the generated Kubernetes 1.27 classes (imports/k8s.ts)', () => {
  it('synthesize the same objects, in the same key order, as cdk8s-plus-27 k8s classes', async () => {
    let ours: EnvironmentManifests[][] = [];
    let theirs: EnvironmentManifests[][] = [];
    await jest.isolateModulesAsync(async () => {
      ours = await synthesizeAll();
    });
    await jest.isolateModulesAsync(async () => {
      // The same library, with kube.ts exporting cdk8s-plus-27's classes as it did before.
      jest.doMock('#lib/workloads/chart/kube', () => ({
        k8s: jest.requireActual<typeof import('cdk8s-plus-27')>('cdk8s-plus-27').k8s,
      }));
      theirs = await synthesizeAll();
    });
    expect(ours.flat()).toHaveLength(6);
    expect(ours.flat().reduce((n, m) => n + m.objects.length, 0)).toBeGreaterThan(1000);
    // JSON text compares key order too, which decides the order of the YAML.
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });

  it('drop undefined fields and keep the others in schema order', () => {
    // The OpenAPI schema lists ObjectMeta's and ServiceSpec's fields alphabetically.
    const manifest = k8s.KubeService.manifest({
      metadata: { name: 'web', labels: { b: '2', a: '1' }, annotations: undefined },
      spec: {
        type: 'ClusterIP',
        ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }],
      },
    });
    expect(JSON.stringify(manifest)).toBe(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { labels: { b: '2', a: '1' }, name: 'web' },
        spec: { ports: [{ port: 80, targetPort: 8080 }], type: 'ClusterIP' },
      }),
    );
  });
});
