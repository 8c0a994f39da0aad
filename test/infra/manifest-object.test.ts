import { type ManifestObject, manifestLayer } from '#lib/infra/manifests';

/*
 * `ManifestObject` is the plain object read back from a manifest file; `KubeObject` (in
 * lib/k8s) is the construct that writes one.
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
});
