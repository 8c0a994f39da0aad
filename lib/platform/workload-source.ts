import type { Platform } from './platform';

/**
 * A platform's workloads as a Pulumi stack takes them: the definition that `npm run synth`
 * runs, synthesized in-process for the stack's environment when the stack asks, so that the
 * stack never depends on a `dist/` folder that is missing or older than the definition.
 * `workloadSource(platform, define)` (from `gke-platform`) makes one; `GkePlatform`'s
 * `workloads` takes it. Both sides meet here because neither may load the other.
 */
export interface WorkloadSource<E extends string = string> {
  /** The platform the workloads are defined on, which must be the stack's. */
  readonly platform: Platform<E>;
  /**
   * The environment's objects in apply order (its Namespace first), checked as `npm run synth`
   * checks them; nothing is written. For an environment of several clusters, `cluster` names
   * the one whose objects are wanted (the first cluster's without it).
   * @throws {PlatformError} for every problem the synth would report.
   */
  synthesize(environment: E, cluster?: string): readonly Record<string, unknown>[];
}
