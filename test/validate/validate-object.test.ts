import {
  assertValid,
  ManifestValidationError,
  validateObject,
  validateObjects,
} from '#lib/validate/validate-object';
import { backendConfig, deployment, firstContainer } from './fixtures';

const messages = (obj: Record<string, unknown>, kubernetesVersion: '1.27' | '1.36' = '1.27') =>
  validateObject(obj, { kubernetesVersion }).map((p) => p.message);

describe('validateObject', () => {
  test.each(['1.27', '1.36'] as const)('a valid Deployment passes on Kubernetes %s', (version) => {
    expect(messages(deployment(), version)).toEqual([]);
  });

  test('int-or-string ports accept a number and a name', () => {
    const obj = deployment();
    const container = firstContainer(obj);
    container.readinessProbe = { httpGet: { path: '/healthz', port: 'http' } };
    container.livenessProbe = { tcpSocket: { port: 8080 } };
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop-prod' },
      spec: {
        selector: { 'app.kubernetes.io/name': 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'admin', port: 81, targetPort: 9090 },
        ],
      },
    };
    expect(validateObjects([obj, service])).toEqual([]);
  });

  test('quantities accept strings and numbers', () => {
    const obj = deployment();
    firstContainer(obj).resources = { limits: { cpu: 0.5, memory: '1Gi' } };
    expect(messages(obj)).toEqual([]);
  });

  test('fails on an unknown field, naming the object and the path', () => {
    const obj = deployment();
    firstContainer(obj).foo = 'bar';
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: spec.template.spec.containers[0].foo: unknown field',
    ]);
  });

  test('fails on an unknown field in metadata and at the top level', () => {
    const obj: Record<string, unknown> = { ...deployment(), extra: true };
    (obj.metadata as Record<string, unknown>).label = { a: 'b' };
    expect(messages(obj, '1.36')).toEqual([
      'Deployment shop-prod/web: extra: unknown field',
      'Deployment shop-prod/web: metadata.label: unknown field',
    ]);
  });

  test('fails on a wrong type, saying what was expected and what was found', () => {
    const obj = deployment();
    (obj.spec as Record<string, unknown>).replicas = '3';
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: spec.replicas: must be integer, got string "3"',
    ]);
  });

  test('fails on a port that is neither integer nor string', () => {
    const obj = deployment();
    firstContainer(obj).readinessProbe = { httpGet: { path: '/', port: true } };
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: spec.template.spec.containers[0].readinessProbe.httpGet.port: must be string or integer, got boolean true',
    ]);
  });

  test('fails on a malformed quantity', () => {
    const obj = deployment();
    firstContainer(obj).resources = { limits: { memory: '1GB' } };
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: spec.template.spec.containers[0].resources.limits.memory: must be a valid quantity, got string "1GB"',
    ]);
  });

  test('fails on a missing required field', () => {
    const obj = deployment();
    delete firstContainer(obj).name;
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: spec.template.spec.containers[0].name: required field is missing',
    ]);
  });

  test('quotes map keys that are not identifiers', () => {
    const obj = deployment();
    const metadata = obj.metadata as Record<string, unknown>;
    metadata.labels = { 'app.kubernetes.io/part-of': 1 };
    expect(messages(obj)).toEqual([
      'Deployment shop-prod/web: metadata.labels["app.kubernetes.io/part-of"]: must be string, got number 1',
    ]);
  });

  test('a GKE BackendConfig validates against its CRD schema', () => {
    expect(messages(backendConfig())).toEqual([]);
    expect(messages(backendConfig(), '1.36')).toEqual([]);
  });

  test('a ManagedCertificate validates although its schema does not declare apiVersion/kind', () => {
    const certificate = {
      apiVersion: 'networking.gke.io/v1',
      kind: 'ManagedCertificate',
      metadata: { name: 'web-cert', namespace: 'shop-prod' },
      spec: { domains: ['shop.example.com'] },
    };
    expect(validateObjects([certificate])).toEqual([]);
  });

  test('fails on a BackendConfig with an unknown field', () => {
    const obj = backendConfig();
    (obj.spec as { healthCheck: Record<string, unknown> }).healthCheck.path = '/healthz';
    expect(messages(obj)).toEqual([
      'BackendConfig shop-prod/web: spec.healthCheck.path: unknown field',
    ]);
  });

  test('fails on an unknown field in a GKE object metadata', () => {
    const obj = backendConfig();
    (obj.metadata as Record<string, unknown>).annotation = {};
    expect(messages(obj)).toEqual([
      'BackendConfig shop-prod/web: metadata.annotation: unknown field',
    ]);
  });

  test('fails on an unknown kind', () => {
    const [problem] = validateObject({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'shop-prod' },
    });
    expect(problem.message).toMatch(
      /^Widget shop-prod\/w: apiVersion\/kind: unknown kind example.com\/v1\/Widget: no Kubernetes 1.27 or GKE schema/,
    );
  });

  test('fails on a known kind at an apiVersion that is not vendored', () => {
    const obj = { ...deployment(), apiVersion: 'extensions/v1beta1' };
    expect(messages(obj)[0]).toMatch(/unknown kind extensions\/v1beta1\/Deployment/);
  });

  test('fails on an object without apiVersion or kind', () => {
    expect(messages({ metadata: { name: 'x' } })).toEqual([
      'object: (the object): apiVersion and kind must both be strings',
    ]);
  });
});

describe('assertValid', () => {
  test('returns quietly when every object is valid', () => {
    expect(() => assertValid([deployment(), backendConfig()])).not.toThrow();
  });

  test('fails with one error listing every problem and the versions that report it', () => {
    const bad = deployment();
    firstContainer(bad).foo = 1;
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    let error: unknown;
    try {
      assertValid([bad, backendConfig(), widget]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^3 problems in the Kubernetes objects:\n/);
    expect(message).toContain(
      '  - Deployment shop-prod/web: spec.template.spec.containers[0].foo: unknown field (Kubernetes 1.27, 1.36)',
    );
    expect(message).toContain('unknown kind example.com/v1/Widget: no Kubernetes 1.27');
    expect(message).toContain('unknown kind example.com/v1/Widget: no Kubernetes 1.36');
    expect((error as ManifestValidationError).problems).toHaveLength(4);
  });
});
