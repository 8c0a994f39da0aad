import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { WebService } from '#lib/workloads/web-service';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';

/*
 * GKE's secret synchronization: the SecretSync's own rules (its CRD) and what it names in the
 * environment. One change to a valid environment, the exact problem expected.
 * https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */

type Obj = Record<string, any>;

const platform = definePlatform({
  name: 'acme',
  secrets: { 'db-password': { readers: ['web'] }, 'api-key': { readers: ['web'] } },
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
    secretEnv: {
      DB_PASSWORD: { secretManager: 'db-password' },
      API_KEY: { secretManager: 'api-key' },
    },
  });
  return chart.toJson() as Obj[];
}

const of = (o: Obj[], kind: string) => o.find((x) => x.kind === kind) as Obj;
const syncOf = (o: Obj[]) => of(o, 'SecretSync');

function problems(change: (o: Obj[]) => void): string[] {
  const o = objects();
  change(o);
  return validateSemantics(o).map(
    (p) => `${p.object.kind} ${p.object.metadata?.name} ${p.field}: ${p.problem}; ${p.fix}`,
  );
}

describe('SecretSync (GKE secret synchronization)', () => {
  test('the emitted objects pass', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test('a targetKey twice (the list is keyed by it)', () => {
    expect(
      problems((o) => {
        syncOf(o).spec.secretObject.data[1].targetKey = 'db-password';
        // The variable that read the other key would now be missing it too.
        of(o, 'Deployment').spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key =
          'db-password';
      }),
    ).toEqual([
      'SecretSync web-env spec.secretObject.data[1].targetKey: is "db-password" again: the list is keyed by targetKey, so the API server refuses the duplicate; give each secret its own key',
    ]);
  });

  test('a targetKey that a Secret cannot have', () => {
    const found = problems((o) => {
      syncOf(o).spec.secretObject.data[0].targetKey = 'db password';
    });
    expect(found[0]).toMatch(
      /^SecretSync web-env spec\.secretObject\.data\[0\]\.targetKey: is "db password", which /,
    );
  });

  test('a reserved label and an over-long annotation on the Secret', () => {
    expect(
      problems((o) => {
        syncOf(o).spec.secretObject.labels = { 'secrets-store.sync.x-k8s.io/secretsync': 'x' };
        syncOf(o).spec.secretObject.annotations = { note: 'x'.repeat(253) };
      }),
    ).toEqual([
      'SecretSync web-env spec.secretObject.labels["secrets-store.sync.x-k8s.io/secretsync"]: uses the prefix secrets-store.sync.x-k8s.io, which the controller keeps for itself; choose a label outside secrets-store.sync.x-k8s.io/',
      'SecretSync web-env spec.secretObject.annotations["note"]: has a key or value of 253 characters or more; keep both under 253 characters',
    ]);
  });

  test('a SecretProviderClass that the environment does not have', () => {
    expect(
      problems((o) => {
        syncOf(o).spec.secretProviderClassName = 'web-secrets';
      }),
    ).toEqual([
      'SecretSync web-env spec.secretProviderClassName: is "web-secrets", which is not a SecretProviderClass of the environment: nothing is synchronized; create the SecretProviderClass (provider: gke) in the same namespace',
    ]);
  });

  test('a SecretProviderClass of another provider', () => {
    expect(
      problems((o) => {
        of(o, 'SecretProviderClass').spec.provider = 'gcp';
      }),
    ).toEqual([
      "SecretSync web-env spec.secretProviderClassName: is \"web-env\", whose provider is not 'gke', the one GKE's synchronization reads; set the SecretProviderClass's spec.provider to 'gke'",
    ]);
  });

  test('a sourcePath that the SecretProviderClass does not list', () => {
    expect(
      problems((o) => {
        syncOf(o).spec.secretObject.data[1].sourcePath = 'api_key';
      }),
    ).toEqual([
      'SecretSync web-env spec.secretObject.data[1].sourcePath: is "api_key", which SecretProviderClass "web-env" does not list as a path; use one of its paths ("db-password", "api-key")',
    ]);
  });

  test('a service account that the environment does not have', () => {
    expect(
      problems((o) => {
        syncOf(o).spec.serviceAccountName = 'secret-sync';
      }),
    ).toEqual([
      'SecretSync web-env spec.serviceAccountName: is "secret-sync", which is not a ServiceAccount of the environment: the controller cannot read the secrets as it; name the ServiceAccount of a workload whose Workload Identity may read the secrets',
    ]);
  });

  test('a Secret of the environment with the SecretSync’s name', () => {
    expect(
      problems((o) => {
        o.push({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'web-env', namespace: 'acme-prod' },
          type: 'Opaque',
          data: { 'db-password': '', 'api-key': '' },
        });
      }),
    ).toEqual([
      'Secret web-env metadata.name: is "web-env", the Secret that SecretSync "web-env" writes: the controller does not update a Secret it did not create; give the Secret another name, or leave it to the SecretSync',
    ]);
  });

  test('a variable that reads a key the SecretSync does not make', () => {
    expect(
      problems((o) => {
        of(o, 'Deployment').spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key =
          'db_password';
      }),
    ).toEqual([
      'Deployment web spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: is "db_password", but Secret "web-env" has no such key: the container cannot start (CreateContainerConfigError); use one of its keys ("db-password", "api-key"), or mark the reference optional',
    ]);
  });
});
