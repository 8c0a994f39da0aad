import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fail } from '../core/errors';

/** The `app` command of `<project>/cdk8s.yaml`, as the cdk8s CLI reads it. */
export function appCommand(project: string): string {
  const file = join(project, 'cdk8s.yaml');
  const where = `gke-platform '${project}'`;
  if (!existsSync(file)) {
    fail(
      where,
      'cdk8s.yaml',
      'is missing: gke-platform runs the app that cdk8s.yaml names, as `cdk8s synth` does',
      'run it in the project folder (or pass --project <folder>), or add a cdk8s.yaml with `app: node build/main.js`',
    );
  }
  let config: unknown;
  try {
    config = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(where, 'cdk8s.yaml', `is not valid YAML: ${(error as Error).message}`, 'fix the file');
  }
  const app = (config as { app?: unknown } | null)?.app;
  if (typeof app !== 'string' || app.trim() === '') {
    fail(
      where,
      'cdk8s.yaml app',
      'is missing',
      'name the command that synthesizes, e.g. `app: node build/main.js`',
    );
  }
  return app;
}

/**
 * Runs the project's app the way the cdk8s CLI does (cdk8s-cli `synthApp`): its `app` command
 * in a shell, in the project folder, with `CDK8S_OUTDIR` naming the folder to write. The app
 * writes `<outdir>/<environment>/manifests.yaml` (writeManifests) or plain cdk8s output.
 */
export function runApp(project: string, outdir: string, env: NodeJS.ProcessEnv): void {
  const app = appCommand(project);
  const run = spawnSync(app, {
    cwd: project,
    shell: true,
    env: { ...env, CDK8S_OUTDIR: outdir },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    const output = lastLines(`${run.stderr ?? ''}${run.stdout ?? ''}`);
    fail(
      `gke-platform '${project}'`,
      'cdk8s.yaml app',
      `\`${app}\` failed (exit ${run.status ?? run.signal}):\n${output}`,
      'fix the synth (run the app yourself to see the whole output)',
    );
  }
}

/**
 * Runs `npm run --if-present build` in `folder` (a project without package.json has nothing to
 * build), failing with its output.
 */
export function runBuild(folder: string, env: NodeJS.ProcessEnv, where: string): void {
  if (!existsSync(join(folder, 'package.json'))) return;
  const run = spawnSync('npm', ['run', '--if-present', 'build'], {
    cwd: folder,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    const output = lastLines(`${run.stdout ?? ''}${run.stderr ?? ''}`);
    fail(
      where,
      'npm run build',
      `failed (exit ${run.status ?? run.signal}):\n${output}`,
      'fix the build',
    );
  }
}

/** The last 20 lines of a failed command's output: where its error is. */
function lastLines(output: string): string {
  return output.trim().split('\n').slice(-20).join('\n');
}
