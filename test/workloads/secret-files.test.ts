import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { CronTask } from '#lib/workloads/cron-task';
import { Schedule } from '#lib/workloads/batch/schedule';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { find, type K8sObject, podSpec } from '../support/synth';

const platform = definePlatform({
  name: 'acme',
  secrets: { 'db-password': { readers: ['web', 'worker', 'web-app'] } },
  environments: {
    dev: {
      project: 'acme-dev',
      nodePools: { general: { machineType: 'e2-standard-2' } },
      workloadIdentities: { web: {}, worker: {}, report: {}, 'web-app': {} },
    },
    prod: {
      project: 'acme-prod',
      nodePools: { general: { machineType: 'e2-standard-4' } },
      workloadIdentities: { web: {}, worker: {}, report: {}, 'web-app': {} },
      secrets: { 'api-key': { readers: ['web'], secretId: 'API_KEY' } },
    },
  },
});
type Env = 'dev' | 'prod';

const image = 'nginxinc/nginx-unprivileged:1.27.3';

function chartFor(env: Env) {
  return new EnvironmentChart(new App(), { platform, environment: env });
}

function synth(props: Partial<WebServiceProps<Env>>, env: Env = 'prod', id = 'web') {
  const chart = chartFor(env);
  new WebService(chart, id, { image, port: 8080, workloadIdentity: true, ...props });
  return chart.toJson() as K8sObject[];
}

const CSI = (className: string) => ({
  driver: 'secrets-store-gke.csi.k8s.io',
  readOnly: true,
  volumeAttributes: { secretProviderClass: className },
});

