import type { PlannedChange } from '#lib/plan/change';
import { planClusterChanges } from '#lib/plan/cluster-changes';
import { type DevDefinition, GENERAL, recordedBy, registeredBy } from './cluster-stack';
import type { GkePlatformArgs } from 'gke-platform/infra';

jest.setTimeout(60_000);

const CLUSTER = 'gcp:container/cluster:Cluster';
const NODE_POOL = 'gcp:container/nodePool:NodePool';

/** The cluster-side changes from one dev stack to another. */
async function plan(
  before: DevDefinition,
  after: DevDefinition,
  argsBefore: Partial<GkePlatformArgs> = {},
  argsAfter: Partial<GkePlatformArgs> = argsBefore,
): Promise<PlannedChange[]> {
  return planClusterChanges(
    'dev',
    await recordedBy(before, argsBefore),
    await recordedBy(after, argsAfter),
  );
}

const only = (changes: PlannedChange[], kind: string, name: string) => {
  const found = changes.filter((c) => c.kind === kind && c.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const pools = (general: Partial<typeof GENERAL>): DevDefinition => ({
  nodePools: { general: { ...GENERAL, ...general } },
});

test('the same definition plans no change', async () => {
  expect(await plan({}, {})).toEqual([]);
});

test('a node count change updates the pool in place, safe', async () => {
  const changes = await plan(pools({}), pools({ minNodes: 2, maxNodes: 6 }));
  expect(changes).toHaveLength(1);
  const pool = only(changes, NODE_POOL, 'shop-dev-general');
  expect(pool).toMatchObject({ side: 'cluster', action: 'update', risk: 'safe' });
  // initialNodeCount follows minNodes but the stack ignores it (ignoreChanges).
  expect(pool.fields.map((f) => f.path)).toEqual([
    'autoscaling.maxNodeCount',
    'autoscaling.minNodeCount',
  ]);
});

test('a machine type change recreates the nodes in place: disruptive, not a replacement', async () => {
  const pool = only(
    await plan(pools({}), pools({ machineType: 'e2-standard-8' })),
    NODE_POOL,
    'shop-dev-general',
  );
  expect(pool).toMatchObject({
    action: 'update',
    risk: 'disruptive',
    fields: [{ path: 'nodeConfig.machineType', before: 'e2-standard-4', after: 'e2-standard-8' }],
  });
  expect(pool.reasons[0]).toMatch(/recreating its nodes .* every pod restarts once/);
});

test('a disk size change recreates the nodes in place: disruptive', async () => {
  const pool = only(
    await plan(pools({}), pools({ diskSizeGb: 200 })),
    NODE_POOL,
    'shop-dev-general',
  );
  expect(pool).toMatchObject({ action: 'update', risk: 'disruptive' });
  expect(pool.fields).toContainEqual({ path: 'nodeConfig.diskSizeGb', before: 100, after: 200 });
});

test('Spot toggled replaces the pool, deleted before it is created again', async () => {
  const pool = only(
    await plan(pools({}), pools({ capacity: 'spot' })),
    NODE_POOL,
    'shop-dev-general',
  );
  expect(pool).toMatchObject({ action: 'replace', risk: 'replace' });
  expect(pool.reasons[0]).toBe(
    'nodeConfig.spot cannot change in place, so the node pool is replaced',
  );
  expect(pool.reasons[1]).toMatch(/deleted before its replacement is created .* Pending/);
});

test('a GPU added replaces the pool', async () => {
  const pool = only(
    await plan(
      pools({}),
      pools({
        machineType: 'g2-standard-8',
        gpu: { type: 'nvidia-l4' },
        zones: ['europe-west1-b'],
      }),
    ),
    NODE_POOL,
    'shop-dev-general',
  );
  expect(pool).toMatchObject({ action: 'replace', risk: 'replace' });
  expect(pool.reasons[0]).toMatch(/^nodeConfig\.guestAccelerators.* cannot change in place/);
});

test('a taint changed updates the nodes in place: disruptive', async () => {
  const taint = (value: string): DevDefinition =>
    pools({ taints: [{ key: 'dedicated', value, effect: 'NoSchedule' }] });
  const pool = only(await plan(taint('batch'), taint('web')), NODE_POOL, 'shop-dev-general');
  expect(pool).toMatchObject({
    action: 'update',
    risk: 'disruptive',
    fields: [{ path: 'nodeConfig.taints[0].value', before: 'batch', after: 'web' }],
  });
  expect(pool.reasons[0]).toMatch(/without the new toleration/);
});

test('a new pool is created, safe; a pool removed is deleted, disruptive', async () => {
  const changes = await plan(pools({}), {
    nodePools: { general: GENERAL, batch: { ...GENERAL, minNodes: 0 } },
  });
  expect(only(changes, NODE_POOL, 'shop-dev-batch')).toMatchObject({
    action: 'create',
    risk: 'safe',
  });
  const back = await plan({ nodePools: { general: GENERAL, batch: GENERAL } }, pools({}));
  expect(only(back, NODE_POOL, 'shop-dev-batch')).toMatchObject({
    action: 'delete',
    risk: 'disruptive',
  });
});

test('a release channel change updates the cluster in place', async () => {
  const changes = await plan({}, {}, { releaseChannel: 'REGULAR' }, { releaseChannel: 'STABLE' });
  expect(changes).toHaveLength(1);
  expect(only(changes, CLUSTER, 'shop-dev')).toMatchObject({
    action: 'update',
    risk: 'safe',
    fields: [{ path: 'releaseChannel.channel', before: 'REGULAR', after: 'STABLE' }],
  });
});

test('a cluster moved to another location (zonal to regional) is replaced: destructive', async () => {
  const changes = await plan({}, {}, { zone: 'europe-west1-b' }, {});
  const cluster = only(changes, CLUSTER, 'shop-dev');
  expect(cluster).toMatchObject({ action: 'replace', risk: 'destructive' });
  expect(cluster.reasons[0]).toBe('location cannot change in place, so the cluster is replaced');
  expect(cluster.reasons[1]).toMatch(/every workload, node pool, persistent disk/);
});

test('a cluster on another network is replaced: destructive', async () => {
  const before = await registeredBy();
  const after = (await registeredBy()).map((r) =>
    r.type === CLUSTER ? { ...r, inputs: { ...r.inputs, network: 'other-vpc-id' } } : r,
  );
  const cluster = only(planClusterChanges('dev', before, after), CLUSTER, 'shop-dev');
  expect(cluster).toMatchObject({ action: 'replace', risk: 'destructive' });
  expect(cluster.reasons[0]).toBe('network cannot change in place, so the cluster is replaced');
});

test('the private endpoint turned on updates the cluster in place: disruptive', async () => {
  const changes = await plan(
    {},
    {},
    {},
    {
      privateEndpoint: true,
      masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24', displayName: 'vpn' }],
    },
  );
  expect(only(changes, CLUSTER, 'shop-dev')).toMatchObject({
    action: 'update',
    risk: 'disruptive',
  });
});

test('a static IP removed is released: destructive', async () => {
  const changes = await plan(
    { staticIps: { web: { scope: 'global' }, api: { scope: 'regional' } } },
    { staticIps: { web: { scope: 'global' } } },
  );
  expect(changes).toHaveLength(1);
  const ip = changes[0];
  expect(ip).toMatchObject({
    kind: 'gcp:compute/address:Address',
    name: 'shop-dev-api',
    action: 'delete',
    risk: 'destructive',
  });
  expect(ip.reasons[0]).toMatch(/IP is lost for good/);
});

test('a static IP moved from regional to global is a new address: destructive', async () => {
  const changes = await plan(
    { staticIps: { web: { scope: 'regional' } } },
    { staticIps: { web: { scope: 'global' } } },
  );
  expect(changes.map((c) => [c.kind, c.action, c.risk]).sort()).toEqual([
    ['gcp:compute/address:Address', 'delete', 'destructive'],
    ['gcp:compute/globalAddress:GlobalAddress', 'create', 'safe'],
  ]);
});

test('a secret removed is deleted with its versions: destructive', async () => {
  const changes = await plan(
    { secrets: { 'db-password': { readers: ['app'] }, 'api-key': { readers: ['app'] } } },
    { secrets: { 'db-password': { readers: ['app'] } } },
  );
  const secret = only(changes, 'gcp:secretmanager/secret:Secret', 'shop-dev-secret-api-key');
  expect(secret).toMatchObject({ action: 'delete', risk: 'destructive' });
  expect(secret.reasons[0]).toMatch(/every version: the values are lost/);
});
