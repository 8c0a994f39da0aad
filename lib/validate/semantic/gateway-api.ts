import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isValidIp } from '../../core/apimachinery';
import { annotationField, annotationsOf, list, numeric, quote, record, text } from './edge-fields';
import type { ObjectReport, ObjectRule, Violation } from './problem';
import { checkLabelSelector } from './selector';

/*
 * The Gateway API's validation (the x-kubernetes-validations of the standard channel's CRDs,
 * kubernetes-sigs/gateway-api config/crd/standard, which the API server evaluates as CEL) and
 * what GKE's Gateway controller refuses in the Gateway, HTTPRoute and policy objects.
 */

/** The HTTPRoute CRD's limits: rules, matches over all rules (fewer than), hostnames. */
export const HTTP_ROUTE_LIMITS = { rules: 16, matches: 128, hostnames: 16 } as const;

/** The largest `backendRefs[].weight` (the HTTPRoute CRD's maximum). */
export const MAX_BACKEND_WEIGHT = 1_000_000;

/** The GatewayClasses whose load balancer is global (a certificate map attaches to those only). */
const GLOBAL_GATEWAY_CLASSES = [
  'gke-l7-global-external-managed',
  'gke-l7-gxlb',
  'gke-l7-global-external-managed-mc',
  'gke-l7-gxlb-mc',
];

/** The characters a PathPrefix or Exact path may hold (the CRD's CEL `matches`). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/**
 * What the HTTPRoute CRD's CEL rules on `spec.rules[].matches[].path` refuse in a PathPrefix
 * or Exact path, or undefined when the path is fine.
 */
export function httpRoutePathProblem(type: string, value: string): Violation | undefined {
  if (type !== 'PathPrefix' && type !== 'Exact') {
    return type === 'RegularExpression'
      ? undefined
      : { problem: `has type ${quote(type)}`, fix: 'use PathPrefix, Exact or RegularExpression' };
  }
  if (typeof value !== 'string' || !value.startsWith('/'))
    return { problem: "does not start with '/'", fix: "write an absolute path such as '/app'" };
  if (value.length > 1024)
    return { problem: 'is longer than 1024 characters', fix: 'shorten the path' };
  for (const sequence of ['//', '/./', '/../', '%2f', '%2F', '#'])
    if (value.includes(sequence))
      return { problem: `contains '${sequence}'`, fix: `write the path without '${sequence}'` };
  for (const suffix of ['/..', '/.'])
    if (value.endsWith(suffix))
      return { problem: `ends with '${suffix}'`, fix: `write the path without '${suffix}'` };
  if (!PATH_CHARACTERS.test(value))
    return {
      problem: 'has characters a URL path may not hold',
      fix: 'use letters, digits and URL path characters only (percent-encode others)',
    };
  return undefined;
}

const CRD_RULE = (crd: string, field: string) =>
  `gateway-api ${crd} CRD x-kubernetes-validations (${field})`;

