import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fail } from '../core/errors';
import { checkPreviewName } from '../platform/previews';
import { PREVIEW_VARIABLE, PREVIEWS_FOLDER } from '../output/synthesize';
import { EXPIRES_ANNOTATION } from '../platform/preview-labels';
import { MANIFEST_FILE } from '../output/write-manifests';
import { type Command, type CommandIo, EXIT, type ParsedOptions, UsageError } from './command';
import { type Format, FORMATS } from './common-options';
import { PREVIEW_LIFETIME_OPTIONS, previewList, previewPrune } from './preview-lifetime';
import { runApp } from './project-app';

/** What `preview synth` wrote, as it prints it. */
export interface PreviewSynthReport {
  readonly preview: string;
  /** The folder written, relative to the working directory. */
  readonly folder: string;
  readonly namespace: string;
  /** The hosts the preview's HTTPRoutes serve. */
  readonly hosts: readonly string[];
  readonly objects: number;
  /** The Namespace's `gke-platform/expires`. */
  readonly expires: string;
}

/** `gke-platform preview`. */
export const previewCommand: Command = {
  name: 'preview',
  summary:
    "Synthesize a preview environment: the base environment's workloads in a namespace of their own, behind the shared preview Gateway (dist/previews/<name>/).",
  details: [
    "preview synth <name>: runs the app of cdk8s.yaml with GKE_PLATFORM_PREVIEW=<name> (synthesizePlatform then synthesizes only that preview of the platform's `previews.from` environment) into a temporary folder, and replaces <out>/previews/<name>/ with what it wrote, in one step: a failing synth leaves the previous folder as it was. <name> is a developer's name or a pull request (`pr-123`): a DNS label of at most 20 characters that is not an environment's name.",
    "A preview runs the images of releases/previews/<name>.yaml, and for every workload that file does not record those of the base environment's release file: `gke-platform release set --preview <name> web=<image>` records the branch's image.",
    'Apply the folder with `kubectl apply -f dist/previews/<name>`; delete it with `kubectl delete -f dist/previews/<name>`.',
    "preview list: every preview of <out>/previews/ with its expiry (the Namespace's gke-platform/expires). preview prune: the expired ones, as `kubectl delete namespace` commands (pipe them to sh), or with --delete their folders removed (commit that, and Argo CD or Flux prune them). A folder that is not a readable preview is reported, never removed, and makes prune exit 1.",
  ],
  options: {
    out: {
      type: 'string',
      value: '<folder>',
      description:
        'the synth output folder that holds previews/ (default: dist in the project folder)',
    },
    ...PREVIEW_LIFETIME_OPTIONS,
  },
  positionals: '<synth <name>|list|prune>',
  examples: [
    'npx gke-platform preview synth pr-123',
    'npx gke-platform preview synth alice --format json',
    'npx gke-platform preview list',
    'npx gke-platform preview prune | sh',
  ],
  run: (options, positionals, io) => preview(options, positionals, io),
};

function preview(options: ParsedOptions, positionals: readonly string[], io: CommandIo): number {
  const [action, name, ...extra] = positionals;
  if (action === 'list') return previewList(options, positionals.slice(1), io);
  if (action === 'prune') return previewPrune(options, positionals.slice(1), io);
  if (action !== 'synth')
    throw new UsageError(
      action === undefined
        ? 'preview needs an action: synth, list or prune'
        : `unknown preview action '${action}'; the actions are synth, list, prune`,
    );
  const format = formatOf(options.format);
  if (name === undefined) throw new UsageError('usage: gke-platform preview synth <name>');
  if (extra.length > 0) throw new UsageError(`'preview synth' takes one name, not '${extra[0]}'`);
  // The environments' names are checked by the synth, which knows them.
  checkPreviewName('gke-platform preview synth', name, []);
  const project = resolve(io.cwd, typeof options.project === 'string' ? options.project : '.');
  if (!existsSync(project) || !statSync(project).isDirectory())
    fail(
      'gke-platform preview',
      '--project',
      `'${project}' is not a folder`,
      'name the folder that holds cdk8s.yaml',
    );
  const out = resolve(project, typeof options.out === 'string' ? options.out : 'dist');
  const report = synthesizeInto(project, out, name, io);
  io.stdout(formatReport({ ...report, folder: relative(io.cwd, report.folder) || '.' }, format));
  return EXIT.ok;
}

