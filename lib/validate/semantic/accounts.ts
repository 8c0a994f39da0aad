import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Subdomain, isQualifiedName } from '../../core/apimachinery';
import { arrayOf, isObject, objectAt, quote, str } from './json';
import type { ObjectReport } from './problem';

/* Namespaces and ServiceAccounts: pkg/apis/core/validation. */

/**
 * `ValidateNamespace`: spec.finalizers are qualified names, and an unprefixed one must be the
 * standard 'kubernetes' (`validateFinalizerName`).
 */
export function validateNamespace(object: KubernetesObject, report: ObjectReport): void {
  arrayOf(objectAt(object, 'spec')?.finalizers).forEach((finalizer, i) => {
    const name = String(finalizer);
    const at = `spec.finalizers[${i}]`;
    const problems = isQualifiedName(name);
    report.check(at, name, problems, 'validateFinalizerName (IsQualifiedName)');
    if (problems.length === 0 && !name.includes('/') && name !== 'kubernetes')
      report.add(
        at,
        `is ${quote(name)}, neither the standard 'kubernetes' nor prefixed`,
        "use 'kubernetes' or 'example.com/name'",
        'validateKubeFinalizerName',
      );
  });
}

/**
 * `ValidateServiceAccount` checks the metadata only; the Secrets it lists for image pulls
 * must be names a Secret can have, or every pod using it fails to pull.
 */
export function validateServiceAccount(object: KubernetesObject, report: ObjectReport): void {
  arrayOf(object.imagePullSecrets).forEach((ref, i) => {
    const name = isObject(ref) ? (str(ref.name) ?? '') : '';
    report.check(
      `imagePullSecrets[${i}].name`,
      name,
      isDns1123Subdomain(name),
      'ValidateSecretName',
    );
  });
}
