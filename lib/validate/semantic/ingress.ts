import type { KubernetesObject } from '../../k8s/kubernetes-object';
import {
  isDns1035Label,
  isDns1123Subdomain,
  isValidIp,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDns1123Subdomain,
} from '../../core/apimachinery';
import {
  annotationsOf,
  annotationField,
  list,
  quote,
  record,
  text,
  type Json,
} from './edge-fields';
import { INGRESS_CLASS } from './gke-annotations';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * The API server's validation of networking.k8s.io/v1 Ingress: kubernetes
 * pkg/apis/networking/validation/validation.go. Each rule is named after the Go function it
 * mirrors; the object name itself is checked with every object's metadata.
 */

const RULE = 'networking/validation';
const SUPPORTED_PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
/** `invalidPathSequences` and `invalidPathSuffixes`: what Exact and Prefix paths may not hold. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** `ValidateIngressSpec`: rules or a default backend, then each part. */
function validateIngressSpec(ingress: KubernetesObject, report: ObjectReport): void {
  const spec = record(ingress.spec) ?? {};
  const rules = list(spec.rules);
  const rule = `${RULE}.ValidateIngressSpec`;
  if (rules.length === 0 && spec.defaultBackend === undefined) {
    report.add(
      'spec.rules',
      spec.rules === undefined
        ? 'is missing and there is no spec.defaultBackend'
        : 'is empty and there is no spec.defaultBackend',
      'give at least one rule with an HTTP path (or a spec.defaultBackend); the API server refuses an Ingress that routes nothing',
      rule,
    );
  }
  const defaultBackend = record(spec.defaultBackend);
  if (defaultBackend) validateIngressBackend(defaultBackend, 'spec.defaultBackend', report);
  validateIngressRules(rules, report);
  validateIngressTLS(list(spec.tls), report);
  const className = text(spec.ingressClassName);
  if (className !== undefined)
    report.check(
      'spec.ingressClassName',
      className,
      isDns1123Subdomain(className),
      `${RULE}.ValidateIngressClassName`,
    );
}

/** `validateIngressRules`: hosts are DNS names (a wildcard only as the first label), not IPs. */
function validateIngressRules(rules: readonly unknown[], report: ObjectReport): void {
  rules.forEach((value, i) => {
    const rule = record(value) ?? {};
    const host = text(rule.host);
    const at = `spec.rules[${i}]`;
    if (host) {
      if (isValidIp(host))
        report.add(
          `${at}.host`,
          `is ${quote(host)}, an IP address`,
          'give a DNS name, or leave the host out to match every host',
          `${RULE}.validateIngressRules`,
        );
      else
        report.check(
          `${at}.host`,
          host,
          host.includes('*') ? isWildcardDns1123Subdomain(host) : isDns1123Subdomain(host),
          `${RULE}.validateIngressRules`,
        );
    }
    const http = record(rule.http);
    if (http) validateHTTPIngressRuleValue(http, `${at}.http`, report);
  });
}

/** `validateHTTPIngressRuleValue`: an `http` rule lists at least one path. */
function validateHTTPIngressRuleValue(http: Json, at: string, report: ObjectReport): void {
  const paths = list(http.paths);
  if (paths.length === 0)
    report.add(
      `${at}.paths`,
      'is empty',
      'give at least one path, or leave out `http`',
      `${RULE}.validateHTTPIngressRuleValue`,
    );
  paths.forEach((path, j) =>
    validateHTTPIngressPath(record(path) ?? {}, `${at}.paths[${j}]`, report),
  );
}

/**
 * `validateHTTPIngressPath`: a pathType is required; Exact and Prefix paths are absolute and
 * free of `//`, `/./`, `/../`, `%2f` and a trailing `/.` or `/..`.
 */
function validateHTTPIngressPath(path: Json, at: string, report: ObjectReport): void {
  const rule = `${RULE}.validateHTTPIngressPath`;
  const pathType = path.pathType;
  const value = text(path.path) ?? '';
  if (pathType === undefined) {
    report.add(
      `${at}.pathType`,
      'is missing',
      "give 'Prefix', 'Exact' or 'ImplementationSpecific'",
      rule,
    );
  } else if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/'))
      report.add(
        `${at}.path`,
        `is ${quote(value)}, which is not an absolute path`,
        "start it with '/'",
        rule,
      );
    for (const sequence of INVALID_PATH_SEQUENCES)
      if (value.includes(sequence))
        report.add(
          `${at}.path`,
          `is ${quote(value)}, which contains '${sequence}'`,
          sequence.startsWith('%')
            ? "write '/' instead of an encoded slash"
            : `write the path without '${sequence}' (e.g. '/api/v1', not '/api//v1' or '/a/../b')`,
          rule,
        );
    for (const suffix of INVALID_PATH_SUFFIXES)
      if (value.endsWith(suffix))
        report.add(
          `${at}.path`,
          `is ${quote(value)}, which ends with '${suffix}'`,
          `write the path without the trailing '${suffix}'`,
          rule,
        );
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/'))
      report.add(
        `${at}.path`,
        `is ${quote(value)}, which is not an absolute path`,
        "start it with '/'",
        rule,
      );
  } else {
    report.add(
      `${at}.pathType`,
      `is ${quote(pathType)}`,
      `use one of ${SUPPORTED_PATH_TYPES.map((t) => `'${t}'`).join(', ')}`,
      rule,
    );
  }
  validateIngressBackend(record(path.backend) ?? {}, `${at}.backend`, report);
}

