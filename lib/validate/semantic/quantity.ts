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

/** A parsed quantity, exactly: `mantissa × 10^exp10 × 2^exp2`. */
export interface Quantity {
  readonly mantissa: bigint;
  readonly exp10: number;
  readonly exp2: number;
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
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction, onlyFraction, binary, decimal, exponent] = match;
  const digits = (whole ?? '') + (fraction ?? onlyFraction ?? '');
  const decimals = (fraction ?? onlyFraction ?? '').length;
  let exp10 = -decimals;
  let exp2 = 0;
  if (binary) exp2 = BINARY_SI[binary];
  else if (decimal) exp10 += DECIMAL_SI[decimal];
  else if (exponent) {
    const e = Number(exponent);
    // Beyond int32 ParseInt would still succeed, but no resource is that large or small.
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
    exp10 += e;
  }
  const mantissa = BigInt(digits === '' ? '0' : digits);
  return { mantissa: sign === '-' ? -mantissa : mantissa, exp10, exp2 };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b` (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const exp10 = Math.min(a.exp10, b.exp10);
  const scale = (q: Quantity) => q.mantissa * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2);
  const x = scale(a);
  const y = scale(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the quantity is a whole number (`MilliValue() % 1000 == 0`). */
export function isWholeQuantity(q: Quantity): boolean {
  if (q.exp10 >= 0) return true;
  return (q.mantissa * 2n ** BigInt(q.exp2)) % 10n ** BigInt(-q.exp10) === 0n;
}

/** The sign of the quantity: -1, 0 or 1. */
export function signOf(q: Quantity): number {
  return q.mantissa < 0n ? -1 : q.mantissa > 0n ? 1 : 0;
}

/** The value as a float, for messages and rough arithmetic only. */
export function approximateValue(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.exp10 * 2 ** q.exp2;
}
