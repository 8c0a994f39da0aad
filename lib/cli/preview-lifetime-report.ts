import type { ListedPreview } from '../preview/preview-list';
import type { PruneResult } from '../preview/preview-prune';
import type { Format } from './common-options';

/** Why the plan deletes namespaces only, printed with it. */
const NAMESPACE_NOTE =
  'Deleting a namespace deletes every namespaced object in it; --wait=false returns while the namespace controller finishes.';

/** A preview's state in one word: expired, live or a problem. */
function stateOf(preview: ListedPreview): string {
  if (preview.problem !== undefined) return 'unreadable';
  return preview.expired ? 'expired' : 'live';
}

/** The previews of `dist/previews/` at `now`, in `format`. */
export function reportPreviewList(
  previews: readonly ListedPreview[],
  now: Date,
  format: Format,
): string {
  if (format === 'json')
    return `${JSON.stringify({ now: now.toISOString(), previews }, null, 2)}\n`;
  if (previews.length === 0) return 'preview list: no previews\n';
  if (format === 'markdown') {
    return [
      `**previews** at ${now.toISOString()}`,
      '',
      '| preview | namespace | expires | state |',
      '| --- | --- | --- | --- |',
      ...previews.map(
        (p) =>
          `| ${p.name} | ${p.namespace ?? '—'} | ${p.expires ?? '—'} | ${stateOf(p)}${p.problem ? `: ${p.problem}` : ''} |`,
      ),
      '',
    ].join('\n');
  }
  const lines = previews.map((p) =>
    p.problem === undefined
      ? `${p.name} ${p.namespace} expires ${p.expires} (${stateOf(p)})`
      : `${p.name}: ${p.folder} ${p.problem}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * What `preview prune` found and did, in `format`. The text of a plan is a shell script (the
 * commands, everything else a `#` comment), so that it can be piped to `sh`.
 */
export function reportPreviewPrune(result: PruneResult, format: Format): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const problems = result.problems.map((p) => `${p.name}: ${p.folder} ${p.problem}; not pruned`);
  const kept = `${result.kept.length} not expired`;
  if (format === 'markdown') {
    const done =
      result.mode === 'plan'
        ? result.commands.length === 0
          ? []
          : ['```sh', ...result.commands, '```', '', NAMESPACE_NOTE]
        : result.removedFolders.map((f) => `- removed \`${f}\``);
    return [
      `**preview prune** at ${result.now}: ${result.expired.length} expired, ${kept}`,
      '',
      ...done,
      ...(problems.length > 0 ? ['', ...problems.map((p) => `- ${p}`)] : []),
      '',
    ].join('\n');
  }
  const comment = (line: string) => `# ${line}`;
  const head = comment(`preview prune at ${result.now}: ${result.expired.length} expired, ${kept}`);
  const done =
    result.mode === 'plan'
      ? [...(result.commands.length > 0 ? [comment(NAMESPACE_NOTE)] : []), ...result.commands]
      : result.removedFolders.map((f) => comment(`removed ${f}`));
  return `${[head, ...done, ...problems.map(comment)].join('\n')}\n`;
}
