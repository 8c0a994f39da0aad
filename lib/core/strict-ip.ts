/*
 * IP addresses and CIDRs as current Kubernetes accepts them in new objects: the strict
 * validation of `k8s.io/apimachinery/pkg/api/validation/ip.go` (`IsValidIP`, `IsValidCIDR`
 * with the `StrictIPCIDRValidation` gate, KEP-4858, on by default since it went beta), which
 * refuses what 1.27 still reads sloppily: an IPv4 part with a leading zero (`010.0.0.3`, once
 * read as octal by some tools) and a CIDR with host bits set (`10.20.0.3/8`, which 1.27
 * accepts and then treats as `10.0.0.0/8`).
 * Each refusal names the canonical form.
 * @see https://github.com/kubernetes/enhancements/tree/master/keps/sig-network/4858-ip-cidr-validation
 */
import { isValidCidr, isValidIp, type Violation } from './apimachinery';
import { networkAddress, type ParsedCidr, parseCidr } from './cidr';

const IPV4_LEADING_ZERO = /(^|\.)0\d/;

/** An IPv4 address without leading zeros: `010.000.0.3` → `10.0.0.3`. */
function withoutLeadingZeros(ipv4: string): string {
  return ipv4
    .split('.')
    .map((part) => String(Number(part)))
    .join('.');
}

/** The IPv4 part of `ip` (all of it, or an IPv6 address's embedded IPv4 tail). */
function ipv4Part(ip: string): string | undefined {
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  return tail?.[1];
}

/** `ip` with the leading zeros of its IPv4 part dropped (an IPv6 address's tail included). */
function canonicalIp(ip: string): string {
  const v4 = ipv4Part(ip);
  return v4 === undefined ? ip : ip.slice(0, ip.length - v4.length) + withoutLeadingZeros(v4);
}

/** An IP address as strict validation accepts it. */
export function isStrictIp(value: string): Violation[] {
  const fix = "write an IPv4 or IPv6 address, e.g. '10.0.0.10' or '2001:db8::1'";
  if (!isValidIp(value)) return [{ problem: 'is not an IP address', fix }];
  const v4 = ipv4Part(value);
  if (v4 !== undefined && IPV4_LEADING_ZERO.test(v4)) {
    const problem = 'has a leading zero in an IPv4 part, which current Kubernetes refuses';
    return [{ problem, fix: `write '${canonicalIp(value)}'` }];
  }
  return [];
}

/** An address of `family` as canonical text (RFC 5952 for IPv6). */
function addressText(family: 4 | 6, network: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((network >> shift) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((network >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes '::'.
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  const head = hex.slice(0, best.start).join(':');
  const tail = hex.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}

/** A CIDR as strict validation accepts it: a strict address with no host bits set. */
export function isStrictCidr(value: string): Violation[] {
  const loose = isValidCidr(value);
  if (loose.length > 0) return loose;
  const [address, bits] = value.split('/');
  const ip = isStrictIp(address);
  if (ip.length > 0)
    return [{ problem: ip[0].problem, fix: `write '${canonicalIp(address)}/${bits}'` }];
  const cidr = parseCidr(value) as ParsedCidr;
  const cleared = networkAddress(cidr);
  if (cleared === cidr.ip) return [];
  const width = cidr.family === 4 ? 32 : 128;
  const network = `${addressText(cidr.family, cleared)}/${cidr.prefix}`;
  return [
    {
      problem: `has host bits set (its network is ${network}), which current Kubernetes refuses`,
      fix: `write '${network}' for the network, or '${address}/${width}' for the one address`,
    },
  ];
}
