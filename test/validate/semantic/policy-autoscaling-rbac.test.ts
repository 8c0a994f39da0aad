import { type Case, type Pass, runCases, runPasses } from './fixtures';

// ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation) and the disruption controller.
describe('PodDisruptionBudget', () => {
  runCases([
    [
      'both bounds',
      'PodDisruptionBudget',
      (o) => (o.spec.minAvailable = 1),
      'spec',
      'sets both minAvailable and maxUnavailable',
      'minAvailable and maxUnavailable cannot be both set',
    ],
    [
      "maxUnavailable '150%'",
      'PodDisruptionBudget',
      (o) => (o.spec.maxUnavailable = '150%'),
      'spec.maxUnavailable',
      'is "150%", more than 100%',
      'IsNotMoreThan100Percent',
    ],
    [
      'a negative minAvailable',
      'PodDisruptionBudget',
      (o) => (o.spec = { minAvailable: -1, selector: o.spec.selector }),
      'spec.minAvailable',
      'is -1',
      'ValidatePositiveIntOrPercent',
    ],
    [
      "minAvailable '1' as a string",
      'PodDisruptionBudget',
      (o) => (o.spec = { minAvailable: '1', selector: o.spec.selector }),
      'spec.minAvailable',
      'is "1", a string that is no percentage',
      'IsValidPercent',
    ],
    [
      'maxUnavailable 0 (blocks every node drain)',
      'PodDisruptionBudget',
      (o) => (o.spec.maxUnavailable = 0),
      'spec.maxUnavailable',
      'is 0, so no pod may ever be evicted and every node drain (and GKE node upgrade) waits on it',
      'disruptionsAllowed is always 0',
    ],
    [
      "minAvailable '100%'",
      'PodDisruptionBudget',
      (o) => (o.spec = { minAvailable: '100%', selector: o.spec.selector }),
      'spec.minAvailable',
      "is '100%', so no pod may ever be evicted and every node drain (and GKE node upgrade) waits on it",
      'disruptionsAllowed is always 0',
    ],
    [
      'no bound',
      'PodDisruptionBudget',
      (o) => delete o.spec.maxUnavailable,
      'spec',
      'sets neither minAvailable nor maxUnavailable, so the budget allows every eviction',
      'getExpectedPodCount',
    ],
    [
      'no selector',
      'PodDisruptionBudget',
      (o) => delete o.spec.selector,
      'spec.selector',
      'is missing, so the budget selects no pod (policy/v1)',
      'null selects nothing',
    ],
    [
      'an empty selector',
      'PodDisruptionBudget',
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'is empty, so the budget covers every pod of the namespace (policy/v1)',
      'empty selects all',
    ],
    [
      'an unhealthyPodEvictionPolicy of Always',
      'PodDisruptionBudget',
      (o) => (o.spec.unhealthyPodEvictionPolicy = 'Always'),
      'spec.unhealthyPodEvictionPolicy',
      'is "Always"',
      'ValidatePodDisruptionBudgetSpec',
    ],
  ] satisfies Case[]);
  runPasses([
    ["maxUnavailable '100%'", 'PodDisruptionBudget', (o) => (o.spec.maxUnavailable = '100%')],
    [
      "minAvailable '50%'",
      'PodDisruptionBudget',
      (o) => (o.spec = { minAvailable: '50%', selector: o.spec.selector }),
    ],
    [
      'minAvailable 2 and AlwaysAllow',
      'PodDisruptionBudget',
      (o) =>
        (o.spec = {
          minAvailable: 2,
          selector: o.spec.selector,
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        }),
    ],
  ] satisfies Pass[]);
});