function checkGateway(gateway: KubernetesObject, report: ObjectReport): void {
  const spec = record(gateway.spec) ?? {};
  const listeners = list(spec.listeners).map((l) => record(l) ?? {});
  const rule = CRD_RULE('gateways', 'spec.listeners');
  if (listeners.length === 0)
    report.add('spec.listeners', 'is empty', 'give at least one listener', rule);
  const names = new Map<string, number>();
  const combos = new Map<string, number>();
  listeners.forEach((l, i) => {
    const name = String(l.name);
    if (names.has(name))
      report.add(
        `spec.listeners[${i}].name`,
        `is ${quote(l.name)}, the name of listener ${names.get(name)} too`,
        'give each listener a name of its own',
        rule,
      );
    else names.set(name, i);
    const combo = `${quote(l.port)}/${quote(l.protocol)}/${quote(l.hostname ?? null)}`;
    if (combos.has(combo))
      report.add(
        `spec.listeners[${i}]`,
        `has the port, protocol and hostname of listener ${combos.get(combo)}`,
        'give each listener its own port, protocol or hostname',
        rule,
      );
    else combos.set(combo, i);
    checkAllowedNamespaces(
      record(record(l.allowedRoutes)?.namespaces),
      `spec.listeners[${i}]`,
      report,
    );
    const tls = record(l.tls);
    if (tls && ['HTTP', 'TCP', 'UDP'].includes(String(l.protocol)))
      report.add(
        `spec.listeners[${i}].tls`,
        `is set on a ${String(l.protocol)} listener`,
        "leave 'tls' out, or use protocol HTTPS",
        rule,
      );
    if (
      tls &&
      (tls.mode ?? 'Terminate') === 'Terminate' &&
      list(tls.certificateRefs).length === 0 &&
      Object.keys(record(tls.options) ?? {}).length === 0
    )
      report.add(
        `spec.listeners[${i}].tls`,
        'terminates TLS but names no certificate',
        "give 'certificateRefs' or 'options' (e.g. networking.gke.io/pre-shared-certs)",
        CRD_RULE('gateways', 'spec.listeners[].tls'),
      );
  });
  // GKE: a certificate map serves global load balancers only, and never with certificateRefs.
  // https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#restrictions_and_limitations
  const certmap = annotationsOf(gateway)['networking.gke.io/certmap'];
  if (certmap !== undefined) {
    const className = text(spec.gatewayClassName) ?? '';
    if (!GLOBAL_GATEWAY_CLASSES.includes(className))
      report.add(
        annotationField('networking.gke.io/certmap'),
        `is set on a Gateway of class ${quote(className)}, a regional load balancer`,
        `use a global class (${GLOBAL_GATEWAY_CLASSES.join(', ')}) or pre-shared SSL certificates`,
        'GKE Gateway controller: Certificate Manager maps on global Gateways',
      );
    if (listeners.some((l) => list(record(l.tls)?.certificateRefs).length > 0))
      report.add(
        annotationField('networking.gke.io/certmap'),
        'is set together with listener certificateRefs',
        "use the certificate map or 'certificateRefs', not both",
        'GKE Gateway controller: certmap with tls.certificateRefs',
      );
  }
  list(spec.addresses).forEach((a, i) => {
    const address = record(a) ?? {};
    if (address.type === 'NamedAddress' && !text(address.value))
      report.add(
        `spec.addresses[${i}].value`,
        'is empty',
        'name the reserved Compute Engine address',
        'GKE Gateway controller: NamedAddress',
      );
  });
}

/**
 * A listener's `allowedRoutes.namespaces`: with `from: Selector` a selector must be given
 * ("Selector must be specified when From is set to Selector"), and the Gateway controller
 * reads it as a label selector (`metav1.LabelSelectorAsSelector`), which refuses what
 * `ValidateLabelSelector` refuses.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routenamespaces
 */
function checkAllowedNamespaces(
  namespaces: Json | undefined,
  listener: string,
  report: ObjectReport,
): void {
  if (namespaces?.from !== 'Selector') return;
  const at = `${listener}.allowedRoutes.namespaces.selector`;
  if (record(namespaces.selector) === undefined)
    report.add(
      at,
      "is not set, but 'from' is Selector",
      "give the selector of the namespaces whose routes may attach, or 'from: Same'",
      'gateway-api RouteNamespaces (Selector must be specified when From is Selector)',
    );
  else checkLabelSelector(report, namespaces.selector, at);
}

