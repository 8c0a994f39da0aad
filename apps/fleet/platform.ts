import { definePlatform } from '../../lib';
import { shopSpec } from '../platform';

/**
 * The example shop with its prod on two regions: a fleet of two GKE clusters, europe-west1
 * (the config cluster, which holds the multi-cluster Gateway) and asia-northeast1, behind one
 * global load balancer. dev and staging stay one cluster each, exactly as in apps/platform.ts.
 */
export const fleetPlatform = definePlatform({
  ...shopSpec,
  environments: {
    ...shopSpec.environments,
    prod: {
      ...shopSpec.environments.prod,
      // One global address for the multi-cluster Gateway. The single-cluster prod's regional
      // 'api-lb' has no counterpart: a regional address serves one region's load balancer.
      staticIps: { web: { scope: 'global' } },
      clusters: {
        // The clusters' keys name their output folders: dist/prod/euw1/, dist/prod/ane1/.
        euw1: { region: 'europe-west1', config: true },
        ane1: {
          region: 'asia-northeast1',
          nodePools: {
            general: { minNodes: 1, maxNodes: 6 },
            // The GPU pool's declared zones are europe-west1's; Tokyo's L4 zones, checked with
            // `gcloud compute accelerator-types list --filter="name=nvidia-l4 AND zone~asia-northeast1"`.
            gpu: { zones: ['asia-northeast1-a', 'asia-northeast1-c'] },
          },
        },
      },
    },
  },
});

export type FleetShopEnv = (typeof fleetPlatform.environmentNames)[number];
