import { ApiObject, type Chart } from 'cdk8s';
import { describeConstruct } from '../../core/construct-id';
import { type PlatformWarning, printWarning, warningText } from '../../core/warnings';
import { isForeignObject, objectOwner } from './chart-objects';

type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects, read defensively
type Loose = Record<string, any>;

/** The kinds that own pods, and where their pods' labels are. */
const POD_LABELS: Readonly<Record<string, (o: Loose) => unknown>> = {
  Pod: (o) => o.metadata?.labels,
  Deployment: (o) => o.spec?.template?.metadata?.labels,
  StatefulSet: (o) => o.spec?.template?.metadata?.labels,
  DaemonSet: (o) => o.spec?.template?.metadata?.labels,
  ReplicaSet: (o) => o.spec?.template?.metadata?.labels,
  Job: (o) => o.spec?.template?.metadata?.labels,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.metadata?.labels,
};

/**
 * The warnings for workloads this library did not make (a cdk8s-plus Deployment, an
 * ApiObject, an Include of YAML) whose pods no NetworkPolicy of the environment selects but
 * its default deny: they apply, and then reach nothing and are reached by nothing.
 * synthesizePlatform calls this right after rendering the chart and reports them through its
 * `onWarning`; so the chart's own {@link reportForeignIsolation} leaves them to it.
 * @param objects the chart's rendered objects
 * @param defaultDeny the environment's default deny; without one, there is nothing to warn of
 */
export function foreignIsolationWarnings(
  chart: Chart,
  objects: readonly Json[],
  defaultDeny: ApiObject | undefined,
): PlatformWarning[] {
  unprinted.delete(chart);
  return found.get(objects) ?? findWarnings(chart, objects, defaultDeny);
}

/** Each rendered chart's warnings, by its objects (what {@link reportForeignIsolation} found). */
const found = new WeakMap<readonly Json[], PlatformWarning[]>();
/** Warnings found while rendering a chart that no caller has taken yet. */
const unprinted = new Map<Chart, PlatformWarning[]>();
/** The warnings printed for each chart, so that each is printed once. */
const printed = new WeakMap<Chart, Set<string>>();

/**
 * Prints the chart's warnings on stderr (`warning: <where>: <problem>; <fix>`, once each), as
 * synthesizePlatform does by default, when the chart is rendered by cdk8s (`app.synth()`,
 * `Testing.synth()`) or by `synthesizeChart`. They are printed once the synth that rendered it
 * returns (a microtask), unless {@link foreignIsolationWarnings} takes them first: that is how
 * synthesizePlatform reports them through its own `onWarning`, and never twice.
 */
export function reportForeignIsolation(
  chart: Chart,
  objects: readonly Json[],
  defaultDeny: ApiObject | undefined,
): void {
  const warnings = findWarnings(chart, objects, defaultDeny);
  found.set(objects, warnings);
  if (warnings.length === 0) return;
  if (unprinted.size === 0) queueMicrotask(printUnprinted);
  unprinted.set(chart, warnings);
}

function printUnprinted(): void {
  for (const [chart, warnings] of unprinted) {
    const seen = printed.get(chart) ?? new Set<string>();
    printed.set(chart, seen);
    for (const warning of warnings) {
      const text = warningText(warning);
      if (seen.has(text)) continue;
      seen.add(text);
      printWarning(warning);
    }
  }
  unprinted.clear();
}

/** The warnings of {@link foreignIsolationWarnings}, found anew. */
function findWarnings(
  chart: Chart,
  objects: readonly Json[],
  defaultDeny: ApiObject | undefined,
): PlatformWarning[] {
  if (defaultDeny === undefined) return [];
  const selectors = objects
    .filter((o) => o.kind === 'NetworkPolicy' && (o as Loose).metadata?.name !== defaultDeny.name)
    .map((o) => (o as Loose).spec?.podSelector as Loose | undefined);
  const rendered = new Map(objects.map((o) => [keyOf(o as Loose), o as Loose]));
  const warnings: PlatformWarning[] = [];
  for (const object of chart.node.findAll()) {
    if (!ApiObject.isApiObject(object) || !(object.kind in POD_LABELS)) continue;
    if (!isForeignObject(chart, object)) continue;
    const json = rendered.get(`${object.kind}/${object.name}`);
    if (json === undefined) continue;
    const labels = (POD_LABELS[object.kind](json) ?? {}) as Record<string, string>;
    if (selectors.some((selector) => selects(selector, labels))) continue;
    warnings.push({
      where: describeConstruct(objectOwner(chart, object)),
      problem: `the ${object.kind} '${object.name}' was not made by gke-platform, and no NetworkPolicy of the environment selects its pods: the namespace's default deny cuts them off from all traffic, in and out`,
      fix: `allow what they need with new ForeignWorkloadPolicy(chart, '${object.name}', { pods: <the ${object.kind}>, ports, ingressFrom, egressTo }), or give them a NetworkPolicy of your own`,
    });
  }
  return warnings;
}

/** The labels of the pods a rendered pod-owning object makes, or undefined for another kind. */
export function podLabelsOf(json: Json): Readonly<Record<string, string>> | undefined {
  const labels = POD_LABELS[String(json.kind)];
  return labels && ((labels(json as Loose) ?? {}) as Record<string, string>);
}

const keyOf = (o: Loose) => `${String(o.kind)}/${String(o.metadata?.name)}`;

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
function selects(selector: Loose | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of (selector.matchExpressions ?? []) as Loose[]) {
    const has = key in labels;
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key])
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key])
          : operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}
