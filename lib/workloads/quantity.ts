import { fail } from '../platform/errors';

/**
 * A Kubernetes quantity, as resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource)
 * reads it: a signed decimal number, then a binary-SI suffix (Ki … Ei), a decimal exponent
 * (e3, E-2) or a decimal-SI suffix (n, u, m, none, k, M, G, T, P, E). '1e3m', '.5' and
 * '1.' are all valid.
 */
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|n|u|m|k|M|G|T|P|E)?$/;

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity in its base unit (cores, bytes), or undefined when it is not one. */
export function quantityValue(value: string): number | undefined {
  const match = QUANTITY.exec(String(value));
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  return (sign === '-' ? -1 : 1) * Number(number) * factor;
}

/** CPU in millicores from a Kubernetes quantity such as `250m`, `1.5` or `1e3m`. */
export function parseCpu(where: string, prop: string, value: string): number {
  const cores = quantityValue(value);
  if (cores === undefined || cores < 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a CPU quantity`,
      "write millicores ('250m') or cores ('1', '1.5')",
    );
  }
  return cores * 1000;
}

/**
 * Memory in bytes from a Kubernetes quantity such as `256Mi` or `1G`. A fraction of a byte
 * ('128m' is 0.128 bytes, a classic slip for '128Mi') is refused: the API server takes it,
 * and the container is then killed at start.
 */
export function parseMemory(where: string, prop: string, value: string): number {
  const bytes = quantityValue(value);
  if (bytes === undefined || bytes < 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a memory quantity`,
      "write a size with a unit, e.g. '256Mi' or '1Gi'",
    );
  }
  if (!Number.isInteger(bytes) || /[mun]$/.test(value)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is ${bytes} bytes`,
      `write a size in bytes with a binary unit, e.g. '${String(value).replace(/[mun]$/, 'Mi')}'`,
    );
  }
  return bytes;
}
