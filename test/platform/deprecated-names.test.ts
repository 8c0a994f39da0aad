import type {
  DeclaredSecret,
  SecretManagerSecret,
  SecretManagerSecretSpec,
  SecretSpec,
} from 'gke-platform';
import { parseSecretManagerSecret } from '#lib/platform/secret';

/*
 * Old names that stay exported, deprecated, for code written against them: the secret types
 * (now `SecretManagerSecretSpec` → `SecretManagerSecret`, like `NodePoolSpec` → `NodePool`).
 */
describe('deprecated names', () => {
  test('SecretSpec and DeclaredSecret name the Secret Manager secret types', () => {
    const spec: SecretSpec = { readers: ['web'] };
    const current: SecretManagerSecretSpec = spec;
    const secret: SecretManagerSecret = parseSecretManagerSecret(
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
