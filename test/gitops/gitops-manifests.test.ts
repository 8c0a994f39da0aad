/**
 * gitopsManifests: Argo CD Applications / ApplicationSet and Flux objects per environment,
 * valid against their CRDs' schemas (unknown fields refused) and the API server's metadata rules.
 */
import { platform } from '#apps/platform';
import { gitopsManifests } from '#lib/gitops/gitops-manifests';
import type { GitOpsOptions } from '#lib/gitops/gitops-options';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { validateObjectMeta } from '#lib/validate/semantic/metadata';
import { ObjectReport } from '#lib/validate/semantic/problem';
import { gitopsSchemaProblems } from '../support/gitops-schemas';

/** Schema and metadata problems of one object. */
function problems(object: KubernetesObject): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const report = new ObjectReport(object);
  validateObjectMeta(object, report);
  return [
    ...gitopsSchemaProblems(object),
    ...report.problems.map((p) => `${key} ${p.field}: ${p.problem}`),
  ];
}

const repo = 'https://github.com/acme/shop.git';
const generate = (options: Partial<GitOpsOptions>) =>
  gitopsManifests(platform, { tool: 'argocd', repo, ...options });
const spec = (o: KubernetesObject) => o.spec as Record<string, any>;

describe('Argo CD', () => {
  test('one Application per environment, from dist/<env> to the cluster named <platform>-<env>', () => {
    const apps = generate({});
    expect(apps.map((a) => [a.kind, a.metadata?.name, a.metadata?.namespace])).toEqual([
      ['Application', 'shop-dev', 'argocd'],
      ['Application', 'shop-staging', 'argocd'],
      ['Application', 'shop-prod', 'argocd'],
    ]);
    expect(spec(apps[2])).toEqual({
      project: 'default',
      source: { repoURL: repo, targetRevision: 'main', path: 'dist/prod' },
      destination: { name: 'shop-prod', namespace: 'shop-prod' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'],
      },
    });
    for (const app of apps) expect(problems(app)).toEqual([]);
  });

  test('revision, path, servers, prune and self-heal change the Applications', () => {
    const [dev, , prod] = generate({
      revision: 'release',
      path: './deploy/dist/',
      servers: { prod: 'https://10.0.0.2' },
      prune: false,
      selfHeal: false,
    });
    expect(spec(dev).source).toEqual({
      repoURL: repo,
      targetRevision: 'release',
      path: 'deploy/dist/dev',
    });
    expect(spec(dev).destination).toEqual({ name: 'shop-dev', namespace: 'shop-dev' });
    expect(spec(prod).destination).toEqual({ server: 'https://10.0.0.2', namespace: 'shop-prod' });
    expect(spec(prod).syncPolicy.automated).toEqual({ prune: false, selfHeal: false });
    expect(spec(generate({ path: '.' })[0]).source.path).toBe('dev');
  });

  test('an ApplicationSet: a list generator over the environments, the same Application template', () => {
    const [set] = generate({ applicationSet: true });
    expect(problems(set)).toEqual([]);
    expect(set.metadata?.name).toBe('shop');
    expect(spec(set).generators).toEqual([
      {
        list: {
          elements: [
            { environment: 'dev', namespace: 'shop-dev', cluster: 'shop-dev' },
            { environment: 'staging', namespace: 'shop-staging', cluster: 'shop-staging' },
            { environment: 'prod', namespace: 'shop-prod', cluster: 'shop-prod' },
          ],
        },
      },
    ]);
    expect(spec(set).template.spec.source.path).toBe('dist/{{.environment}}');
    expect(spec(set).template.spec.destination).toEqual({
      name: '{{.cluster}}',
      namespace: '{{.namespace}}',
    });
    const servers = { dev: 'https://a', staging: 'https://b', prod: 'https://c' };
    const [bySever] = generate({ applicationSet: true, servers });
    expect(spec(bySever).template.spec.destination).toEqual({
      server: '{{.server}}',
      namespace: '{{.namespace}}',
    });
    expect(problems(bySever)).toEqual([]);
  });
});

