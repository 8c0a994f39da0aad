import { checkOneOf, fail } from '../../core/errors';
import { checkFormat } from '../../core/apimachinery';
import { isStrictCidr } from '../../core/strict-ip';
import { checkPort } from '../pod/container';
import { k8s } from '../chart/kube';
import { NOT_INTERNET } from './network-ranges';

/**
 * A destination outside the cluster that a workload's pods may open connections to: an
 * address range, or `'internet'` (0.0.0.0/0 without the private and link-local ranges, see
 * {@link NOT_INTERNET}), on some ports or all.
 *
 * @example
 * egress: [
 *   { cidr: '10.20.0.3/32', ports: [5432] },   // a Cloud SQL private IP
 *   { cidr: 'internet', ports: [443] },        // HTTPS anywhere on the internet
 * ]
 */
export interface EgressRule {
  /** An IPv4 or IPv6 range (`203.0.113.0/24`), or `'internet'`. */
  readonly cidr: string;
  /** Destination ports. @default every port */
  readonly ports?: readonly number[];
  /** The transport protocol of the ports. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** The NetworkPolicy egress rules for a workload's declared destinations. */
export function renderEgress(
  where: string,
  rules: readonly EgressRule[],
): k8s.NetworkPolicyEgressRule[] {
  if (!Array.isArray(rules))
    fail(
      where,
      'egress',
      `is ${JSON.stringify(rules)}`,
      "give a list, e.g. [{ cidr: 'internet', ports: [443] }]",
    );
  return rules.map((rule, i) => {
    const prop = `egress[${i}]`;
    if (rule === null || typeof rule !== 'object' || typeof rule.cidr !== 'string')
      fail(
        where,
        prop,
        `is ${JSON.stringify(rule)}`,
        "give { cidr: '203.0.113.0/24' } or { cidr: 'internet' }",
      );
    const ipBlock =
      rule.cidr === 'internet'
        ? { cidr: '0.0.0.0/0', except: [...NOT_INTERNET] }
        : { cidr: checkFormat(where, `${prop}.cidr`, rule.cidr, isStrictCidr) };
    const protocol = rule.protocol ?? 'TCP';
    checkOneOf(where, `${prop}.protocol`, protocol, ['TCP', 'UDP']);
    if (rule.ports !== undefined && (!Array.isArray(rule.ports) || rule.ports.length === 0))
      fail(
        where,
        `${prop}.ports`,
        `is ${JSON.stringify(rule.ports)}`,
        'list at least one port, or leave it out for every port',
      );
    const ports = rule.ports?.map((port: number, j: number) => ({
      port: k8s.IntOrString.fromNumber(checkPort(where, `${prop}.ports[${j}]`, port)),
      protocol,
    }));
    return { to: [{ ipBlock }], ports };
  });
}