// validateHorizontalPodAutoscalerSpec and validateMetricSpec (pkg/apis/autoscaling/validation).
describe('HorizontalPodAutoscaler', () => {
  const target = (o: any) => o.spec.metrics[0].resource.target;
  runCases([
    [
      'minReplicas 0',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.minReplicas = 0),
      'spec.minReplicas',
      'is 0',
      'must be greater than or equal to 1',
    ],
    [
      'maxReplicas below minReplicas',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.maxReplicas = 1),
      'spec.maxReplicas',
      'is 1, less than minReplicas (2)',
      'must be greater than or equal to minReplicas',
    ],
    [
      'maxReplicas 0',
      'HorizontalPodAutoscaler',
      (o) => ((o.spec.maxReplicas = 0), delete o.spec.minReplicas),
      'spec.maxReplicas',
      'is 0',
      'must be greater than 0',
    ],
    [
      'a scaleTargetRef without a name',
      'HorizontalPodAutoscaler',
      (o) => delete o.spec.scaleTargetRef.name,
      'spec.scaleTargetRef.name',
      'is missing',
      'ValidateCrossVersionObjectReference',
    ],
    [
      'a scaleTargetRef name with a /',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.scaleTargetRef.name = 'apps/web'),
      'spec.scaleTargetRef.name',
      `is "apps/web", which contains '/' or '%'`,
      'IsValidPathSegmentName',
    ],
    [
      'averageUtilization 0',
      'HorizontalPodAutoscaler',
      (o) => (target(o).averageUtilization = 0),
      'spec.metrics[0].resource.target.averageUtilization',
      'is 0',
      'must be greater than 0',
    ],
    [
      'a target type of Percent',
      'HorizontalPodAutoscaler',
      (o) => (target(o).type = 'Percent'),
      'spec.metrics[0].resource.target.type',
      'is "Percent"',
      'validateMetricTarget',
    ],
    [
      'both averageUtilization and averageValue',
      'HorizontalPodAutoscaler',
      (o) => (target(o).averageValue = '500m'),
      'spec.metrics[0].resource.target.averageValue',
      'is set next to averageUtilization',
      'may not set both',
    ],
    [
      'a resource metric without a target',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.metrics[0].resource.target = { type: 'Utilization' }),
      'spec.metrics[0].resource.target',
      'has neither averageUtilization nor averageValue',
      'validateResourceSource',
    ],
    [
      'a metric type without its source',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.metrics[0].type = 'Pods'),
      'spec.metrics[0].pods',
      'is missing',
      'must populate information for the given metric source',
    ],
    [
      "an External metric named with '/' (Cloud Monitoring's form)",
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.metrics[0] = {
          type: 'External',
          external: {
            metric: { name: 'pubsub.googleapis.com/subscription/num_undelivered_messages' },
            target: { type: 'AverageValue', averageValue: '30' },
          },
        }),
      'spec.metrics[0].external.metric.name',
      `is "pubsub.googleapis.com/subscription/num_undelivered_messages", which contains '/' or '%'`,
      'validateMetricIdentifier',
    ],
    [
      'an External metric with both value and averageValue',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.metrics[0] = {
          type: 'External',
          external: {
            metric: { name: 'pubsub.googleapis.com|subscription|num_undelivered_messages' },
            target: { type: 'Value', value: '100', averageValue: '30' },
          },
        }),
      'spec.metrics[0].external.target.value',
      'is set next to averageValue',
      'validateExternalSource',
    ],
    [
      'a Pods metric without averageValue',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.metrics[0] = {
          type: 'Pods',
          pods: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '20' } },
        }),
      'spec.metrics[0].pods.target.averageValue',
      'is missing',
      'validatePodsSource',
    ],
    [
      'an Object metric without its described object',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.metrics[0] = {
          type: 'Object',
          object: { metric: { name: 'rps' }, target: { type: 'Value', value: '2k' } },
        }),
      'spec.metrics[0].object.describedObject.kind',
      'is missing',
      'ValidateCrossVersionObjectReference',
    ],
    [
      'a metric type of CPU',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.metrics[0].type = 'CPU'),
      'spec.metrics[0].type',
      'is "CPU"',
      'validateMetricSpec',
    ],
    [
      'a negative averageValue',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.metrics[0].resource.target = { type: 'AverageValue', averageValue: '-1' }),
      'spec.metrics[0].resource.target.averageValue',
      'is "-1"',
      'must be positive',
    ],
    [
      'a behavior without policies',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 300 } }),
      'spec.behavior.scaleDown.policies',
      'is empty',
      'must specify at least one Policy',
    ],
    [
      'a stabilization window of 2 hours',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.behavior = {
          scaleDown: {
            stabilizationWindowSeconds: 7200,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        }),
      'spec.behavior.scaleDown.stabilizationWindowSeconds',
      'is 7200',
      'validateScalingRules',
    ],
    [
      'a policy period of 1 hour',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.behavior = {
          scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 3600 }] },
        }),
      'spec.behavior.scaleUp.policies[0].periodSeconds',
      'is 3600',
      'validateScalingPolicy',
    ],
    [
      'a container resource metric on a bad container name',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.metrics = [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'Web',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
        ]),
      'spec.metrics[0].containerResource.container',
      'is "Web", which is not a DNS-1123 label',
      'validateContainerResourceSource',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'averageUtilization 150 (above the request is valid)',
      'HorizontalPodAutoscaler',
      (o) => (target(o).averageUtilization = 150),
    ],
    [
      'no minReplicas (defaults to 1) and no metrics (defaults to CPU 80%)',
      'HorizontalPodAutoscaler',
      (o) => (delete o.spec.minReplicas, delete o.spec.metrics),
    ],
    [
      'minReplicas equal to maxReplicas',
      'HorizontalPodAutoscaler',
      (o) => (o.spec.maxReplicas = 2),
    ],
    [
      'a memory AverageValue target',
      'HorizontalPodAutoscaler',
      (o) =>
        o.spec.metrics.push({
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } },
        }),
    ],
    [
      'a scale-down behavior',
      'HorizontalPodAutoscaler',
      (o) =>
        (o.spec.behavior = {
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Min',
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        }),
    ],
  ] satisfies Pass[]);
});

