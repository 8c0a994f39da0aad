import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { validateNamespace, validateServiceAccount } from './accounts';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateStatefulSet,
} from './apps';
import { validateHorizontalPodAutoscaler } from './autoscaling';
import { validateCronJob, validateJob } from './batch';
import { validateConfigMap, validateSecret } from './config';
import { validateEndpointSlice } from './discovery';
import { validateObjectMeta } from './metadata';
import { checkPodSpec } from './pod-spec';
import { validatePodDisruptionBudget } from './policy';
import type { ObjectReport, ObjectRule } from './problem';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from './rbac';
import { validateService } from './service';

/** Rules for every object's metadata (`ValidateObjectMeta` with each kind's name rule). */
export const METADATA_RULES: readonly ObjectRule[] = [validateObjectMeta];

/** `ValidatePodCreate`: a bare Pod's spec (hostPort must equal containerPort with hostNetwork). */
function validatePod(object: KubernetesObject, report: ObjectReport): void {
  const spec = object.spec;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec))
    checkPodSpec(report, spec as Record<string, unknown>, 'spec', { isPod: true });
  else report.add('spec', 'is missing', 'give the pod spec', 'ValidatePodCreate');
}

/**
 * The API server's rules per kind (core, apps, batch, policy, autoscaling, rbac), each the
 * ValidateX function of its API group's validation package.
 */
export const CORE_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {
  Namespace: [validateNamespace],
  ServiceAccount: [validateServiceAccount],
  Service: [validateService],
  EndpointSlice: [validateEndpointSlice],
  ConfigMap: [validateConfigMap],
  Secret: [validateSecret],
  Pod: [validatePod],
  Deployment: [validateDeployment],
  ReplicaSet: [validateReplicaSet],
  DaemonSet: [validateDaemonSet],
  StatefulSet: [validateStatefulSet],
  Job: [validateJob],
  CronJob: [validateCronJob],
  PodDisruptionBudget: [validatePodDisruptionBudget],
  HorizontalPodAutoscaler: [validateHorizontalPodAutoscaler],
  Role: [validateRole],
  ClusterRole: [validateClusterRole],
  RoleBinding: [validateRoleBinding],
  ClusterRoleBinding: [validateClusterRoleBinding],
};
