import type { Obj } from './network-policy-eval';

/** The objects of one environment (or of one cluster of it), as synthesized. */
export interface EnvironmentObjects {
  readonly environment: string;
  /**
   * The cluster of an environment of several, whose folder is `<env>/<cluster>/`; absent for
   * an environment of one cluster.
   */
  readonly cluster?: string;
  readonly objects: readonly Obj[];
}

/** Whether some of an environment's entries are clusters of several (a fleet). */
export function isFleet(entries: readonly EnvironmentObjects[]): boolean {
  return entries.some((e) => e.cluster !== undefined);
}

/** `prod/euw1` for a cluster of an environment of several, `prod` otherwise. */
export function scopeName(scope: { environment: string; cluster?: string }): string {
  return scope.cluster === undefined ? scope.environment : `${scope.environment}/${scope.cluster}`;
}
