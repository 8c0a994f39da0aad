import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Label, isValidPathSegmentName } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, objectAt, quote, str } from './json';
import type { ObjectReport } from './problem';
import { parseQuantity, signOf } from '../../core/quantity';

/* HorizontalPodAutoscalers of autoscaling/v2: pkg/apis/autoscaling/validation. */

const SOURCES: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
  External: 'external',
};
const TARGET_TYPES = new Set(['Utilization', 'Value', 'AverageValue']);
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

/** `ValidateCrossVersionObjectReference`. */
function checkReference(report: ObjectReport, ref: unknown, path: string): void {
  const r = isObject(ref) ? ref : {};
  for (const field of ['kind', 'name']) {
    const value = str(r[field]) ?? '';
    if (value === '')
      report.add(
        `${path}.${field}`,
        'is missing',
        field === 'kind' ? 'name the kind, e.g. Deployment' : 'name the object to scale',
        'ValidateCrossVersionObjectReference',
      );
    else
      report.check(
        `${path}.${field}`,
        value,
        isValidPathSegmentName(value),
        'ValidateCrossVersionObjectReference (IsValidPathSegmentName)',
      );
  }
}

/** `validateMetricTarget`. */
function checkTarget(report: ObjectReport, target: Json, path: string): void {
  const type = str(target.type) ?? '';
  if (!TARGET_TYPES.has(type))
    report.add(
      `${path}.type`,
      type === '' ? 'is missing' : `is ${quote(target.type)}`,
      'use Utilization, Value or AverageValue',
      'validateMetricTarget',
    );
  for (const field of ['value', 'averageValue']) {
    if (target[field] === undefined || target[field] === null) continue;
    const q = parseQuantity(target[field]);
    if (!q || signOf(q) !== 1)
      report.add(
        `${path}.${field}`,
        `is ${quote(target[field])}`,
        'use a positive quantity',
        'validateMetricTarget (must be positive)',
      );
  }
  const utilization = target.averageUtilization;
  // Above 100 is valid: utilization is relative to the request, and pods may use more.
  if (
    utilization !== undefined &&
    utilization !== null &&
    (typeof utilization !== 'number' || utilization < 1)
  )
    report.add(
      `${path}.averageUtilization`,
      `is ${quote(utilization)}`,
      'use a percentage of the request of at least 1 (above 100 is allowed)',
      'validateMetricTarget (must be greater than 0)',
    );
}

function checkMetricName(report: ObjectReport, metric: unknown, path: string): void {
  const name = isObject(metric) ? (str(metric.name) ?? '') : '';
  if (name === '')
    report.add(`${path}.name`, 'is missing', 'name the metric', 'validateMetricIdentifier');
  else
    report.check(
      `${path}.name`,
      name,
      isValidPathSegmentName(name),
      'validateMetricIdentifier (IsValidPathSegmentName)',
    );
}

/** `validateMetricSpec` and the source validators. */
function checkMetric(report: ObjectReport, metric: Json, path: string): void {
  const type = str(metric.type) ?? '';
  const expected = SOURCES[type];
  if (!expected)
    report.add(
      `${path}.type`,
      type === '' ? 'is missing' : `is ${quote(metric.type)}`,
      `use one of ${Object.keys(SOURCES).join(', ')}`,
      'validateMetricSpec',
    );
  const present = Object.values(SOURCES).filter((field) => isObject(metric[field]));
  if (expected && !present.includes(expected))
    report.add(
      `${path}.${expected}`,
      'is missing',
      `describe the ${type} metric`,
      'validateMetricSpec (must populate information for the given metric source)',
    );
  for (const field of present)
    if (field !== expected)
      report.add(
        `${path}.${field}`,
        `is set on a ${type || 'typeless'} metric`,
        'leave it out',
        'validateMetricSpec (must populate the given metric source only)',
      );
  const source = expected ? objectAt(metric, expected) : undefined;
  if (!source) return;
  const at = `${path}.${expected}`;
  const target = objectAt(source, 'target') ?? {};
  checkTarget(report, target, `${at}.target`);
  const has = (field: string) => target[field] !== undefined && target[field] !== null;
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      if (!str(source.name))
        report.add(
          `${at}.name`,
          'is missing',
          'name the resource, e.g. cpu or memory',
          'validateResourceSource',
        );
      if (type === 'ContainerResource') {
        const container = str(source.container) ?? '';
        if (container === '')
          report.add(
            `${at}.container`,
            'is missing',
            'name the container',
            'validateContainerResourceSource',
          );
        else
          report.check(
            `${at}.container`,
            container,
            isDns1123Label(container),
            'validateContainerResourceSource (ValidateDNS1123Label)',
          );
      }
      if (!has('averageUtilization') && !has('averageValue'))
        report.add(
          `${at}.target`,
          'has neither averageUtilization nor averageValue',
          'set one of the two',
          'validateResourceSource',
        );
      else if (has('averageUtilization') && has('averageValue'))
        report.add(
          `${at}.target.averageValue`,
          'is set next to averageUtilization',
          'keep one of the two',
          'validateResourceSource (may not set both a target raw value and a target utilization)',
        );
      break;
    case 'Pods':
      checkMetricName(report, source.metric, `${at}.metric`);
      if (!has('averageValue'))
        report.add(
          `${at}.target.averageValue`,
          'is missing',
          'give the target average per pod',
          'validatePodsSource',
        );
      break;
    case 'Object':
      checkReference(report, source.describedObject, `${at}.describedObject`);
      checkMetricName(report, source.metric, `${at}.metric`);
      if (!has('value') && !has('averageValue'))
        report.add(
          `${at}.target`,
          'has neither value nor averageValue',
          'set one of the two',
          'validateObjectSource',
        );
      break;
    case 'External':
      checkMetricName(report, source.metric, `${at}.metric`);
      if (!has('value') && !has('averageValue'))
        report.add(
          `${at}.target`,
          'has neither value nor averageValue',
          'set one of the two',
          'validateExternalSource',
        );
      else if (has('value') && has('averageValue'))
        report.add(
          `${at}.target.value`,
          'is set next to averageValue',
          'keep one of the two',
          'validateExternalSource',
        );
      break;
  }
}

