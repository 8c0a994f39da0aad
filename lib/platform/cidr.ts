import { parseCidr as parseAnyCidr } from '../core/cidr';
import { fail } from '../core/errors';

/** An IPv4 CIDR block as its first and last address, as 32-bit numbers. */
export interface Cidr {
  readonly text: string;
  readonly first: number;
  readonly last: number;
}

/**
 * Parses an IPv4 CIDR block such as '10.0.0.0/20' with the one CIDR parser (core/cidr.ts, Go's
 * `net.ParseCIDR`), or fails naming `where` and `prop`. A block's host bits must be zero, as
 * GCP takes subnet and authorized-network ranges.
 */
export function parseCidr(where: string, prop: string, text: string): Cidr {
  const parsed = typeof text === 'string' ? parseAnyCidr(text) : undefined;
  if (parsed?.family !== 4) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(text)}, which is not an IPv4 CIDR block`,
      "write it as 'A.B.C.D/N', e.g. '10.0.0.0/20'",
    );
  }
  const address = Number(parsed.ip);
  const bits = parsed.prefix;
  const size = 2 ** (32 - bits);
  if (address % size !== 0) {
    const base = address - (address % size);
    const dotted = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
    fail(where, prop, `is '${text}', which has host bits set`, `use '${dotted}/${bits}'`);
  }
  return { text, first: address, last: address + size - 1 };
}

/** Whether two CIDR blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}
