import { type ProgramRun, runProgram, stackConfig } from './app-stack';

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);

/** The fleet example's prod stack as committed (apps/fleet/Pulumi.prod.yaml). */
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram(stackConfig('prod', 'apps/fleet'), 'fleet');
});

const named = (type: string) =>
  run.registered
    .filter((r) => r.type === type)
    .map((r) => r.name)
    .sort();
const inputsOf = (type: string, name: string) =>
  run.registered.find((r) => r.type === type && r.name === name)?.inputs;

test('creates both clusters of prod, each at its region, with its own pools', () => {
  expect(named('gcp:container/cluster:Cluster')).toEqual(['shop-prod-ane1', 'shop-prod-euw1']);
  expect(inputsOf('gcp:container/cluster:Cluster', 'shop-prod-ane1')?.location).toBe(
    'asia-northeast1',
  );
  const pools = run.registered
    .filter((r) => r.type === 'gcp:container/nodePool:NodePool')
    .map((r) => [r.name, r.inputs.nodeLocations ?? null]);
  // The GPU pool of each cluster sits in that region's L4 zones (apps/fleet/platform.ts).
  expect(pools).toEqual(
    expect.arrayContaining([
      [expect.stringContaining('euw1-gpu'), ['europe-west1-b', 'europe-west1-c']],
      [expect.stringContaining('ane1-gpu'), ['asia-northeast1-a', 'asia-northeast1-c']],
    ]),
  );
});

test('joins them in the fleet with multi-cluster Services and the Gateway on euw1', () => {
  const features = run.registered.filter((r) => r.type === 'gcp:gkehub/feature:Feature');
  expect(features.map((f) => f.inputs.name).sort()).toEqual([
    'multiclusteringress',
    'multiclusterservicediscovery',
  ]);
  const ingress = features.find((f) => f.inputs.name === 'multiclusteringress');
  expect(JSON.stringify(ingress?.inputs.spec)).toContain('shop-prod-euw1');
});

test("exports every cluster, and the config cluster as the stack's cluster", async () => {
  expect(run.outputs.clusterName).toBe('shop-prod-euw1');
  expect(Object.keys(run.outputs.clusters as object).sort()).toEqual(['ane1', 'euw1']);
  expect(await run.isSecret('clusters')).toBe(true);
  expect(Object.keys(run.outputs.addresses as object)).toEqual(['shop-prod-web']);
});
