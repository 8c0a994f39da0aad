import type { WorkloadSource } from 'gke-platform';
import type { ShopEnv } from '#apps/platform';

/**
 * The example's workloads (apps/main.ts) as its stacks take them, each environment
 * synthesized once per test file: a stack of an environment that declares uptime checks needs
 * its workloads, and the tests create many stacks. The objects are those of
 * `workloadSource(platform, defineShop)`; only the repeated synthesis is saved.
 */
export async function exampleWorkloads(): Promise<WorkloadSource<ShopEnv>> {
  const { workloadSource } = await import('gke-platform');
  const { platform } = await import('#apps/platform');
  const { defineShop } = await import('#apps/main');
  const source = workloadSource(platform, defineShop);
  const synthesized = new Map<ShopEnv, readonly Record<string, unknown>[]>();
  return {
    platform,
    synthesize(environment) {
      const objects = synthesized.get(environment) ?? source.synthesize(environment);
      synthesized.set(environment, objects);
      return objects;
    },
  };
}