/**
 * `validateIngressBackend`: a Service backend or a resource backend, not both; a Service
 * backend names a Service (a DNS-1035 label, `ValidateServiceName`) and one port, by name
 * or by number.
 */
function validateIngressBackend(backend: Json, at: string, report: ObjectReport): void {
  const rule = `${RULE}.validateIngressBackend`;
  const service = record(backend.service);
  const resource = record(backend.resource);
  if (service && resource) {
    report.add(at, 'sets both a service and a resource backend', 'keep one of the two', rule);
    return;
  }
  if (resource) {
    validateTypedLocalObjectReference(resource, `${at}.resource`, report);
    return;
  }
  if (!service) {
    report.add(at, 'has no service backend', 'name a Service and one of its ports', rule);
    return;
  }
  const name = text(service.name) ?? '';
  if (name === '')
    report.add(`${at}.service.name`, 'is missing', 'name the Service to send requests to', rule);
  else
    report.check(`${at}.service.name`, name, isDns1035Label(name), `${rule} (ValidateServiceName)`);
  const port = record(service.port) ?? {};
  const portName = text(port.name) ?? '';
  const portNumber = port.number;
  const hasNumber = portNumber !== undefined && portNumber !== 0;
  if (portName !== '' && hasNumber)
    report.add(
      `${at}.service.port`,
      `sets both a name (${quote(portName)}) and a number (${quote(portNumber)})`,
      'keep one of the two',
      rule,
    );
  else if (portName !== '')
    report.check(`${at}.service.port.name`, portName, isValidPortName(portName), rule);
  else if (hasNumber)
    report.check(
      `${at}.service.port.number`,
      portNumber,
      typeof portNumber === 'number'
        ? isValidPortNum(portNumber)
        : [{ problem: 'not a number', fix: 'give the Service port as a number' }],
      rule,
    );
  else
    report.add(
      `${at}.service.port`,
      'has neither a name nor a number',
      "give the Service port's name or number",
      rule,
    );
}

/** `validateIngressTypedLocalObjectReference`: a resource backend names its kind and object. */
function validateTypedLocalObjectReference(ref: Json, at: string, report: ObjectReport): void {
  const rule = `${RULE}.validateIngressTypedLocalObjectReference`;
  const apiGroup = text(ref.apiGroup);
  if (apiGroup !== undefined)
    report.check(`${at}.apiGroup`, apiGroup, isDns1123Subdomain(apiGroup), rule);
  for (const field of ['kind', 'name'] as const) {
    const value = text(ref[field]) ?? '';
    if (value === '')
      report.add(`${at}.${field}`, 'is missing', `give the resource's ${field}`, rule);
    else report.check(`${at}.${field}`, value, isValidPathSegmentName(value), rule);
  }
}

/**
 * `validateIngressTLS`: TLS hosts are DNS names (a wildcard only as the first label); a
 * `secretName` is a Secret name (`ValidateSecretName`, a DNS-1123 subdomain).
 */
function validateIngressTLS(tls: readonly unknown[], report: ObjectReport): void {
  const rule = `${RULE}.validateIngressTLS`;
  tls.forEach((value, i) => {
    const entry = record(value) ?? {};
    list(entry.hosts).forEach((host, j) => {
      if (typeof host !== 'string') return;
      report.check(
        `spec.tls[${i}].hosts[${j}]`,
        host,
        host.includes('*') ? isWildcardDns1123Subdomain(host) : isDns1123Subdomain(host),
        rule,
      );
    });
    const secretName = text(entry.secretName) ?? '';
    if (secretName !== '')
      report.check(`spec.tls[${i}].secretName`, secretName, isDns1123Subdomain(secretName), rule);
  });
}

/**
 * `ValidateIngressCreate`: when both the `kubernetes.io/ingress.class` annotation and
 * `spec.ingressClassName` are set, they are equal.
 */
function validateIngressClassAgreement(ingress: KubernetesObject, report: ObjectReport): void {
  const annotation = annotationsOf(ingress)[INGRESS_CLASS];
  const className = record(ingress.spec)?.ingressClassName;
  if (annotation !== undefined && className !== undefined && annotation !== className)
    report.add(
      annotationField(INGRESS_CLASS),
      `is ${quote(annotation)}, but spec.ingressClassName is ${quote(className)}`,
      'leave out spec.ingressClassName (GKE reads the annotation), or make the two equal',
      `${RULE}.ValidateIngressCreate`,
    );
}

/** The API server's rules for an Ingress (networking.k8s.io/v1). */
export const INGRESS_RULES: readonly ObjectRule[] = [
  validateIngressSpec,
  validateIngressClassAgreement,
];
