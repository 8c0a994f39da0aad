import type { KubernetesObject } from '../kubernetes-object';
import { nameOf, quote, text } from './edge-fields';
import type { EnvironmentRule } from './problem';

/*
 * One environment is one namespace: every namespaced object in it, and in the namespace its
 * Namespace object declares; and no two objects of one kind share a name there (`kubectl
 * apply` would keep only the last one, silently).
 */

/** Kinds without a namespace (`kubectl api-resources --namespaced=false`). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'IPAddress',
  'ServiceCIDR',
]);

/** The API group of an object (`apps`, `''` for core), part of what makes two objects one. */
function groupOf(object: KubernetesObject): string {
  const apiVersion = text(object.apiVersion) ?? '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Every namespaced object is in the environment's one namespace: the one its Namespace
 * object declares when it has one, else the first object's.
 */
export const checkNamespaces: EnvironmentRule = (objects, reportOf) => {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const declared = namespaces.length > 0 ? nameOf(namespaces[0]) : undefined;
  for (const extra of namespaces.slice(1))
    reportOf(extra).add(
      'metadata.name',
      `is ${quote(nameOf(extra))}, a second Namespace in one environment (the first is ${quote(declared)})`,
      'keep one namespace per environment',
      'references: one namespace per environment',
    );
  let expected = declared;
  for (const object of objects) {
    if (CLUSTER_SCOPED.has(String(object.kind))) continue;
    const namespace = text(object.metadata?.namespace) ?? '';
    if (expected === undefined) {
      expected = namespace;
      continue;
    }
    if (namespace === expected) continue;
    reportOf(object).add(
      'metadata.namespace',
      namespace === ''
        ? `is missing, so kubectl puts the object in its current namespace rather than ${quote(expected)}`
        : `is ${quote(namespace)}, but the environment's objects are in ${quote(expected)}${declared === undefined ? '' : ' (its Namespace object)'}`,
      expected === ''
        ? 'leave the namespace out on every object, or set it on every object'
        : `set metadata.namespace: ${expected}`,
      'references: one namespace per environment',
    );
  }
};

/** No two objects of one kind (and API group) share a name in one namespace. */
export const checkDuplicateNames: EnvironmentRule = (objects, reportOf) => {
  const seen = new Set<string>();
  for (const object of objects) {
    const namespace = CLUSTER_SCOPED.has(String(object.kind))
      ? ''
      : (text(object.metadata?.namespace) ?? '');
    const key = `${groupOf(object)}/${String(object.kind)}/${namespace}/${nameOf(object)}`;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    reportOf(object).add(
      'metadata.name',
      `is ${quote(nameOf(object))}, like an earlier ${String(object.kind)} of the environment: applying both keeps only the last`,
      `give each ${String(object.kind)} its own name`,
      'references: unique names per kind and namespace',
    );
  }
};