function checkHttpRoute(route: KubernetesObject, report: ObjectReport): void {
  const spec = record(route.spec) ?? {};
  const parents = list(spec.parentRefs).map((p) => record(p) ?? {});
  const parentRule = CRD_RULE('httproutes', 'spec.parentRefs');
  const byParent = new Map<string, Json[]>();
  for (const p of parents) {
    const key = `${text(p.group) ?? 'gateway.networking.k8s.io'}/${text(p.kind) ?? 'Gateway'}/${text(p.namespace) ?? ''}/${text(p.name)}`;
    byParent.set(key, [...(byParent.get(key) ?? []), p]);
  }
  for (const refs of byParent.values()) {
    if (refs.length < 2) continue;
    const sections = refs.map((r) => text(r.sectionName));
    if (sections.some((s) => s === undefined || s === ''))
      report.add(
        'spec.parentRefs',
        `refers to Gateway ${quote(refs[0].name)} ${refs.length} times, not every time with a sectionName`,
        'give each reference to the same Gateway a sectionName',
        parentRule,
      );
    else if (new Set(sections).size < sections.length)
      report.add(
        'spec.parentRefs',
        `refers to one listener of Gateway ${quote(refs[0].name)} twice`,
        'give each reference to the same Gateway its own sectionName',
        parentRule,
      );
  }
  list(spec.hostnames).forEach((h, i) => {
    // The Hostname type: "IPs are not allowed" (gateway-api apis/v1 shared_types.go).
    if (typeof h === 'string' && isValidIp(h))
      report.add(
        `spec.hostnames[${i}]`,
        `is ${quote(h)}, an IP address`,
        'give a DNS name; a route for every host leaves hostnames out',
        'gateway-api Hostname (IPs are not allowed)',
      );
  });
  const rules = list(spec.rules).map((r) => record(r) ?? {});
  if (rules.length > HTTP_ROUTE_LIMITS.rules)
    report.add(
      'spec.rules',
      `has ${rules.length} rules`,
      `give at most ${HTTP_ROUTE_LIMITS.rules} (split them over several routes)`,
      CRD_RULE('httproutes', 'spec.rules maxItems'),
    );
  const matches = rules.reduce((n, r) => n + list(r.matches).length, 0);
  if (matches >= HTTP_ROUTE_LIMITS.matches)
    report.add(
      'spec.rules',
      `has ${matches} matches in all`,
      `match fewer than ${HTTP_ROUTE_LIMITS.matches} (split them over several routes)`,
      CRD_RULE('httproutes', 'spec.rules'),
    );
  rules.forEach((r, i) => {
    list(r.matches).forEach((m, j) => {
      const path = record(record(m)?.path);
      if (!path) return;
      const problem = httpRoutePathProblem(
        text(path.type) ?? 'PathPrefix',
        String(path.value ?? '/'),
      );
      if (problem)
        report.add(
          `spec.rules[${i}].matches[${j}].path.value`,
          `is ${quote(path.value)}, which ${problem.problem}`,
          problem.fix,
          CRD_RULE('httproutes', 'spec.rules[].matches[].path'),
        );
    });
    list(r.backendRefs).forEach((b, j) => {
      const ref = record(b) ?? {};
      const core = (text(ref.group) ?? '') === '' && (text(ref.kind) ?? 'Service') === 'Service';
      if (core && numeric(ref.port) === undefined)
        report.add(
          `spec.rules[${i}].backendRefs[${j}].port`,
          'is not set for a Service',
          'give the Service port',
          CRD_RULE('httproutes', 'spec.rules[].backendRefs[]'),
        );
      const weight = numeric(ref.weight);
      if (
        weight !== undefined &&
        (!Number.isInteger(weight) || weight < 0 || weight > MAX_BACKEND_WEIGHT)
      )
        report.add(
          `spec.rules[${i}].backendRefs[${j}].weight`,
          `is ${quote(ref.weight)}`,
          `give a whole number from 0 to ${MAX_BACKEND_WEIGHT}`,
          CRD_RULE('httproutes', 'spec.rules[].backendRefs[].weight'),
        );
    });
    // "If all entries in BackendRefs have a weight of 0, requests must get a 500."
    const weights = list(r.backendRefs).map((b) => numeric(record(b)?.weight) ?? 1);
    if (weights.length > 0 && weights.every((w) => w === 0))
      report.add(
        `spec.rules[${i}].backendRefs`,
        'all have weight 0, so every request of the rule gets a 500',
        'give at least one backend a weight above 0',
        'https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule',
      );
  });
}

type Json = Readonly<Record<string, unknown>>;

/** A kind a policy may attach to, with its API group ('' for the core group). */
interface PolicyTarget {
  readonly group: string;
  readonly kind: string;
}

const SERVICE: PolicyTarget = { group: '', kind: 'Service' };
/** GKE's multi-cluster Services group's ServiceImport, a multi-cluster Gateway's backend. */
const SERVICE_IMPORT: PolicyTarget = { group: 'net.gke.io', kind: 'ServiceImport' };

const targetText = (t: PolicyTarget) =>
  `${t.kind}${t.group ? ` (group ${t.group})` : " (group '')"}`;

