import { definePlatform } from 'gke-platform';

/** Each environment: a GCP project of its own, one autoscaled node pool, the web entry point's IP. */
const environment = (project: string) => ({
  project,
  nodePools: { general: { machineType: 'e2-standard-2', minNodes: 1, maxNodes: 3 } },
  staticIps: { web: { scope: 'global' as const } },
});

/**
 * The platform: its environments, node pools, static IPs and image registries. The workloads
 * (src/main.ts) and the clusters (src/infra.ts) both read it.
 */
export const platform = definePlatform({
  name: '__name__',
  // Where the images come from (an existing Artifact Registry repository): each stack lets
  // its nodes read it, and an image from any other Google registry is a synth error.
  registries: {
    apps: {
      location: '__registryLocation__',
      project: '__registryProject__',
      repository: '__registryRepository__',
    },
  },
  environments: {
    __environmentKey__: environment('__project__'),
  },
});

/** The names of the platform's environments. */
export type Env = (typeof platform.environmentNames)[number];
