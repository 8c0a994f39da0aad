import type { KubernetesObject } from '../../k8s/kubernetes-object';
import {
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  TOTAL_ANNOTATION_SIZE_MAX,
} from '../../core/apimachinery';
import { isObject, quote, str, utf8Length } from './json';
import type { ObjectReport, Violation } from './problem';

/*
 * ObjectMeta, as `ValidateObjectMeta` (k8s.io/apimachinery/pkg/api/validation/objectmeta.go)
 * checks it for every kind, with the name rule each kind's validation passes to it.
 */

interface NameRule {
  readonly check: (name: string) => Violation[];
  readonly rule: string;
}

const subdomain = (rule: string): NameRule => ({ check: isDns1123Subdomain, rule });
const RBAC_NAME: NameRule = { check: isValidPathSegmentName, rule: 'ValidateRBACName' };

/** The name rule of each kind (`nameFn` of its ValidateX function). */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Namespace: { check: isDns1123Label, rule: 'ValidateNamespace (ValidateNamespaceName)' },
  // Service names become DNS labels and the prefix of environment variables.
  Service: { check: isDns1035Label, rule: 'ValidateService (ValidateServiceName)' },
  // Pods of a StatefulSet are named <name>-<ordinal> and that name is their hostname.
  StatefulSet: { check: isDns1123Label, rule: 'ValidateStatefulSet (ValidateStatefulSetName)' },
  Role: RBAC_NAME,
  ClusterRole: RBAC_NAME,
  RoleBinding: RBAC_NAME,
  ClusterRoleBinding: RBAC_NAME,
  // ValidatePodDisruptionBudget has no name rule; rest.BeforeCreate's minimum applies.
  PodDisruptionBudget: {
    check: isValidPathSegmentName,
    rule: 'rest.BeforeCreate (ValidatePathSegmentName)',
  },
  ConfigMap: subdomain('ValidateConfigMap (ValidateConfigMapName)'),
  Secret: subdomain('ValidateSecret (ValidateSecretName)'),
  ServiceAccount: subdomain('ValidateServiceAccount (ValidateServiceAccountName)'),
  Deployment: subdomain('ValidateDeployment (ValidateDeploymentName)'),
  DaemonSet: subdomain('ValidateDaemonSet (ValidateDaemonSetName)'),
  ReplicaSet: subdomain('ValidateReplicaSet (ValidateReplicaSetName)'),
  Job: subdomain('ValidateJob (ValidateReplicationControllerName)'),
  CronJob: subdomain('ValidateCronJobCreate (ValidateReplicationControllerName)'),
  HorizontalPodAutoscaler: subdomain(
    'ValidateHorizontalPodAutoscaler (ValidateHorizontalPodAutoscalerName)',
  ),
  Pod: subdomain('ValidatePodCreate (ValidatePodName)'),
  Ingress: subdomain('ValidateIngressCreate (ValidateIngressName)'),
  EndpointSlice: subdomain('ValidateEndpointSlice (ValidateEndpointSliceName)'),
  StorageClass: subdomain('ValidateStorageClass (NameIsDNSSubdomain)'),
};

/** Custom resources: the apiextensions validator checks names as DNS-1123 subdomains. */
const CUSTOM_RESOURCE_NAME = subdomain('customResourceValidator (NameIsDNSSubdomain)');

/** Kinds without a namespace; `rest.BeforeCreate` drops a namespace set on them. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'CustomResourceDefinition',
  'IngressClass',
  'VolumeSnapshotClass',
]);

/** Namespaced kinds this library emits; other kinds' scope is not known here. */
const NAMESPACED = new Set([
  'Service',
  'EndpointSlice',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Role',
  'RoleBinding',
  'Ingress',
  'NetworkPolicy',
  'BackendConfig',
  'FrontendConfig',
  'ManagedCertificate',
  'PodMonitoring',
  'VolumeSnapshot',
]);

const OBJECT_META = 'ValidateObjectMeta';