/**
 * GKE's policies attach to one object of their own namespace: HealthCheckPolicy and
 * GCPBackendPolicy to a Service (single-cluster Gateways) or a ServiceImport (multi-cluster
 * Gateways), GCPGatewayPolicy to a Gateway.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#restrictions_and_limitations
 */
function targetRule(...targets: readonly PolicyTarget[]): ObjectRule {
  return (policy, report) => {
    const target = record(record(policy.spec)?.targetRef) ?? {};
    if (!targets.some((t) => text(target.group) === t.group && text(target.kind) === t.kind))
      report.add(
        'spec.targetRef',
        `refers to a ${quote(target.kind)} of group ${quote(target.group)}`,
        `attach the ${String(policy.kind)} to a ${targets.map(targetText).join(' or a ')}`,
        'GKE Gateway controller: policy targetRef',
      );
    const namespace = text(target.namespace);
    if (namespace !== undefined && namespace !== text(policy.metadata?.namespace))
      report.add(
        'spec.targetRef.namespace',
        `is ${quote(namespace)}, not the policy's own namespace`,
        'leave it out: the policy and its target share a namespace',
        'GKE Gateway controller: policy targetRef',
      );
  };
}

/** The HealthCheckPolicy CRD's x-kubernetes-validations on `spec.default`. */
function checkHealthCheckPolicy(policy: KubernetesObject, report: ObjectReport): void {
  const spec = record(record(policy.spec)?.default) ?? {};
  const rule = 'HealthCheckPolicy CRD x-kubernetes-validations (spec.default)';
  const interval = numeric(spec.checkIntervalSec);
  const timeout = numeric(spec.timeoutSec);
  if (timeout !== undefined && timeout > (interval ?? 5))
    report.add(
      'spec.default.timeoutSec',
      `(${timeout}) exceeds the check interval (${interval ?? '5, the default'})`,
      'make the timeout at most the interval',
      rule,
    );
  if (interval !== undefined && timeout === undefined && interval < 5)
    report.add(
      'spec.default.checkIntervalSec',
      `(${interval}) is less than the default timeout of 5 seconds`,
      "give 'timeoutSec' too, or an interval of at least 5",
      rule,
    );
  const config = record(spec.config);
  if (!config) return;
  const key = {
    TCP: 'tcpHealthCheck',
    HTTP: 'httpHealthCheck',
    HTTPS: 'httpsHealthCheck',
    HTTP2: 'http2HealthCheck',
    GRPC: 'grpcHealthCheck',
  }[String(config.type)];
  if (key !== undefined && !record(config[key]))
    report.add(
      `spec.default.config.${key}`,
      `is missing for type ${quote(config.type)}`,
      `give '${key}'`,
      'HealthCheckPolicy CRD x-kubernetes-validations (spec.default.config)',
    );
  const check = key === undefined ? undefined : record(config[key]);
  if (!check) return;
  const spec_ = text(check.portSpecification) ?? 'USE_SERVING_PORT';
  const hasPort = check.port !== undefined;
  const hasName = check.portName !== undefined;
  const ok =
    spec_ === 'USE_FIXED_PORT'
      ? hasPort && !hasName
      : spec_ === 'USE_NAMED_PORT'
        ? !hasPort && hasName
        : !hasPort && !hasName;
  if (!ok)
    report.add(
      `spec.default.config.${key}`,
      `has portSpecification ${spec_} with${hasPort ? '' : 'out'} 'port' and with${hasName ? '' : 'out'} 'portName'`,
      'USE_FIXED_PORT takes port only, USE_NAMED_PORT portName only, USE_SERVING_PORT neither',
      `HealthCheckPolicy CRD x-kubernetes-validations (spec.default.config.${key})`,
    );
}

/** The Gateway API's and GKE's Gateway controller's rules, per kind. */
export const GATEWAY_API_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {
  Gateway: [checkGateway],
  HTTPRoute: [checkHttpRoute],
  HealthCheckPolicy: [targetRule(SERVICE, SERVICE_IMPORT), checkHealthCheckPolicy],
  GCPBackendPolicy: [targetRule(SERVICE, SERVICE_IMPORT)],
  GCPGatewayPolicy: [targetRule({ group: 'gateway.networking.k8s.io', kind: 'Gateway' })],
};
