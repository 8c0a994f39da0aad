import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { fail } from '../core/errors';
import type { RegisteredResource } from './cluster-resource';
import { OFFLINE_SECRET } from './cluster-record-mocks';
import { RECORD_JOB_ENV, type RecordJob } from './cluster-record-runner';

/** Where the stack to record is. */
export interface RecordStackOptions {
  /** The Pulumi project's folder (the one with Pulumi.yaml), built if its main is built. */
  readonly projectDir: string;
  readonly stack: string;
  /** Told what the recording could not know offline (secrets' values). */
  readonly warn?: (message: string) => void;
}

/**
 * Runs the project's Pulumi program for one stack offline, in a child process, and returns
 * the resources it registers: Pulumi's unit-test mocks stand in for the engine and the cloud,
 * so no Pulumi CLI, login or credentials are needed. The stack's configuration is read from
 * Pulumi.yaml and Pulumi.<stack>.yaml as the CLI would pass it; a secret (`secure:`) cannot be
 * decrypted offline and reads as a placeholder, the same in every version of the stack.
 * @see https://www.pulumi.com/docs/iac/guides/testing/unit/
 * @see https://www.pulumi.com/docs/iac/concepts/projects/project-file/
 */
export async function recordStackResources(
  options: RecordStackOptions,
): Promise<RegisteredResource[]> {
  const dir = resolve(options.projectDir);
  const project = readYaml(join(dir, 'Pulumi.yaml'), 'Pulumi.yaml') as ProjectFile;
  const where = `Pulumi project '${dir}'`;
  const runtime = typeof project.runtime === 'string' ? project.runtime : project.runtime?.name;
  if (runtime !== 'nodejs') {
    fail(where, 'runtime', `is '${String(runtime)}'`, 'plan a Node.js program (runtime: nodejs)');
  }
  const main = resolveMain(dir, project.main);
  if (!main) {
    fail(
      where,
      'main',
      `'${project.main ?? 'index.js'}' does not exist`,
      'build the program first (e.g. `npm run build`) or point main at its entry file',
    );
  }
  const stackFile = join(dir, `Pulumi.${options.stack}.yaml`);
  const stack = existsSync(stackFile) ? (readYaml(stackFile, stackFile) as StackFile) : {};
  const { config, secretKeys } = pulumiConfig(project, stack.config ?? {});
  if (secretKeys.length > 0) {
    options.warn?.(
      `stack '${options.stack}': ${secretKeys.join(', ')} ${secretKeys.length === 1 ? 'is a secret' : 'are secrets'}, planned with a placeholder (offline, secrets are not decrypted)`,
    );
  }
  const job: RecordJob = { main, project: project.name, stack: options.stack };
  const stdout = await runRunner(dir, {
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
    [RECORD_JOB_ENV]: JSON.stringify(job),
  }).catch((error: Error) =>
    fail(
      `Pulumi stack '${options.stack}' of ${dir}`,
      'main',
      `failed under offline mocks: ${error.message.trim()}`,
      'fix the program so that `pulumi preview` would run it',
    ),
  );
  return JSON.parse(stdout) as RegisteredResource[];
}

interface ProjectFile {
  readonly name: string;
  readonly runtime?: string | { readonly name?: string };
  readonly main?: string;
  readonly config?: Record<string, unknown>;
}

interface StackFile {
  readonly config?: Record<string, unknown>;
}

function readYaml(file: string, what: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(what, '(file)', `cannot be read: ${(error as Error).message}`, 'fix the YAML');
  }
}

/** The program's entry file: `main` (a file or a folder with package.json/index.js) or the project's. */
function resolveMain(dir: string, main = '.'): string | undefined {
  try {
    return require.resolve(resolve(dir, main));
  } catch {
    return undefined;
  }
}

/**
 * The configuration as the Pulumi CLI hands it to a Node.js program (PULUMI_CONFIG): keys
 * namespaced (`<project>:key` for a bare key), every value a string, objects as JSON; the
 * project file's values and defaults first, the stack's over them.
 * @see https://www.pulumi.com/docs/iac/concepts/config/
 */
export function pulumiConfig(
  project: ProjectFile,
  stackConfig: Record<string, unknown>,
): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const key = (k: string) => (k.includes(':') ? k : `${project.name}:${k}`);
  for (const [k, declared] of Object.entries(project.config ?? {})) {
    const value =
      typeof declared === 'object' && declared !== null && !Array.isArray(declared)
        ? ((declared as { value?: unknown; default?: unknown }).value ??
          (declared as { default?: unknown }).default)
        : declared;
    if (value !== undefined) config[key(k)] = asString(value);
  }
  for (const [k, value] of Object.entries(stackConfig)) {
    if (typeof value === 'object' && value !== null && 'secure' in value) {
      config[key(k)] = OFFLINE_SECRET;
      secretKeys.push(key(k));
    } else {
      config[key(k)] = asString(value);
    }
  }
  return { config, secretKeys };
}

const asString = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Runs the runner script in a child process. From the built package it is the compiled
 * cluster-record-runner.js beside this file; from the TypeScript sources (this repository's
 * tests) the child compiles the runner and its imports with TypeScript as it loads them.
 */
function runRunner(cwd: string, env: Record<string, string>): Promise<string> {
  const built = join(__dirname, 'cluster-record-runner.js');
  const args = existsSync(built)
    ? [built]
    : ['-e', fromSources(join(__dirname, 'cluster-record-runner.ts'))];
  return new Promise((done, failed) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? failed(new Error(stderr || error.message)) : done(stdout),
    );
  });
}

function fromSources(runner: string): string {
  return `
const ts = require(require.resolve('typescript', { paths: [${JSON.stringify(__dirname)}] }));
const fs = require('node:fs');
require.extensions['.ts'] = (module, file) => module._compile(
  ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText,
  file,
);
require(${JSON.stringify(runner)});
`;
}