/** `validateScalingRules` for behavior.scaleUp or behavior.scaleDown. */
function checkScalingRules(report: ObjectReport, rules: unknown, path: string): void {
  if (!isObject(rules)) return;
  const window = rules.stabilizationWindowSeconds;
  if (
    window !== undefined &&
    window !== null &&
    (typeof window !== 'number' || window < 0 || window > MAX_STABILIZATION_WINDOW_SECONDS)
  )
    report.add(
      `${path}.stabilizationWindowSeconds`,
      `is ${quote(window)}`,
      `use 0 to ${MAX_STABILIZATION_WINDOW_SECONDS} seconds`,
      'validateScalingRules',
    );
  if (
    rules.selectPolicy !== undefined &&
    !['Max', 'Min', 'Disabled'].includes(String(rules.selectPolicy))
  )
    report.add(
      `${path}.selectPolicy`,
      `is ${quote(rules.selectPolicy)}`,
      'use Max, Min or Disabled',
      'validateScalingRules',
    );
  const policies = arrayOf(rules.policies);
  if (policies.length === 0)
    report.add(
      `${path}.policies`,
      'is empty',
      'give at least one policy',
      'validateScalingRules (must specify at least one Policy)',
    );
  policies.forEach((policy, i) => {
    const p = isObject(policy) ? policy : {};
    const at = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent')
      report.add(
        `${at}.type`,
        `is ${quote(p.type)}`,
        'use Pods or Percent',
        'validateScalingPolicy',
      );
    if ((num(p.value) ?? 0) <= 0)
      report.add(
        `${at}.value`,
        `is ${quote(p.value)}`,
        'use a whole number of at least 1',
        'validateScalingPolicy (must be greater than zero)',
      );
    const period = num(p.periodSeconds) ?? 0;
    if (period <= 0 || period > MAX_PERIOD_SECONDS)
      report.add(
        `${at}.periodSeconds`,
        `is ${quote(p.periodSeconds)}`,
        `use 1 to ${MAX_PERIOD_SECONDS} seconds`,
        'validateScalingPolicy',
      );
  });
}

/**
 * `ValidateHorizontalPodAutoscaler` → `validateHorizontalPodAutoscalerSpec`: minReplicas at
 * least 1 (HPAScaleToZero is alpha and off), maxReplicas at least 1 and minReplicas.
 */
export function validateHorizontalPodAutoscaler(
  object: KubernetesObject,
  report: ObjectReport,
): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const rule = 'validateHorizontalPodAutoscalerSpec';
  const min = spec.minReplicas;
  if (min !== undefined && min !== null && (typeof min !== 'number' || min < 1))
    report.add(
      'spec.minReplicas',
      `is ${quote(min)}`,
      'use at least 1',
      `${rule} (must be greater than or equal to 1)`,
    );
  const max = spec.maxReplicas;
  if (typeof max !== 'number' || max < 1)
    report.add(
      'spec.maxReplicas',
      max === undefined ? 'is missing' : `is ${quote(max)}`,
      'use at least 1',
      `${rule} (must be greater than 0)`,
    );
  else if (typeof min === 'number' && max < min)
    report.add(
      'spec.maxReplicas',
      `is ${max}, less than minReplicas (${min})`,
      `use at least ${min}`,
      `${rule} (must be greater than or equal to minReplicas)`,
    );
  checkReference(report, spec.scaleTargetRef, 'spec.scaleTargetRef');
  arrayOf(spec.metrics).forEach(
    (metric, i) => isObject(metric) && checkMetric(report, metric, `spec.metrics[${i}]`),
  );
  const behavior = objectAt(spec, 'behavior');
  if (behavior) {
    checkScalingRules(report, behavior.scaleUp, 'spec.behavior.scaleUp');
    checkScalingRules(report, behavior.scaleDown, 'spec.behavior.scaleDown');
  }
}
