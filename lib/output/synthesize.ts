import { join } from 'node:path';
import { App } from 'cdk8s';
import { writeCapacityPlans } from '../capacity/capacity-out';
import { fail, PlatformError } from '../core/errors';
import { type PlatformWarning, printWarning, warningText } from '../core/warnings';
import type { Platform } from '../platform/platform';
import { checkPreviewName, PREVIEWS_FOLDER } from '../platform/previews';
import { readReleaseRecords } from '../release/read-releases';
import { failOnStrayReleaseFiles } from '../release/stray-release-files';
import { EnvironmentChart } from '../workloads/chart/environment-chart';
import { foreignIsolationWarnings } from '../workloads/chart/foreign-isolation';
import { addPreviewGateway } from '../workloads/front-door/preview-gateway';
import type { ReleaseRecords } from '../workloads/chart/release-records';
import { checkFleetOutputs } from './fleet-checks';

/** The Kubernetes objects of one environment, in apply order (its Namespace first). */
export interface EnvironmentManifests {
  /** The environment's name, as the platform declares it. */
  readonly environment: string;
  /**
   * For an environment of several clusters: the cluster these objects are for, written to
   * `<outdir>/<environment>/<cluster>/`. Undefined for an environment of one cluster.
   */
  readonly cluster?: string;
  /** The objects as plain JSON (what `kubectl apply` takes), checked, in apply order. */
  readonly objects: readonly Record<string, unknown>[];
}

/** Options of {@link synthesizePlatform}. */
export interface SynthesizeOptions<E extends string> {
  /** Only these environments. @default every environment of the platform */
  readonly environments?: readonly E[];
  /**
   * The folder of the release files (`<environment>.yaml`), which record the image of each
   * workload whose code names only a repository (`image: { repository }`).
   * @default `releases` in the working directory (the project folder under `gke-platform`)
   */
  readonly releases?: string;
  /**
   * Synthesize only this preview of the platform's `previews.from` environment (a
   * developer's name or `pr-123`), as the environment `previews/<name>`: writeManifests
   * writes it to `<outdir>/previews/<name>/`. Its release file is
   * `<releases>/previews/<name>.yaml`, and a workload it records nothing for runs the base
   * environment's release.
   * @default the environment variable `GKE_PLATFORM_PREVIEW` (which `gke-platform preview
   * synth` sets), else no preview
   */
  readonly preview?: string;
  /**
   * When a preview's lifetime starts; it expires at the first UTC midnight at least
   * `previews.lifetimeDays` later.
   * @default the environment variable `GKE_PLATFORM_PREVIEW_TIME` (RFC 3339), else now
   */
  readonly previewTime?: Date;
  /**
   * Called once for each warning: something that synthesizes but probably does not work as
   * meant (a workload this library did not make, cut off by the default-deny NetworkPolicy).
   * @default print it on stderr as `warning: <where>: <problem>; <fix>`
   */
  readonly onWarning?: (warning: PlatformWarning) => void;
}

/**
 * Builds the workloads once per environment and returns each environment's objects.
 * `define` is the one definition of the workloads; it runs with each environment's chart,
 * so per-environment values resolve to that environment's.
 *
 * Every object is checked on the way out against the rules the Kubernetes API server and
 * GKE's controllers apply (lib/validate/semantic), and for secret material in plain text
 * (lib/validate/secret-scan): what they would refuse, what would apply and then misbehave,
 * or a credential on its way to dist/, is a {@link PlatformError} naming the construct that
 * emitted it.
 *
 * @example
 * const manifests = synthesizePlatform(platform, (chart) => {
 *   new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080, replicas: { dev: 1, prod: 3 } });
 * });
 */
