import { Construct } from 'constructs';
import { freeId } from '../../core/construct-id';

/** The scope that holds the WebEntrypoints created in one scope: their own id space. */
class EntrypointScope extends Construct {}

/** The id of {@link entrypointScope}'s construct. */
export const ENTRYPOINTS_ID = 'entrypoints';

/**
 * The child of `scope` that WebEntrypoints live in, so that an entrypoint may share its id
 * with the WebService it fronts (`new WebService(chart, 'web')` and
 * `new WebEntrypoint(chart, 'web')`): their paths are `prod/web` and `prod/entrypoints/web`.
 */
export function entrypointScope(scope: Construct): Construct {
  const existing = scope.node.tryFindChild(ENTRYPOINTS_ID);
  if (existing instanceof EntrypointScope) return existing;
  freeId(scope, ENTRYPOINTS_ID, 'WebEntrypoint scope');
  return new EntrypointScope(scope, ENTRYPOINTS_ID);
}
