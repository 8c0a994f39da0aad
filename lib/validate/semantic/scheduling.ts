import { isDns1123Label, isQualifiedName, isValidLabelValue } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import { checkLabels } from './metadata';
import type { ObjectReport } from './problem';
import { checkLabelSelector } from './selector';

/*
 * Where pods may run: `ValidateTolerations`, `validateAffinity`, the nodeSelector labels and
 * `validateTopologySpreadConstraints` (pkg/apis/core/validation).
 */

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const NODE_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
const SCHEDULE_ACTIONS = new Set(['DoNotSchedule', 'ScheduleAnyway']);
const NODE_INCLUSION = new Set(['Honor', 'Ignore']);

/** `ValidateTolerations`. */
export function checkTolerations(report: ObjectReport, tolerations: unknown, path: string): void {
  const rule = 'ValidateTolerations';
  arrayOf(tolerations).forEach((toleration, i) => {
    if (!isObject(toleration)) return;
    const at = `${path}[${i}]`;
    const key = str(toleration.key) ?? '';
    const operator = str(toleration.operator) ?? '';
    const value = str(toleration.value) ?? '';
    const effect = str(toleration.effect) ?? '';
    if (key !== '')
      report.check(`${at}.key`, key, isQualifiedName(key), `${rule} (ValidateLabelName)`);
    else if (operator !== 'Exists')
      report.add(
        `${at}.operator`,
        `is ${quote(operator || 'Equal')} with an empty key`,
        'use operator Exists (an empty key with Exists tolerates every taint), or give a key',
        rule,
      );
    if (
      toleration.tolerationSeconds !== undefined &&
      toleration.tolerationSeconds !== null &&
      effect !== 'NoExecute'
    )
      report.add(
        `${at}.effect`,
        `is ${quote(effect)} while tolerationSeconds is set`,
        'use effect NoExecute with tolerationSeconds, or leave tolerationSeconds out',
        `${rule} (effect must be 'NoExecute' when tolerationSeconds is set)`,
      );
    if (operator === 'Equal' || operator === '') {
      for (const v of isValidLabelValue(value))
        report.add(
          `${at}.value`,
          `is ${quote(value)}, which ${v.problem}`,
          v.fix,
          `${rule} (IsValidLabelValue)`,
        );
    } else if (operator === 'Exists') {
      if (value !== '')
        report.add(
          `${at}.value`,
          `is ${quote(value)} with operator Exists`,
          'leave the value out, or use operator Equal',
          `${rule} (value must be empty when operator is 'Exists')`,
        );
    } else {
      report.add(`${at}.operator`, `is ${quote(operator)}`, 'use Equal or Exists', rule);
    }
    if (effect !== '' && !TAINT_EFFECTS.has(effect))
      report.add(
        `${at}.effect`,
        `is ${quote(effect)}`,
        'use NoSchedule, PreferNoSchedule or NoExecute (or leave it out for all effects)',
        `${rule} (validateTaintEffect)`,
      );
  });
}

/** `ValidateNodeSelectorRequirement` (matchExpressions of node affinity). */
function checkNodeRequirement(report: ObjectReport, requirement: unknown, at: string): void {
  if (!isObject(requirement)) return;
  const rule = 'ValidateNodeSelectorRequirement';
  const operator = str(requirement.operator) ?? '';
  const values = arrayOf(requirement.values);
  if (!NODE_OPERATORS.has(operator))
    report.add(
      `${at}.operator`,
      `is ${quote(requirement.operator)}`,
      'use In, NotIn, Exists, DoesNotExist, Gt or Lt',
      rule,
    );
  else if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
    report.add(
      `${at}.values`,
      `is empty with operator ${operator}`,
      'list at least one value',
      rule,
    );
  else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
    report.add(`${at}.values`, `is set with operator ${operator}`, 'leave the values out', rule);
  else if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1)
    report.add(
      `${at}.values`,
      `has ${values.length} values with operator ${operator}`,
      'give exactly one value',
      rule,
    );
  const key = str(requirement.key) ?? '';
  report.check(`${at}.key`, key, isQualifiedName(key), `${rule} (ValidateLabelName)`);
  values.forEach((value, j) =>
    report.check(
      `${at}.values[${j}]`,
      value,
      isValidLabelValue(String(value)),
      `${rule} (IsValidLabelValue)`,
    ),
  );
}

function checkNodeSelectorTerm(report: ObjectReport, term: unknown, at: string): void {
  if (!isObject(term)) return;
  arrayOf(term.matchExpressions).forEach((r, j) =>
    checkNodeRequirement(report, r, `${at}.matchExpressions[${j}]`),
  );
}

function checkWeight(report: ObjectReport, weight: unknown, at: string, rule: string): void {
  const w = num(weight);
  if (w === undefined || w < 1 || w > 100)
    report.add(at, `is ${quote(weight)}`, 'use a weight from 1 to 100', rule);
}

/** `validatePodAffinityTerm`: selectors, namespaces, topologyKey. */
function checkPodAffinityTerm(report: ObjectReport, term: unknown, at: string): void {
  if (!isObject(term)) return;
  checkLabelSelector(report, term.labelSelector, `${at}.labelSelector`);
  checkLabelSelector(report, term.namespaceSelector, `${at}.namespaceSelector`);
  arrayOf(term.namespaces).forEach((ns, j) =>
    report.check(
      `${at}.namespaces[${j}]`,
      ns,
      isDns1123Label(String(ns)),
      'validatePodAffinityTerm (ValidateNamespaceName)',
    ),
  );
  const key = str(term.topologyKey) ?? '';
  if (key === '')
    report.add(
      `${at}.topologyKey`,
      'is missing',
      "give a node label key such as 'kubernetes.io/hostname'",
      'validatePodAffinityTerm (topologyKey can not be empty)',
    );
  else
    report.check(
      `${at}.topologyKey`,
      key,
      isQualifiedName(key),
      'validatePodAffinityTerm (ValidateLabelName)',
    );
}

