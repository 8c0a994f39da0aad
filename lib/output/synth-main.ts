import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fail, PlatformError } from '../core/errors';
import type { Platform } from '../platform/platform';
import type { EnvironmentChart } from '../workloads/chart/environment-chart';
import {
  type EnvironmentManifests,
  type SynthesizeOptions,
  synthesizePlatform,
} from './synthesize';
import { MANIFEST_FILE, toManifestFile, writeManifests } from './write-manifests';

/** Options of {@link synthMain}. */
export interface SynthMainOptions<E extends string> extends SynthesizeOptions<E> {
  /**
   * The output folder.
   * @default the environment variable `CDK8S_OUTDIR` (which the cdk8s CLI sets to its output
   * folder), else `dist`
   */
  readonly outdir?: string;
}

/**
 * The whole program of a project's synth (`npm run synth`, `cdk8s synth`, `cdk8s synth
 * --stdout`): synthesizes every environment, writes `<outdir>/<environment>/` (see
 * {@link writeManifests}), or under `cdk8s synth --stdout` one file the CLI prints as it is,
 * and says what it wrote. A {@link PlatformError} is printed to stderr with the exit code 1,
 * and the previous output is left untouched.
 *
 * @example
 * // main.ts, the `app` of cdk8s.yaml
 * synthMain(platform, (chart) => {
 *   new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
 * });
 */
export function synthMain<E extends string>(
  platform: Platform<E>,
  define: (chart: EnvironmentChart<E>) => void,
  options: SynthMainOptions<E> = {},
): void {
  const outdir = options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
  try {
    const started = process.hrtime.bigint();
    const manifests = synthesizePlatform(platform, define, options);
    if (isCdk8sStdoutFolder(outdir)) writeOneStream(manifests, outdir);
    else writeManifests(manifests, outdir);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const counts = manifests
      .map(
        (m) =>
          `${m.cluster ? `${m.environment}/${m.cluster}` : m.environment} (${m.objects.length} objects)`,
      )
      .join(', ');
    console.log(`Synthesized ${counts} into ${outdir}/ in ${ms.toFixed(0)} ms`);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(
      `synth failed, ${outdir}/ left as it was:\n  ${error.message.replace(/\n/g, '\n  ')}`,
    );
    process.exitCode = 1;
  }
}

/**
 * Whether the app runs under `cdk8s synth --stdout`. The CLI (cdk8s-cli lib/cli/cmds/synth.js
 * and lib/util.js `synthApp`) then points CDK8S_OUTDIR at a fresh `mkdtemp(tmpdir()/cdk8s-)`
 * folder and afterwards pipes every `.yaml` file it finds there to its output, all at once
 * (one `createReadStream(f).pipe(process.stdout)` per file): files longer than one 64 KiB read
 * interleave mid-document, and files come out in the order their reads finish. Under a plain
 * `cdk8s synth` the CLI has deleted the folder before running the app, so it does not exist.
 */
function isCdk8sStdoutFolder(outdir: string): boolean {
  const folder = resolve(outdir);
  if (dirname(folder) !== resolve(tmpdir()) || !/^cdk8s-[A-Za-z0-9]{6}$/.test(basename(folder))) {
    return false;
  }
  try {
    return readdirSync(folder).length === 0;
  } catch {
    return false;
  }
}

/**
 * One file with every environment, in order: each environment's manifests.yaml, byte for byte,
 * one after the other. The CLI prints a single file as it is; the folder is its own temporary
 * one, removed after printing.
 */
function writeOneStream(manifests: readonly EnvironmentManifests[], outdir: string): void {
  // Each cluster of an environment of several is applied on its own; one stream of them all
  // would hold the environment's objects once per cluster, for no cluster in particular.
  const fleet = manifests.find((m) => m.cluster !== undefined);
  if (fleet !== undefined)
    fail(
      `cdk8s synth --stdout`,
      'environment',
      `'${fleet.environment}' runs on several clusters, whose objects one stream cannot keep apart`,
      `run the synth without --stdout: it writes ${fleet.environment}/<cluster>/ for each cluster`,
    );
  const stream = manifests.map(({ objects }) => toManifestFile(objects)).join('');
  writeFileSync(join(outdir, MANIFEST_FILE), stream);
}
