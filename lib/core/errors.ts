/**
 * The error thrown for bad input anywhere in the library. Its message always reads
 * `<where>: '<prop>' <what is wrong>; <what would be right>`, where `where` is the construct
 * path (or the Pulumi resource name) so that the user finds the definition at fault; with
 * `more` problems found at once, each follows on a line of its own.
 */
export class PlatformError extends Error {
  constructor(
    /**
     * Where the bad input is: the construct path (e.g. `Deployment 'prod/web'`) or the Pulumi
     * resource name.
     */
    readonly where: string,
    /** The prop at fault, as the user wrote it (e.g. `nodePools.gpu.count`). */
    readonly prop: string,
    /** What is wrong with the value (e.g. `is 0`). */
    readonly problem: string,
    /** What would be right (e.g. `use a whole number of at least 1`). */
    readonly fix: string,
    /** The other problems found at the same time (a synth reports every one). */
    readonly more: readonly PlatformError[] = [],
  ) {
    super([`${where}: '${prop}' ${problem}; ${fix}`, ...more.map((e) => e.message)].join('\n'));
    this.name = 'PlatformError';
    // A mistake in the user's definition, named by construct path and prop: the library's
    // stack frames would only bury it (Node prints `stack` for an uncaught error).
    this.stack = `${this.name}: ${this.message}`;
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

/**
 * Checks that `value` is one of `allowed` (a prop typed as a union of strings, which plain
 * JavaScript or a cast can still get wrong) and returns it, narrowed. The error reads
 * `'<prop>' is "<value>"[, which <which>]; use 'a', 'b' or 'c'`.
 * @param which why the value is refused, where the list alone does not say it
 * @default which - none: the choices speak for themselves
 */
export function checkOneOf<T extends string>(
  where: string,
  prop: string,
  value: unknown,
  allowed: readonly T[],
  which?: string,
): T {
  if (!allowed.includes(value as T)) {
    const problem = `is ${JSON.stringify(value)}${which === undefined ? '' : `, which ${which}`}`;
    fail(where, prop, problem, `use ${listOf(allowed)}`);
  }
  return value as T;
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: choices as an error's fix names them. */
export function listOf(choices: readonly string[]): string {
  const quoted = choices.map((c) => `'${c}'`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
