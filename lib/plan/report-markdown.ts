import { capacityMarkdown } from './capacity-delta';
import { type PlannedChange, type Risk, RISKS } from './change';
import { baseName, type PlanReport } from './plan-report';
import { fieldText, relabelledText } from './report-text';
import { riskiestFirst } from './risk';
import { summarize } from './summary';

const ICONS: Record<Risk, string> = {
  safe: '🟢',
  disruptive: '🟡',
  replace: '🟠',
  destructive: '🔴',
};

/**
 * `--format markdown`, a pull-request comment: a summary table (one row per environment, one
 * column per risk), then each environment's changes, riskiest first, in a `<details>` block
 * (opened when it holds a destructive or replace change), then the capacity part.
 */
export function reportMarkdown(report: PlanReport): string {
  const summaries = summarize(report.environments, report.changes);
  const columns = [...RISKS].reverse();
  const lines = [
    `### gke-platform plan against \`${baseName(report)}\``,
    '',
    `| environment | ${columns.map((r) => `${ICONS[r]} ${r}`).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...summaries.map(
      (s) => `| ${cell(s.environment)} | ${columns.map((r) => s.counts[r]).join(' | ')} |`,
    ),
  ];
  for (const s of summaries) {
    const changes = riskiestFirst(report.changes.filter((c) => c.environment === s.environment));
    if (changes.length === 0) continue;
    const open = s.worst === 'destructive' || s.worst === 'replace' ? ' open' : '';
    lines.push(
      '',
      `<details${open}><summary><b>${escape(s.environment)}</b>: ${changes.length} changes</summary>`,
      '',
    );
    for (const change of changes) lines.push(...changeLines(change));
    lines.push('', '</details>');
  }
  if (report.capacity) lines.push('', ...capacityMarkdown(report.capacity));
  return `${lines.join('\n')}\n`;
}

function changeLines(change: PlannedChange): string[] {
  const lines = [
    `- ${ICONS[change.risk]} **${change.risk}** ${change.action} \`${change.kind}\` \`${change.name}\``,
    ...change.reasons.map((r) => `  - ${escape(r)}`),
  ];
  const relabelled = relabelledText(change);
  if (relabelled) lines.push(`  - 🏷️ ${escape(relabelled)}`);
  if (change.fields.length > 0 && change.action !== 'create' && change.action !== 'delete') {
    lines.push('', '  ```', ...change.fields.slice(0, 20).map((f) => `  ${fieldText(f)}`), '  ```');
  }
  return lines;
}

/** Text safe in a table cell and in HTML. */
function cell(text: string): string {
  return escape(text).replace(/\|/g, '\\|');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
