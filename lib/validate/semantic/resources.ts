import { isQualifiedName } from '../../core/apimachinery';
import { isObject, quote } from './json';
import type { ObjectReport } from './problem';
import {
  compareQuantities,
  isWholeQuantity,
  parseQuantity,
  type Quantity,
  signOf,
} from '../../core/quantity';

/*
 * Container resources: `ValidateContainerResourceRequirements` → `validateResourceRequirements`
 * (pkg/apis/core/validation) with the helpers of pkg/apis/core/helper it calls.
 */

const RULE = 'validateResourceRequirements';
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGE_PAGES = 'hugepages-';

/** `helper.IsNativeResource`: no prefix, or a kubernetes.io one. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/**
 * `helper.IsExtendedResourceName`: a prefixed name outside kubernetes.io (`nvidia.com/gpu`),
 * which must also be a qualified name once `requests.` is put in front of it.
 */
export function isExtendedResourceName(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/**
 * `helper.IsOvercommitAllowed`: extended resources and huge pages cannot be overcommitted,
 * so their request must equal their limit.
 */
function isOvercommitAllowed(name: string): boolean {
  return !isExtendedResourceName(name) && !name.startsWith(HUGE_PAGES);
}

/** `validateContainerResourceName`: a standard container resource or an extended one. */
function checkResourceName(report: ObjectReport, name: string, path: string): boolean {
  const problems = isQualifiedName(name);
  if (problems.length > 0) {
    report.check(path, name, problems, 'validateContainerResourceName');
    return false;
  }
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith(HUGE_PAGES)) {
      report.add(
        path,
        `names the resource ${quote(name)}, which is no standard container resource`,
        "use cpu, memory, ephemeral-storage, hugepages-<size> or a prefixed extended resource such as 'nvidia.com/gpu'",
        'validateContainerResourceName (IsStandardContainerResourceName)',
      );
      return false;
    }
  } else if (!isNative(name) && !isExtendedResourceName(name)) {
    report.add(
      path,
      `names the resource ${quote(name)}, which does not follow the extended resource name standard`,
      "use a domain prefix and a name, e.g. 'nvidia.com/gpu'",
      'validateContainerResourceName (IsExtendedResourceName)',
    );
    return false;
  }
  return true;
}

function parse(
  report: ObjectReport,
  list: Record<string, unknown>,
  name: string,
  path: string,
): Quantity | undefined {
  const value = list[name];
  const q = parseQuantity(value);
  if (!q) {
    report.add(
      path,
      `is ${quote(value)}, which is not a Kubernetes quantity`,
      "write a number with an optional suffix: '250m', '1.5', '1e3', '512Mi', '2Gi'",
      'resource.ParseQuantity',
    );
    return undefined;
  }
  if (signOf(q) < 0) {
    report.add(
      path,
      `is ${quote(value)}, which is negative`,
      'use 0 or more',
      `${RULE} (ValidateNonnegativeQuantity)`,
    );
    return undefined;
  }
  if (isExtendedResourceName(name) && !isWholeQuantity(q)) {
    report.add(
      path,
      `is ${quote(value)}, but ${name} is counted in whole units`,
      'use a whole number',
      'ValidateResourceQuantityValue (IsIntegerResourceName)',
    );
  }
  return q;
}

/** `ValidateContainerResourceRequirements` for one container's `resources`. */
export function checkResources(report: ObjectReport, resources: unknown, path: string): void {
  if (!isObject(resources)) return;
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const parsedLimits = new Map<string, Quantity | undefined>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const name in limits) {
    const at = `${path}.limits[${quote(name)}]`;
    if (!checkResourceName(report, name, at)) continue;
    parsedLimits.set(name, parse(report, limits, name, at));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (name.startsWith(HUGE_PAGES)) hugePages = true;
  }
  for (const name in requests) {
    const at = `${path}.requests[${quote(name)}]`;
    if (!checkResourceName(report, name, at)) continue;
    const request = parse(report, requests, name, at);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (name.startsWith(HUGE_PAGES)) hugePages = true;
    if (!request) continue;
    if (parsedLimits.has(name)) {
      const limit = parsedLimits.get(name);
      if (!limit) continue;
      const order = compareQuantities(request, limit);
      if (order !== 0 && !isOvercommitAllowed(name))
        report.add(
          at,
          `is ${quote(requests[name])}, but the ${name} limit is ${quote(limits[name])} and ${name} cannot be overcommitted`,
          `request exactly the limit (${quote(limits[name])})`,
          `${RULE} (IsOvercommitAllowed)`,
        );
      else if (order > 0)
        report.add(
          at,
          `is ${quote(requests[name])}, more than the ${name} limit ${quote(limits[name])}`,
          `request at most the limit, or raise the limit`,
          RULE,
        );
    } else if (!isOvercommitAllowed(name)) {
      report.add(
        `${path}.limits`,
        `has no ${name}, which is requested and cannot be overcommitted`,
        `set the ${name} limit equal to the request (${quote(requests[name])})`,
        `${RULE} (Limit must be set for non overcommitable resources)`,
      );
    }
  }
  if (hugePages && !cpuOrMemory)
    report.add(
      path,
      'asks for huge pages without cpu or memory',
      'also request cpu or memory',
      `${RULE} (HugePages require cpu or memory)`,
    );
}
