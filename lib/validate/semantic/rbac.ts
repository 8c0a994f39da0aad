import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Subdomain, isValidPathSegmentName } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, quote, str } from './json';
import type { ObjectReport } from './problem';
import { checkLabelSelector } from './selector';

/* Roles and bindings: pkg/apis/rbac/validation. */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `ValidatePolicyRule`. */
function checkRules(report: ObjectReport, rules: unknown, namespaced: boolean): void {
  arrayOf(rules).forEach((rule, i) => {
    const r = isObject(rule) ? rule : {};
    const at = `rules[${i}]`;
    if (arrayOf(r.verbs).length === 0)
      report.add(
        `${at}.verbs`,
        'is empty',
        "list the verbs to allow, e.g. ['get', 'list', 'watch']",
        'ValidatePolicyRule (verbs must contain at least one value)',
      );
    if (arrayOf(r.nonResourceURLs).length > 0) {
      if (namespaced)
        report.add(
          `${at}.nonResourceURLs`,
          'is set in a Role',
          'use a ClusterRole for non-resource URLs',
          'ValidatePolicyRule (namespaced rules cannot apply to non-resource URLs)',
        );
      if (
        arrayOf(r.apiGroups).length > 0 ||
        arrayOf(r.resources).length > 0 ||
        arrayOf(r.resourceNames).length > 0
      )
        report.add(
          `${at}.nonResourceURLs`,
          'is set in a rule that also names resources',
          'put non-resource URLs in a rule of their own',
          'ValidatePolicyRule (rules cannot apply to both regular resources and non-resource URLs)',
        );
      return;
    }
    if (arrayOf(r.apiGroups).length === 0)
      report.add(
        `${at}.apiGroups`,
        'is empty',
        "list the API groups, e.g. [''] for the core group",
        'ValidatePolicyRule (resource rules must supply at least one api group)',
      );
    if (arrayOf(r.resources).length === 0)
      report.add(
        `${at}.resources`,
        'is empty',
        "list the resources, e.g. ['pods']",
        'ValidatePolicyRule (resource rules must supply at least one resource)',
      );
  });
}

/** `ValidateRole`. */
export function validateRole(object: KubernetesObject, report: ObjectReport): void {
  checkRules(report, object.rules, true);
}

/** `ValidateClusterRole`: rules, and the aggregation rule's selectors. */
export function validateClusterRole(object: KubernetesObject, report: ObjectReport): void {
  checkRules(report, object.rules, false);
  const aggregation = object.aggregationRule;
  if (!isObject(aggregation)) return;
  const selectors = arrayOf(aggregation.clusterRoleSelectors);
  if (selectors.length === 0)
    report.add(
      'aggregationRule.clusterRoleSelectors',
      'is empty',
      'give at least one selector, or leave the aggregation rule out',
      'ValidateClusterRole',
    );
  selectors.forEach((s, i) =>
    checkLabelSelector(report, s, `aggregationRule.clusterRoleSelectors[${i}]`),
  );
}

/** `ValidateRoleBindingSubject`. */
function checkSubjects(report: ObjectReport, subjects: unknown, namespaced: boolean): void {
  arrayOf(subjects).forEach((subject, i) => {
    const s: Json = isObject(subject) ? subject : {};
    const at = `subjects[${i}]`;
    const rule = 'ValidateRoleBindingSubject';
    const name = str(s.name) ?? '';
    if (name === '') report.add(`${at}.name`, 'is missing', 'name the subject', rule);
    const apiGroup = str(s.apiGroup) ?? '';
    switch (s.kind) {
      case 'ServiceAccount':
        if (name !== '')
          report.check(
            `${at}.name`,
            name,
            isDns1123Subdomain(name),
            `${rule} (ValidateServiceAccountName)`,
          );
        if (apiGroup !== '')
          report.add(
            `${at}.apiGroup`,
            `is ${quote(apiGroup)}`,
            "leave it out ('' for ServiceAccounts)",
            rule,
          );
        if (!namespaced && !str(s.namespace))
          report.add(
            `${at}.namespace`,
            'is missing for a ServiceAccount in a ClusterRoleBinding',
            "give the ServiceAccount's namespace",
            `${rule} (namespace required)`,
          );
        break;
      case 'User':
      case 'Group':
        // An empty apiGroup is defaulted to rbac.authorization.k8s.io (SetDefaults_Subject).
        if (apiGroup !== '' && apiGroup !== RBAC_GROUP)
          report.add(`${at}.apiGroup`, `is ${quote(apiGroup)}`, `use ${RBAC_GROUP}`, rule);
        break;
      default:
        report.add(`${at}.kind`, `is ${quote(s.kind)}`, 'use ServiceAccount, User or Group', rule);
    }
  });
}

function checkRoleRef(
  report: ObjectReport,
  ref: unknown,
  kinds: readonly string[],
  rule: string,
): void {
  const r: Json = isObject(ref) ? ref : {};
  if (r.apiGroup !== RBAC_GROUP)
    report.add(
      'roleRef.apiGroup',
      `is ${quote(r.apiGroup ?? '')}`,
      `use ${RBAC_GROUP}`,
      `${rule} (roleRef.apiGroup)`,
    );
  if (!kinds.includes(String(r.kind)))
    report.add(
      'roleRef.kind',
      `is ${quote(r.kind)}`,
      `use ${kinds.join(' or ')}`,
      `${rule} (roleRef.kind)`,
    );
  const name = str(r.name) ?? '';
  if (name === '')
    report.add('roleRef.name', 'is missing', 'name the role', `${rule} (roleRef.name required)`);
  else
    report.check('roleRef.name', name, isValidPathSegmentName(name), `${rule} (ValidateRBACName)`);
}

/** `ValidateRoleBinding`. */
export function validateRoleBinding(object: KubernetesObject, report: ObjectReport): void {
  checkRoleRef(report, object.roleRef, ['Role', 'ClusterRole'], 'ValidateRoleBinding');
  checkSubjects(report, object.subjects, true);
}

/** `ValidateClusterRoleBinding`: roleRef to a ClusterRole, ServiceAccounts with namespaces. */
export function validateClusterRoleBinding(object: KubernetesObject, report: ObjectReport): void {
  checkRoleRef(report, object.roleRef, ['ClusterRole'], 'ValidateClusterRoleBinding');
  checkSubjects(report, object.subjects, false);
}
