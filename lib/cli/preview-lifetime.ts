import { join, resolve } from 'node:path';
import { parseTimestamp } from '../platform/preview-labels';
import { listPreviews } from '../preview/preview-list';
import { prunePreviews } from '../preview/preview-prune';
import { type CommandIo, EXIT, type OptionSpec, type ParsedOptions, UsageError } from './command';
import { type Format, FORMATS } from './common-options';
import { reportPreviewList, reportPreviewPrune } from './preview-lifetime-report';

/** The options of `preview list` and `preview prune` (beside the common ones). */
export const PREVIEW_LIFETIME_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  now: {
    type: 'string',
    value: '<RFC 3339>',
    description:
      'preview list/prune: judge expiry at this instant instead of the clock (a dry run of a later prune)',
  },
  delete: {
    type: 'boolean',
    description:
      'preview prune: remove the expired previews’ folders (commit that, and Argo CD or Flux prune them) instead of printing kubectl commands',
  },
};

/** `gke-platform preview list`: every preview of `<out>/previews/`, with its expiry. */
export function previewList(
  options: ParsedOptions,
  args: readonly string[],
  io: CommandIo,
): number {
  noArguments('list', args);
  const now = nowOf(options.now);
  io.stdout(
    reportPreviewList(
      listPreviews(previewsFolder(options, io), now),
      now,
      formatOf(options.format),
    ),
  );
  return EXIT.ok;
}

/**
 * `gke-platform preview prune`: the expired previews of `<out>/previews/`, as a plan of
 * `kubectl delete namespace` commands or, with `--delete`, their folders removed. A folder
 * that cannot be read as a preview is reported and the exit code is 1 (the others are pruned).
 */
export function previewPrune(
  options: ParsedOptions,
  args: readonly string[],
  io: CommandIo,
): number {
  noArguments('prune', args);
  const result = prunePreviews(previewsFolder(options, io), nowOf(options.now), {
    mode: options.delete === true ? 'delete-folders' : 'plan',
  });
  io.stdout(reportPreviewPrune(result, formatOf(options.format)));
  return result.problems.length > 0 ? EXIT.error : EXIT.ok;
}

/** `<out>/previews`: `--out` (default `dist`) in the project folder, as `preview synth` writes. */
function previewsFolder(options: ParsedOptions, io: CommandIo): string {
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  return join(resolve(project, typeof options.out === 'string' ? options.out : 'dist'), 'previews');
}

function noArguments(action: string, args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`preview ${action} takes no argument '${args[0]}'`);
}

function nowOf(value: unknown): Date {
  if (value === undefined) return new Date();
  const now = parseTimestamp(value);
  if (now === undefined)
    throw new UsageError(
      `--now is ${JSON.stringify(value)}; give an RFC 3339 timestamp such as 2025-03-01T12:00:00Z`,
    );
  return now;
}

function formatOf(value: unknown): Format {
  if (value === undefined) return 'text';
  if (typeof value !== 'string' || !FORMATS.includes(value as Format))
    throw new UsageError(`--format is ${JSON.stringify(value)}; use ${FORMATS.join(', ')}`);
  return value as Format;
}
