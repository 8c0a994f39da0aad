import { type ProgramRun, runProgram, stackConfig } from './app-stack';

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);

/** The dev stack as committed (Pulumi.dev.yaml), through apps/infra.ts. */
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram(stackConfig('dev'));
});

const inputsOf = (type: string, name: string) =>
  run.registered.find((r) => r.type === type && r.name === name)?.inputs;

test('exports the dev cluster, its pools, addresses, registry and namespace', async () => {
  expect(run.outputs).toMatchObject({
    clusterName: 'shop-dev',
    endpoint: '203.0.113.10',
    nodePools: ['general', 'spot'],
    registries: { shop: 'europe-docker.pkg.dev/shop-artifacts/shop' },
    namespace: 'shop-dev',
  });
  // dev is the base environment of the previews: their shared Gateway's address too, and
  // the DNS records to create for it.
  expect(Object.keys(run.outputs.addresses as object)).toEqual([
    'shop-dev-web',
    'shop-dev-previews',
  ]);
  expect(run.outputs.previewDnsRecords).toEqual([
    expect.objectContaining({ name: '_acme-challenge.preview.shop.example.com.', type: 'CNAME' }),
    {
      name: '*.preview.shop.example.com.',
      type: 'A',
      data: (run.outputs.addresses as Record<string, string>)['shop-dev-previews'],
    },
  ]);
  expect(await run.isSecret('kubeconfig')).toBe(true);
});

test('applies the stack file: zonal, RAPID, pool size override, authorized networks', () => {
  expect(inputsOf('gcp:container/cluster:Cluster', 'shop-dev')).toMatchObject({
    project: 'shop-dev-project',
    location: 'europe-west1-b',
    releaseChannel: { channel: 'RAPID' },
    deletionProtection: false,
    masterAuthorizedNetworksConfig: {
      cidrBlocks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
    },
  });
  expect(
    inputsOf('gcp:container/nodePool:NodePool', 'shop-dev-general')?.autoscaling,
  ).toMatchObject({
    minNodeCount: 1,
    maxNodeCount: 2,
  });
  expect(run.registered.filter((r) => r.type.startsWith('kubernetes'))).toEqual([]);
});
