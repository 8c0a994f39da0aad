/*
 * Construct ids, for every construct of the library. Not re-exported from ./index: the
 * Pulumi side imports lib/platform and never loads constructs.
 */
import type { Construct, IConstruct } from 'constructs';
import { fail } from './errors';

/** How errors name a construct: its `where` (`WebService 'prod/web'`) or class and path. */
export function describeConstruct(construct: IConstruct): string {
  const where = (construct as { where?: unknown }).where;
  return typeof where === 'string'
    ? where
    : `${construct.constructor.name} '${construct.node.path}'`;
}

/**
 * Returns `id` when no other construct in `scope` has it; otherwise fails with a
 * PlatformError naming both constructs (constructs' own error says neither).
 * @param kind the new construct's kind, for the message
 */
export function freeId(scope: Construct, id: string, kind: string): string {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  if (typeof id !== 'string' || id.length === 0 || id.includes('/')) {
    fail(
      `${kind} '${path}'`,
      'id',
      `is ${JSON.stringify(id)}`,
      "give a non-empty id without '/', e.g. 'web'",
    );
  }
  const existing = scope.node.tryFindChild(id);
  if (existing !== undefined) {
    fail(
      `${kind} '${path}'`,
      'id',
      `'${id}' is already used by ${describeConstruct(existing)} in the same scope`,
      'give each construct in one scope its own id',
    );
  }
  return id;
}
