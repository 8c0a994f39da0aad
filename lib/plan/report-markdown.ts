import { capacityMarkdown } from './capacity-delta';
import { type PlannedChange, type Risk, RISKS } from './change';
import { scopeName } from './environment-objects';
import { baseName, type PlanReport } from './plan-report';
import { fieldText, layoutText, relabelledText } from './report-text';
import { riskiestFirst } from './risk';
import { summarizeByCluster } from './summary';

const ICONS: Record<Risk, string> = {
  safe: '🟢',
  disruptive: '🟡',
  replace: '🟠',
  destructive: '🔴',
};

/**
 * `--format markdown`, a pull-request comment: a summary table (one row per environment, or
 * per cluster of an environment of several, one column per risk), then each row's changes, riskiest first, in a `<details>` block
 * (opened when it holds a destructive or replace change), then the capacity part.
 */
export function reportMarkdown(report: PlanReport): string {
  const summaries = summarizeByCluster(report.environments, report.clusters ?? {}, report.changes);
  const columns = [...RISKS].reverse();
  const lines = [
    `### gke-platform plan against \`${baseName(report)}\``,
    '',
    `| environment | ${columns.map((r) => `${ICONS[r]} ${r}`).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...summaries.map(
      (s) => `| ${cell(scopeName(s))} | ${columns.map((r) => s.counts[r]).join(' | ')} |`,
    ),
  ];
  const layouts = report.layouts ?? [];
  if (layouts.length > 0) lines.push('', ...layouts.map((l) => `- ${escape(layoutText(l))}`));
  for (const s of summaries) {
    const changes = riskiestFirst(
      report.changes.filter((c) => c.environment === s.environment && c.cluster === s.cluster),
    );
    if (changes.length === 0) continue;
    const open = s.worst === 'destructive' || s.worst === 'replace' ? ' open' : '';
    lines.push(
      '',
      `<details${open}><summary><b>${escape(scopeName(s))}</b>: ${changes.length} changes</summary>`,
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
