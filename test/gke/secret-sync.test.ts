import { Testing } from 'cdk8s';
import { SecretManagerSync, type SecretManagerSyncProps } from '#lib/gke/secret-sync';
import { validateObjects } from '#lib/validate/validate-object';

/*
 * SecretSync (secret-sync.gke.io/v1), as in Google's example: serviceAccountName,
 * secretProviderClassName and secretObject { type, data: [{ sourcePath, targetKey }] }.
 * https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */

function synth(props: SecretManagerSyncProps) {
  const chart = Testing.chart();
  const sync = new SecretManagerSync(chart, 'sync', props);
  const [object] = Testing.synth(chart);
  return { sync, object };
}

const minimal: SecretManagerSyncProps = {
  secretProviderClassName: 'web-env',
  serviceAccountName: 'web',
  data: [{ sourcePath: 'db-password', targetKey: 'db-password' }],
};

describe('SecretManagerSync', () => {
  test('all props: the Secret named like the object, Opaque, each source path to its key', () => {
    const props: Required<SecretManagerSyncProps> = {
      metadata: { name: 'web-env', namespace: 'acme-prod', labels: { env: 'prod' } },
      secretProviderClassName: 'web-secrets',
      serviceAccountName: 'web',
      data: [
        { sourcePath: 'db-password', targetKey: 'DB_PASSWORD' },
        { sourcePath: 'api-key', targetKey: 'api.key' },
      ],
    };
    const { sync, object } = synth(props);
    expect(object.apiVersion).toBe('secret-sync.gke.io/v1');
    expect(object.kind).toBe('SecretSync');
    expect(sync.name).toBe('web-env');
    expect(object.metadata).toEqual(props.metadata);
    expect(object.spec).toEqual({
      serviceAccountName: 'web',
      secretProviderClassName: 'web-secrets',
      secretObject: {
        type: 'Opaque',
        data: [
          { sourcePath: 'db-password', targetKey: 'DB_PASSWORD' },
          { sourcePath: 'api-key', targetKey: 'api.key' },
        ],
      },
    });
    expect(validateObjects([object]).map((p) => p.message)).toEqual([]);
  });

  test('the CRD schema is enforced: an unknown field and a missing one are problems', () => {
    const { object } = synth(minimal);
    const unknown = { ...object, spec: { ...object.spec, secretName: 'x' } };
    expect(
      validateObjects([unknown])
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/secretName/);
    const rest = { ...object.spec };
    delete rest.serviceAccountName;
    expect(
      validateObjects([{ ...object, spec: rest }])
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/serviceAccountName/);
  });

  describe('errors', () => {
    const where = "SecretSync 'test/sync'";

    test('fails on no data', () => {
      expect(() => synth({ ...minimal, data: [] })).toThrow(
        `${where}: 'data' is empty; list at least one secret to copy into the Secret`,
      );
    });

    test('fails on a key used twice (the CRD lists data by targetKey)', () => {
      expect(() =>
        synth({
          ...minimal,
          data: [
            { sourcePath: 'a', targetKey: 'key' },
            { sourcePath: 'b', targetKey: 'key' },
          ],
        }),
      ).toThrow(
        `${where}: 'data[1].targetKey' is 'key', which another entry already uses; give each secret its own key`,
      );
    });

    test("fails on a source path outside the CRD's pattern", () => {
      expect(() => synth({ ...minimal, data: [{ sourcePath: '/etc/x', targetKey: 'x' }] })).toThrow(
        `${where}: 'data[0].sourcePath' is "/etc/x", which the SecretSync CRD does not accept`,
      );
    });

    test('fails on a target key that a Secret cannot have', () => {
      // The CRD's pattern lets '/1' through; a Secret's data keys (IsConfigMapKey) do not.
      expect(() => synth({ ...minimal, data: [{ sourcePath: 'a', targetKey: 'a/1' }] })).toThrow(
        `${where}: 'data[0].targetKey'`,
      );
    });

    test('fails on a service account name that is not a DNS subdomain', () => {
      expect(() => synth({ ...minimal, serviceAccountName: 'Web' })).toThrow(
        `${where}: 'serviceAccountName'`,
      );
    });

    test('fails on a SecretProviderClass name that is not a DNS subdomain', () => {
      expect(() => synth({ ...minimal, secretProviderClassName: 'web_env' })).toThrow(
        `${where}: 'secretProviderClassName'`,
      );
    });
  });
});
