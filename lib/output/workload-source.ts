import type { Platform } from '../platform/platform';
import type { WorkloadSource } from '../platform/workload-source';
import type { EnvironmentChart } from '../workloads/chart/environment-chart';
import { synthesizePlatform } from './synthesize';

/**
 * The workloads `define` declares on `platform`, for a Pulumi stack (`GkePlatform`'s
 * `workloads`): each `synthesize(environment, cluster?)` runs {@link synthesizePlatform} for that one
 * environment, with every check of `npm run synth`, and writes nothing.
 *
 * @example
 * new GkePlatform('shop-prod', {
 *   platform,
 *   environment: 'prod',
 *   workloads: workloadSource(platform, defineShop), // the function main.ts synthesizes
 *   region: 'europe-west1',
 *   masterAuthorizedNetworks: [],
 * });
 */
export function workloadSource<E extends string>(
  platform: Platform<E>,
  define: (chart: EnvironmentChart<E>) => void,
): WorkloadSource<E> {
  return {
    platform,
    synthesize: (environment, cluster) => {
      const all = synthesizePlatform(platform, define, { environments: [environment] });
      return (all.find((m) => m.cluster === cluster) ?? all[0]).objects;
    },
  };
}
