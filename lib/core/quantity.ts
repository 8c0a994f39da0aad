/*
 * Kubernetes quantities as k8s.io/apimachinery/pkg/api/resource `ParseQuantity` reads them:
 *
 *   <quantity>       ::= <sign>? <digits> ( "." <digits>? )? <suffix>  |  <sign>? "." <digits> <suffix>
 *   <suffix>         ::= "" | n | u | m | k | M | G | T | P | E  (decimal SI)
 *                      | Ki | Mi | Gi | Ti | Pi | Ei             (binary SI)
 *                      | ( e | E ) <sign>? <digits>             (decimal exponent)
 *
 * So '250m', '1.5', '1e3', '0.5Gi' and '+1' are quantities, and '1e3m' is not: after an
 * exponent nothing may follow (parseQuantityString: "the last character was not a valid
 * exponent"), and 'mi', 'K' or 'b' are no suffixes (ErrSuffix).
 */

/** A parsed quantity, exactly: `±digits × 10^exp10 × 2^exp2`, and as a float. */
export interface Quantity {
  readonly negative: boolean;
  /** The decimal digits, without sign or point. */
  readonly digits: string;
  readonly exp10: number;
  readonly exp2: number;
  /** The value as a float: exact enough to order values that are not (almost) equal. */
  readonly approximate: number;
}

const QUANTITY =
  /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

const DECIMAL_SI: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SI: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/**
 * `resource.ParseQuantity`: the quantity, or undefined when it is none. A JSON number is
 * read as its decimal text, as Quantity.UnmarshalJSON does.
 */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  // The same few quantities ('100m', '256Mi') come back in every pod.
  const known = PARSED.get(text);
  if (known !== undefined || PARSED.has(text)) return known;
  const parsed = parse(text);
  if (PARSED.size < PARSED_MAX) PARSED.set(text, parsed);
  return parsed;
}

const PARSED = new Map<string, Quantity | undefined>();
const PARSED_MAX = 4096;

function parse(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction, onlyFraction, binary, decimal, exponent] = match;
  const decimals = fraction ?? onlyFraction ?? '';
  let exp10 = -decimals.length;
  let exp2 = 0;
  if (binary) exp2 = BINARY_SI[binary];
  else if (decimal) exp10 += DECIMAL_SI[decimal];
  else if (exponent) {
    const e = Number(exponent);
    // ParseInt would take up to int64, but no resource is that large or small.
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
    exp10 += e;
  }
  const digits = ((whole ?? '') + decimals).replace(/^0+/, '') || '0';
  const negative = sign === '-' && digits !== '0';
  const approximate = (negative ? -1 : 1) * Number(digits) * 10 ** exp10 * 2 ** exp2;
  return { negative, digits, exp10, exp2, approximate };
}

function exact(q: Quantity, exp10: number): bigint {
  const m = BigInt(q.digits) * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2);
  return q.negative ? -m : m;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b` (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.exp10 === b.exp10 && a.exp2 === b.exp2 && a.negative === b.negative) {
    // Same scale: compare the digits (longer is larger), no big numbers needed.
    const order =
      a.digits.length !== b.digits.length
        ? a.digits.length - b.digits.length
        : a.digits < b.digits
          ? -1
          : a.digits > b.digits
            ? 1
            : 0;
    return Math.sign(a.negative ? -order : order);
  }
  const x = a.approximate;
  const y = b.approximate;
  // Floats order values that differ by more than their rounding; the rest exactly.
  if (Math.abs(x - y) > 1e-9 * Math.max(Math.abs(x), Math.abs(y))) return x < y ? -1 : 1;
  const exp10 = Math.min(a.exp10, b.exp10);
  const ex = exact(a, exp10);
  const ey = exact(b, exp10);
  return ex < ey ? -1 : ex > ey ? 1 : 0;
}

/** Whether the quantity is a whole number (`MilliValue() % 1000 == 0`). */
export function isWholeQuantity(q: Quantity): boolean {
  if (q.exp10 >= 0) return true;
  return (BigInt(q.digits) * 2n ** BigInt(q.exp2)) % 10n ** BigInt(-q.exp10) === 0n;
}

/** The sign of the quantity: -1, 0 or 1. */
export function signOf(q: Quantity): number {
  return q.digits === '0' ? 0 : q.negative ? -1 : 1;
}