describe('Flux', () => {
  test('a GitRepository and one Kustomization per environment on ./dist/<env>, pruned, waiting', () => {
    const objects = generate({ tool: 'flux' });
    expect(objects.map((o) => [o.kind, o.metadata?.name, o.metadata?.namespace])).toEqual([
      ['GitRepository', 'shop', 'flux-system'],
      ['Kustomization', 'shop-dev', 'flux-system'],
      ['Kustomization', 'shop-staging', 'flux-system'],
      ['Kustomization', 'shop-prod', 'flux-system'],
    ]);
    expect(spec(objects[0])).toEqual({ interval: '1m', url: repo, ref: { branch: 'main' } });
    expect(spec(objects[3])).toEqual({
      interval: '10m',
      sourceRef: { kind: 'GitRepository', name: 'shop' },
      path: './dist/prod',
      prune: true,
      wait: true,
      timeout: '5m',
    });
    expect(spec(objects[3])).not.toHaveProperty('targetNamespace');
    for (const object of objects) expect(problems(object)).toEqual([]);
  });

  test('dependsOn only where asked', () => {
    const objects = generate({ tool: 'flux', dependsOn: { prod: ['staging'], staging: ['dev'] } });
    expect(objects.map((o) => spec(o).dependsOn)).toEqual([
      undefined,
      undefined,
      [{ name: 'shop-dev' }],
      [{ name: 'shop-staging' }],
    ]);
    for (const object of objects) expect(problems(object)).toEqual([]);
  });
});

describe('bad input gets a clear error', () => {
  test.each<[Partial<GitOpsOptions>, string]>([
    [
      { repo: 'github.com/acme/shop' },
      `gitopsManifests: 'repo' is "github.com/acme/shop", which Argo CD cannot clone`,
    ],
    [{ tool: 'flux', repo: 'git@github.com:acme/shop.git' }, 'ssh://git@github.com/acme/shop.git'],
    [{ path: '../dist' }, 'which is not a folder inside the repository'],
    [{ revision: 'a b' }, 'which is not a branch name'],
    [{ servers: { qa: 'https://x' } }, "'servers' names 'qa', which is not an environment"],
    [{ dependsOn: { prod: ['staging'] } }, "'dependsOn' is a Flux option"],
    [{ tool: 'flux', selfHeal: false }, "'selfHeal' is an Argo CD option"],
    [
      { tool: 'flux', dependsOn: { prod: ['dev'], dev: ['prod'] } },
      'has a cycle: dev → prod → dev',
    ],
    [
      { applicationSet: true, servers: { prod: 'https://x' } },
      'names a server for prod but not for dev, staging',
    ],
  ])('%j', (options, message) => {
    expect(() => generate(options)).toThrow(message);
  });

  test('names that are not DNS labels', () => {
    expect(() =>
      gitopsManifests(
        { name: 'Shop', environments: [{ name: 'dev', namespace: 'd' }] },
        { tool: 'flux', repo },
      ),
    ).toThrow(`'platform.name' is "Shop", which is not a DNS-1123 label`);
  });
});

describe('the CRD schemas refuse what the API server would (the check is not empty)', () => {
  test('an unknown field and a wrong type', () => {
    const [app] = generate({});
    const wrong = structuredClone(app) as Record<string, any>;
    wrong.spec.source.branch = 'main';
    expect(problems(wrong)).toEqual([
      expect.stringContaining('/spec/source: must NOT have additional properties'),
    ]);
    const [, kustomization] = generate({ tool: 'flux' });
    const bad = structuredClone(kustomization) as Record<string, any>;
    bad.spec.interval = 'ten minutes';
    expect(problems(bad)).toEqual([expect.stringContaining('/spec/interval: must match pattern')]);
  });
});