/** Runs the app for preview `name` and puts its folder in place under `out`. */
function synthesizeInto(
  project: string,
  out: string,
  name: string,
  io: CommandIo,
): PreviewSynthReport {
  const temporary = mkdtempSync(join(tmpdir(), 'gke-platform-preview-'));
  try {
    runApp(project, temporary, { ...io.env, [PREVIEW_VARIABLE]: name });
    const written = join(temporary, PREVIEWS_FOLDER, name);
    if (!existsSync(join(written, MANIFEST_FILE)))
      fail(
        'gke-platform preview synth',
        'cdk8s.yaml app',
        `wrote no ${PREVIEWS_FOLDER}/${name}/${MANIFEST_FILE}`,
        'synthesize with synthesizePlatform() and write with writeManifests(manifests, process.env.CDK8S_OUTDIR ?? "dist"), which write a preview when GKE_PLATFORM_PREVIEW is set',
      );
    const report = describe(name, join(out, PREVIEWS_FOLDER, name), written);
    replaceFolder(written, join(out, PREVIEWS_FOLDER), name);
    return report;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * Puts `source` in place as `<parent>/<name>`: copied beside it first, then renamed over it
 * (the old folder is moved aside and removed), so that the folder is old or new as a whole.
 */
function replaceFolder(source: string, parent: string, name: string): void {
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.gke-platform.preview-${name}.${process.pid}.tmp`);
  const old = join(parent, `.gke-platform.preview-${name}-old.${process.pid}.tmp`);
  const target = join(parent, name);
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(source, staging, { recursive: true });
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/** What the preview's manifests hold: its namespace, hosts, object count and expiry. */
function describe(name: string, folder: string, written: string): PreviewSynthReport {
  const objects = parseAllDocuments(readFileSync(join(written, MANIFEST_FILE), 'utf8'))
    .map((doc) => doc.toJS() as PreviewObject | null)
    .filter((o): o is PreviewObject => o !== null && typeof o === 'object');
  const namespace = objects.find((o) => o.kind === 'Namespace');
  const hosts = objects
    .filter((o) => o.kind === 'HTTPRoute')
    .flatMap((o) => o.spec?.hostnames ?? []);
  return {
    preview: name,
    folder,
    namespace: namespace?.metadata?.name ?? '',
    hosts: [...new Set(hosts)],
    objects: objects.length,
    expires: namespace?.metadata?.annotations?.[EXPIRES_ANNOTATION] ?? '',
  };
}

interface PreviewObject {
  readonly kind?: string;
  readonly metadata?: { name?: string; annotations?: Record<string, string> };
  readonly spec?: { hostnames?: string[] };
}

/** The report in `format`. */
export function formatReport(report: PreviewSynthReport, format: Format): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const hosts = report.hosts.map((h) => `https://${h}/`).join(', ') || 'none';
  if (format === 'markdown')
    return [
      `### Preview \`${report.preview}\``,
      '',
      `| | |`,
      `| --- | --- |`,
      `| folder | \`${report.folder}\` |`,
      `| namespace | \`${report.namespace}\` |`,
      `| hosts | ${hosts} |`,
      `| objects | ${report.objects} |`,
      `| expires | ${report.expires} |`,
      '',
    ].join('\n');
  return [
    `Preview '${report.preview}' written to ${report.folder}/`,
    `  namespace  ${report.namespace}`,
    `  hosts      ${hosts}`,
    `  objects    ${report.objects}`,
    `  expires    ${report.expires}`,
    `Apply it: kubectl apply -f ${report.folder}`,
    '',
  ].join('\n');
}

function formatOf(value: unknown): Format {
  if (value === undefined) return 'text';
  if (typeof value !== 'string' || !FORMATS.includes(value as Format)) {
    throw new UsageError(`--format is ${JSON.stringify(value)}; use ${FORMATS.join(', ')}`);
  }
  return value as Format;
}
