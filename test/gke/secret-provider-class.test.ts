import { Testing } from 'cdk8s';
import { SECRET_MANAGER_CSI_DRIVER } from '#lib/validate/semantic/gke-secret-manager';
import {
  SecretManagerProviderClass,
  type SecretManagerProviderClassProps,
} from '#lib/gke/secret-provider-class';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';

const version = 'projects/acme-prod/secrets/db-password/versions/latest';

function synth(props: SecretManagerProviderClassProps) {
  const chart = Testing.chart();
  const spc = new SecretManagerProviderClass(chart, 'secrets', props);
  const [object] = Testing.synth(chart);
  return { spc, object };
}

describe('SecretManagerProviderClass', () => {
  test("the add-on's driver name", () => {
    // https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
    expect(SECRET_MANAGER_CSI_DRIVER).toBe('secrets-store-gke.csi.k8s.io');
  });

  test('all props: provider gke, parameters.secrets as a YAML list of resourceName and path', () => {
    const props: Required<SecretManagerProviderClassProps> = {
      metadata: { name: 'web-secrets', namespace: 'acme-prod', labels: { env: 'prod' } },
      files: [
        { resourceName: version, path: 'db-password' },
        {
          resourceName: 'projects/acme-prod/locations/europe-west1/secrets/API_KEY/versions/3',
          path: 'keys/api',
        },
      ],
    };
    const { spc, object } = synth(props);
    expect(object.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
    expect(object.kind).toBe('SecretProviderClass');
    expect(spc.name).toBe('web-secrets');
    expect(object.metadata).toEqual(props.metadata);
    expect(object.spec).toEqual({
      provider: 'gke',
      parameters: {
        secrets:
          '- resourceName: "projects/acme-prod/secrets/db-password/versions/latest"\n' +
          '  path: "db-password"\n' +
          '- resourceName: "projects/acme-prod/locations/europe-west1/secrets/API_KEY/versions/3"\n' +
          '  path: "keys/api"\n',
      },
    });
    expect(validateObjects([object]).map((p) => p.message)).toEqual([]);
    expect(validateSemantics([object])).toEqual([]);
  });

  test('the CRD schema is enforced: an unknown spec field is a problem', () => {
    const { object } = synth({ files: [{ resourceName: version, path: 'p' }] });
    const bad = { ...object, metadata: { name: 'x' }, spec: { ...object.spec, secret: 'x' } };
    expect(validateObjects([bad]).length).toBeGreaterThan(0);
  });

  test('the escape hatch is the generated object', () => {
    const { spc } = synth({ files: [{ resourceName: version, path: 'p' }] });
    expect(spc.apiObject.kind).toBe('SecretProviderClass');
  });

  describe('validation', () => {
    const where = "SecretProviderClass 'test/secrets'";
    test('fails on no files', () => {
      expect(() => synth({ files: [] })).toThrow(
        `${where}: 'files' is empty; list at least one secret version to mount`,
      );
    });
    test.each([
      'projects/p/secrets/s',
      'projects/p/secrets/s/versions/0',
      'projects/p/secrets/a.b/versions/latest',
      'secrets/s/versions/latest',
    ])('fails on resource name %s', (resourceName) => {
      expect(() => synth({ files: [{ resourceName, path: 'f' }] })).toThrow(
        `${where}: 'files[0].resourceName' is ${JSON.stringify(resourceName)}, which is not a Secret Manager secret version; write 'projects/PROJECT/secrets/SECRET/versions/latest' (or a version number)`,
      );
    });
    test.each(['/etc/x', '../x', 'a//b', '', 'a/./b'])('fails on path %j', (path) => {
      expect(() => synth({ files: [{ resourceName: version, path }] })).toThrow(
        `${where}: 'files[0].path' is ${JSON.stringify(path)}, which is not a relative file path; use a file name such as 'db-password', without a leading '/', '.' or '..'`,
      );
    });
    test('fails on two files at one path', () => {
      expect(() =>
        synth({
          files: [
            { resourceName: version, path: 'p' },
            { resourceName: version, path: 'p' },
          ],
        }),
      ).toThrow(
        `${where}: 'files[1].path' is 'p', which another file already uses; give each secret its own file`,
      );
    });
  });
});
