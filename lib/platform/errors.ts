/**
 * The error thrown for bad input anywhere in the library. Its message always reads
 * `<where>: '<prop>' <what is wrong>; <what would be right>`, where `where` is the construct
 * path (or the Pulumi resource name) so that the user finds the definition at fault.
 */
export class PlatformError extends Error {
  constructor(
    readonly where: string,
    readonly prop: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${where}: '${prop}' ${problem}; ${fix}`);
    this.name = 'PlatformError';
  }
}

/**
 * Checks that `value` is a whole number of at least `min` (and at most `max`, when given),
 * and returns it.
 */
export function checkWholeNumber(
  where: string,
  prop: string,
  value: number,
  min: number,
  max?: number,
): number {
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    fail(where, prop, `is ${value}`, `use a whole number ${range}`);
  }
  return value;
}

/** Shorthand for `throw new PlatformError(...)`, usable in expressions. */
export function fail(where: string, prop: string, problem: string, fix: string): never {
  throw new PlatformError(where, prop, problem, fix);
}