export function synthesizePlatform<E extends string>(
  platform: Platform<E>,
  define: (chart: EnvironmentChart<E>) => void,
  options: SynthesizeOptions<E> = {},
): EnvironmentManifests[] {
  failOnStrayReleaseFiles(
    options.releases ?? join(process.cwd(), 'releases'),
    platform.environmentNames,
  );
  const preview = options.preview ?? (process.env[PREVIEW_VARIABLE] || undefined);
  const warn = onceEach(options.onWarning ?? printWarning);
  if (preview !== undefined) return [synthesizePreview(platform, define, options, preview, warn)];
  const manifests = (options.environments ?? platform.environmentNames).flatMap((environment) => {
    const release = readReleaseRecords(
      options.releases ?? join(process.cwd(), 'releases'),
      environment,
    );
    const clusters = platform.environment(environment).fleet?.clusters ?? [undefined];
    // One App per chart: cdk8s works out dependencies over a whole App for each chart it
    // renders, so charts sharing one App would cost 1 + 2 + 3 + … passes.
    const perCluster = clusters.map((cluster) => {
      const app = new App({ outdir: 'unused' });
      const chart = new EnvironmentChart(app, {
        platform,
        environment,
        release,
        cluster: cluster?.name,
      });
      define(chart);
      addPreviewGateway(chart);
      failOnUnreadRecords(chart);
      const objects = checkedWithWarnings(chart, warn);
      return cluster === undefined
        ? { environment, objects }
        : { environment, cluster: cluster.name, objects };
    });
    // What no one cluster's objects show: every ServiceImport exported, one namespace.
    if (perCluster[0].cluster !== undefined) checkFleetOutputs(perCluster);
    return perCluster;
  });
  writeCapacityPlans(platform, manifests);
  return manifests;
}

/** The chart's checked objects; its warnings go to `warn`. */
function checkedWithWarnings(
  chart: EnvironmentChart,
  warn: (warning: PlatformWarning) => void,
): Record<string, unknown>[] {
  const objects = synthesizeChart(chart);
  foreignIsolationWarnings(chart, objects, chart.defaultDeny).forEach(warn);
  return objects;
}

/** `handle`, called once for each distinct warning. */
function onceEach(handle: (warning: PlatformWarning) => void): (warning: PlatformWarning) => void {
  const seen = new Set<string>();
  return (warning) => {
    const text = warningText(warning);
    if (seen.has(text)) return;
    seen.add(text);
    handle(warning);
  };
}

/** The environment variable that asks {@link synthesizePlatform} for one preview. */
export const PREVIEW_VARIABLE = 'GKE_PLATFORM_PREVIEW';
/** The environment variable with the time a preview's lifetime starts (RFC 3339). */
export const PREVIEW_TIME_VARIABLE = 'GKE_PLATFORM_PREVIEW_TIME';

/** The folder, in the output and the release files, that holds the previews. */
export { PREVIEWS_FOLDER };

/** One preview of `previews.from`, as the environment `previews/<name>`. */
function synthesizePreview<E extends string>(
  platform: Platform<E>,
  define: (chart: EnvironmentChart<E>) => void,
  options: SynthesizeOptions<E>,
  name: string,
  warn: (warning: PlatformWarning) => void,
): EnvironmentManifests {
  const where = `synthesizePlatform '${platform.name}'`;
  const previews = platform.previews;
  if (previews === undefined)
    fail(
      where,
      'preview',
      `is '${name}', but the platform declares no 'previews'`,
      "declare previews: { from: 'dev', domain: 'preview.example.com' } in definePlatform",
    );
  checkPreviewName(where, name, platform.environmentNames);
  const folder = options.releases ?? join(process.cwd(), 'releases');
  const release = withFallback(
    readReleaseRecords(join(folder, PREVIEWS_FOLDER), name),
    readReleaseRecords(folder, previews.from),
  );
  const expires = previewExpiry(where, options.previewTime, previews.lifetimeDays);
  const app = new App({ outdir: 'unused' });
  return inPreview(name, () => {
    const chart = new EnvironmentChart(app, {
      platform,
      environment: previews.from,
      release,
      preview: { name, expires },
    });
    define(chart);
    failOnUnreadRecords(chart);
    return {
      environment: `${PREVIEWS_FOLDER}/${name}`,
      objects: checkedWithWarnings(chart, warn),
    };
  });
}

/**
 * Runs a preview's synth, saying in each PlatformError which preview it is about: the
 * constructs' paths are the base environment's (`dev/web`).
 */
