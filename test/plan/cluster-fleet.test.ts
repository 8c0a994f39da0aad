/**
 * The cluster side of `plan` for an environment of several clusters: every cluster's pools
 * named with their cluster, and the fleet's features with their risks.
 */
import type { PlannedChange } from '#lib/plan/change';
import { planClusterChanges } from '#lib/plan/cluster-changes';
import { type DevDefinition, GENERAL, recordedBy } from './cluster-stack';

jest.setTimeout(60_000);

const NODE_POOL = 'gcp:container/nodePool:NodePool';
const CLUSTER = 'gcp:container/cluster:Cluster';
const FEATURE = 'gcp:gkehub/feature:Feature';

const twoClusters = (
  ane1: Record<string, unknown> = {},
  config: 'euw1' | 'ane1' = 'euw1',
): DevDefinition => ({
  clusters: {
    euw1: { region: 'europe-west1', config: config === 'euw1' },
    ane1: { region: 'asia-northeast1', config: config === 'ane1', ...ane1 },
  },
});

async function plan(before: DevDefinition, after: DevDefinition): Promise<PlannedChange[]> {
  return planClusterChanges('dev', await recordedBy(before), await recordedBy(after));
}

const brief = (changes: PlannedChange[], kind: string) =>
  changes.filter((c) => c.kind === kind).map((c) => [c.action, c.name, c.risk]);

test('one cluster to two: every cluster and its pools are created, the old cluster goes', async () => {
  const changes = await plan({}, twoClusters());
  expect(brief(changes, CLUSTER)).toEqual([
    ['create', 'shop-dev-euw1', 'safe'],
    ['create', 'shop-dev-ane1', 'safe'],
    ['delete', 'shop-dev', 'destructive'],
  ]);
  expect(brief(changes, NODE_POOL)).toEqual([
    ['create', 'shop-dev-euw1-general', 'safe'],
    ['create', 'shop-dev-ane1-general', 'safe'],
    ['delete', 'shop-dev-general', expect.any(String)],
  ]);
  const pools = changes.filter((c) => c.kind === NODE_POOL && c.action === 'create');
  expect(pools.map((p) => p.fields.find((f) => f.path === 'cluster')?.after)).toEqual([
    'shop-dev-euw1',
    'shop-dev-ane1',
  ]);
  expect(brief(changes, FEATURE)).toEqual([
    ['create', 'shop-dev-multiclusterservicediscovery', 'safe'],
    ['create', 'shop-dev-multiclusteringress', 'safe'],
  ]);
});

test("a pool resized on one cluster changes that cluster's pool only", async () => {
  const changes = await plan(
    twoClusters(),
    twoClusters({ nodePools: { general: { maxNodes: GENERAL.maxNodes! + 3 } } }),
  );
  expect(changes.map((c) => [c.action, c.kind, c.name, c.risk])).toEqual([
    ['update', NODE_POOL, 'shop-dev-ane1-general', 'safe'],
  ]);
});

test('another config cluster is a disruptive update of the multi-cluster Gateway feature', async () => {
  const changes = await plan(twoClusters(), twoClusters({}, 'ane1'));
  const feature = changes.find((c) => c.name === 'shop-dev-multiclusteringress');
  expect(feature).toMatchObject({
    action: 'update',
    risk: 'disruptive',
    fields: [
      {
        path: 'spec.multiclusteringress.configMembership',
        before: 'projects/shop-dev-project/locations/europe-west1/memberships/shop-dev-euw1',
        after: 'projects/shop-dev-project/locations/asia-northeast1/memberships/shop-dev-ane1',
      },
    ],
  });
  expect(feature?.reasons[0]).toMatch(/config cluster changes/);
});
