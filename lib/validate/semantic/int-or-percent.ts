import { isValidPercent } from '../../core/apimachinery';
import { quote } from './json';
import type { ObjectReport } from './problem';

/*
 * IntOrString counts and percentages of rollouts and disruption budgets:
 * `ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent` and `getIntOrPercentValue`
 * (pkg/apis/apps/validation).
 */

/** `getIntOrPercentValue`: the number of a count or of a valid percentage, else 0. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const match = /^([0-9]+)%$/.exec(value);
    if (match) return Number(match[1]);
    return /^[+-]?\d+$/.test(value) ? Number(value) : 0; // IntValue() of a string: Atoi or 0
  }
  return 0;
}

/**
 * `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent`: a whole number of at least 0
 * or a percentage such as '25%' (a string '1' is neither), at most '100%'.
 */
export function checkIntOrPercent(
  report: ObjectReport,
  value: unknown,
  path: string,
  max100 = true,
): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0)
      report.add(
        path,
        `is ${quote(value)}`,
        "use a whole number of at least 0 or a percentage such as '25%'",
        'ValidatePositiveIntOrPercent',
      );
    return;
  }
  if (typeof value !== 'string') {
    report.add(
      path,
      `is ${quote(value)}`,
      "use a whole number or a percentage such as '25%'",
      'ValidatePositiveIntOrPercent',
    );
    return;
  }
  const problems = isValidPercent(value);
  if (problems.length > 0) {
    report.add(
      path,
      `is ${quote(value)}, a string that is no percentage`,
      /^\d+$/.test(value)
        ? `write the number ${value} without quotes, or '${value}%'`
        : "write a whole number or a percentage such as '25%'",
      'ValidatePositiveIntOrPercent (IsValidPercent)',
    );
    return;
  }
  if (max100 && intOrPercentValue(value) > 100)
    report.add(
      path,
      `is ${quote(value)}, more than 100%`,
      'use at most 100%',
      'IsNotMoreThan100Percent',
    );
}
