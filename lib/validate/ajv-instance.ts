import type { default as Ajv, Options } from 'ajv';

const INT32 = 2 ** 31;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** The pattern Kubernetes publishes for resource.Quantity. */
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/**
 * Go's inline case-insensitive flag `(?i)` (used by Polaris's checks) is not JavaScript
 * syntax: drop it and compile the pattern with the `i` flag instead.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  if (pattern.includes('(?i)')) {
    return new RegExp(pattern.split('(?i)').join(''), `${flags}i`);
  }
  return new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

/**
 * A new Ajv instance with the formats Kubernetes schemas use (int32, int64, double, byte,
 * date-time, int-or-string, quantity) and Go-style `(?i)` patterns. Unknown keywords such as
 * `x-kubernetes-*` are ignored (strict mode off), unknown formats are accepted.
 */
export function createAjv(options: Options = {}): Ajv {
  // Loaded on first use: `gke-platform` re-exports validation, and a synth that never
  // validates should not pay Ajv's ~20 ms load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass: typeof Ajv = require('ajv').default;
  const ajv = new AjvClass({
    strict: false,
    logger: false,
    code: { regExp: goRegExp },
    ...options,
  });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('byte', BASE64);
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('int-or-string', true);
  ajv.addFormat('quantity', QUANTITY);
  return ajv;
}
