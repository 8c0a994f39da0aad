import { list, record, text, type Json } from './edge-fields';
import type { EnvironmentIndex, PodTemplate } from './environment-index';

/*
 * Which pod templates a selector selects, looked up through the index's label map rather
 * than by scanning every template: the candidates are the templates that carry one of the
 * selector's labels, and only those are matched in full.
 */

/** Whether `labels` satisfy one `matchExpressions` requirement (metav1 LabelSelectorRequirement). */
function satisfies(labels: Readonly<Record<string, unknown>>, requirement: Json): boolean {
  const key = text(requirement.key) ?? '';
  const has = Object.hasOwn(labels, key);
  const values = list(requirement.values).map(String);
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(String(labels[key]));
    case 'NotIn':
      return !has || !values.includes(String(labels[key]));
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Whether `labels` carry every `key: value` of `match`. */
function hasAll(labels: Readonly<Record<string, unknown>>, match: Json): boolean {
  return Object.entries(match).every(
    ([k, v]) => Object.hasOwn(labels, k) && String(labels[k]) === String(v),
  );
}

/**
 * The templates a Service's `spec.selector` (equality on every label) selects, among the
 * long-running workloads a Service stands in front of.
 */
export function selectedByMap(index: EnvironmentIndex, selector: Json): PodTemplate[] {
  const first = Object.entries(selector)[0];
  if (!first) return [];
  return index
    .templatesWithLabel(first[0], String(first[1]))
    .filter((t) => t.serving && hasAll(t.labels, selector));
}

/**
 * The templates a `metav1.LabelSelector` (matchLabels and matchExpressions) selects. An
 * empty selector selects every pod of the namespace (policy/v1 PodDisruptionBudget).
 */
export function selectedByLabelSelector(
  index: EnvironmentIndex,
  selector: Json,
): readonly PodTemplate[] {
  const matchLabels = record(selector.matchLabels) ?? {};
  const expressions = list(selector.matchExpressions).map((e) => record(e) ?? {});
  const firstLabel = Object.entries(matchLabels)[0];
  const firstIn = expressions.find((e) => e.operator === 'In');
  const firstExists = expressions.find((e) => e.operator === 'Exists');
  let candidates: readonly PodTemplate[];
  if (firstLabel) candidates = index.templatesWithLabel(firstLabel[0], String(firstLabel[1]));
  else if (firstIn)
    candidates = list(firstIn.values).flatMap((v) =>
      index.templatesWithLabel(String(firstIn.key), String(v)),
    );
  else if (firstExists) candidates = index.templatesWithKey(String(firstExists.key));
  // Only NotIn / DoesNotExist (or nothing): no label narrows the search.
  else candidates = index.templates;
  return candidates.filter(
    (t) => hasAll(t.labels, matchLabels) && expressions.every((e) => satisfies(t.labels, e)),
  );
}