// ValidateRole, ValidateClusterRole, ValidateRoleBinding, ValidateClusterRoleBinding.
describe('RBAC', () => {
  runCases([
    [
      'a rule without verbs',
      'Role',
      (o) => (o.rules[0].verbs = []),
      'rules[0].verbs',
      'is empty',
      'verbs must contain at least one value',
    ],
    [
      'a resource rule without apiGroups',
      'Role',
      (o) => delete o.rules[0].apiGroups,
      'rules[0].apiGroups',
      'is empty',
      'resource rules must supply at least one api group',
    ],
    [
      'a resource rule without resources',
      'ClusterRole',
      (o) => delete o.rules[0].resources,
      'rules[0].resources',
      'is empty',
      'resource rules must supply at least one resource',
    ],
    [
      'nonResourceURLs in a Role',
      'Role',
      (o) => o.rules.push({ nonResourceURLs: ['/healthz'], verbs: ['get'] }),
      'rules[1].nonResourceURLs',
      'is set in a Role',
      'namespaced rules cannot apply to non-resource URLs',
    ],
    [
      'nonResourceURLs with resources',
      'ClusterRole',
      (o) => (o.rules[1].resources = ['pods']),
      'rules[1].nonResourceURLs',
      'is set in a rule that also names resources',
      'rules cannot apply to both regular resources and non-resource URLs',
    ],
    [
      'a roleRef apiGroup of rbac',
      'RoleBinding',
      (o) => (o.roleRef.apiGroup = 'rbac'),
      'roleRef.apiGroup',
      'is "rbac"',
      'ValidateRoleBinding',
    ],
    [
      'a roleRef kind of ServiceAccount',
      'RoleBinding',
      (o) => (o.roleRef.kind = 'ServiceAccount'),
      'roleRef.kind',
      'is "ServiceAccount"',
      'ValidateRoleBinding',
    ],
    [
      'a ClusterRoleBinding to a Role',
      'ClusterRoleBinding',
      (o) => (o.roleRef.kind = 'Role'),
      'roleRef.kind',
      'is "Role"',
      'ValidateClusterRoleBinding',
    ],
    [
      'a roleRef without a name',
      'RoleBinding',
      (o) => delete o.roleRef.name,
      'roleRef.name',
      'is missing',
      'roleRef.name required',
    ],
    [
      'a ServiceAccount subject without a namespace in a ClusterRoleBinding',
      'ClusterRoleBinding',
      (o) => delete o.subjects[0].namespace,
      'subjects[0].namespace',
      'is missing for a ServiceAccount in a ClusterRoleBinding',
      'namespace required',
    ],
    [
      'a ServiceAccount subject named Web_SA',
      'RoleBinding',
      (o) => (o.subjects[0].name = 'Web_SA'),
      'subjects[0].name',
      'is "Web_SA", which is not a DNS-1123 subdomain',
      'ValidateServiceAccountName',
    ],
    [
      'a ServiceAccount subject with an apiGroup',
      'RoleBinding',
      (o) => (o.subjects[0].apiGroup = 'rbac.authorization.k8s.io'),
      'subjects[0].apiGroup',
      'is "rbac.authorization.k8s.io"',
      'ValidateRoleBindingSubject',
    ],
    [
      'a subject kind of Team',
      'RoleBinding',
      (o) => (o.subjects[0].kind = 'Team'),
      'subjects[0].kind',
      'is "Team"',
      'ValidateRoleBindingSubject',
    ],
    [
      'a subject without a name',
      'RoleBinding',
      (o) => delete o.subjects[0].name,
      'subjects[0].name',
      'is missing',
      'ValidateRoleBindingSubject',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      "a ServiceAccount subject without a namespace in a RoleBinding (the binding's)",
      'RoleBinding',
      () => {},
    ],
    [
      'a User subject without an apiGroup (defaulted)',
      'RoleBinding',
      (o) => o.subjects.push({ kind: 'User', name: 'jane@example.com' }),
    ],
    [
      'a Group subject',
      'ClusterRoleBinding',
      (o) =>
        o.subjects.push({
          kind: 'Group',
          apiGroup: 'rbac.authorization.k8s.io',
          name: 'system:authenticated',
        }),
    ],
    [
      'a RoleBinding to a ClusterRole',
      'RoleBinding',
      (o) => ((o.roleRef.kind = 'ClusterRole'), (o.roleRef.name = 'view')),
    ],
  ] satisfies Pass[]);
});