function inPreview<T>(name: string, synth: () => T): T {
  const named = (e: PlatformError): PlatformError =>
    new PlatformError(
      `preview '${name}' of ${e.where}`,
      e.prop,
      e.problem,
      e.fix,
      e.more.map(named),
    );
  try {
    return synth();
  } catch (e) {
    throw e instanceof PlatformError ? named(e) : e;
  }
}

/**
 * The preview's release records: its own file's, and for every other key the base
 * environment's, so that a preview runs the base environment's images except those set for it.
 */
function withFallback(own: ReleaseRecords, base: ReleaseRecords): ReleaseRecords {
  const merged = <T extends { line: number }>(
    mine: ReadonlyMap<string, T> | undefined,
    theirs: ReadonlyMap<string, T> | undefined,
  ) =>
    new Map([
      ...[...(theirs ?? [])].map(([key, r]) => [key, { ...r, file: base.file }] as const),
      ...[...(mine ?? [])].map(([key, r]) => [key, { ...r, file: own.file }] as const),
    ]);
  return {
    file: own.file,
    images: merged(own.images, base.images),
    settings: merged(own.settings, base.settings),
  };
}

/**
 * The preview's expiry: the first UTC midnight at least `days` after `time`, so that every
 * synth of one day writes the same bytes and a preview lives at least its lifetime.
 */
function previewExpiry(where: string, given: Date | undefined, days: number): string {
  const text = process.env[PREVIEW_TIME_VARIABLE];
  const time = given ?? (text ? new Date(text) : new Date());
  if (Number.isNaN(time.getTime()))
    fail(
      where,
      PREVIEW_TIME_VARIABLE,
      `is ${JSON.stringify(text)}, which is not a time`,
      'give an RFC 3339 time, e.g. 2025-01-01T12:00:00Z, or leave it unset for now',
    );
  const day = 24 * 60 * 60 * 1000;
  const expires = Math.ceil((time.getTime() + days * day) / day) * day;
  return new Date(expires).toISOString().replace('.000Z', 'Z');
}

/**
 * A release file that records a workload the environment does not take from it (removed, or
 * renamed, or given a literal image) is an error: it would otherwise say that a version runs
 * where nothing runs it, and `release set` with a misspelt name would pass unnoticed.
 */
function failOnUnreadRecords(chart: EnvironmentChart): void {
  const [first, ...more] = chart
    .unreadReleaseRecords()
    .map(({ key, source }) => unreadRecordError(chart.environment.name, key, source));
  if (first !== undefined) {
    throw new PlatformError(first.where, first.prop, first.problem, first.fix, more);
  }
}

/** The error for a record no workload of `environment` read, by what the record is. */
function unreadRecordError(environment: string, key: string, source: string): PlatformError {
  const [workload, track] = key.split('.');
  if (track?.startsWith('canary')) {
    return new PlatformError(
      source,
      key,
      `records a canary of '${workload}', which the environment '${environment}' does not run: no WebService '${workload}' takes its image from the release file, or its code sets 'canary' to false there`,
      `delete the canary's lines: gke-platform release canary ${environment} ${workload} --abort`,
    );
  }
  if (track !== undefined) {
    return new PlatformError(
      source,
      key,
      `records a colour of '${workload}', which no WebService of the environment '${environment}' runs as a blue-green pair from the release file`,
      `delete the line, or give the WebService 'blueGreen' and 'image: { repository: … }'`,
    );
  }
  return new PlatformError(
    source,
    key,
    `records an image for '${key}', which no workload of the environment '${environment}' takes its image from (image: { repository })`,
    `delete the line, or give the workload 'image: { repository: … }'`,
  );
}

/**
 * The checked objects of one environment's chart: construct validations first (a
 * WebEntrypoint with no route, …), then rendering, then the semantic rules and the scan for
 * secret material (the chart's own `toJson`, which `app.synth()` and `Testing.synth` call too).
 */
export function synthesizeChart(chart: EnvironmentChart): Record<string, unknown>[] {
  return chart.toJson();
}
