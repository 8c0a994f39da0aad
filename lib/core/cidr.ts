import { isValidCidr } from './apimachinery';

/** A parsed CIDR: its family, its address as a number and its prefix length. */
export interface ParsedCidr {
  readonly family: 4 | 6;
  /** The address as written (host bits kept), as Go's `net.ParseCIDR` returns the IP. */
  readonly ip: bigint;
  readonly prefix: number;
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function ipv6(text: string): bigint {
  let address = text;
  const tail = address.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail) {
    const v4 = ipv4(tail[1]);
    address = `${address.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `value` parsed, or undefined when it is not a CIDR (see `isValidCidr`). */
export function parseCidr(value: string): ParsedCidr | undefined {
  if (isValidCidr(value).length > 0) return undefined;
  const [address, bits] = value.split('/');
  const family = address.includes(':') ? 6 : 4;
  return { family, ip: family === 4 ? ipv4(address) : ipv6(address), prefix: Number(bits) };
}

/** The network number of `cidr` (its address with the host bits cleared). */
function network(cidr: ParsedCidr, prefix = cidr.prefix): bigint {
  const width = cidr.family === 4 ? 32 : 128;
  return cidr.ip >> BigInt(width - prefix);
}

/** The address of `cidr` with its host bits cleared: the first address of the network. */
export function networkAddress(cidr: ParsedCidr): bigint {
  const hostBits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return network(cidr) << hostBits;
}

/** Whether `address`'s IP lies in `range` (Go's `(*net.IPNet).Contains`). */
export function cidrContains(range: ParsedCidr, address: ParsedCidr): boolean {
  return (
    range.family === address.family &&
    network(range) === network({ ...address, prefix: range.prefix })
  );
}

/** Whether an IP address (as text) lies in `range`. */
export function ipInCidr(ip: string, range: string): boolean {
  const family = ip.includes(':') ? 128 : 32;
  const a = parseCidr(`${ip}/${family}`);
  const r = parseCidr(range);
  return a !== undefined && r !== undefined && cidrContains(r, a);
}
