import { join, resolve } from 'node:path';
import { type ReleaseChange } from '../release/release-change';
import { checkRecord } from '../release/release-file';
import { previousImages, releaseHistory } from '../release/release-history';
import { checkEnvironmentName, readRecords, writeRecords } from '../release/release-store';
import {
  canaryChanges,
  releaseKey,
  servedWorkloads,
  servingImage,
  switchChanges,
} from '../release/track-records';
import { fail } from '../core/errors';
import { PREVIEWS_FOLDER } from '../output/synthesize';
import { checkPreviewName } from '../platform/previews';
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
    'release set <env> <workload>=<image> [...]: records images (a CI step after the push). release promote <from> <to> [workload...]: copies exactly what serves in <from> (every workload, or those named) to <to>. release history <env>: each commit of the file, with what it changed. release rollback <env> [workload...]: each workload (every one, or those named) back to the newest committed version that records another image.',
    'release canary <env> <workload>=<image> --weight N: starts (or replaces) a canary of a WebService beside its stable version, with N% of the requests (`web.canary` and `web.canary-weight` lines). release canary <env> <workload> --weight N moves the weight; --promote makes the canary the stable version and removes it; --abort removes it.',
    "Blue-green: a WebService with 'blueGreen' runs two colours, recorded as `web.blue`, `web.green` and `web.active`. set and promote write the idle colour; release switch <env> <workload> [blue|green] makes it the active one, and switching back is the instant rollback.",
    'Each command prints what changed; set, promote and rollback write the file and leave the commit to you.',
  ],
  options: {
    weight: {
      type: 'string',
      value: '<0-100>',
      description: "release canary: the canary's percentage of the requests",
    },
    promote: {
      type: 'boolean',
      description: 'release canary: make the canary the stable version and remove it',
    },
    abort: { type: 'boolean', description: 'release canary: remove the canary' },
    preview: {
      type: 'string',
      value: '<name>',
      description:
        "release set: record the images of a preview (releases/previews/<name>.yaml), which runs the base environment's for the others",
    },
    releases: {
      type: 'string',
      value: '<folder>',
      description: 'the folder of the release files (default: releases/ in the project folder)',
    },
  },
  positionals: '<set|promote|canary|switch|history|rollback> <arguments...>',
  examples: [
    'npx gke-platform release set dev web=europe-docker.pkg.dev/shop-artifacts/shop/web@sha256:…',
    'npx gke-platform release set --preview pr-123 web=europe-docker.pkg.dev/shop-artifacts/shop/web@sha256:…',
    'npx gke-platform release promote dev prod web',
    'npx gke-platform release canary prod web=europe-docker.pkg.dev/shop-artifacts/shop/web@sha256:… --weight 10',
    'npx gke-platform release switch prod web',
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
  if (options.preview !== undefined && action !== 'set')
    throw new UsageError(`--preview is for release set only, not release ${action ?? ''}`.trim());
  switch (action) {
    case 'set': {
      // A preview's file is releases/previews/<name>.yaml (synthesizePlatform's `preview`).
      const preview = typeof options.preview === 'string' ? options.preview : undefined;
      if (preview !== undefined) checkPreviewName('gke-platform release --preview', preview, []);
      const [environment, ...assignments] =
        preview === undefined
          ? need(args, 2, 'release set <env> <workload>=<image>')
          : [preview, ...need(args, 1, 'release set --preview <name> <workload>=<image>')];
      if (preview === undefined) checkEnvironmentName(environment);
      const at = preview === undefined ? folder : join(folder, PREVIEWS_FOLDER);
      const records = readRecords(at, environment);
      const changes = new Map(
        assignments.map((a) => {
          const [key, value] = assignment(a);
          return [releaseKey(records, key), value];
        }),
      );
      return changed(writeRecords(at, environment, changes));
    }
    case 'promote': {
      const [from, to, ...workloads] = need(args, 2, 'release promote <from> <to> [workload...]');
      checkEnvironmentName(from);
      checkEnvironmentName(to);
      const source = readRecords(folder, from);
      const target = readRecords(folder, to);
      const names = workloads.length > 0 ? workloads : servedWorkloads(source);
      const changes = new Map(
        names.map((workload) => {
          const image = servingImage(source, workload);
          if (image === undefined) {
            fail(
              'gke-platform release promote',
              workload,
              `has no recorded version in ${from}`,
              `record one first: gke-platform release set ${from} ${workload}=<image>`,
            );
          }
          return [releaseKey(target, workload), image];
        }),
      );
      return changed(writeRecords(folder, to, changes));
    }
    case 'canary': {
      const [environment, target] = need(args, 2, 'release canary <env> <workload>[=<image>]');
      checkEnvironmentName(environment);
      const at = target.indexOf('=');
      const workload = at < 0 ? target : target.slice(0, at);
      const changes = canaryChanges(readRecords(folder, environment), environment, workload, {
        image: at < 0 ? undefined : target.slice(at + 1),
        weight: typeof options.weight === 'string' ? options.weight : undefined,
        promote: options.promote === true,
        abort: options.abort === true,
      });
      return changed(writeRecords(folder, environment, changes));
    }
    case 'switch': {
      const [environment, workload, colour] = need(
        args,
        2,
        'release switch <env> <workload> [blue|green]',
      );
      checkEnvironmentName(environment);
      const records = readRecords(folder, environment);
      return changed(
        writeRecords(folder, environment, switchChanges(records, environment, workload, colour)),
      );
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
      const current = readRecords(folder, environment);
      // A blue-green pair rolls back by its active colour: the instant switch back.
      const keys = (workloads.length > 0 ? workloads : servedWorkloads(current)).map((w) =>
        current.has(`${w}.active`) ? `${w}.active` : w,
      );
      const previous = previousImages(project, folder, environment, current, keys);
      return changed(writeRecords(folder, environment, previous));
    }
    default:
      throw new UsageError(
        action === undefined
          ? 'release needs an action: set, promote, canary, switch, history or rollback'
          : `unknown release action '${action}'; the actions are set, promote, canary, switch, history, rollback`,
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
