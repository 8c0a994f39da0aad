import { parseCidr } from './cidr';
import { fail } from '../core/errors';

/**
 * The proxy-only subnet's range when an environment with `internalLoadBalancing` declares
 * none: the range of Google's proxy-only subnet examples.
 * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
 */
export const DEFAULT_PROXY_ONLY_SUBNET = '10.129.0.0/23';

/** A proxy-only subnet needs at least 64 addresses (a /26 or shorter prefix). */
const PROXY_ONLY_MAX_PREFIX = 26;

/**
 * The range of an environment's proxy-only subnet: what the stack creates and what the
 * NetworkPolicies let internal Application Load Balancers' proxies come from. Only an
 * environment with internal load balancing has one.
 * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
 */
export function parseProxyOnlySubnet(
  where: string,
  internalLoadBalancing: boolean,
  range: string | undefined,
): string | undefined {
  if (!internalLoadBalancing) {
    if (range !== undefined) {
      fail(
        where,
        'proxyOnlySubnet',
        "is set, but the environment does not declare 'internalLoadBalancing', so it has no proxy-only subnet",
        "set 'internalLoadBalancing: true', or leave 'proxyOnlySubnet' out",
      );
    }
    return undefined;
  }
  const text = range ?? DEFAULT_PROXY_ONLY_SUBNET;
  const cidr = parseCidr(where, 'proxyOnlySubnet', text);
  if (cidr.last - cidr.first + 1 < 2 ** (32 - PROXY_ONLY_MAX_PREFIX)) {
    // https://cloud.google.com/load-balancing/docs/proxy-only-subnets (plan the size)
    fail(
      where,
      'proxyOnlySubnet',
      `('${text}') has fewer than 64 addresses, the least a proxy-only subnet takes`,
      'use a /26 or larger range, e.g. a /23',
    );
  }
  return text;
}
