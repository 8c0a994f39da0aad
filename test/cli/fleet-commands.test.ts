/** graph and capacity with an environment of several clusters: a section per cluster. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plannedPools } from '#lib/capacity/capacity-out';
import { capacityReport } from '#lib/capacity/capacity-report';
import { PRICE_CATALOGUE } from '#lib/capacity/price-catalogue.generated';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';
import { definePlatform } from '#lib/platform/platform';

let dir: string;
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: { ...process.env, NO_COLOR: '' },
    isTty: false,
  };
  return { code: await runCli(args, io), stdout, stderr };
}

const manifests = (replicas: number) => `---
apiVersion: v1
kind: Namespace
metadata: { name: shop-prod }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop-prod }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "web:1", ports: [{ containerPort: 8080 }] }] }
`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gke-platform-fleet-cli-'));
  for (const [cluster, replicas] of [
    ['ane1', 1],
    ['euw1', 3],
  ] as const) {
    mkdirSync(join(dir, 'dist', 'prod', cluster), { recursive: true });
    writeFileSync(join(dir, 'dist', 'prod', cluster, 'manifests.yaml'), manifests(replicas));
  }
  mkdirSync(join(dir, 'dist', 'dev'));
  writeFileSync(join(dir, 'dist', 'dev', 'manifests.yaml'), manifests(1));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('gke-platform graph', () => {
  test('draws each cluster of an environment of several as a section of its own', async () => {
    const all = await cli(['graph', '--from', 'dist', '--format', 'json']);
    expect(all.code).toBe(0);
    const graphs = JSON.parse(all.stdout) as { environment: string }[];
    expect(graphs.map((g) => g.environment)).toEqual(['dev', 'prod/ane1', 'prod/euw1']);
    const one = await cli(['graph', '--from', 'dist', '--format', 'mermaid', '--cluster', 'euw1']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^%% prod\/euw1\n/);
    expect(one.stdout).not.toContain('%% prod/ane1');
    expect(one.stdout).toContain('3 replicas');
  });

  test('--cluster names a cluster the output has', async () => {
    const wrong = await cli(['graph', '--from', 'dist', '--cluster', 'usc1']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      "'--cluster' is 'usc1', which the output does not have; use one of ane1, euw1",
    );
    const single = await cli([
      'graph',
      '--from',
      'dist',
      '--environment',
      'dev',
      '--cluster',
      'euw1',
    ]);
    expect(single.stderr).toContain(
      'every environment drawn runs on one cluster; leave --cluster out',
    );
  });
});

describe('capacity of an environment of several clusters', () => {
  test("each cluster is a section with its own pool sizes, priced in the cluster's region", () => {
    const platform = definePlatform({
      name: 'shop',
      environments: {
        prod: {
          nodePools: { general: { machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 } },
          clusters: {
            euw1: { region: 'us-central1', config: true, nodePools: { general: { maxNodes: 6 } } },
            ane1: { region: 'asia-northeast1' },
          },
        },
      },
    });
    const euw1 = plannedPools(platform, 'prod', [], 'euw1');
    const ane1 = plannedPools(platform, 'prod', [], 'ane1');
    expect(euw1.map((p) => [p.environment, p.cluster, p.region, p.maxNodes])).toEqual([
      ['prod/euw1', 'euw1', 'us-central1', 6],
    ]);
    expect(ane1.map((p) => [p.environment, p.maxNodes])).toEqual([['prod/ane1', 3]]);
    const report = capacityReport(
      [...euw1, ...ane1],
      PRICE_CATALOGUE,
      () => {
        throw new Error('a cluster is priced in its own region');
      },
      'the list',
    );
    expect(report.environments.map((e) => [e.environment, e.region])).toEqual([
      ['prod/euw1', { region: 'us-central1', from: "the cluster's region" }],
      ['prod/ane1', { region: 'asia-northeast1', from: "the cluster's region" }],
    ]);
  });
});
