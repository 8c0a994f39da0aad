import * as pulumi from '@pulumi/pulumi';
import { definePlatform, type NodePoolSpec, type PlatformSpec } from 'gke-platform';
import type { GkePlatformArgs } from 'gke-platform/infra';
import type { RegisteredResource } from '#lib/plan/cluster-resource';
import { installRecordingMocks } from '#lib/plan/cluster-record-mocks';
import { settle } from '../infra/mocks';

const recorded = installRecordingMocks(pulumi, 'gke-platform', 'dev');

/** The pools, static IPs and secrets of the one environment `dev` of a small platform; secrets are read by the workload identity `app`. */
export interface DevDefinition {
  readonly nodePools?: Record<string, NodePoolSpec>;
  readonly staticIps?: PlatformSpec<'dev'>['environments']['dev']['staticIps'];
  readonly secrets?: PlatformSpec<'dev'>['secrets'];
  /** The clusters of an environment of several. */
  readonly clusters?: PlatformSpec<'dev'>['environments']['dev']['clusters'];
}

export const GENERAL: NodePoolSpec = { machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 };

/**
 * What a GkePlatform stack of a small platform registers, through the real component under
 * the recording mocks the command uses.
 */
export async function registeredBy(
  definition: DevDefinition = {},
  args: Partial<GkePlatformArgs> = {},
): Promise<RegisteredResource[]> {
  const { GkePlatform } = await import('gke-platform/infra');
  const platform = definePlatform({
    name: 'shop',
    ...(definition.secrets ? { secrets: definition.secrets } : {}),
    environments: {
      dev: {
        project: 'shop-dev-project',
        nodePools: definition.nodePools ?? { general: GENERAL },
        ...(definition.staticIps ? { staticIps: definition.staticIps } : {}),
        ...(definition.clusters ? { clusters: definition.clusters } : {}),
        // The secrets' readers.
        ...(definition.secrets ? { workloadIdentities: { app: {} } } : {}),
      },
    },
  });
  recorded.length = 0;
  const gke = new GkePlatform('shop-dev', {
    platform,
    environment: 'dev',
    region: definition.clusters ? undefined : 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
    ...args,
  });
  await settle(gke);
  return recorded.splice(0, recorded.length);
}

const recordings = new Map<string, Promise<RegisteredResource[]>>();

/**
 * {@link registeredBy}, recorded once per definition and arguments in a test file: most tests
 * start from the same stack, and each recording runs the whole program under mocks.
 */
export function recordedBy(
  definition: DevDefinition = {},
  args: Partial<GkePlatformArgs> = {},
): Promise<RegisteredResource[]> {
  const key = JSON.stringify([definition, args]);
  if (!recordings.has(key)) recordings.set(key, registeredBy(definition, args));
  return recordings.get(key)!;
}
