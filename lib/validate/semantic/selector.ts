import { isQualifiedName, isValidLabelValue } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, quote, str } from './json';
import { checkLabels } from './metadata';
import type { ObjectReport } from './problem';

/*
 * Label selectors: `ValidateLabelSelector` (meta/v1/validation) for their form and
 * `LabelSelectorAsSelector(...).Matches` for what they select.
 */

const RULE = 'ValidateLabelSelector';
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** `ValidateLabelSelector`: matchLabels as labels, matchExpressions' operators and values. */
export function checkLabelSelector(report: ObjectReport, selector: unknown, path: string): void {
  if (!isObject(selector)) return;
  checkLabels(report, selector.matchLabels, `${path}.matchLabels`, RULE);
  arrayOf(selector.matchExpressions).forEach((expression, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    if (!isObject(expression)) return;
    const operator = str(expression.operator) ?? '';
    const values = arrayOf(expression.values);
    if (!OPERATORS.has(operator))
      report.add(
        `${at}.operator`,
        `is ${quote(expression.operator)}, not a selector operator`,
        'use In, NotIn, Exists or DoesNotExist',
        `${RULE}Requirement`,
      );
    else if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
      report.add(
        `${at}.values`,
        `is empty with operator ${operator}`,
        'list at least one value',
        `${RULE}Requirement`,
      );
    else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
      report.add(
        `${at}.values`,
        `is set with operator ${operator}`,
        'leave the values out',
        `${RULE}Requirement`,
      );
    const key = str(expression.key) ?? '';
    report.check(`${at}.key`, key, isQualifiedName(key), `${RULE}Requirement`);
    values.forEach((value, j) => {
      report.check(
        `${at}.values[${j}]`,
        value,
        isValidLabelValue(String(value)),
        `${RULE}Requirement`,
      );
    });
  });
}

/** Whether a selector has neither matchLabels nor matchExpressions (it selects everything). */
export function isEmptySelector(selector: Json): boolean {
  const labels = isObject(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  return labels + arrayOf(selector.matchExpressions).length === 0;
}

/** `LabelSelectorAsSelector(selector).Matches(labels)`. */
export function selectorMatches(selector: Json, labels: unknown): boolean {
  const set: Json = isObject(labels) ? labels : {};
  if (isObject(selector.matchLabels))
    for (const key in selector.matchLabels)
      if (set[key] !== selector.matchLabels[key]) return false;
  for (const expression of arrayOf(selector.matchExpressions)) {
    if (!isObject(expression)) continue;
    const key = str(expression.key) ?? '';
    const has = Object.prototype.hasOwnProperty.call(set, key);
    const values = arrayOf(expression.values);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(set[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
