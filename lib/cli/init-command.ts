import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isDns1123Label } from '../core/apimachinery';
import { fail } from '../core/errors';
import { checkDnsLabel } from '../core/naming';
import { isRegionName } from '../platform/gcp-locations';
import { checkProjectId } from '../platform/project-id';
import { type Command, type CommandIo, EXIT, type ParsedOptions } from './command';
import { renderProject, type TemplateValues } from './project-template';

const WHERE = 'gke-platform init';

/** An Artifact Registry location: a multi-region ('europe') or a region ('europe-west1'). */
const REGISTRY_LOCATION = /^[a-z]+(-[a-z]+[0-9]+)?$/;

/** `gke-platform init`: a new project whose install, synth and tests work at once. */
export const initCommand: Command = {
  name: 'init',
  summary:
    'Start a new project: the platform, a web service, the Pulumi program and a stack per environment, tests and CI.',
  details: [
    'Writes into <folder> (default: the current folder), which must be empty or not exist: package.json, tsconfig.json, cdk8s.yaml, src/platform.ts (the definition), src/main.ts (a WebService behind a WebEntrypoint), src/synth.ts, src/infra.ts (the Pulumi program, which reads its stack with stackArgs from gke-platform/infra), Pulumi.yaml and Pulumi.<environment>.yaml, test/main.test.ts, .github/workflows/ci.yaml, .gitignore and a README. Then `npm install && npm run synth` writes dist/<environment>/ and `npm test` tests it.',
    'The GCP project IDs (<name>-<environment>), the hosts and the authorized networks are placeholders to replace. (`npm create gke-platform` would need a package create-gke-platform, which is not published: use `npx gke-platform init`.)',
  ],
  options: {
    name: {
      type: 'string',
      value: '<platform>',
      description:
        "the platform's name, a DNS label of at most 30 characters (default: the folder's name)",
    },
    environments: {
      type: 'string',
      value: '<env,env>',
      description: 'the environments, comma-separated (default: dev,prod)',
    },
    region: {
      type: 'string',
      value: '<region>',
      description: 'the GCP region of the clusters (default: europe-west1)',
    },
    registry: {
      type: 'string',
      value: '<location>/<project>/<repository>',
      description:
        'the Artifact Registry repository of the images (default: <region>/<name>-artifacts/<name>)',
    },
  },
  positionals: '[folder]',
  examples: [
    'npx gke-platform init shop',
    'npx gke-platform init shop --environments dev,staging,prod --region us-central1',
  ],
  run: (options, positionals, io) => init(options, positionals, io),
};

function init(options: ParsedOptions, positionals: readonly string[], io: CommandIo): number {
  if (positionals.length > 1) {
    fail(WHERE, '<folder>', `is given ${positionals.length} times`, 'name one folder');
  }
  const folder = resolve(io.cwd, positionals[0] ?? '.');
  const values = projectValues(options, folder);
  checkEmpty(folder);
  const files = renderProject(values);
  for (const [path, content] of files) {
    const file = join(folder, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const cd = relative(io.cwd, folder);
  io.stdout(
    `Created the platform '${values.name}' (${values.environments.join(', ')}) in ${folder}/, ${files.size} files. Next:\n` +
      (cd ? `  cd ${cd}\n` : '') +
      '  npm install && npm run synth\n  npm test\n',
  );
  return EXIT.ok;
}

/** The options, checked, with their defaults. */
function projectValues(options: ParsedOptions, folder: string): TemplateValues {
  const name = typeof options.name === 'string' ? options.name : folderName(folder);
  checkDnsLabel(WHERE, '--name', name, 30);
  const environments = (
    typeof options.environments === 'string' ? options.environments : 'dev,prod'
  )
    .split(',')
    .map((e) => e.trim());
  for (const env of environments) checkDnsLabel(WHERE, '--environments', env, 20);
  const repeated = environments.find((e, i) => environments.indexOf(e) !== i);
  if (repeated !== undefined) {
    fail(WHERE, '--environments', `names '${repeated}' twice`, 'name each environment once');
  }
  const region = typeof options.region === 'string' ? options.region : 'europe-west1';
  if (!isRegionName(region)) {
    fail(
      WHERE,
      '--region',
      `is '${region}', which is not a GCP region`,
      "use one such as 'europe-west1' or 'us-central1'",
    );
  }
  const registry =
    typeof options.registry === 'string'
      ? parseRegistry(options.registry)
      : { location: region, project: placeholderProject(name, 'artifacts'), repository: name };
  const projects = Object.fromEntries(environments.map((e) => [e, placeholderProject(name, e)]));
  return { name, environments, region, registry, projects };
}

function parseRegistry(value: string): TemplateValues['registry'] {
  const parts = value.split('/');
  if (parts.length !== 3 || !REGISTRY_LOCATION.test(parts[0])) {
    fail(
      WHERE,
      '--registry',
      `is '${value}', which is not <location>/<project>/<repository>`,
      "write it as in the image names, without '-docker.pkg.dev': e.g. 'europe/shop-artifacts/shop'",
    );
  }
  const [location, project, repository] = parts;
  checkProjectId(WHERE, '--registry', project);
  checkDnsLabel(WHERE, '--registry', repository);
  return { location, project, repository };
}

/**
 * A GCP project ID to start with, `<name>-<suffix>` where that is one (6-30 characters,
 * starting with a letter); the user replaces it with the real one.
 */
function placeholderProject(name: string, suffix: string): string {
  let id = `${name}-${suffix}`;
  if (!/^[a-z]/.test(id)) id = `p-${id}`;
  if (id.length < 6) id = `${id}-gcp`;
  return id.slice(0, 30).replace(/-+$/, '');
}

/** The folder's name as the platform's name, which must then be a DNS label. */
function folderName(folder: string): string {
  const name = basename(folder);
  if (isDns1123Label(name).length > 0 || name.length > 30) {
    fail(
      WHERE,
      '<folder>',
      `is named '${name}', which is not a platform name (a DNS label of at most 30 characters)`,
      'pass the name with --name, e.g. --name my-platform',
    );
  }
  return name;
}

/** Refuses a folder with anything in it but a `.git` (a `git init` first is fine). */
function checkEmpty(folder: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      fail(WHERE, '<folder>', `'${folder}' is a file`, 'name a new or empty folder');
    }
    throw error;
  }
  const present = entries.filter((e) => e !== '.git');
  if (present.length > 0) {
    fail(
      WHERE,
      '<folder>',
      `'${folder}' is not empty (it has ${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''})`,
      'name a new or empty folder, e.g. `npx gke-platform init my-platform`',
    );
  }
}
