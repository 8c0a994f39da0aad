import * as lib from 'gke-platform';
import type {
  DeclaredSecret,
  SecretManagerSecret,
  SecretManagerSecretSpec,
  SecretSpec,
} from 'gke-platform';

/*
 * Old names that stay exported, deprecated, for code written against them: `resolveX` (now
 * `parseX`, since `resolve` picks an environment's value of a per-environment prop) and the
 * secret types (now `SecretManagerSecretSpec` → `SecretManagerSecret`, like `NodePoolSpec` →
 * `NodePool`).
 */
describe('deprecated names', () => {
  test.each([
    ['resolveCertificate', 'parseCertificate'],
    ['resolveNodePool', 'parseNodePool'],
    ['resolveStaticIp', 'parseStaticIp'],
    ['resolveBootDisk', 'parseBootDisk'],
    ['resolveRegistry', 'parseRegistry'],
    ['resolveMonitoring', 'parseMonitoring'],
    ['resolveProxyOnlySubnet', 'parseProxyOnlySubnet'],
    ['resolveSecurityPolicy', 'parseSecurityPolicy'],
    ['resolveSecret', 'parseSecretManagerSecret'],
  ] as const)('%s is %s', (old, current) => {
    expect(typeof lib[current]).toBe('function');
    expect(lib[old]).toBe(lib[current]);
  });

  test('resolveNodePool still checks a pool and applies its defaults', () => {
    const pool = lib.resolveNodePool('test', 'general', { machineType: 'e2-standard-2' });
    expect(pool).toEqual(lib.parseNodePool('test', 'general', { machineType: 'e2-standard-2' }));
    expect(pool.name).toBe('general');
  });

  test('SecretSpec and DeclaredSecret name the Secret Manager secret types', () => {
    const spec: SecretSpec = { readers: ['web'] };
    const current: SecretManagerSecretSpec = spec;
    const secret: SecretManagerSecret = lib.parseSecretManagerSecret(
      "environment 'prod'",
      'db-password',
      current,
      'acme-prod',
      new Set(['web']),
    );
    const old: DeclaredSecret = secret;
    expect(old).toEqual({
      name: 'db-password',
      secretId: 'db-password',
      resourceName: 'projects/acme-prod/secrets/db-password',
      readers: ['web'],
    });
  });
});
