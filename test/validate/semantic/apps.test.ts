import { type Case, make, type Pass, pod, problems, runCases, runPasses } from './fixtures';

const rolling = (o: any, r: object) => (o.spec.strategy.rollingUpdate = r);
const dsRolling = (o: any, r: object) => (o.spec.updateStrategy.rollingUpdate = r);

// ValidateDeploymentSpec, ValidateRollingUpdateDeployment (pkg/apis/apps/validation).
describe('Deployment', () => {
  runCases([
    [
      'maxSurge 0 with maxUnavailable 0',
      'Deployment',
      (o) => rolling(o, { maxSurge: 0, maxUnavailable: 0 }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'is 0 while maxSurge is 0, so a rollout could neither add nor remove a pod',
      'ValidateRollingUpdateDeployment (may not be 0 when maxSurge is 0)',
    ],
    [
      "maxSurge '0%' with maxUnavailable 0",
      'Deployment',
      (o) => rolling(o, { maxSurge: '0%', maxUnavailable: 0 }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'is 0 while maxSurge is "0%", so a rollout could neither add nor remove a pod',
      'ValidateRollingUpdateDeployment',
    ],
    [
      "maxUnavailable '150%'",
      'Deployment',
      (o) => rolling(o, { maxSurge: 1, maxUnavailable: '150%' }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'is "150%", more than 100%',
      'IsNotMoreThan100Percent',
    ],
    [
      'a negative maxSurge',
      'Deployment',
      (o) => rolling(o, { maxSurge: -1, maxUnavailable: 1 }),
      'spec.strategy.rollingUpdate.maxSurge',
      'is -1',
      'ValidatePositiveIntOrPercent',
    ],
    [
      "maxSurge '1' as a string",
      'Deployment',
      (o) => rolling(o, { maxSurge: '1', maxUnavailable: 0 }),
      'spec.strategy.rollingUpdate.maxSurge',
      'is "1", a string that is no percentage',
      'IsValidPercent',
    ],
    [
      'rollingUpdate with Recreate',
      'Deployment',
      (o) => (o.spec.strategy.type = 'Recreate'),
      'spec.strategy.rollingUpdate',
      "is set with strategy type 'Recreate'",
      'ValidateDeploymentStrategy',
    ],
    [
      'a strategy of BlueGreen',
      'Deployment',
      (o) => (o.spec.strategy = { type: 'BlueGreen' }),
      'spec.strategy.type',
      'is "BlueGreen"',
      'ValidateDeploymentStrategy',
    ],
    [
      'a negative revisionHistoryLimit',
      'Deployment',
      (o) => (o.spec.revisionHistoryLimit = -1),
      'spec.revisionHistoryLimit',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'negative replicas',
      'Deployment',
      (o) => (o.spec.replicas = -1),
      'spec.replicas',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'progressDeadlineSeconds not above minReadySeconds',
      'Deployment',
      (o) => Object.assign(o.spec, { minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      'spec.progressDeadlineSeconds',
      'is 30, not more than minReadySeconds (30)',
      'must be greater than minReadySeconds',
    ],
    [
      'minReadySeconds of 600 with the default deadline',
      'Deployment',
      (o) => (o.spec.minReadySeconds = 600),
      'spec.progressDeadlineSeconds',
      'is 600 (the default), not more than minReadySeconds (600)',
      'must be greater than minReadySeconds',
    ],
    [
      'no selector',
      'Deployment',
      (o) => delete o.spec.selector,
      'spec.selector',
      'is missing',
      'selector required',
    ],
    [
      'an empty selector',
      'Deployment',
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'is empty, which would select every pod of the namespace',
      'empty selector is invalid for deployment',
    ],
    [
      'a selector the template labels do not match',
      'Deployment',
      (o) => (o.spec.selector.matchLabels['app.kubernetes.io/name'] = 'api'),
      'spec.template.metadata.labels',
      'are {"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web"}, which spec.selector {"matchLabels":{"app.kubernetes.io/name":"api","app.kubernetes.io/instance":"web"}} does not select',
      'selector does not match template labels',
    ],
    [
      'a selector expression the template misses',
      'Deployment',
      (o) =>
        (o.spec.selector.matchExpressions = [{ key: 'tier', operator: 'In', values: ['web'] }]),
      'spec.template.metadata.labels',
      'are {"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web"}, which spec.selector {"matchLabels":{"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["web"]}]} does not select',
      'selector does not match template labels',
    ],
    [
      'a selector operator of Equals',
      'Deployment',
      (o) =>
        (o.spec.selector.matchExpressions = [{ key: 'tier', operator: 'Equals', values: ['web'] }]),
      'spec.selector.matchExpressions[0].operator',
      'is "Equals", not a selector operator',
      'ValidateLabelSelectorRequirement',
    ],
    [
      'a template restartPolicy of OnFailure',
      'Deployment',
      (o) => (pod(o).restartPolicy = 'OnFailure'),
      'spec.template.spec.restartPolicy',
      'is "OnFailure"',
      'RestartPolicy Always',
    ],
    [
      'a template activeDeadlineSeconds',
      'Deployment',
      (o) => (pod(o).activeDeadlineSeconds = 600),
      'spec.template.spec.activeDeadlineSeconds',
      'is set in a Deployment',
      'activeDeadlineSeconds is not supported',
    ],
    [
      'a template label value with a +',
      'Deployment',
      (o) => (o.spec.template.metadata.labels.version = '1.0+1'),
      'spec.template.metadata.labels["version"]',
      'is "1.0+1", which is not a valid label value',
      'ValidatePodTemplateSpec',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      "maxUnavailable '100%'",
      'Deployment',
      (o) => rolling(o, { maxSurge: 0, maxUnavailable: '100%' }),
    ],
    [
      'maxSurge 0 alone (maxUnavailable defaults to 25%)',
      'Deployment',
      (o) => rolling(o, { maxSurge: 0 }),
    ],
    [
      "maxSurge '200%' (only maxUnavailable is capped at 100%)",
      'Deployment',
      (o) => rolling(o, { maxSurge: '200%', maxUnavailable: 0 }),
    ],
    ['a Recreate strategy', 'Deployment', (o) => (o.spec.strategy = { type: 'Recreate' })],
    ['no strategy (RollingUpdate 25%/25%)', 'Deployment', (o) => delete o.spec.strategy],
    [
      'revisionHistoryLimit 0 and replicas 0',
      'Deployment',
      (o) => Object.assign(o.spec, { revisionHistoryLimit: 0, replicas: 0 }),
    ],
    [
      'minReadySeconds 30 with the default deadline',
      'Deployment',
      (o) => (o.spec.minReadySeconds = 30),
    ],
    [
      'a selector expression the template meets',
      'Deployment',
      (o) =>
        (o.spec.selector.matchExpressions = [
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'app.kubernetes.io/name', operator: 'Exists' },
        ]),
    ],
  ] satisfies Pass[]);
});

// ValidateDaemonSetSpec, ValidateRollingUpdateDaemonSet.
describe('DaemonSet', () => {
  runCases([
    [
      'maxSurge with the default maxUnavailable 1',
      'DaemonSet',
      (o) => dsRolling(o, { maxSurge: 1 }),
      'spec.updateStrategy.rollingUpdate.maxSurge',
      'is 1 while maxUnavailable is 1 (the default)',
      'may not be set when maxUnavailable is non-zero',
    ],
    [
      'both zero',
      'DaemonSet',
      (o) => dsRolling(o, { maxSurge: 0, maxUnavailable: 0 }),
      'spec.updateStrategy.rollingUpdate.maxUnavailable',
      'is 0 while maxSurge is 0, so no node could be updated',
      'cannot be 0 when maxSurge is 0',
    ],
    [
      "maxUnavailable '101%'",
      'DaemonSet',
      (o) => dsRolling(o, { maxUnavailable: '101%' }),
      'spec.updateStrategy.rollingUpdate.maxUnavailable',
      'is "101%", more than 100%',
      'IsNotMoreThan100Percent',
    ],
    [
      'an update strategy of Rolling',
      'DaemonSet',
      (o) => (o.spec.updateStrategy = { type: 'Rolling' }),
      'spec.updateStrategy.type',
      'is "Rolling"',
      'ValidateDaemonSetUpdateStrategy',
    ],
    [
      'a selector the template does not match',
      'DaemonSet',
      (o) => (o.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'agent' }),
      'spec.template.metadata.labels',
      'are {"app.kubernetes.io/name":"agent"}, which spec.selector {"matchLabels":{"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web"}} does not select',
      'selector does not match template labels',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'surge with maxUnavailable 0',
      'DaemonSet',
      (o) => dsRolling(o, { maxSurge: '10%', maxUnavailable: 0 }),
    ],
    ['OnDelete', 'DaemonSet', (o) => (o.spec.updateStrategy = { type: 'OnDelete' })],
    ['no update strategy (maxUnavailable 1)', 'DaemonSet', (o) => delete o.spec.updateStrategy],
  ] satisfies Pass[]);
});

// ValidateStatefulSetSpec and the names the StatefulSet controller derives.
describe('StatefulSet', () => {
  runCases([
    [
      'a name of 53 characters (controller-revision-hash label)',
      'StatefulSet',
      (o) => (o.metadata.name = 'a'.repeat(53)),
      'metadata.name',
      'is 53 characters long, so the controller-revision-hash label of its pods (<name>-<hash>) would exceed 63 characters and no pod could be created',
      'kubernetes#64023',
    ],
    [
      'a podManagementPolicy of Ordered',
      'StatefulSet',
      (o) => (o.spec.podManagementPolicy = 'Ordered'),
      'spec.podManagementPolicy',
      'is "Ordered"',
      'ValidateStatefulSetSpec',
    ],
    [
      'a negative partition',
      'StatefulSet',
      (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }),
      'spec.updateStrategy.rollingUpdate.partition',
      'is -1',
      'validateRollingUpdateStatefulSet',
    ],
    [
      'maxUnavailable 0',
      'StatefulSet',
      (o) =>
        (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }),
      'spec.updateStrategy.rollingUpdate.maxUnavailable',
      'is 0',
      'cannot be 0',
    ],
    [
      'rollingUpdate with OnDelete',
      'StatefulSet',
      (o) => (o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }),
      'spec.updateStrategy.rollingUpdate',
      "is set with updateStrategy 'OnDelete'",
      "only allowed for updateStrategy 'RollingUpdate'",
    ],
    [
      'a serviceName with a dot',
      'StatefulSet',
      (o) => (o.spec.serviceName = 'db.headless'),
      'spec.serviceName',
      `is "db.headless", which is not a DNS-1123 label (it has '.')`,
      'subdomain',
    ],
    [
      'a claim template without accessModes',
      'StatefulSet',
      (o) => delete o.spec.volumeClaimTemplates[0].spec.accessModes,
      'spec.volumeClaimTemplates[0].spec.accessModes',
      'is empty',
      'at least 1 access mode is required',
    ],
    [
      'a claim template without storage',
      'StatefulSet',
      (o) => (o.spec.volumeClaimTemplates[0].spec.resources = {}),
      'spec.volumeClaimTemplates[0].spec.resources.requests',
      'has no storage',
      'storage required',
    ],
    [
      'a claim template of 0 bytes',
      'StatefulSet',
      (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '0'),
      'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
      'is "0"',
      'ValidatePositiveQuantityValue',
    ],
    [
      'a claim template name with a dot',
      'StatefulSet',
      (o) => (o.spec.volumeClaimTemplates[0].metadata.name = 'data.v1'),
      'spec.volumeClaimTemplates[0].metadata.name',
      `is "data.v1", which is not a DNS-1123 label (it has '.')`,
      'ValidateVolumes',
    ],
    [
      'an access mode of RWO',
      'StatefulSet',
      (o) => (o.spec.volumeClaimTemplates[0].spec.accessModes = ['RWO']),
      'spec.volumeClaimTemplates[0].spec.accessModes[0]',
      'is "RWO"',
      'ValidatePersistentVolumeClaimSpec',
    ],
    [
      'a mount of neither a volume nor a claim',
      'StatefulSet',
      (o) => (pod(o).containers[0].volumeMounts[0].name = 'logs'),
      'spec.template.spec.containers[0].volumeMounts[0].name',
      'is "logs", which is not a volume of the pod',
      'IsMatchedVolume',
    ],
    [
      'a retention policy of Keep',
      'StatefulSet',
      (o) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep' }),
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
      'is "Keep"',
      'ValidatePersistentVolumeClaimRetentionPolicyType',
    ],
  ] satisfies Case[]);
  runPasses([
    ['a name of 52 characters', 'StatefulSet', (o) => (o.metadata.name = 'a'.repeat(52))],
    [
      'Parallel pods, OnDelete updates, a storage class',
      'StatefulSet',
      (o) =>
        Object.assign(
          o.spec,
          { podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } },
          (o.spec.volumeClaimTemplates[0].spec.storageClassName = 'premium-rwo'),
        ),
    ],
    [
      "maxUnavailable '50%' and a partition",
      'StatefulSet',
      (o) =>
        (o.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 2, maxUnavailable: '50%' },
        }),
    ],
  ] satisfies Pass[]);
  it('reports the mount of a claim template as valid (the claim becomes a pod volume)', () => {
    expect(problems(make('StatefulSet'))).toEqual([]);
  });
});
