import { capacityText } from './capacity-delta';
import type { FieldChange, PlannedChange, Risk } from './change';
import { scopeName } from './environment-objects';
import type { ClusterLayoutChange } from './plan-fleet';
import { baseName, type PlanReport } from './plan-report';
import { riskiestFirst } from './risk';
import { countsText, summarizeByCluster } from './summary';
import { VERSION_FIELD } from './version-relabels';

/** The ANSI colour of each risk (only on a terminal, and never with NO_COLOR). */
const COLOURS: Record<Risk, string> = {
  safe: '\x1b[32m',
  disruptive: '\x1b[33m',
  replace: '\x1b[35m',
  destructive: '\x1b[1;31m',
};
const RESET = '\x1b[0m';

/** How many fields of a change the terminal shows before `… and N more`. */
const FIELDS_SHOWN = 8;

/**
 * The terminal summary: counts per environment (per cluster of an environment of several,
 * `prod/euw1`), the environments whose clusters change, then the changes, riskiest first,
 * then the capacity part.
 */
export function reportText(report: PlanReport, colour: boolean): string {
  const paint = (risk: Risk, text: string) => (colour ? `${COLOURS[risk]}${text}${RESET}` : text);
  const lines = [`Plan against ${baseName(report)}`, ''];
  for (const s of summarizeByCluster(report.environments, report.clusters ?? {}, report.changes)) {
    const counts = countsText(s.counts);
    lines.push(`  ${scopeName(s)}: ${s.worst ? paint(s.worst, counts) : counts}`);
  }
  for (const layout of report.layouts ?? []) lines.push(`  ${layoutText(layout)}`);
  for (const change of riskiestFirst(report.changes)) {
    lines.push(
      '',
      `${paint(change.risk, change.risk.toUpperCase())} ${scopeName(change)} ${change.kind} ${change.name} (${change.action})`,
    );
    for (const reason of change.reasons) lines.push(`  - ${reason}`);
    // A created or deleted object is all fields: its kind and name say it.
    const fields = change.action === 'create' || change.action === 'delete' ? [] : change.fields;
    for (const field of fields.slice(0, FIELDS_SHOWN)) lines.push(`    ${fieldText(field)}`);
    if (fields.length > FIELDS_SHOWN)
      lines.push(`    … and ${fields.length - FIELDS_SHOWN} more fields`);
    const relabelled = relabelledText(change);
    if (relabelled) lines.push(`  + ${relabelled}`);
  }
  if (report.capacity) lines.push('', ...capacityText(report.capacity));
  return `${lines.join('\n')}\n`;
}

/**
 * `prod: one cluster → 2 clusters (ane1, euw1); 40 objects move to each cluster that runs
 * them, compared with their version on the one cluster`, or `prod: clusters euw1 → ane1, euw1`.
 */
export function layoutText(layout: ClusterLayoutChange): string {
  const side = (clusters: readonly string[] | null) =>
    clusters === null
      ? 'one cluster'
      : `${clusters.length} cluster${clusters.length === 1 ? '' : 's'} (${clusters.join(', ')})`;
  const moved =
    layout.before === null || layout.after === null
      ? `; ${layout.moved === 1 ? '1 object moves' : `${layout.moved} objects move`} ${layout.before === null ? 'to each cluster that runs them' : 'back from the clusters'}, compared with their version ${layout.before === null ? 'on the one cluster' : 'on each cluster'}`
      : '';
  return `${layout.environment}: ${side(layout.before)} → ${side(layout.after)}${moved}`;
}

/** `path: before → after`, values as short JSON. */
export function fieldText(field: FieldChange): string {
  return `${field.path}: ${valuesText(field)}`;
}

/**
 * `4 objects relabelled with the new version ("1.0.0" → "1.1.0"): NetworkPolicy api, …` for
 * a change that folds the workload's relabelled objects (names without the change's own
 * namespace), or undefined.
 */
export function relabelledText(change: PlannedChange): string | undefined {
  const objects = change.relabelled ?? [];
  if (objects.length === 0) return undefined;
  const version = change.fields.find((f) => f.path === VERSION_FIELD);
  const versions = version ? ` (${valuesText(version)})` : '';
  const namespace = change.name.includes('/') ? change.name.split('/')[0] + '/' : undefined;
  const names = objects.map((o) => {
    const sameNamespace = namespace !== undefined && o.name.startsWith(namespace);
    return `${o.kind} ${sameNamespace ? o.name.slice(namespace.length) : o.name}`;
  });
  const count = objects.length === 1 ? '1 object' : `${objects.length} objects`;
  return `${count} relabelled with the new version${versions}: ${names.join(', ')}`;
}

/** `before → after`, values as short JSON, `(none)` where absent. */
function valuesText(field: FieldChange): string {
  const before = 'before' in field ? short(field.before) : '(none)';
  const after = 'after' in field ? short(field.after) : '(none)';
  return `${before} → ${after}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Whether to colour the text for this output: a terminal, and NO_COLOR unset (no-color.org). */
export function useColour(
  isTty: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return isTty && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
