import type { KubernetesObject } from '../../k8s/kubernetes-object';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidIp,
} from '../../core/apimachinery';
import { ipInCidr } from '../../core/cidr';
import { arrayOf, isObject, quote, str } from './json';
import { checkLabels } from './metadata';
import type { ObjectReport } from './problem';

/*
 * An EndpointSlice: `ValidateEndpointSlice` (pkg/apis/discovery/validation), as
 * `ValidateEndpointSliceCreate` runs it (address types IPv4, IPv6, FQDN).
 */

const RULE = 'ValidateEndpointSlice';
const ADDRESS_TYPES = new Set(['IPv4', 'IPv6', 'FQDN']);
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_ENDPOINTS = 1000;
/**
 * The label that ties a slice to its Service: kube-proxy (and the GKE dataplane) route a
 * Service's traffic to the slices that carry it, so a hand-made slice without it serves
 * nothing. @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
 */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * `ValidateNonSpecialIP` (pkg/apis/core/validation): endpoints may not be the unspecified
 * address, loopback, link-local or link-local multicast.
 */
const SPECIAL_RANGES = [
  '0.0.0.0/32',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/24',
  '::/128',
  '::1/128',
  'fe80::/10',
  'ff02::/16',
];

/** The special range (unspecified, loopback, link-local) that `ip` lies in, if any. */
export function specialRange(ip: string): string | undefined {
  return SPECIAL_RANGES.find((range) => ipInCidr(ip, range));
}

/** `IsFullyQualifiedDomainName`: a DNS-1123 subdomain of at least two labels (a trailing '.' allowed). */
function fqdnProblem(value: string): string | undefined {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.split('.').length < 2) return 'has fewer than 2 segments';
  const problems = isDns1123Subdomain(name);
  return problems.length > 0 ? problems[0].problem : undefined;
}

function checkAddress(report: ObjectReport, at: string, address: unknown, type: string): void {
  const value = str(address) ?? '';
  if (type === 'FQDN') {
    const problem = fqdnProblem(value);
    if (problem)
      report.add(
        at,
        `is ${quote(address)}, which ${problem}`,
        "write a fully qualified domain name, e.g. 'db.example.com'",
        `${RULE} (IsFullyQualifiedDomainName)`,
      );
    return;
  }
  const v6 = value.includes(':');
  if (!isValidIp(value) || v6 !== (type === 'IPv6')) {
    report.add(
      at,
      `is ${quote(address)}, which is not an ${type} address`,
      type === 'IPv4'
        ? "write an IPv4 address, e.g. '10.20.0.3'"
        : "write an IPv6 address, e.g. '2001:db8::3'",
      `${RULE} (IsValid${type}Address)`,
    );
    return;
  }
  const range = specialRange(value);
  if (range)
    report.add(
      at,
      `is ${quote(address)}, in the special range ${range} (unspecified, loopback or link-local)`,
      'give the address the endpoint is reached at from other nodes',
      `${RULE} (ValidateNonSpecialIP)`,
    );
}

function checkEndpoints(report: ObjectReport, object: KubernetesObject, type: string): void {
  const endpoints = arrayOf(object.endpoints);
  if (endpoints.length > MAX_ENDPOINTS) {
    report.add(
      'endpoints',
      `has ${endpoints.length} endpoints, more than ${MAX_ENDPOINTS}`,
      'split them over several EndpointSlices of the Service',
      `${RULE} (TooMany)`,
    );
    return;
  }
  endpoints.forEach((endpoint, i) => {
    if (!isObject(endpoint)) return;
    const addresses = arrayOf(endpoint.addresses);
    const at = `endpoints[${i}].addresses`;
    if (addresses.length === 0)
      report.add(at, 'is empty', 'give at least 1 address', `${RULE} (Required)`);
    else if (addresses.length > MAX_ADDRESSES)
      report.add(
        at,
        `has ${addresses.length} addresses, more than ${MAX_ADDRESSES}`,
        'give each address its own endpoint',
        `${RULE} (TooMany)`,
      );
    if (ADDRESS_TYPES.has(type))
      addresses.forEach((address, j) => checkAddress(report, `${at}[${j}]`, address, type));
    if (endpoint.hostname !== undefined)
      report.check(
        `endpoints[${i}].hostname`,
        endpoint.hostname,
        isDns1123Label(String(endpoint.hostname)),
        `${RULE} (ValidateDNS1123Label)`,
      );
    if (isObject(endpoint.deprecatedTopology))
      checkLabels(
        report,
        endpoint.deprecatedTopology,
        `endpoints[${i}].deprecatedTopology`,
        `${RULE} (ValidateLabels)`,
      );
  });
}

function checkPorts(report: ObjectReport, object: KubernetesObject): void {
  const ports = arrayOf(object.ports);
  if (ports.length > MAX_PORTS) {
    report.add(
      'ports',
      `has ${ports.length} ports, more than ${MAX_PORTS}`,
      'expose fewer ports',
      `${RULE} (TooMany)`,
    );
    return;
  }
  const names = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const at = `ports[${i}]`;
    const name = str(port.name) ?? '';
    if (name !== '')
      report.check(`${at}.name`, name, isDns1123Label(name), `${RULE} (ValidateDNS1123Label)`);
    if (names.has(name))
      report.add(
        `${at}.name`,
        `is ${quote(name)}, the name of an earlier port`,
        'give every port its own name (one port may go unnamed)',
        `${RULE} (Duplicate)`,
      );
    names.add(name);
    // discovery/v1 defaults a missing protocol to TCP (SetDefaults_EndpointPort).
    const protocol = str(port.protocol) ?? 'TCP';
    if (!PROTOCOLS.has(protocol))
      report.add(`${at}.protocol`, `is ${quote(port.protocol)}`, 'use TCP, UDP or SCTP', RULE);
    if (port.appProtocol !== undefined)
      report.check(
        `${at}.appProtocol`,
        port.appProtocol,
        isQualifiedName(String(port.appProtocol)),
        `${RULE} (IsQualifiedName)`,
      );
  });
}

/** `ValidateEndpointSlice` for an EndpointSlice object, and the label that gives it a Service. */
export function validateEndpointSlice(object: KubernetesObject, report: ObjectReport): void {
  const type = str(object.addressType) ?? '';
  if (type === '')
    report.add('addressType', 'is missing', 'use IPv4, IPv6 or FQDN', `${RULE} (Required)`);
  else if (!ADDRESS_TYPES.has(type))
    report.add('addressType', `is ${quote(object.addressType)}`, 'use IPv4, IPv6 or FQDN', RULE);
  checkEndpoints(report, object, type);
  checkPorts(report, object);
  const labels = object.metadata?.labels ?? {};
  if (typeof labels[SERVICE_NAME_LABEL] !== 'string' || labels[SERVICE_NAME_LABEL] === '')
    report.add(
      `metadata.labels[${quote(SERVICE_NAME_LABEL)}]`,
      'is missing, so no Service sends traffic to these endpoints',
      'label the slice with the name of its selector-less Service',
      'kube-proxy (EndpointSlices of a Service by the kubernetes.io/service-name label)',
    );
}