/** `ValidateLabels` (meta/v1/validation): keys are qualified names, values label values. */
export function checkLabels(report: ObjectReport, labels: unknown, path: string, rule: string) {
  if (!isObject(labels)) return;
  for (const key of Object.keys(labels)) {
    const keyProblems = isQualifiedName(key);
    for (const v of keyProblems)
      report.add(path, `has the key ${quote(key)}, which ${v.problem}`, v.fix, rule);
    const value = labels[key];
    if (typeof value !== 'string')
      report.add(`${path}[${quote(key)}]`, `is ${quote(value)}, not a string`, 'quote it', rule);
    else {
      const problems = isValidLabelValue(value);
      if (problems.length > 0) report.check(`${path}[${quote(key)}]`, value, problems, rule);
    }
  }
}

/**
 * `ValidateAnnotations`: keys are qualified names (compared in lower case) and keys plus
 * values of one object total at most 256 KiB.
 */
export function checkAnnotations(report: ObjectReport, annotations: unknown, path: string) {
  if (!isObject(annotations)) return;
  let size = 0;
  for (const key in annotations) {
    for (const v of isQualifiedName(key.toLowerCase()))
      report.add(
        path,
        `has the key ${quote(key)}, which ${v.problem}`,
        v.fix,
        'ValidateAnnotations',
      );
    const value = annotations[key];
    size += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_MAX)
    report.add(
      path,
      `total ${size} bytes, more than the ${TOTAL_ANNOTATION_SIZE_MAX} bytes (256 KiB) one object may carry`,
      'move large values into a ConfigMap and keep annotations short',
      'ValidateAnnotations (TotalAnnotationSizeLimitB)',
    );
}

/** ObjectMeta of every object: name per kind, namespace, labels, annotations. */
export function validateObjectMeta(object: KubernetesObject, report: ObjectReport): void {
  const kind = str(object.kind) ?? '';
  const meta = object.metadata;
  const name = str(meta?.name);
  const nameRule = NAME_RULES[kind] ?? CUSTOM_RESOURCE_NAME;
  if (!name)
    report.add(
      'metadata.name',
      'is missing',
      'give the object a name',
      `${OBJECT_META} (name or generateName is required)`,
    );
  else report.check('metadata.name', name, nameRule.check(name), nameRule.rule);

  const namespace = meta?.namespace;
  if (CLUSTER_SCOPED.has(kind)) {
    if (namespace !== undefined && namespace !== '')
      report.add(
        'metadata.namespace',
        `is ${quote(namespace)} on a ${kind}, which has no namespace, so the API server drops it`,
        'leave the namespace out of cluster-scoped objects',
        'rest.BeforeCreate (cluster-scoped)',
      );
  } else if (namespace === undefined || namespace === '') {
    if (NAMESPACED.has(kind))
      report.add(
        'metadata.namespace',
        'is missing, so kubectl would create the object in the namespace of its current context',
        "set the environment's namespace",
        `${OBJECT_META} (requiresNamespace)`,
      );
  } else if (typeof namespace !== 'string') {
    report.add(
      'metadata.namespace',
      `is ${quote(namespace)}, not a string`,
      'quote it',
      OBJECT_META,
    );
  } else {
    report.check(
      'metadata.namespace',
      namespace,
      isDns1123Label(namespace),
      `${OBJECT_META} (ValidateNamespaceName)`,
    );
  }

  checkLabels(report, meta?.labels, 'metadata.labels', `${OBJECT_META} (ValidateLabels)`);
  checkAnnotations(report, meta?.annotations, 'metadata.annotations');
  checkFinalizers(report, meta?.finalizers);
}

const FINALIZER_CONFLICT = ['orphan', 'foregroundDeletion'];

/** `ValidateFinalizers`: qualified names, and not both 'orphan' and 'foregroundDeletion'. */
function checkFinalizers(report: ObjectReport, finalizers: unknown): void {
  if (!Array.isArray(finalizers)) return;
  finalizers.forEach((finalizer, i) => {
    const name = String(finalizer);
    const problems = isQualifiedName(name);
    if (problems.length > 0)
      report.check(`metadata.finalizers[${i}]`, name, problems, 'ValidateFinalizerName');
  });
  if (FINALIZER_CONFLICT.every((f) => finalizers.includes(f)))
    report.add(
      'metadata.finalizers',
      "has both 'orphan' and 'foregroundDeletion'",
      'keep one of the two',
      'ValidateFinalizers (cannot be both set)',
    );
}
