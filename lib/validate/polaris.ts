import { describeObject, type KubernetesObject } from '../k8s/kubernetes-object';
import { podParts } from './pod-parts';
import { type PolarisCheck, polarisChecks } from './polaris-checks';
import { networkPoliciesByNamespace, passesPolarisNetworkPolicy } from './polaris-network-policy';

/** One failed Polaris check on one object (or one of its containers). */
export interface PolarisFinding {
  /** The Polaris check ID, e.g. `runAsRootAllowed`. */
  readonly check: string;
  /** Polaris's default severity of the check. */
  readonly severity: 'danger' | 'warning';
  /** Polaris's category: Security, Efficiency or Reliability. */
  readonly category: string;
  /** The object, as `Kind namespace/name`. */
  readonly object: string;
  /** The container, for container checks. */
  readonly container?: string;
  /** Polaris's failure message, e.g. `Should not be allowed to run as root`. */
  readonly message: string;
}

/** Options of {@link polarisFindings}. */
export interface PolarisOptions {
  /**
   * Report only findings at this severity or above.
   * @default 'warning'
   */
  readonly minSeverity?: 'warning' | 'danger';
}

const EXEMPT = 'polaris.fairwinds.com/exempt';

/** Polaris's per-object opt-out annotations: `.../exempt` or `.../<check>-exempt: "true"`. */
function isExempt(obj: KubernetesObject, check: string): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  const value = (key: string) => String(annotations[key] ?? '').toLowerCase() === 'true';
  return value(EXEMPT) || value(`polaris.fairwinds.com/${check}-exempt`);
}

function listed(list: readonly string[] | undefined, value: string): boolean | undefined {
  return list === undefined || list.length === 0 ? undefined : list.includes(value);
}

/** Whether a check's `controllers` include/exclude lets it run on this kind. */
function appliesToKind(check: PolarisCheck, kind: string): boolean {
  const { include, exclude } = check.definition.controllers ?? {};
  return listed(include, kind) !== false && listed(exclude, kind) !== true;
}

/** Whether a check's `containers` include/exclude lets it run on this container. */
function appliesToContainer(check: PolarisCheck, isInit: boolean): boolean {
  const { include, exclude } = check.definition.containers ?? {};
  const name = isInit ? 'initContainer' : 'container';
  return listed(include, name) !== false && listed(exclude, name) !== true;
}

/** `target: networking.k8s.io/Ingress` (or `/ConfigMap`) matches by kind, as in Polaris. */
function targetsKind(target: string, kind: string): boolean {
  return target === kind || target.endsWith(`/${kind}`);
}

/** The pod spec with `container` as its only container, as Polaris builds it. */
function podSpecWith(podSpec: Record<string, unknown>, container: Record<string, unknown>) {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(podSpec)) {
    if (key !== 'initContainers') copy[key] = value;
  }
  copy.containers = [container];
  return copy;
}

function checkObject(check: PolarisCheck, obj: KubernetesObject, data: unknown): boolean {
  return check.validatorFor(obj)(data) === true;
}

/** What a cross-object check reads from the other objects of the run. */
interface OtherObjects {
  readonly networkPolicies: ReadonlyMap<string, readonly KubernetesObject[]>;
}

/** The cross-object part of a check (see `POLARIS_CROSS_OBJECT_CHECKS`); true when it passes. */
function crossObjectPasses(
  check: PolarisCheck,
  obj: KubernetesObject,
  podTemplate: Record<string, unknown>,
  others: OtherObjects,
): boolean {
  if (check.id !== 'missingNetworkPolicy') return true;
  const metadata = podTemplate.metadata as { labels?: Record<string, unknown> } | undefined;
  const policies = others.networkPolicies.get(String(obj.metadata?.namespace ?? '')) ?? [];
  return policies.some((p) => passesPolarisNetworkPolicy(p, metadata?.labels ?? {}));
}

function findingsFor(
  obj: KubernetesObject,
  check: PolarisCheck,
  others: OtherObjects,
): PolarisFinding[] {
  const kind = String(obj.kind);
  if (isExempt(obj, check.id) || !appliesToKind(check, kind)) return [];
  const finding = (container?: string): PolarisFinding => ({
    check: check.id,
    severity: check.severity,
    category: check.definition.category ?? '',
    object: describeObject(obj),
    ...(container === undefined ? {} : { container }),
    message: check.definition.failureMessage ?? check.id,
  });
  const { target, schemaTarget } = check.definition;
  const pod = podParts(obj);
  if (pod === undefined) {
    return !['Controller', 'PodSpec', 'PodTemplate', 'Container'].includes(target) &&
      targetsKind(target, kind) &&
      !checkObject(check, obj, obj)
      ? [finding()]
      : [];
  }
  switch (target) {
    case 'Controller':
      return checkObject(check, obj, obj) ? [] : [finding()];
    case 'PodSpec':
      return checkObject(check, obj, pod.podSpec) ? [] : [finding()];
    case 'PodTemplate':
      return checkObject(check, obj, pod.podTemplate) &&
        crossObjectPasses(check, obj, pod.podTemplate, others)
        ? []
        : [finding()];
    case 'Container':
      return pod.containers
        .filter((c) => appliesToContainer(check, c.isInit))
        .filter(({ container }) => {
          // With schemaTarget PodSpec, Polaris checks the pod spec with only this container.
          const data = schemaTarget === 'PodSpec' ? podSpecWith(pod.podSpec, container) : container;
          return !checkObject(check, obj, data);
        })
        .map(({ container }) => finding(String(container.name)));
    default:
      return [];
  }
}

/**
 * Runs Polaris's published best-practice checks (the JSON-schema ones, see
 * `POLARIS_SKIPPED_CHECKS` and `POLARIS_PARTIAL_CHECKS`) on Kubernetes objects, the way
 * Polaris targets them: controllers, their pod spec and template, each container, and
 * kind-specific checks (Ingress, PodDisruptionBudget, RBAC, ConfigMap...). Polaris's
 * exemption annotations on an object (`polaris.fairwinds.com/<check>-exempt: "true"`) are
 * honoured, so a deliberate exception is written down where it is made.
 *
 * @returns the failed checks, in object order then check ID order
 * @see https://polaris.docs.fairwinds.com/checks/security/
 */
export function polarisFindings(
  objects: readonly KubernetesObject[],
  options: PolarisOptions = {},
): PolarisFinding[] {
  const minSeverity = options.minSeverity ?? 'warning';
  const checks = polarisChecks().filter(
    (c) => minSeverity === 'warning' || c.severity === 'danger',
  );
  const findings: PolarisFinding[] = [];
  const others: OtherObjects = { networkPolicies: networkPoliciesByNamespace(objects) };
  for (const obj of objects) {
    if (typeof obj?.kind !== 'string') continue;
    for (const check of checks) findings.push(...findingsFor(obj, check, others));
  }
  return findings;
}

/** One line for a finding: `Deployment shop/web, container web: <message> (<check>, <severity>)`. */
export function formatFinding(finding: PolarisFinding): string {
  const where = finding.container
    ? `${finding.object}, container ${finding.container}`
    : finding.object;
  return `${where}: ${finding.message} (${finding.check}, ${finding.severity})`;
}
