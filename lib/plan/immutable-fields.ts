import type { Finding } from './finding';
import { isEqual } from './field-diff';
import type { Obj } from './network-policy-eval';
import { valueAt } from './object-key';

/**
 * The fields the API server refuses to change, per kind, each from the validation function
 * that refuses it (kubernetes/kubernetes, pkg/apis/…/validation/validation.go).
 */
interface ImmutableField {
  readonly kinds: readonly string[];
  readonly path: string;
  /** The Go function that refuses the change. */
  readonly validation: string;
  /** What deleting and creating the object costs. */
  readonly cost: string;
  /** Whether the field may change when this holds (both versions given). */
  readonly exempt?: (before: Obj, after: Obj) => boolean;
}

/**
 * A StatefulSet replaced loses its data when deleting it deletes its claims; a claim replaced
 * always does. Other objects are only replaced.
 */
function replacement(before: Obj, field: ImmutableField): Finding['risk'] {
  if (field.kinds.includes('PersistentVolumeClaim')) return 'destructive';
  const deletesClaims =
    valueAt(before, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted') === 'Delete';
  return field.kinds.includes('StatefulSet') && deletesClaims ? 'destructive' : 'replace';
}

const WORKLOAD_COST =
  'deleting and creating it stops every pod at once, down until the new pods are ready';
const STATEFUL_COST =
  'deleting and creating it stops every replica at once; its claims are kept and reattached by name';
const STATEFUL_DATA_COST =
  'deleting it deletes its claims and their disks (persistentVolumeClaimRetentionPolicy.whenDeleted is Delete)';

/** Whether a Service type has a cluster IP (every type but ExternalName). */
const hasClusterIp = (service: Obj) => service.spec?.type !== 'ExternalName';

const IMMUTABLE: readonly ImmutableField[] = [
  // apps/v1: ValidateDeploymentUpdate, ValidateDaemonSetUpdate and ValidateStatefulSetUpdate
  // call ValidateImmutableField on spec.selector.
  ...['Deployment', 'DaemonSet'].map((kind) => ({
    kinds: [kind],
    path: 'spec.selector',
    validation: `apps validation ${kind === 'Deployment' ? 'ValidateDeploymentUpdate' : 'ValidateDaemonSetUpdate'}`,
    cost: WORKLOAD_COST,
  })),
  // ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas',
  // 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and
  // 'minReadySeconds' are forbidden".
  ...[
    'spec.selector',
    'spec.volumeClaimTemplates',
    'spec.serviceName',
    'spec.podManagementPolicy',
  ].map((path) => ({
    kinds: ['StatefulSet'],
    path,
    validation: 'apps validation ValidateStatefulSetUpdate',
    cost: STATEFUL_COST,
  })),
  // ValidateServiceUpdate: the cluster IPs of a Service that has them (any type but
  // ExternalName, on both sides) are immutable; a change to or from ExternalName may drop or
  // allocate them.
  ...['spec.clusterIP', 'spec.clusterIPs'].map((path) => ({
    kinds: ['Service'],
    path,
    validation: 'core validation ValidateServiceUpdate',
    cost: 'deleting and creating it gives clients a new address and drops connections through it',
    exempt: (before: Obj, after: Obj) => !hasClusterIp(before) || !hasClusterIp(after),
  })),
  // ValidateJobSpecUpdate: spec.selector and spec.template are immutable (but for scheduling
  // directives of a suspended Job).
  ...['spec.selector', 'spec.template'].map((path) => ({
    kinds: ['Job'],
    path,
    validation: 'batch validation ValidateJobSpecUpdate',
    cost: 'deleting and creating it runs the Job again from the start',
  })),
  // ValidatePersistentVolumeClaimUpdate: a claim's spec is immutable after creation but for
  // resources.requests (and volumeAttributesClassName).
  ...['spec.storageClassName', 'spec.accessModes', 'spec.volumeMode', 'spec.dataSource'].map(
    (path) => ({
      kinds: ['PersistentVolumeClaim'],
      path,
      validation: 'core validation ValidatePersistentVolumeClaimUpdate',
      cost: 'deleting and creating it deletes its disk and starts from an empty one',
    }),
  ),
];

/** The immutable fields that differ between two versions of an object. */
export function immutableChanges(before: Obj, after: Obj): Finding[] {
  return IMMUTABLE.filter(
    (field) =>
      field.kinds.includes(after.kind) &&
      !isEqual(valueAt(before, field.path), valueAt(after, field.path)) &&
      !field.exempt?.(before, after),
  ).map((field) => ({
    risk: replacement(before, field),
    reason: `${field.path} is immutable (${field.validation}): kubectl apply fails and the ${after.kind} must be replaced; ${replacement(before, field) === 'destructive' && field.kinds.includes('StatefulSet') ? STATEFUL_DATA_COST : field.cost}`,
    replaces: true,
  }));
}
