import { formatFinding, polarisFindings } from '#lib/validate/polaris';
import {
  POLARIS_CROSS_OBJECT_CHECKS,
  POLARIS_PARTIAL_CHECKS,
  POLARIS_SKIPPED_CHECKS,
} from '#lib/validate/polaris-checks';
import { polarisFile } from '#lib/validate/schema-files';
import { deployment, firstContainer, hardenedPodSpec, networkPolicy } from './fixtures';

const dangerChecks = (obj: Record<string, unknown>) =>
  polarisFindings([obj, networkPolicy()], { minSeverity: 'danger' }).map((f) => f.check);

describe('polarisFindings', () => {
  test('a hardened Deployment has no finding at all', () => {
    expect(polarisFindings([deployment(), networkPolicy()]).map(formatFinding)).toEqual([]);
  });

  test('fails runAsRootAllowed for a container that may run as root', () => {
    const spec = hardenedPodSpec();
    spec.securityContext = {};
    const obj = deployment(spec);
    delete (firstContainer(obj).securityContext as Record<string, unknown>).runAsNonRoot;
    expect(polarisFindings([obj, networkPolicy()], { minSeverity: 'danger' })).toEqual([
      {
        check: 'runAsRootAllowed',
        severity: 'danger',
        category: 'Security',
        object: 'Deployment shop-prod/web',
        container: 'web',
        message: 'Should not be allowed to run as root',
      },
    ]);
  });

  test('fails runAsRootAllowed when a container overrides a non-root pod with runAsUser 0', () => {
    const obj = deployment();
    firstContainer(obj).securityContext = {
      ...(firstContainer(obj).securityContext as object),
      runAsNonRoot: undefined,
      runAsUser: 0,
    };
    expect(dangerChecks(JSON.parse(JSON.stringify(obj)))).toEqual(['runAsRootAllowed']);
  });

  test('fails runAsPrivileged and privilegeEscalationAllowed for a privileged container', () => {
    const obj = deployment();
    firstContainer(obj).securityContext = { privileged: true, runAsNonRoot: true };
    expect(dangerChecks(obj)).toEqual(['privilegeEscalationAllowed', 'runAsPrivileged']);
  });

  test('fails hostPIDSet, hostIPCSet and hostNetworkSet on the pod spec', () => {
    const spec = { ...hardenedPodSpec(), hostPID: true, hostIPC: true, hostNetwork: true };
    expect(dangerChecks(deployment(spec))).toEqual(['hostIPCSet', 'hostNetworkSet', 'hostPIDSet']);
  });

  test('fails dangerousCapabilities for SYS_ADMIN, matched case-insensitively', () => {
    const obj = deployment();
    const securityContext = firstContainer(obj).securityContext as Record<string, unknown>;
    securityContext.capabilities = { drop: ['ALL'], add: ['sys_admin'] };
    expect(dangerChecks(obj)).toEqual(['dangerousCapabilities']);
  });

  test('fails tagNotSpecified for an untagged or latest image', () => {
    const obj = deployment();
    firstContainer(obj).image = 'nginx:latest';
    expect(dangerChecks(obj)).toEqual(['tagNotSpecified']);
  });

  test('fails sensitiveContainerEnvVar for a plaintext secret-like variable', () => {
    const obj = deployment();
    firstContainer(obj).env = [
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ];
    expect(
      polarisFindings([obj, networkPolicy()], { minSeverity: 'danger' }).map(formatFinding),
    ).toEqual([
      'Deployment shop-prod/web, container web: The container sets potentially sensitive environment variables (sensitiveContainerEnvVar, danger)',
    ]);
  });

  test('init containers are not held to the probe and resource checks, as in Polaris', () => {
    const spec = hardenedPodSpec();
    spec.initContainers = [
      {
        name: 'migrate',
        image: 'migrate:1.0',
        imagePullPolicy: 'Always',
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        },
      },
    ];
    const findings = polarisFindings([deployment(spec), networkPolicy()]);
    expect(findings).toEqual([]);
  });

  test('fails the reliability warnings for a single-replica Deployment without probes', () => {
    const obj = deployment();
    (obj.spec as Record<string, unknown>).replicas = 1;
    delete firstContainer(obj).readinessProbe;
    expect(polarisFindings([obj, networkPolicy()]).map((f) => f.check)).toEqual([
      'deploymentMissingReplicas',
      'readinessProbeMissing',
    ]);
  });

  test('fails metadataAndInstanceMismatched when the instance label is not the name', () => {
    const obj = deployment();
    (obj.metadata as { labels: Record<string, string> }).labels = {
      'app.kubernetes.io/instance': 'other',
    };
    expect(polarisFindings([obj, networkPolicy()]).map((f) => f.check)).toEqual([
      'metadataAndInstanceMismatched',
    ]);
  });

  test('runs kind-specific checks: Ingress TLS, ConfigMap content, CronJob probes skipped', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop-prod' },
      spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    };
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web', namespace: 'shop-prod' },
      data: { DB_PASSWORD: 'x' },
    };
    const spec = hardenedPodSpec();
    delete spec.topologySpreadConstraints;
    const container = (spec.containers as Record<string, unknown>[])[0];
    delete container.readinessProbe;
    delete container.livenessProbe;
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        name: 'fetch',
        namespace: 'shop-prod',
        labels: { 'app.kubernetes.io/instance': 'fetch' },
      },
      spec: {
        schedule: '0 */4 * * *',
        jobTemplate: {
          spec: {
            template: { metadata: { labels: { 'app.kubernetes.io/instance': 'fetch' } }, spec },
          },
        },
      },
    };
    expect(
      polarisFindings([ingress, configMap, cronJob, networkPolicy('fetch')]).map(formatFinding),
    ).toEqual([
      'Ingress shop-prod/web: Ingress does not have TLS configured (tlsSettingsMissing, warning)',
      'ConfigMap shop-prod/web: Potentially sensitive content is detected in the ConfigMap keys or values (sensitiveConfigmapContent, danger)',
    ]);
  });

  test('honours Polaris exemption annotations', () => {
    const obj = deployment();
    (obj.spec as Record<string, unknown>).replicas = 1;
    (obj.metadata as Record<string, unknown>).annotations = {
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    };
    expect(polarisFindings([obj, networkPolicy()])).toEqual([]);
  });

  test('every Polaris check is run, skipped or partial on purpose', () => {
    const { checks } = polarisFile();
    for (const id of [
      ...Object.keys(POLARIS_SKIPPED_CHECKS),
      ...Object.keys(POLARIS_PARTIAL_CHECKS),
      ...Object.keys(POLARIS_CROSS_OBJECT_CHECKS),
    ]) {
      expect(checks[id]).toBeDefined();
    }
    for (const [id, check] of Object.entries(checks)) {
      const runnable = check.schema !== undefined && check.schemaString === undefined;
      expect([id, runnable || POLARIS_SKIPPED_CHECKS[id] !== undefined]).toEqual([id, true]);
      expect([
        id,
        check.additionalSchemaStrings === undefined ||
          POLARIS_PARTIAL_CHECKS[id] !== undefined ||
          POLARIS_CROSS_OBJECT_CHECKS[id] !== undefined,
      ]).toEqual([id, true]);
    }
  });
});

