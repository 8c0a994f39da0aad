import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { polarisFindings } from '#lib/validate/polaris';
import { scanSecretMaterial } from '#lib/validate/secret-scan';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { CronTask } from '#lib/workloads/cron-task';
import { Schedule } from '#lib/workloads/batch/schedule';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { find, type K8sObject, podSpec } from '../support/synth';

/*
 * `secretEnv: { VAR: { secretManager: NAME } }`: GKE's secret synchronization copies a declared
 * Secret Manager secret into a Kubernetes Secret that the variable reads.
 * https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */

const platform = definePlatform({
  name: 'acme',
  secrets: { 'db-password': { readers: ['web', 'worker'] } },
  environments: {
    dev: {
      project: 'acme-dev',
      nodePools: { general: { machineType: 'e2-standard-2' } },
      workloadIdentities: { web: {}, worker: {}, report: {} },
    },
    prod: {
      project: 'acme-prod',
      nodePools: { general: { machineType: 'e2-standard-4' } },
      workloadIdentities: { web: {}, worker: {}, report: {} },
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

const ref = (name: string, key: string) => ({
  secretKeyRef: { name, key, optional: false },
});

describe('secretEnv from Secret Manager', () => {
  test('a SecretProviderClass and a SecretSync fill the Secret <workload>-env that the variables read', () => {
    const objects = synth({
      secretEnv: {
        DB_PASSWORD: { secretManager: 'db-password' },
        API_KEY: { secretManager: 'api-key' },
        TLS_KEY: { secret: 'tls', key: 'tls.key' },
      },
    });
    const spc = find(objects, 'SecretProviderClass', 'web-env');
    expect(spc.metadata.namespace).toBe('acme-prod');
    // The declared name is the file and the key; the secretId is what Secret Manager knows.
    expect(spc.spec).toEqual({
      provider: 'gke',
      parameters: {
        secrets:
          '- resourceName: "projects/acme-prod/secrets/db-password/versions/latest"\n' +
          '  path: "db-password"\n' +
          '- resourceName: "projects/acme-prod/secrets/API_KEY/versions/latest"\n' +
          '  path: "api-key"\n',
      },
    });
    const sync = find(objects, 'SecretSync', 'web-env');
    expect(sync.apiVersion).toBe('secret-sync.gke.io/v1');
    expect(sync.metadata.namespace).toBe('acme-prod');
    expect(sync.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(sync.spec).toEqual({
      // The workload's own service account: its Workload Identity is the secrets' reader.
      serviceAccountName: 'web',
      secretProviderClassName: 'web-env',
      secretObject: {
        type: 'Opaque',
        data: [
          { sourcePath: 'db-password', targetKey: 'db-password' },
          { sourcePath: 'api-key', targetKey: 'api-key' },
        ],
      },
    });
    const env = podSpec(find(objects, 'Deployment', 'web')).containers[0].env;
    expect(env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: ref('web-env', 'db-password') },
      { name: 'API_KEY', valueFrom: ref('web-env', 'api-key') },
      { name: 'TLS_KEY', valueFrom: ref('tls', 'tls.key') },
    ]);
    // No Secret object in the output: the cluster's controller writes it, never dist/.
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    // No volume: the synchronized Secret needs no CSI mount.
    expect(podSpec(find(objects, 'Deployment', 'web')).volumes).toEqual([
      { name: 'web-scratch-0', emptyDir: {} },
    ]);
  });

  test('uses the environment: dev reads its own project', () => {
    const objects = synth({ secretEnv: { DB_PASSWORD: { secretManager: 'db-password' } } }, 'dev');
    expect(find(objects, 'SecretProviderClass', 'web-env').spec.parameters.secrets).toBe(
      '- resourceName: "projects/acme-dev/secrets/db-password/versions/latest"\n' +
        '  path: "db-password"\n',
    );
  });

  test('one secret read by two variables and a sidecar is synchronized once', () => {
    const objects = synth({
      secretEnv: {
        DB_PASSWORD: { secretManager: 'db-password' },
        PGPASSWORD: { secretManager: 'db-password' },
      },
      sidecars: [
        { name: 'proxy', image, secretEnv: { DB_PASSWORD: { secretManager: 'db-password' } } },
      ],
    });
    expect(find(objects, 'SecretSync', 'web-env').spec.secretObject.data).toEqual([
      { sourcePath: 'db-password', targetKey: 'db-password' },
    ]);
    const pod = podSpec(find(objects, 'Deployment', 'web'));
    expect(pod.containers[1].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: ref('web-env', 'db-password') },
    ]);
    expect(objects.filter((o) => o.kind === 'SecretSync')).toHaveLength(1);
  });

  test('a workload without Secret Manager variables emits no SecretSync', () => {
    const objects = synth({ secretEnv: { TLS_KEY: { secret: 'tls', key: 'tls.key' } } });
    expect(
      objects.filter((o) => o.kind === 'SecretSync' || o.kind === 'SecretProviderClass'),
    ).toEqual([]);
  });

  test('a CronTask reads them too', () => {
    const chart = chartFor('prod');
    new CronTask(chart, 'worker', {
      image,
      schedule: Schedule.hourly(),
      timeZone: 'Etc/UTC',
      workloadIdentity: true,
      secretEnv: { DB_PASSWORD: { secretManager: 'db-password' } },
    });
    const objects = chart.toJson() as K8sObject[];
    expect(find(objects, 'SecretSync', 'worker-env').spec.serviceAccountName).toBe('worker');
    expect(podSpec(find(objects, 'CronJob', 'worker')).containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: ref('worker-env', 'db-password') },
    ]);
  });

  test.each(['dev', 'prod'] as const)(
    'every object passes the schemas (1.27, 1.36, CRDs), the semantic rules, the secret scan and Polaris (%s)',
    (env) => {
      const objects = synth(
        {
          secretEnv: { DB_PASSWORD: { secretManager: 'db-password' } },
          secretFiles: { '/etc/db': 'db-password' },
        },
        env,
      );
      expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
      expect(validateSemantics(objects).map((p) => `${p.field}: ${p.problem}`)).toEqual([]);
      expect(scanSecretMaterial(objects).map((p) => `${p.field}: ${p.problem}`)).toEqual([]);
      // Polaris finds what it finds without them: the variables and objects add nothing.
      const without = synth({ secretFiles: { '/etc/db': 'db-password' } }, env);
      expect(polarisFindings(objects).map((f) => f.check)).toEqual(
        polarisFindings(without).map((f) => f.check),
      );
    },
  );

  describe('errors', () => {
    test('fails on an undeclared secret, naming it and the declared ones', () => {
      expect(() => synth({ secretEnv: { DB: { secretManager: 'db-pass' } } })).toThrow(
        "WebService 'prod/web': 'secretEnv.DB' names secret 'db-pass', but environment 'prod' declares no such secret; use one of: db-password, api-key, or declare it under 'secrets'",
      );
    });

    test('fails on a secret declared only in another environment', () => {
      expect(() => synth({ secretEnv: { KEY: { secretManager: 'api-key' } } }, 'dev')).toThrow(
        "WebService 'dev/web': 'secretEnv.KEY' names secret 'api-key', but environment 'dev' declares no such secret; use one of: db-password, or declare it under 'secrets'",
      );
    });

    test('fails without a Workload Identity', () => {
      expect(() =>
        synth({ workloadIdentity: false, secretEnv: { DB: { secretManager: 'db-password' } } }),
      ).toThrow(
        "WebService 'prod/web': 'secretEnv.DB' names Secret Manager secret 'db-password', but the workload runs without a Workload Identity, which the Secret Manager add-on reads secrets with; set 'workloadIdentity: true'",
      );
    });

    test('fails for a workload that is not a reader', () => {
      expect(() =>
        synth({ secretEnv: { DB: { secretManager: 'db-password' } } }, 'prod', 'report'),
      ).toThrow(
        "WebService 'prod/report': 'secretEnv.DB' names Secret Manager secret 'db-password', whose readers (web, worker) do not include 'report'; add 'report' to 'secrets.db-password.readers' in the platform",
      );
    });

    test('a sidecar error names the sidecar', () => {
      expect(() =>
        synth({ sidecars: [{ name: 'app', image, secretEnv: { DB: { secretManager: 'nope' } } }] }),
      ).toThrow("WebService 'prod/web' sidecars 'app': 'secretEnv.DB' names secret 'nope'");
    });

    test('fails on a secret whose name cannot be a key of the synchronized Secret', () => {
      const odd = definePlatform({
        name: 'acme',
        secrets: { x_token: { readers: ['web'] } },
        environments: {
          prod: {
            project: 'acme-prod',
            nodePools: { general: { machineType: 'e2-standard-2' } },
            workloadIdentities: { web: {} },
          },
        },
      });
      const chart = new EnvironmentChart(new App(), { platform: odd, environment: 'prod' });
      expect(
        () =>
          new WebService(chart, 'web', {
            image,
            port: 8080,
            workloadIdentity: true,
            secretEnv: { TOKEN: { secretManager: 'x_token' } },
          }),
      ).toThrow(
        `WebService 'prod/web': 'secretEnv.TOKEN' names secret 'x_token', which the SecretSync CRD does not accept as a key of the synchronized Secret; declare it under a name such as 'x-token' with 'secretId: "x_token"'`,
      );
    });
  });
});
