import { App } from 'cdk8s';
import type { Platform } from '../platform/platform';
import { EnvironmentChart } from '../workloads/environment-chart';

/** The Kubernetes objects of one environment, in apply order (its Namespace first). */
export interface EnvironmentManifests {
  readonly environment: string;
  readonly objects: readonly Record<string, unknown>[];
}

/** Options of {@link synthesizePlatform}. */
export interface SynthesizeOptions<E extends string> {
  /** Only these environments. @default every environment of the platform */
  readonly environments?: readonly E[];
}

/**
 * Builds the workloads once per environment and returns each environment's objects.
 * `define` is the one definition of the workloads; it runs with each environment's chart,
 * so per-environment values resolve to that environment's.
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
  const app = new App({ outdir: 'unused' });
  return (options.environments ?? platform.environmentNames).map((environment) => {
    const chart = new EnvironmentChart(app, { platform, environment });
    define(chart);
    return { environment, objects: chart.toJson() };
  });
}
