import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { checkIntOrPercent, intOrPercentValue } from './int-or-percent';
import { isObject, objectAt, quote } from './json';
import type { ObjectReport } from './problem';
import { checkLabelSelector, isEmptySelector } from './selector';

/* PodDisruptionBudgets: `ValidatePodDisruptionBudgetSpec` (pkg/apis/policy/validation). */

const RULE = 'ValidatePodDisruptionBudgetSpec';

/**
 * `ValidatePodDisruptionBudgetSpec`, and budgets that apply but do not do what a budget is
 * for: one that allows no eviction at all (node drains and GKE node upgrades wait on it), one
 * that sets no bound (in policy/v1 it then allows every eviction) and one whose selector
 * selects no pod (null) or every pod of the namespace ({}).
 */
export function validatePodDisruptionBudget(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const { minAvailable, maxUnavailable } = spec;
  const hasMin = minAvailable !== undefined && minAvailable !== null;
  const hasMax = maxUnavailable !== undefined && maxUnavailable !== null;
  if (hasMin && hasMax)
    report.add(
      'spec',
      'sets both minAvailable and maxUnavailable',
      'keep one of the two',
      `${RULE} (minAvailable and maxUnavailable cannot be both set)`,
    );
  checkIntOrPercent(report, minAvailable, 'spec.minAvailable');
  checkIntOrPercent(report, maxUnavailable, 'spec.maxUnavailable');
  if (!hasMin && !hasMax)
    report.add(
      'spec',
      'sets neither minAvailable nor maxUnavailable, so the budget allows every eviction',
      'set maxUnavailable (e.g. 1) or minAvailable',
      'disruption controller (getExpectedPodCount: no bound)',
    );
  else if (
    !hasMin &&
    intOrPercentValue(maxUnavailable) === 0 &&
    (typeof maxUnavailable === 'number' || maxUnavailable === '0%')
  )
    report.add(
      'spec.maxUnavailable',
      `is ${quote(maxUnavailable)}, so no pod may ever be evicted and every node drain (and GKE node upgrade) waits on it`,
      'allow at least 1 unavailable pod, or drop the budget for a single replica',
      'disruption controller (disruptionsAllowed is always 0)',
    );
  else if (!hasMax && minAvailable === '100%')
    report.add(
      'spec.minAvailable',
      "is '100%', so no pod may ever be evicted and every node drain (and GKE node upgrade) waits on it",
      'use maxUnavailable: 1 instead',
      'disruption controller (disruptionsAllowed is always 0)',
    );
  const selector = objectAt(spec, 'selector');
  if (!selector)
    report.add(
      'spec.selector',
      'is missing, so the budget selects no pod (policy/v1)',
      "select the pods' labels",
      'PodDisruptionBudgetSpec.selector (null selects nothing)',
    );
  else {
    checkLabelSelector(report, selector, 'spec.selector');
    if (isEmptySelector(selector))
      report.add(
        'spec.selector',
        'is empty, so the budget covers every pod of the namespace (policy/v1)',
        "select the pods' labels",
        'PodDisruptionBudgetSpec.selector (empty selects all)',
      );
  }
  const eviction = spec.unhealthyPodEvictionPolicy;
  if (
    eviction !== undefined &&
    eviction !== null &&
    eviction !== 'IfHealthyBudget' &&
    eviction !== 'AlwaysAllow'
  )
    report.add(
      'spec.unhealthyPodEvictionPolicy',
      `is ${quote(eviction)}`,
      'use IfHealthyBudget or AlwaysAllow',
      RULE,
    );
}
