import type { FieldChange, Risk } from './change';
import { baseName, type PlanReport } from './plan-report';
import { riskiestFirst } from './risk';
import { countsText, summarize } from './summary';

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

/** The terminal summary: counts per environment, then the changes, riskiest first. */
export function reportText(report: PlanReport, colour: boolean): string {
  const paint = (risk: Risk, text: string) => (colour ? `${COLOURS[risk]}${text}${RESET}` : text);
  const lines = [`Plan against ${baseName(report)}`, ''];
  for (const s of summarize(report.environments, report.changes)) {
    const counts = countsText(s.counts);
    lines.push(`  ${s.environment}: ${s.worst ? paint(s.worst, counts) : counts}`);
  }
  for (const change of riskiestFirst(report.changes)) {
    lines.push(
      '',
      `${paint(change.risk, change.risk.toUpperCase())} ${change.environment} ${change.kind} ${change.name} (${change.action})`,
    );
    for (const reason of change.reasons) lines.push(`  - ${reason}`);
    // A created or deleted object is all fields: its kind and name say it.
    const fields = change.action === 'create' || change.action === 'delete' ? [] : change.fields;
    for (const field of fields.slice(0, FIELDS_SHOWN)) lines.push(`    ${fieldText(field)}`);
    if (fields.length > FIELDS_SHOWN)
      lines.push(`    … and ${fields.length - FIELDS_SHOWN} more fields`);
  }
  return `${lines.join('\n')}\n`;
}

/** `path: before → after`, values as short JSON. */
export function fieldText(field: FieldChange): string {
  const before = 'before' in field ? short(field.before) : '(none)';
  const after = 'after' in field ? short(field.after) : '(none)';
  return `${field.path}: ${before} → ${after}`;
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
