/**
 * Internal settings of {@link writeManifests}, for the output folder's fault tests only (they
 * stop the writer at each step and shorten the lock wait). Not exported from the package: the
 * package's `exports` map exposes `lib/index` and `lib/infra/index`, neither re-exports this.
 */
export const writeHooks: {
  /** Called after each step of the writer with the step's name. @default none */
  onStep?: (step: string) => void;
  /** How long to wait for another synth's lock before failing. @default 120 000 ms */
  lockTimeoutMs: number;
} = { lockTimeoutMs: 120_000 };

/** Reports a finished step to the test hook, if one is set. */
export function reached(step: string): void {
  writeHooks.onStep?.(step);
}
