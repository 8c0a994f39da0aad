import { fail } from '../../core/errors';
import { isWholeQuantity, parseQuantity } from '../../core/quantity';

/**
 * The value of a Kubernetes quantity in its base unit (cores, bytes), or undefined when it is
 * not one: the grammar of resource.ParseQuantity, as the semantic rules read it ('1e3m' is
 * no quantity; '.5' and '1.' are).
 */
export function quantityValue(value: string): number | undefined {
  return parseQuantity(value)?.approximate;
}

/** CPU in millicores from a Kubernetes quantity such as `250m`, `1.5` or `5e-1`. */
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
  const quantity = parseQuantity(value);
  if (quantity === undefined || quantity.negative) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a memory quantity`,
      "write a size with a unit, e.g. '256Mi' or '1Gi'",
    );
  }
  if (!isWholeQuantity(quantity) || /[mun]$/.test(value)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is ${quantity.approximate} bytes`,
      `write a size in bytes with a binary unit, e.g. '${String(value).replace(/[mun]$/, 'Mi')}'`,
    );
  }
  return quantity.approximate;
}