describe('polarisFindings: missingNetworkPolicy with its cross-object part', () => {
  const findings = (...objects: Record<string, unknown>[]) =>
    polarisFindings(objects)
      .filter((f) => f.check === 'missingNetworkPolicy')
      .map((f) => f.object);
  const policy = (change: (spec: Record<string, any>) => void) => {
    const p = networkPolicy();
    change(p.spec as Record<string, any>);
    return p;
  };

  test('fails a Deployment that no NetworkPolicy selects', () => {
    expect(findings(deployment())).toEqual(['Deployment shop-prod/web']);
  });

  test('passes with a policy of the namespace matching one pod label, with ingress and egress', () => {
    expect(findings(deployment(), networkPolicy())).toEqual([]);
  });

  test.each([
    [
      'matchLabels matching two pod labels (oneOf)',
      (s: Record<string, any>) => (s.podSelector.matchLabels['app.kubernetes.io/name'] = 'web'),
    ],
    [
      'matchLabels with another value',
      (s: Record<string, any>) => (s.podSelector.matchLabels['app.kubernetes.io/instance'] = 'api'),
    ],
    ['no matchLabels (an empty selector)', (s: Record<string, any>) => (s.podSelector = {})],
    ['no ingress rules', (s: Record<string, any>) => delete s.ingress],
    ['an empty egress list', (s: Record<string, any>) => (s.egress = [])],
    ['policyTypes without Egress', (s: Record<string, any>) => (s.policyTypes = ['Ingress'])],
  ])('fails with a policy that has %s', (_name, change) => {
    expect(findings(deployment(), policy(change))).toEqual(['Deployment shop-prod/web']);
  });

  test('passes with policyTypes left out, or written in another case', () => {
    expect(
      findings(
        deployment(),
        policy((s) => delete s.policyTypes),
      ),
    ).toEqual([]);
    expect(
      findings(
        deployment(),
        policy((s) => (s.policyTypes = ['ingress', 'EGRESS'])),
      ),
    ).toEqual([]);
  });

  test('fails when the only matching policy is in another namespace', () => {
    const p = networkPolicy();
    (p.metadata as Record<string, unknown>).namespace = 'shop-dev';
    expect(findings(deployment(), p)).toEqual(['Deployment shop-prod/web']);
  });

  test('honours the exemption annotation', () => {
    const obj = deployment();
    (obj.metadata as Record<string, unknown>).annotations = {
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
    };
    expect(findings(obj)).toEqual([]);
  });
});
