import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  definePlatform,
  EnvironmentChart,
  PlatformError,
  synthesizePlatform,
  synthMain,
  toManifestFile,
  WebEntrypoint,
  WebService,
} from 'gke-platform';

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: { dev: { nodePools: { general: { machineType: 'e2-standard-2' } } } },
});

function define(chart: EnvironmentChart<'dev'>): void {
  const settings = new kplus.ConfigMap(chart, 'settings', { data: { mode: 'fast' } });
  new WebService(chart, 'web', {
    image: 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.0.0',
    port: 8080,
    configMapEnv: { MODE: { configMap: settings, key: 'mode' } },
  });
}

function badName(chart: EnvironmentChart<'dev'>): void {
  new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_' } });
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

const releases = { releases: '/nonexistent' };

describe('the cdk8s-native paths of an EnvironmentChart', () => {
  it('Testing.synth gives the objects synthesizePlatform gives', () => {
    const chart = new EnvironmentChart(Testing.app(), { platform, environment: 'dev' });
    define(chart);
    const [dev] = synthesizePlatform(platform, define, releases);
    expect(Testing.synth(chart)).toEqual(dev.objects);
  });

  it('Testing.synth and app.synth() throw the PlatformError synthesizePlatform throws', () => {
    const expected = thrown(() => synthesizePlatform(platform, badName, releases));
    expect(expected).toBeInstanceOf(PlatformError);
    expect((expected as PlatformError).where).toBe("ApiObject 'dev/bad'");
    const app = Testing.app();
    const chart = new EnvironmentChart(app, { platform, environment: 'dev' });
    badName(chart);
    expect(thrown(() => Testing.synth(chart))).toEqual(expected);
    expect(thrown(() => app.synth())).toEqual(expected);
  });

  it("app.synth() fails on a construct's validation with the same PlatformError", () => {
    const broken = (chart: EnvironmentChart<'dev'>) => void new WebEntrypoint(chart, 'site');
    const expected = thrown(() => synthesizePlatform(platform, broken, releases));
    expect(expected).toBeInstanceOf(PlatformError);
    const app = Testing.app();
    broken(new EnvironmentChart(app, { platform, environment: 'dev' }));
    expect(thrown(() => app.synth())).toEqual(expected);
  });
});

describe('synthMain', () => {
  const saved = { outdir: process.env.CDK8S_OUTDIR, exitCode: process.exitCode };
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gke-platform-main-'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
    if (saved.outdir === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved.outdir;
    process.exitCode = saved.exitCode;
    jest.restoreAllMocks();
  });

  it('writes into CDK8S_OUTDIR, the folder the cdk8s CLI gives', () => {
    process.env.CDK8S_OUTDIR = join(folder, 'out');
    synthMain(platform, define, releases);
    const [dev] = synthesizePlatform(platform, define, releases);
    expect(readFileSync(join(folder, 'out', 'dev', 'manifests.yaml'), 'utf8')).toBe(
      toManifestFile(dev.objects),
    );
  });

  it('writes one manifests.yaml into the empty cdk8s- folder of `cdk8s synth --stdout`', () => {
    const stdout = mkdtempSync(join(tmpdir(), 'cdk8s-'));
    try {
      synthMain(platform, define, { ...releases, outdir: stdout });
      const [dev] = synthesizePlatform(platform, define, releases);
      expect(readdirSync(stdout)).toEqual(['manifests.yaml']);
      expect(readFileSync(join(stdout, 'manifests.yaml'), 'utf8')).toBe(
        toManifestFile(dev.objects),
      );
    } finally {
      rmSync(stdout, { recursive: true, force: true });
    }
  });

  it('refuses one stream for an environment of several clusters, writing nothing', () => {
    const fleet = definePlatform({
      name: 'shop',
      environments: {
        prod: {
          nodePools: { general: { machineType: 'e2-standard-2' } },
          clusters: {
            euw1: { region: 'europe-west1', config: true },
            ane1: { region: 'asia-northeast1' },
          },
        },
      },
    });
    const stdout = mkdtempSync(join(tmpdir(), 'cdk8s-'));
    try {
      synthMain(fleet, () => {}, { ...releases, outdir: stdout });
      expect(process.exitCode).toBe(1);
      expect(console.error).toHaveBeenCalledWith(
        expect.stringContaining("'prod' runs on several clusters"),
      );
      expect(readdirSync(stdout)).toEqual([]);
    } finally {
      process.exitCode = undefined;
      rmSync(stdout, { recursive: true, force: true });
    }
  });

  it('prints a PlatformError, sets the exit code 1 and writes nothing', () => {
    synthMain(platform, badName, { ...releases, outdir: join(folder, 'out') });
    expect(process.exitCode).toBe(1);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("ApiObject 'dev/bad'"));
    expect(readdirSync(folder)).toEqual([]);
  });
});
