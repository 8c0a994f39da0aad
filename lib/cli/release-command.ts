import { join, resolve } from 'node:path';
import { type ReleaseChange } from '../release/release-change';
import { checkRecord } from '../release/release-file';
import { previousImages, releaseHistory } from '../release/release-history';
import { checkEnvironmentName, readImages, recordImages } from '../release/release-store';
import { fail } from '../core/errors';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { type Format, FORMATS } from './common-options';
import { reportReleaseChanges, reportReleaseHistory } from './release-report';

/** `gke-platform release`. */
export const releaseCommand: Command = {
  name: 'release',
  summary:
    'Record, promote and roll back the image each workload runs in each environment (releases/<environment>.yaml).',
  details: [
    "A workload whose code names only its repository (`image: { repository: '…' }`) runs the image its environment's release file records, one line per workload: `web: europe-docker.pkg.dev/p/r/web@sha256:…`. The files are committed beside the code; the synth reads them, and their git log is the history of what ran where.",
    'release set <env> <workload>=<image> [...]: records images (a CI step after the push). release promote <from> <to> [workload...]: copies exactly what runs in <from> (every workload, or those named) to <to>. release history <env>: each commit of the file, with what it changed. release rollback <env> [workload...]: each workload (every one, or those named) back to the newest committed version that records another image.',
    'Each command prints what changed; set, promote and rollback write the file and leave the commit to you.',
  ],
  options: {
    releases: {
      type: 'string',
      value: '<folder>',
      description: 'the folder of the release files (default: releases/ in the project folder)',
    },
  },
  positionals: '<set|promote|history|rollback> <arguments...>',
  examples: [
    'npx gke-platform release set dev web=europe-docker.pkg.dev/shop-artifacts/shop/web@sha256:…',
    'npx gke-platform release promote dev prod web',
    'npx gke-platform release history prod',
    'npx gke-platform release rollback prod web',
  ],
  run: (options, positionals, io) => release(options, positionals, io),
};

function release(options: ParsedOptions, positionals: readonly string[], io: CommandIo): number {
  const format = formatOf(options.format);
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  const folder =
    typeof options.releases === 'string'
      ? resolve(io.cwd, options.releases)
      : join(project, 'releases');
  const [action, ...args] = positionals;
  const changed = (changes: readonly ReleaseChange[]) => {
    io.stdout(reportReleaseChanges(action, changes, format));
    return EXIT.ok;
  };
  switch (action) {
    case 'set': {
      const [environment, ...assignments] = need(args, 2, 'release set <env> <workload>=<image>');
      checkEnvironmentName(environment);
      const images = new Map(assignments.map((a) => assignment(a)));
      return changed(recordImages(folder, environment, images));
    }
    case 'promote': {
      const [from, to, ...workloads] = need(args, 2, 'release promote <from> <to> [workload...]');
      checkEnvironmentName(from);
      const source = readImages(folder, from);
      const names = workloads.length > 0 ? workloads : [...source.keys()];
      const images = new Map(
        names.map((workload) => {
          const image = source.get(workload);
          if (image === undefined) {
            fail(
              'gke-platform release promote',
              workload,
              `has no recorded version in ${from}`,
              `record one first: gke-platform release set ${from} ${workload}=<image>`,
            );
          }
          return [workload, image];
        }),
      );
      return changed(recordImages(folder, to, images));
    }
    case 'history': {
      const [environment] = need(args, 1, 'release history <env>');
      checkEnvironmentName(environment);
      io.stdout(
        reportReleaseHistory(environment, releaseHistory(project, folder, environment), format),
      );
      return EXIT.ok;
    }
    case 'rollback': {
      const [environment, ...workloads] = need(args, 1, 'release rollback <env> [workload...]');
      checkEnvironmentName(environment);
      const current = readImages(folder, environment);
      const names = workloads.length > 0 ? workloads : [...current.keys()];
      const previous = previousImages(project, folder, environment, current, names);
      return changed(recordImages(folder, environment, previous));
    }
    default:
      throw new UsageError(
        action === undefined
          ? 'release needs an action: set, promote, history or rollback'
          : `unknown release action '${action}'; the actions are set, promote, history, rollback`,
      );
  }
}

/** `args`, or a UsageError when it has fewer than `count`. */
function need(args: readonly string[], count: number, usage: string): string[] {
  if (args.length < count) throw new UsageError(`usage: gke-platform ${usage}`);
  return [...args];
}

/** `<workload>=<image>`, checked as the release file's reader checks a line. */
function assignment(argument: string): [string, string] {
  const at = argument.indexOf('=');
  if (at <= 0) throw new UsageError(`'${argument}' is not <workload>=<image>`);
  const [workload, image] = [argument.slice(0, at), argument.slice(at + 1)];
  checkRecord(`gke-platform release set '${argument}'`, workload, image);
  return [workload, image];
}

function formatOf(value: unknown): Format {
  if (value === undefined) return 'text';
  if (typeof value !== 'string' || !FORMATS.includes(value as Format)) {
    throw new UsageError(`--format is ${JSON.stringify(value)}; use ${FORMATS.join(', ')}`);
  }
  return value as Format;
}
