import type { ReleaseChange } from '../release/release-change';
import type { ReleaseEntry } from '../release/release-history';
import type { Format } from './common-options';

/** What a release command changed, in `format`; `action` says what was done (`set`). */
export function reportReleaseChanges(
  action: string,
  changes: readonly ReleaseChange[],
  format: Format,
): string {
  if (format === 'json') return `${JSON.stringify({ action, changes }, null, 2)}\n`;
  if (changes.length === 0) return `release ${action}: no change\n`;
  if (format === 'markdown') {
    return [
      `**release ${action}**`,
      '',
      '| environment | workload | from | to |',
      '| --- | --- | --- | --- |',
      ...changes.map(
        (c) =>
          `| ${c.environment} | ${c.workload} | ${c.from ? `\`${c.from}\`` : '—'} | ${c.to ? `\`${c.to}\`` : '(removed)'} |`,
      ),
      '',
    ].join('\n');
  }
  return `${changes.map((c) => `${c.environment} ${c.workload}: ${c.from ?? '(none)'} -> ${c.to ?? '(removed)'}`).join('\n')}\n`;
}

/** The history of a release file, newest first, in `format`. */
export function reportReleaseHistory(
  environment: string,
  entries: readonly ReleaseEntry[],
  format: Format,
): string {
  if (format === 'json') return `${JSON.stringify({ environment, entries }, null, 2)}\n`;
  if (entries.length === 0) return `release history ${environment}: no commit records a release\n`;
  const blocks = entries.map((entry) => {
    const head = `${entry.date} ${entry.commit.slice(0, 12)} ${entry.subject}`;
    const lines = entry.changes.map(
      (c) => `${c.workload}: ${c.from ?? '(none)'} -> ${c.to ?? '(removed)'}`,
    );
    return format === 'markdown'
      ? [`- ${head}`, ...lines.map((l) => `  - \`${l}\``)].join('\n')
      : [head, ...lines.map((l) => `  ${l}`)].join('\n');
  });
  return `${blocks.join(format === 'markdown' ? '\n' : '\n\n')}\n`;
}