function checkPodAffinity(report: ObjectReport, affinity: unknown, at: string): void {
  if (!isObject(affinity)) return;
  arrayOf(affinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
    checkPodAffinityTerm(report, t, `${at}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`),
  );
  arrayOf(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const p = `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!isObject(t)) return;
    checkWeight(report, t.weight, `${p}.weight`, 'validateWeightedPodAffinityTerms');
    checkPodAffinityTerm(report, t.podAffinityTerm, `${p}.podAffinityTerm`);
  });
}

/** `validateAffinity`. */
export function checkAffinity(report: ObjectReport, affinity: unknown, path: string): void {
  if (!isObject(affinity)) return;
  const node = affinity.nodeAffinity;
  if (isObject(node)) {
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    const at = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
    if (isObject(required)) {
      const terms = arrayOf(required.nodeSelectorTerms);
      if (terms.length === 0)
        report.add(
          `${at}.nodeSelectorTerms`,
          'is empty',
          'give at least one node selector term',
          'ValidateNodeSelector',
        );
      terms.forEach((t, i) => checkNodeSelectorTerm(report, t, `${at}.nodeSelectorTerms[${i}]`));
    }
    arrayOf(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!isObject(t)) return;
      checkWeight(report, t.weight, `${p}.weight`, 'ValidatePreferredSchedulingTerms');
      checkNodeSelectorTerm(report, t.preference, `${p}.preference`);
    });
  }
  checkPodAffinity(report, affinity.podAffinity, `${path}.podAffinity`);
  checkPodAffinity(report, affinity.podAntiAffinity, `${path}.podAntiAffinity`);
}

/** The nodeSelector: labels (`ValidateLabels`). */
export function checkNodeSelector(report: ObjectReport, selector: unknown, path: string): void {
  checkLabels(report, selector, path, 'ValidatePodSpec (ValidateLabels nodeSelector)');
}

/** `validateTopologySpreadConstraints`. */
export function checkTopologySpread(
  report: ObjectReport,
  constraints: unknown,
  path: string,
): void {
  const list = arrayOf(constraints);
  const seen = new Set<string>();
  list.forEach((constraint, i) => {
    if (!isObject(constraint)) return;
    const at = `${path}[${i}]`;
    const skew = num(constraint.maxSkew);
    if (skew === undefined || skew <= 0)
      report.add(
        `${at}.maxSkew`,
        `is ${quote(constraint.maxSkew)}`,
        'use a whole number of at least 1',
        'ValidateMaxSkew',
      );
    const key = str(constraint.topologyKey) ?? '';
    if (key === '')
      report.add(
        `${at}.topologyKey`,
        'is missing',
        "give a node label key such as 'topology.kubernetes.io/zone'",
        'ValidateTopologyKey',
      );
    const action = str(constraint.whenUnsatisfiable) ?? '';
    if (!SCHEDULE_ACTIONS.has(action))
      report.add(
        `${at}.whenUnsatisfiable`,
        action === '' ? 'is missing' : `is ${quote(action)}`,
        'use DoNotSchedule or ScheduleAnyway',
        'ValidateWhenUnsatisfiable',
      );
    const pair = `${key}\u0000${action}`;
    if (seen.has(pair))
      report.add(
        at,
        `repeats {${key}, ${action}} of an earlier constraint`,
        'keep one constraint per topologyKey and whenUnsatisfiable',
        'ValidateSpreadConstraintNotRepeat',
      );
    seen.add(pair);
    const minDomains = constraint.minDomains;
    if (minDomains !== undefined && minDomains !== null) {
      if (typeof minDomains !== 'number' || minDomains <= 0)
        report.add(
          `${at}.minDomains`,
          `is ${quote(minDomains)}`,
          'use a whole number of at least 1',
          'validateMinDomains',
        );
      if (action !== 'DoNotSchedule')
        report.add(
          `${at}.minDomains`,
          `is set with whenUnsatisfiable ${quote(action)}`,
          'use minDomains only with DoNotSchedule',
          'validateMinDomains',
        );
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'])
      if (constraint[policy] !== undefined && !NODE_INCLUSION.has(String(constraint[policy])))
        report.add(
          `${at}.${policy}`,
          `is ${quote(constraint[policy])}`,
          'use Honor or Ignore',
          'validateNodeInclusionPolicy',
        );
    const selector: Json | undefined = isObject(constraint.labelSelector)
      ? constraint.labelSelector
      : undefined;
    const keys = arrayOf(constraint.matchLabelKeys);
    if (keys.length > 0 && !selector)
      report.add(
        `${at}.matchLabelKeys`,
        'is set without a labelSelector',
        'add a labelSelector, or leave matchLabelKeys out',
        'validateMatchLabelKeysInTopologySpread',
      );
    keys.forEach((k, j) => {
      const name = String(k);
      report.check(
        `${at}.matchLabelKeys[${j}]`,
        name,
        isQualifiedName(name),
        'validateMatchLabelKeysInTopologySpread (ValidateLabelName)',
      );
      const inSelector =
        selector !== undefined &&
        ((isObject(selector.matchLabels) && name in selector.matchLabels) ||
          arrayOf(selector.matchExpressions).some((e) => isObject(e) && e.key === name));
      if (inSelector)
        report.add(
          `${at}.matchLabelKeys[${j}]`,
          `is ${quote(name)}, which the labelSelector also has`,
          'keep the key in one of the two',
          'validateMatchLabelKeysInTopologySpread',
        );
    });
    checkLabelSelector(report, constraint.labelSelector, `${at}.labelSelector`);
  });
}
