/**
 * GitOps for an environment of several clusters: an Application or Kustomization per cluster,
 * from dist/<env>/<cluster>, the config cluster synced last; valid against the CRDs' schemas.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';
import { gitopsManifests } from '#lib/gitops/gitops-manifests';
import type { GitOpsOptions } from '#lib/gitops/gitops-options';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { definePlatform } from '#lib/platform/platform';
import { validateObjectMeta } from '#lib/validate/semantic/metadata';
import { ObjectReport } from '#lib/validate/semantic/problem';
import { gitopsSchemaProblems } from '../support/gitops-schemas';

/** Schema and metadata problems of the objects. */
function problems(objects: readonly KubernetesObject[]): string[] {
  return objects.flatMap((object) => {
    const key = `${String(object.apiVersion)}/${String(object.kind)}`;
    const report = new ObjectReport(object);
    validateObjectMeta(object, report);
    return [
      ...gitopsSchemaProblems(object),
      ...report.problems.map((p) => `${key} ${p.field}: ${p.problem}`),
    ];
  });
}

const pools = { general: { machineType: 'e2-standard-4' } };
const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: pools },
    prod: {
      nodePools: pools,
      clusters: {
        euw1: { region: 'europe-west1', config: true },
        ane1: { region: 'asia-northeast1' },
      },
    },
  },
});
const repo = 'https://github.com/acme/shop.git';
const generate = (options: Partial<GitOpsOptions>) =>
  gitopsManifests(platform, { tool: 'argocd', repo, ...options });
const spec = (o: KubernetesObject) => o.spec as Record<string, any>;

describe('Argo CD with an environment of several clusters', () => {
  test('an Application per cluster, from dist/<env>/<cluster> to <platform>-<env>-<cluster>; the config cluster in wave 1', () => {
    const apps = generate({ servers: { 'prod/ane1': 'https://10.1.0.2' } });
    expect(apps.map((a) => [a.metadata?.name, spec(a).source.path, spec(a).destination])).toEqual([
      ['shop-dev', 'dist/dev', { name: 'shop-dev', namespace: 'shop-dev' }],
      ['shop-prod-euw1', 'dist/prod/euw1', { name: 'shop-prod-euw1', namespace: 'shop-prod' }],
      ['shop-prod-ane1', 'dist/prod/ane1', { server: 'https://10.1.0.2', namespace: 'shop-prod' }],
    ]);
    expect(apps.map((a) => a.metadata?.annotations)).toEqual([
      undefined,
      { 'argocd.argoproj.io/sync-wave': '1' },
      undefined,
    ]);
    expect(apps[2].metadata?.labels).toMatchObject({ environment: 'prod', cluster: 'ane1' });
    expect(problems(apps)).toEqual([]);
  });

  test('one ApplicationSet: an element per cluster, with its name, folder and wave', () => {
    const [set] = generate({ applicationSet: true });
    const elements = spec(set).generators[0].list.elements;
    expect(elements).toEqual([
      {
        environment: 'dev',
        name: 'dev',
        folder: 'dev',
        wave: '0',
        namespace: 'shop-dev',
        cluster: 'shop-dev',
      },
      {
        environment: 'prod',
        name: 'prod-euw1',
        folder: 'prod/euw1',
        wave: '1',
        namespace: 'shop-prod',
        cluster: 'shop-prod-euw1',
      },
      {
        environment: 'prod',
        name: 'prod-ane1',
        folder: 'prod/ane1',
        wave: '0',
        namespace: 'shop-prod',
        cluster: 'shop-prod-ane1',
      },
    ]);
    expect(spec(set).template.metadata.name).toBe('shop-{{.name}}');
    expect(spec(set).template.spec.source.path).toBe('dist/{{.folder}}');
    expect(problems([set])).toEqual([]);
  });

  test('a server for the environment of several clusters is refused: each cluster has its own', () => {
    expect(() => generate({ servers: { prod: 'https://10.0.0.2' } })).toThrow(
      "gitopsManifests: 'servers' names 'prod', which runs on several clusters, each with its own API server; use one of dev, prod/euw1, prod/ane1",
    );
  });
});

describe('Flux with an environment of several clusters', () => {
  test('a Kustomization per cluster with its kubeconfig; the config cluster waits for the others', () => {
    const [, ...kustomizations] = gitopsManifests(platform, {
      tool: 'flux',
      repo,
      dependsOn: { prod: ['dev'] },
    });
    expect(
      kustomizations.map((k) => [
        k.metadata?.name,
        spec(k).path,
        spec(k).kubeConfig,
        spec(k).dependsOn,
      ]),
    ).toEqual([
      ['shop-dev', './dist/dev', undefined, undefined],
      [
        'shop-prod-euw1',
        './dist/prod/euw1',
        { secretRef: { name: 'shop-prod-euw1-kubeconfig' } },
        [{ name: 'shop-dev' }, { name: 'shop-prod-ane1' }],
      ],
      [
        'shop-prod-ane1',
        './dist/prod/ane1',
        { secretRef: { name: 'shop-prod-ane1-kubeconfig' } },
        [{ name: 'shop-dev' }],
      ],
    ]);
    expect(problems(kustomizations)).toEqual([]);
  });
});

describe('gke-platform gitops --from a fleet output', () => {
  let dir: string;
  const namespace = (cluster: string) => `---
apiVersion: v1
kind: Namespace
metadata:
  name: shop-prod
  labels: { app.kubernetes.io/part-of: shop, environment: prod }
${
  cluster === 'euw1'
    ? `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop-prod }
spec:
  gatewayClassName: gke-l7-global-external-managed-mc
  listeners: [{ name: https, protocol: HTTPS, port: 443 }]
`
    : ''
}`;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gke-platform-fleet-gitops-'));
    for (const cluster of ['ane1', 'euw1']) {
      mkdirSync(join(dir, 'dist', 'prod', cluster), { recursive: true });
      writeFileSync(join(dir, 'dist', 'prod', cluster, 'manifests.yaml'), namespace(cluster));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

  test('reads the clusters and finds the config cluster by its multi-cluster Gateway', async () => {
    const run = await cli(['gitops', '--tool', 'flux', '--repo', repo, '--from', 'dist']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const objects = parseAllDocuments(run.stdout).map((d) => d.toJS() as KubernetesObject);
    expect(objects.map((o) => [o.kind, o.metadata?.name, spec(o).dependsOn])).toEqual([
      ['GitRepository', 'shop', undefined],
      ['Kustomization', 'shop-prod-ane1', undefined],
      ['Kustomization', 'shop-prod-euw1', [{ name: 'shop-prod-ane1' }]],
    ]);
    const argo = await cli([
      'gitops',
      '--tool',
      'argocd',
      '--repo',
      repo,
      '--from',
      'dist',
      '--server',
      'prod/euw1=https://10.0.0.2',
    ]);
    expect(argo.code).toBe(0);
    expect(argo.stdout).toContain('path: dist/prod/euw1');
    expect(argo.stdout).toContain('server: https://10.0.0.2');
  });

  test('clusters of one environment with different namespaces are an error', async () => {
    writeFileSync(
      join(dir, 'dist', 'prod', 'ane1', 'manifests.yaml'),
      namespace('ane1').replace('name: shop-prod', 'name: shop-asia'),
    );
    const run = await cli(['gitops', '--tool', 'flux', '--repo', repo, '--from', 'dist']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "'prod' has clusters with different namespaces (ane1: shop-asia, euw1: shop-prod)",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
