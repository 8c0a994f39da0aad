import { nameOf, quote, text } from './edge-fields';
import { CLUSTER_SCOPED, type ReferenceCheck } from './environment-index';

/*
 * One environment is one namespace: every namespaced object in it, and in the namespace its
 * Namespace object declares; and no two objects of one kind share a name there (`kubectl
 * apply` would keep only the last one, silently).
 */

const RULE = 'references: one namespace per environment';

/**
 * Every namespaced object is in the environment's one namespace: the one its Namespace
 * object declares when it has one, else the first object's.
 */
export const checkNamespaces: ReferenceCheck = (index, reportOf) => {
  const namespaces = index.all('Namespace');
  const declared = namespaces.length > 0 ? nameOf(namespaces[0]) : undefined;
  for (const extra of namespaces.slice(1))
    reportOf(extra).add(
      'metadata.name',
      `is ${quote(nameOf(extra))}, a second Namespace in one environment (the first is ${quote(declared)})`,
      'keep one namespace per environment',
      RULE,
    );
  const expected = declared ?? index.firstNamespace;
  if (expected === undefined) return;
  // Usually only the strays differ; when the Namespace object disagrees with the first
  // object, every object is judged against the Namespace object.
  const suspects =
    expected === index.firstNamespace
      ? index.strays
      : index.objects.filter((o) => !CLUSTER_SCOPED.has(String(o.kind)));
  for (const object of suspects) {
    const namespace = text(object.metadata?.namespace) ?? '';
    if (namespace === expected) continue;
    reportOf(object).add(
      'metadata.namespace',
      namespace === ''
        ? `is missing, so kubectl puts the object in its current namespace rather than ${quote(expected)}`
        : `is ${quote(namespace)}, but the environment's objects are in ${quote(expected)}${declared === undefined ? '' : ' (its Namespace object)'}`,
      expected === ''
        ? 'leave the namespace out on every object, or set it on every object'
        : `set metadata.namespace: ${expected}`,
      RULE,
    );
  }
};

/** No two objects of one kind (and API group) share a name in one namespace. */
export const checkDuplicateNames: ReferenceCheck = ({ duplicates }, reportOf) => {
  for (const [object] of duplicates)
    reportOf(object).add(
      'metadata.name',
      `is ${quote(nameOf(object))}, like an earlier ${String(object.kind)} of the environment: applying both keeps only the last`,
      `give each ${String(object.kind)} its own name`,
      'references: unique names per kind and namespace',
    );
};
