import type { IConstruct } from 'constructs';
import { describeConstruct } from '../../core/construct-id';

/**
 * A route to a backend, as the backend's errors name it: the entrypoint that routes (its
 * construct, described as `WebEntrypoint '<path>'`) and the path it routes.
 */
export interface BackendRoute {
  /** The entrypoint that routes to the backend. */
  readonly entrypoint: IConstruct;
  /** The path routed to the backend. @default the entrypoint's default backend */
  readonly path?: string;
}

/** The path of `route` as errors quote it. */
export function routedPath(route: BackendRoute): string {
  return route.path ?? '(default backend)';
}

/** The entrypoint of `route` as errors name it (`WebEntrypoint '<path>'`). */
export function routedBy(route: BackendRoute): string {
  return describeConstruct(route.entrypoint);
}