describe('secretFiles', () => {
  test('mounts declared secrets through the add-on: a SecretProviderClass and a CSI volume per folder', () => {
    const objects = synth({
      secretFiles: { '/etc/db': 'db-password', '/etc/keys': ['api-key', 'db-password'] },
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining(['SecretProviderClass/web-sm-0', 'SecretProviderClass/web-sm-1']),
    );
    const first = find(objects, 'SecretProviderClass', 'web-sm-0');
    expect(first.metadata.namespace).toBe('acme-prod');
    expect(first.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(first.spec).toEqual({
      provider: 'gke',
      parameters: {
        secrets:
          '- resourceName: "projects/acme-prod/secrets/db-password/versions/latest"\n' +
          '  path: "db-password"\n',
      },
    });
    // The declared name is the file; the secretId is what Secret Manager knows.
    expect(find(objects, 'SecretProviderClass', 'web-sm-1').spec.parameters.secrets).toBe(
      '- resourceName: "projects/acme-prod/secrets/API_KEY/versions/latest"\n' +
        '  path: "api-key"\n' +
        '- resourceName: "projects/acme-prod/secrets/db-password/versions/latest"\n' +
        '  path: "db-password"\n',
    );
    const pod = podSpec(find(objects, 'Deployment', 'web'));
    expect(pod.volumes).toEqual(
      expect.arrayContaining([
        { name: 'web-sm-0', csi: CSI('web-sm-0') },
        { name: 'web-sm-1', csi: CSI('web-sm-1') },
      ]),
    );
    // No subPath: rotated versions reach mounted files only without one.
    expect(pod.containers[0].volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'web-sm-0', mountPath: '/etc/db', readOnly: true },
        { name: 'web-sm-1', mountPath: '/etc/keys', readOnly: true },
      ]),
    );
    expect(pod.serviceAccountName).toBe('web');
    expect(find(objects, 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'web-prod@acme-prod.iam.gserviceaccount.com',
    });
  });

  test('uses the environment: dev mounts from its own project', () => {
    const objects = synth({ secretFiles: { '/etc/db': 'db-password' } }, 'dev');
    expect(find(objects, 'SecretProviderClass', 'web-sm-0').spec.parameters.secrets).toBe(
      '- resourceName: "projects/acme-dev/secrets/db-password/versions/latest"\n' +
        '  path: "db-password"\n',
    );
  });

  test('a sidecar mounts its own folder, named after its container', () => {
    const objects = synth({
      sidecars: [{ name: 'app', image, secretFiles: { '/etc/db': 'db-password' } }],
    });
    expect(find(objects, 'SecretProviderClass', 'web-app-sm-0')).toBeDefined();
    const pod = podSpec(find(objects, 'Deployment', 'web'));
    // The sidecar's class carries the workload's name: sidecar names repeat across workloads.
    expect(pod.volumes).toContainEqual({ name: 'app-sm-0', csi: CSI('web-app-sm-0') });
    expect(pod.containers[1].volumeMounts).toContainEqual({
      name: 'app-sm-0',
      mountPath: '/etc/db',
      readOnly: true,
    });
  });

  test('a CronTask mounts them too', () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'worker', {
      image,
      schedule: Schedule.hourly(),
      timeZone: 'Etc/UTC',
      workloadIdentity: true,
      secretFiles: { '/etc/db': ['db-password'] },
    });
    const objects = chart.toJson() as K8sObject[];
    expect(podSpec(find(objects, 'CronJob', 'worker')).volumes).toContainEqual({
      name: 'worker-sm-0',
      csi: CSI('worker-sm-0'),
    });
    expect(find(objects, 'SecretProviderClass', 'worker-sm-0')).toBeDefined();
  });

  test.each(['dev', 'prod'] as const)(
    'every object is valid on 1.27 and 1.36, the CRD schema and the semantic rules (%s)',
    (env) => {
      const objects = synth(
        {
          secretFiles: { '/etc/db': 'db-password' },
          sidecars: [{ name: 'app', image, secretFiles: { '/etc/app/secrets': ['db-password'] } }],
        },
        env,
      );
      expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
      expect(validateSemantics(objects).map((p) => `${p.field}: ${p.problem}`)).toEqual([]);
    },
  );

  describe('errors', () => {
    test('fails on an undeclared secret, naming it and the declared ones', () => {
      expect(() => synth({ secretFiles: { '/etc/db': 'db-pass' } })).toThrow(
        "WebService 'prod/web': 'secretFiles./etc/db' names secret 'db-pass', but environment 'prod' declares no such secret; use one of: db-password, api-key, or declare it under 'secrets'",
      );
    });

    test('fails on a secret declared only in another environment', () => {
      expect(() => synth({ secretFiles: { '/etc/keys': 'api-key' } }, 'dev')).toThrow(
        "WebService 'dev/web': 'secretFiles./etc/keys' names secret 'api-key', but environment 'dev' declares no such secret; use one of: db-password, or declare it under 'secrets'",
      );
    });

    test('fails without a Workload Identity', () => {
      expect(() =>
        synth({ workloadIdentity: false, secretFiles: { '/etc/db': 'db-password' } }),
      ).toThrow(
        "WebService 'prod/web': 'secretFiles./etc/db' names Secret Manager secret 'db-password', but the workload runs without a Workload Identity, which the Secret Manager add-on reads secrets with; set 'workloadIdentity: true'",
      );
    });

    test('fails for a workload that is not a reader', () => {
      expect(() => synth({ secretFiles: { '/etc/db': 'db-password' } }, 'prod', 'report')).toThrow(
        "WebService 'prod/report': 'secretFiles./etc/db' names Secret Manager secret 'db-password', whose readers (web, worker, web-app) do not include 'report'; add 'report' to 'secrets.db-password.readers' in the platform",
      );
    });

    test('a sidecar error names the sidecar', () => {
      expect(() =>
        synth({ sidecars: [{ name: 'app', image, secretFiles: { '/etc/db': 'nope' } }] }),
      ).toThrow("WebService 'prod/web' sidecars 'app': 'secretFiles./etc/db' names secret 'nope'");
    });

    test('fails on an empty folder', () => {
      expect(() => synth({ secretFiles: { '/etc/db': [] } })).toThrow(
        "WebService 'prod/web': 'secretFiles./etc/db' is empty; name at least one declared secret, or leave the folder out",
      );
    });

    test('fails on a secret named twice in one folder', () => {
      expect(() => synth({ secretFiles: { '/etc/db': ['db-password', 'db-password'] } })).toThrow(
        "WebService 'prod/web': 'secretFiles./etc/db' names 'db-password' twice; name each secret once per folder",
      );
    });

    test('fails on a relative folder', () => {
      expect(() => synth({ secretFiles: { 'etc/db': 'db-password' } })).toThrow(
        "WebService 'prod/web': 'secretFiles' has path 'etc/db'",
      );
    });

    test("fails when a class name clashes with another workload's", () => {
      const chart = chartFor('prod');
      new WebService(chart, 'web', {
        image,
        port: 8080,
        workloadIdentity: true,
        sidecars: [{ name: 'app', image, secretFiles: { '/etc/db': 'db-password' } }],
      });
      expect(
        () =>
          new WebService(chart, 'web-app', {
            image,
            port: 8081,
            workloadIdentity: true,
            secretFiles: { '/etc/db': 'db-password' },
          }),
      ).toThrow(
        "'web-app-sm-0' is already used by WebService 'prod/web' for a SecretProviderClass",
      );
    });

    test('fails on a folder mounted twice', () => {
      expect(() =>
        synth({
          secretMounts: { '/etc/db': 'k8s-secret' },
          secretFiles: { '/etc/db': 'db-password' },
        }),
      ).toThrow(
        "WebService 'prod/web': 'secretFiles./etc/db' mounts '/etc/db', which 'secretMounts./etc/db' mounts too; mount each path once",
      );
    });
  });
});
