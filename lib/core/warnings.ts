/**
 * Something in the definition that synthesizes but probably does not do what its author
 * meant (a foreign workload that the environment's NetworkPolicies cut off). Its fields read
 * as a {@link PlatformError}'s do: where, what is wrong, what would be right.
 */
export interface PlatformWarning {
  /** The construct the warning is about (e.g. `Deployment 'dev/legacy'`). */
  readonly where: string;
  /** What is probably wrong. */
  readonly problem: string;
  /** What would fix it. */
  readonly fix: string;
}

/** `warning: <where>: <problem>; <fix>`: one warning as a line of text. */
export function warningText(warning: PlatformWarning): string {
  return `warning: ${warning.where}: ${warning.problem}; ${warning.fix}`;
}

/** Prints a warning on stderr: what a synth does with one unless told otherwise. */
export function printWarning(warning: PlatformWarning): void {
  console.error(warningText(warning));
}
