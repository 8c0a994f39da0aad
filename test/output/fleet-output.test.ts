import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUSTOMIZATION_FILE, MANIFEST_FILE, writeManifests } from '#lib/output/write-manifests';
import { synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform } from '#lib/platform/platform';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { App } from 'cdk8s';

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-4' } } },
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4' } },
      clusters: {
        euw1: { region: 'europe-west1', config: true },
        ane1: { region: 'asia-northeast1' },
      },
    },
  },
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gke-platform-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('an environment of several clusters', () => {
  test('synthesizes one set of objects per cluster, each with the same namespace', () => {
    const seen: string[] = [];
    const manifests = synthesizePlatform(platform, (chart) => {
      seen.push(chart.node.path);
    });
    expect(seen).toEqual(['dev', 'prod.euw1', 'prod.ane1']);
    expect(manifests.map((m) => [m.environment, m.cluster])).toEqual([
      ['dev', undefined],
      ['prod', 'euw1'],
      ['prod', 'ane1'],
    ]);
    const namespaces = manifests
      .filter((m) => m.environment === 'prod')
      .map((m) => m.objects.find((o) => o.kind === 'Namespace'));
    expect(namespaces[0]).toEqual(namespaces[1]);
    expect((namespaces[0]?.metadata as { name: string }).name).toBe('shop-prod');
  });

  test('writes each cluster to <outdir>/<environment>/<cluster>/', () => {
    const outdir = join(root, 'dist');
    writeManifests(
      synthesizePlatform(platform, () => {}),
      outdir,
    );
    for (const folder of ['dev', 'prod/euw1', 'prod/ane1']) {
      expect(readFileSync(join(outdir, folder, MANIFEST_FILE), 'utf8')).toMatch(/kind: Namespace/);
      expect(existsSync(join(outdir, folder, KUSTOMIZATION_FILE))).toBe(true);
    }
    expect(existsSync(join(outdir, 'prod', MANIFEST_FILE))).toBe(false);
  });

  test("retires the environment's own files once it runs on several clusters", () => {
    const outdir = join(root, 'dist');
    const single = definePlatform({
      name: 'shop',
      environments: { prod: { nodePools: { general: { machineType: 'e2-standard-4' } } } },
    });
    writeManifests(
      synthesizePlatform(single, () => {}),
      outdir,
    );
    writeFileSync(join(outdir, 'prod', 'README.md'), 'mine');
    expect(existsSync(join(outdir, 'prod', MANIFEST_FILE))).toBe(true);
    writeManifests(
      synthesizePlatform(platform, () => {}, { environments: ['prod'] }),
      outdir,
    );
    expect(existsSync(join(outdir, 'prod', MANIFEST_FILE))).toBe(false);
    expect(existsSync(join(outdir, 'prod', KUSTOMIZATION_FILE))).toBe(false);
    expect(readFileSync(join(outdir, 'prod', 'README.md'), 'utf8')).toBe('mine');
    expect(existsSync(join(outdir, 'prod', 'ane1', MANIFEST_FILE))).toBe(true);
  });

  test("keeps a kustomization file of the environment's folder that it did not write", () => {
    const outdir = join(root, 'dist');
    mkdirSync(join(outdir, 'prod'), { recursive: true });
    writeFileSync(join(outdir, 'prod', KUSTOMIZATION_FILE), 'resources: [euw1]\n');
    expect(() =>
      writeManifests(
        synthesizePlatform(platform, () => {}),
        outdir,
      ),
    ).toThrow(/prod\/Kustomization.*was not written by gke-platform/);
    expect(existsSync(join(outdir, 'prod', 'euw1'))).toBe(false);
  });

  test('a chart of such an environment names its cluster, and only then', () => {
    expect(() => new EnvironmentChart(new App(), { platform, environment: 'prod' })).toThrow(
      /'cluster' is not given, but the environment 'prod' runs on the clusters 'euw1', 'ane1'/,
    );
    expect(
      () => new EnvironmentChart(new App(), { platform, environment: 'prod', cluster: 'usc1' }),
    ).toThrow(/'usc1', which the environment does not declare; use one of 'euw1', 'ane1'/);
    expect(
      () => new EnvironmentChart(new App(), { platform, environment: 'dev', cluster: 'euw1' }),
    ).toThrow(/declares no clusters/);
    const chart = new EnvironmentChart(new App(), {
      platform,
      environment: 'prod',
      cluster: 'ane1',
    });
    expect(chart.cluster?.region).toBe('asia-northeast1');
  });
});
