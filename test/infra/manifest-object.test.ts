import { type KubeObject, type ManifestObject, manifestLayer } from '#lib/infra/manifests';

/*
 * `ManifestObject` is the plain object read back from a manifest file; `KubeObject` (in
 * lib/k8s) is the construct that writes one. The old infra name stays as a deprecated alias.
 */
describe('ManifestObject', () => {
  const ingress: ManifestObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop-prod' },
  };

  test('is what the manifest functions take', () => {
    expect(manifestLayer(ingress)).toBe('edge');
  });

  test('the deprecated KubeObject alias still names the same type', () => {
    const old: KubeObject = ingress;
    const back: ManifestObject = old;
    expect(manifestLayer(back)).toBe('edge');
  });
});
