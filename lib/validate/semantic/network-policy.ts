import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isValidPortName, isValidPortNum } from '../../core/apimachinery';
import { cidrContains, parseCidr } from '../../core/cidr';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import type { ObjectReport, ObjectRule } from './problem';
import { checkLabelSelector } from './selector';

/*
 * The API server's validation of networking.k8s.io/v1 NetworkPolicy:
 * ValidateNetworkPolicySpec in kubernetes pkg/apis/networking/validation/validation.go and
 * the functions it calls (ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer,
 * ValidateIPBlock). The object name is checked with every object's metadata.
 */

const RULE = 'networking/validation';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/** `ValidateNetworkPolicyPort`: protocol, port (number or name) and endPort. */
function validatePort(report: ObjectReport, port: unknown, at: string): void {
  if (!isObject(port)) return;
  const rule = `${RULE}.ValidateNetworkPolicyPort`;
  if (port.protocol !== undefined && !PROTOCOLS.includes(String(port.protocol)))
    report.add(
      `${at}.protocol`,
      `is ${quote(port.protocol)}, not a supported protocol`,
      `use one of ${PROTOCOLS.join(', ')}`,
      rule,
    );
  const endPort = num(port.endPort);
  if (port.port === undefined) {
    if (port.endPort !== undefined)
      report.add(
        `${at}.endPort`,
        `is ${quote(port.endPort)}, but 'port' is not given`,
        "give 'port' (the start of the range), or leave 'endPort' out",
        rule,
      );
    return;
  }
  if (typeof port.port === 'number') {
    report.check(`${at}.port`, port.port, isValidPortNum(port.port), rule);
    if (endPort !== undefined) {
      if (endPort < port.port)
        report.add(
          `${at}.endPort`,
          `is ${endPort}, which is less than 'port' (${port.port})`,
          "make 'endPort' greater than or equal to 'port'",
          rule,
        );
      report.check(`${at}.endPort`, endPort, isValidPortNum(endPort), rule);
    }
    return;
  }
  if (port.endPort !== undefined)
    report.add(
      `${at}.endPort`,
      `is ${quote(port.endPort)}, but 'port' is a name, not a number`,
      "give 'port' as a number for a range, or leave 'endPort' out",
      rule,
    );
  report.check(`${at}.port`, port.port, isValidPortName(String(port.port)), rule);
}

/** `ValidateIPBlock`: a CIDR, and each `except` a strict subset of it. */
function validateIpBlock(report: ObjectReport, block: Json, at: string): void {
  const rule = `${RULE}.ValidateIPBlock`;
  const cidrText = str(block.cidr) ?? '';
  if (cidrText === '') {
    report.add(`${at}.cidr`, 'is empty', "give a range, e.g. '203.0.113.0/24'", rule);
    return;
  }
  const cidr = parseCidr(cidrText);
  if (!cidr) {
    report.add(
      `${at}.cidr`,
      `is ${quote(block.cidr)}, which is not a CIDR`,
      "give an address and a prefix length, e.g. '203.0.113.0/24'",
      rule,
    );
    return;
  }
  arrayOf(block.except).forEach((value, i) => {
    const except = parseCidr(String(value));
    if (!except)
      report.add(
        `${at}.except[${i}]`,
        `is ${quote(value)}, which is not a CIDR`,
        "give an address and a prefix length, e.g. '10.0.0.0/8'",
        rule,
      );
    else if (!cidrContains(cidr, except) || cidr.prefix >= except.prefix)
      report.add(
        `${at}.except[${i}]`,
        `is ${quote(value)}, which is not a strict subset of 'cidr' (${cidrText})`,
        `give a narrower range inside ${cidrText}, or leave it out`,
        rule,
      );
  });
}

/** `ValidateNetworkPolicyPeer`: exactly one kind of peer, ipBlock never with a selector. */
function validatePeer(report: ObjectReport, peer: unknown, at: string): void {
  if (!isObject(peer)) return;
  const rule = `${RULE}.ValidateNetworkPolicyPeer`;
  let peers = 0;
  if (peer.podSelector !== undefined) {
    peers++;
    checkLabelSelector(report, peer.podSelector, `${at}.podSelector`);
  }
  if (peer.namespaceSelector !== undefined) {
    peers++;
    checkLabelSelector(report, peer.namespaceSelector, `${at}.namespaceSelector`);
  }
  if (peer.ipBlock !== undefined) {
    peers++;
    if (isObject(peer.ipBlock)) validateIpBlock(report, peer.ipBlock, `${at}.ipBlock`);
  }
  if (peers === 0)
    report.add(
      at,
      'names no peer',
      'give a podSelector, a namespaceSelector (or both), or an ipBlock',
      rule,
    );
  else if (peers > 1 && peer.ipBlock !== undefined)
    report.add(at, 'has an ipBlock and a selector', 'put the ipBlock in a peer of its own', rule);
}

/** `ValidateNetworkPolicySpec`: the pod selector, every rule's ports and peers, policyTypes. */
function validateNetworkPolicySpec(policy: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(policy.spec) ? policy.spec : {};
  checkLabelSelector(report, spec.podSelector, 'spec.podSelector');
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    arrayOf(spec[direction]).forEach((rule, i) => {
      if (!isObject(rule)) return;
      const at = `spec.${direction}[${i}]`;
      arrayOf(rule.ports).forEach((port, j) => validatePort(report, port, `${at}.ports[${j}]`));
      arrayOf(rule[peers]).forEach((peer, j) => validatePeer(report, peer, `${at}.${peers}[${j}]`));
    });
  }
  const types = arrayOf(spec.policyTypes);
  const rule = `${RULE}.ValidateNetworkPolicySpec`;
  if (types.length > POLICY_TYPES.length)
    report.add(
      'spec.policyTypes',
      `has ${types.length} entries`,
      'list at most Ingress and Egress',
      rule,
    );
  types.forEach((type, i) => {
    if (!POLICY_TYPES.includes(String(type)))
      report.add(
        `spec.policyTypes[${i}]`,
        `is ${quote(type)}, not a policy type`,
        'use Ingress or Egress',
        rule,
      );
  });
}

/** The NetworkPolicy rules, in the order the API server applies them. */
export const NETWORK_POLICY_RULES: readonly ObjectRule[] = [validateNetworkPolicySpec];
