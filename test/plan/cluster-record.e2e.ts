import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { planClusterChanges } from '#lib/plan/cluster-changes';
import { planCluster, stacksOf } from '#lib/plan/cluster-plan';
import { pulumiConfig, recordStackResources } from '#lib/plan/cluster-record';
import { OFFLINE_SECRET } from '#lib/plan/cluster-record-mocks';
import { ensureBuilt } from '../consumer/support/build';

/** The example project, built (`npm run build`: Pulumi.yaml's main is build/apps/infra.js). */
const ROOT = join(__dirname, '..', '..');

/** Whole programs in child processes (so in the end-to-end suite): seconds each, more on a busy machine. */
jest.setTimeout(180_000);

beforeAll(ensureBuilt);

test('the stack configuration reaches the program as the Pulumi CLI passes it', () => {
  const { config, secretKeys } = pulumiConfig(
    { name: 'shop', config: { region: { default: 'europe-west1' }, tier: { value: 'gold' } } },
    {
      'gcp:project': 'p',
      environment: 'dev',
      pools: { general: { minNodes: 1 } },
      token: { secure: 'v1:abc' },
      tier: 'silver',
    },
  );
  expect(config).toEqual({
    'shop:region': 'europe-west1',
    'shop:tier': 'silver',
    'gcp:project': 'p',
    'shop:environment': 'dev',
    'shop:pools': '{"general":{"minNodes":1}}',
    'shop:token': OFFLINE_SECRET,
  });
  expect(secretKeys).toEqual(['shop:token']);
});

test("the example's stacks are its Pulumi.<stack>.yaml files", () => {
  expect(stacksOf(ROOT)).toEqual(['dev', 'prod']);
});

test("the example's dev and prod stacks, recorded twice, plan no change", async () => {
  const started = Date.now();
  const changes = await planCluster({ baseDir: ROOT, currentDir: ROOT });
  const ms = Date.now() - started;
  // Four recordings (two stacks, two versions), two at a time.
  process.stdout.write(`cluster plan of dev and prod against themselves: ${ms} ms\n`);
  expect(changes).toEqual([]);
});

test('a recorded stack holds the resources the program registers, with parents and options', async () => {
  const started = Date.now();
  const dev = await recordStackResources({ projectDir: ROOT, stack: 'dev' });
  process.stdout.write(`recording the dev stack: ${Date.now() - started} ms\n`);
  const pools = dev.filter((r) => r.type === 'gcp:container/nodePool:NodePool');
  expect(pools.map((p) => p.name).sort()).toEqual(['shop-dev-general', 'shop-dev-spot']);
  const general = pools.find((p) => p.name === 'shop-dev-general');
  expect(general?.parent).toMatch(/::gke-platform:index:GkePlatform::shop-dev$/);
  expect(general?.options?.ignoreChanges).toEqual(['initialNodeCount']);
  // Pulumi.dev.yaml's values, through apps/infra-config.ts.
  expect(general?.inputs).toMatchObject({ autoscaling: { minNodeCount: 1, maxNodeCount: 2 } });
  const cluster = dev.find((r) => r.type === 'gcp:container/cluster:Cluster');
  expect(cluster?.inputs).toMatchObject({
    location: 'europe-west1-b',
    releaseChannel: { channel: 'RAPID' },
  });
});

describe('a copy of the example with its dev stack changed', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'plan-cluster-'));
    for (const entry of ['Pulumi.yaml', 'Pulumi.dev.yaml', 'build']) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    // The built program requires the package's dependencies from node_modules.
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('a zone and a release channel changed: the cluster is replaced, destructive', async () => {
    writeFileSync(
      join(copy, 'Pulumi.dev.yaml'),
      [
        'config:',
        '  gcp:project: shop-dev-project',
        '  gcp:region: europe-west1',
        '  gke-platform:environment: dev',
        '  gke-platform:zone: europe-west1-c',
        '  gke-platform:masterAuthorizedNetworks: []',
        '  gke-platform:releaseChannel: REGULAR',
        '  gke-platform:apiToken:',
        '    secure: v1:AAAA',
      ].join('\n'),
    );
    const warnings: string[] = [];
    const changes = await planCluster({
      baseDir: ROOT,
      currentDir: copy,
      stacks: ['dev'],
      warn: (w) => warnings.push(w),
    });
    const cluster = changes.find((c) => c.kind === 'gcp:container/cluster:Cluster');
    expect(cluster).toMatchObject({ environment: 'dev', action: 'replace', risk: 'destructive' });
    expect(cluster?.fields).toContainEqual({
      path: 'location',
      before: 'europe-west1-b',
      after: 'europe-west1-c',
    });
    expect(warnings).toEqual([
      "stack 'dev': gke-platform:apiToken is a secret, planned with a placeholder (offline, secrets are not decrypted)",
    ]);
  });
});

test('a project without @pulumi/pulumi installed is told to install it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-cluster-'));
  try {
    writeFileSync(join(dir, 'Pulumi.yaml'), 'name: p\nruntime: nodejs\nmain: index.js\n');
    writeFileSync(join(dir, 'index.js'), '');
    await expect(recordStackResources({ projectDir: dir, stack: 'dev' })).rejects.toThrow(
      /@pulumi\/pulumi is not installed .*run npm install/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a project without Pulumi.yaml has no cluster side', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-cluster-'));
  try {
    expect(await planCluster({ baseDir: dir, currentDir: dir })).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a program that fails under the mocks is a PlatformError naming the stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-cluster-'));
  try {
    writeFileSync(join(dir, 'Pulumi.yaml'), 'name: p\nruntime: nodejs\nmain: index.js\n');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'index.js'), "throw new Error('no region configured');\n");
    await expect(recordStackResources({ projectDir: dir, stack: 'dev' })).rejects.toThrow(
      /Pulumi stack 'dev'.*no region configured/s,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built package records with its compiled runner', () => {
  const script = `require('./build/lib/plan/cluster-plan.js')
    .planCluster({ baseDir: '.', currentDir: '.', stacks: ['dev'] })
    .then((changes) => process.stdout.write(JSON.stringify(changes)))`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual([]);
});

test('two recordings of one stack compare equal field by field', async () => {
  const a = await recordStackResources({ projectDir: ROOT, stack: 'prod' });
  expect(a.length).toBeGreaterThan(40);
  expect(planClusterChanges('prod', a, structuredClone(a))).toEqual([]);
});
