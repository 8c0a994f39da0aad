import { definePlatform, type EnvironmentSpec } from '#lib/platform/platform';
import { type SecretManagerSecretSpec } from '#lib/platform/secret';
import { declaredSecret } from '#lib/platform/lookups';

const pools = { general: { machineType: 'e2-standard-2' } };

/** dev and prod, each with workload identities 'web' and 'worker'. */
function platformWith(
  secrets: Record<string, SecretManagerSecretSpec> | undefined,
  dev: Partial<EnvironmentSpec> = {},
  prod: Partial<EnvironmentSpec> = {},
) {
  const env = (project: string): EnvironmentSpec => ({
    project,
    nodePools: pools,
    workloadIdentities: { web: {}, worker: {} },
  });
  return definePlatform({
    name: 'acme',
    secrets,
    environments: {
      dev: { ...env('acme-dev'), ...dev },
      prod: { ...env('acme-prod'), ...prod },
    },
  });
}

describe('secrets', () => {
  it('a platform secret is declared in every environment, in its own project', () => {
    const p = platformWith({ 'db-password': { readers: ['web', 'worker'] } });
    expect(p.environment('dev').secrets).toEqual([
      {
        name: 'db-password',
        secretId: 'db-password',
        resourceName: 'projects/acme-dev/secrets/db-password',
        readers: ['web', 'worker'],
      },
    ]);
    expect(p.environment('prod').secrets[0].resourceName).toBe(
      'projects/acme-prod/secrets/db-password',
    );
  });

  it("an environment's entry replaces the platform's, and adds its own", () => {
    const p = platformWith(
      { 'db-password': { readers: ['web', 'worker'] } },
      {},
      {
        secrets: {
          'db-password': { readers: ['web'], secretId: 'DB_PASSWORD_prod' },
          'api-key': { readers: ['worker'] },
        },
      },
    );
    expect(p.environment('dev').secrets.map((s) => [s.name, s.readers])).toEqual([
      ['db-password', ['web', 'worker']],
    ]);
    expect(p.environment('prod').secrets).toEqual([
      {
        name: 'db-password',
        secretId: 'DB_PASSWORD_prod',
        resourceName: 'projects/acme-prod/secrets/DB_PASSWORD_prod',
        readers: ['web'],
      },
      {
        name: 'api-key',
        secretId: 'api-key',
        resourceName: 'projects/acme-prod/secrets/api-key',
        readers: ['worker'],
      },
    ]);
  });

  it('no secrets by default', () => {
    expect(platformWith(undefined).environment('dev').secrets).toEqual([]);
  });

  it('accepts a 255-character ID of letters, digits, - and _', () => {
    const id = `A_b-9${'x'.repeat(250)}`;
    const p = platformWith({ s: { readers: ['web'], secretId: id } });
    expect(p.environment('dev').secrets[0].secretId).toBe(id);
  });

  it('fails on a secret name that is not a Secret Manager secret ID', () => {
    expect(() => platformWith({ 'db.password': { readers: ['web'] } })).toThrow(
      "Platform 'acme' environment 'dev': 'secrets.db.password' is 'db.password', which is not a Secret Manager secret ID; use 1 to 255 letters, digits, '-' and '_' (e.g. 'db-password')",
    );
  });

  it('fails on a secretId of 256 characters', () => {
    expect(() => platformWith({ s: { readers: ['web'], secretId: 'x'.repeat(256) } })).toThrow(
      `'secrets.s.secretId' is '${'x'.repeat(256)}', which is not a Secret Manager secret ID`,
    );
  });

  it('fails on a reader that is not a declared workload identity, naming those that are', () => {
    expect(() => platformWith({ 'db-password': { readers: ['web', 'api'] } })).toThrow(
      "Platform 'acme' environment 'dev': 'secrets.db-password.readers' names 'api', which is not a declared workload identity; use one of: web, worker, or declare it under 'workloadIdentities'",
    );
  });

  it('fails on a reader declared only in another environment', () => {
    expect(() =>
      platformWith(
        undefined,
        {},
        { workloadIdentities: { web: {} }, secrets: { k: { readers: ['worker'] } } },
      ),
    ).toThrow(
      "Platform 'acme' environment 'prod': 'secrets.k.readers' names 'worker', which is not a declared workload identity; use one of: web, or declare it under 'workloadIdentities'",
    );
  });

  it('fails on no readers', () => {
    expect(() => platformWith({ k: { readers: [] } })).toThrow(
      "Platform 'acme' environment 'dev': 'secrets.k.readers' is empty, so no workload could read the secret; name the workload identities that read it, e.g. readers: ['web']",
    );
  });

  it('fails on a reader named twice', () => {
    expect(() => platformWith({ k: { readers: ['web', 'web'] } })).toThrow(
      "'secrets.k.readers' names 'web' twice; name each reader once",
    );
  });

  it('fails on secrets without a project', () => {
    expect(() =>
      definePlatform({
        name: 'acme',
        environments: { dev: { nodePools: pools, secrets: { k: { readers: [] } } } },
      }),
    ).toThrow(
      "Platform 'acme' environment 'dev': 'project' is not set, but secrets need it; set the environment's GCP project ID",
    );
  });

  it('declaredSecret fails on an undeclared secret, naming it, the environment and the declared ones', () => {
    const p = platformWith({ 'db-password': { readers: ['web'] } });
    expect(() =>
      declaredSecret(p, 'dev', 'api-key', "WebService 'dev/web'", 'secretFiles./etc/x'),
    ).toThrow(
      "WebService 'dev/web': 'secretFiles./etc/x' names secret 'api-key', but environment 'dev' declares no such secret; use one of: db-password, or declare it under 'secrets'",
    );
  });
});
