import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { WebService } from '#lib/workloads/web-service';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';

/*
 * GKE's Secret Manager add-on: the SecretProviderClass's parameters.secrets, and the CSI
 * volumes that name a class. One change to a valid environment, the exact problem expected.
 * https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */

type Obj = Record<string, any>;

const platform = definePlatform({
  name: 'acme',
  secrets: { 'db-password': { readers: ['web'] } },
  environments: {
    prod: {
      project: 'acme-prod',
      nodePools: { general: { machineType: 'e2-standard-2' } },
      workloadIdentities: { web: {} },
    },
  },
});

function objects(): Obj[] {
  const chart = new EnvironmentChart(new App(), { platform, environment: 'prod' });
  new WebService(chart, 'web', {
    image: 'nginxinc/nginx-unprivileged:1.27.3',
    port: 8080,
    workloadIdentity: true,
    secretFiles: { '/etc/db': 'db-password' },
  });
  return chart.toJson() as Obj[];
}

const spcOf = (o: Obj[]) => o.find((x) => x.kind === 'SecretProviderClass') as Obj;
const volumeOf = (o: Obj[]) =>
  (o.find((x) => x.kind === 'Deployment') as Obj).spec.template.spec.volumes.find(
    (v: Obj) => v.csi,
  );

function problems(change: (o: Obj[]) => void): string[] {
  const o = objects();
  change(o);
  return validateSemantics(o).map(
    (p) => `${p.object.kind} ${p.object.metadata?.name} ${p.field}: ${p.problem}; ${p.fix}`,
  );
}

const VOLUME = 'spec.template.spec.volumes[1].csi.volumeAttributes.secretProviderClass';

describe('SecretProviderClass (GKE Secret Manager add-on)', () => {
  test('the emitted objects pass', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test('a resourceName that is not a secret version', () => {
    expect(
      problems((o) => {
        spcOf(o).spec.parameters.secrets =
          '- resourceName: "projects/acme-prod/secrets/db-password"\n  path: "db-password"\n';
      }),
    ).toEqual([
      `SecretProviderClass web-sm-0 spec.parameters.secrets: has resourceName "projects/acme-prod/secrets/db-password", which is not a Secret Manager secret version; write 'projects/PROJECT/secrets/SECRET/versions/latest' (or a version number)`,
    ]);
  });

  test('an absolute path, unquoted YAML', () => {
    expect(
      problems((o) => {
        spcOf(o).spec.parameters.secrets =
          '- resourceName: projects/p/secrets/s/versions/2\n  path: /etc/passwd\n';
      }),
    ).toEqual([
      `SecretProviderClass web-sm-0 spec.parameters.secrets: has path "/etc/passwd", which is not a relative file path; use a file name such as 'db-password', without a leading '/', '.' or '..'`,
    ]);
  });

  test('no secret listed', () => {
    expect(problems((o) => delete spcOf(o).spec.parameters)).toEqual([
      'SecretProviderClass web-sm-0 spec.parameters.secrets: lists no secret version; list each secret as `- resourceName: projects/P/secrets/S/versions/latest` with its `path`',
    ]);
  });

  test('another provider is left alone by the object rule, but not by the volume of the gke driver', () => {
    expect(problems((o) => (spcOf(o).spec.provider = 'gcp'))).toEqual([
      `Deployment web ${VOLUME}: is "web-sm-0", whose provider is not 'gke', which the add-on's driver secrets-store-gke.csi.k8s.io needs; set the SecretProviderClass's spec.provider to 'gke'`,
    ]);
  });

  test('a volume naming a class the environment lacks', () => {
    expect(
      problems((o) => (volumeOf(o).csi.volumeAttributes.secretProviderClass = 'web-secrets')),
    ).toEqual([
      `Deployment web ${VOLUME}: is "web-secrets", which is not a SecretProviderClass of the environment: the volume never mounts and the pods stay in ContainerCreating; create the SecretProviderClass in the same namespace`,
    ]);
  });

  test('a CSI volume of another driver is not checked', () => {
    expect(
      problems((o) => {
        volumeOf(o).csi.driver = 'secrets-store.csi.k8s.io';
        volumeOf(o).csi.volumeAttributes.secretProviderClass = 'elsewhere';
      }),
    ).toEqual([]);
  });
});
