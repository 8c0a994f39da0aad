import type { PlannedChange } from '#lib/plan/change';
import type { Obj } from '#lib/plan/network-policy-eval';
import { planEnvironment, planManifests } from '#lib/plan/plan-manifests';
import type { PlanReport } from '#lib/plan/plan-report';
import { reportJson } from '#lib/plan/report-json';
import { reportMarkdown } from '#lib/plan/report-markdown';
import { reportText } from '#lib/plan/report-text';
import { summarize } from '#lib/plan/summary';

const VERSION = 'metadata.labels["app.kubernetes.io/version"]';

/** The labels the library gives every object of a workload (lib/workloads/chart/labels.ts). */
const labels = (name: string, version: string, extra: Record<string, string> = {}) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/version': version,
  'app.kubernetes.io/managed-by': 'gke-platform',
  environment: 'prod',
  ...extra,
});

interface Options {
  readonly namespace?: string;
  /** The labels' workload, when it is not the object's name (`redis-client` is redis's). */
  readonly workload?: string;
  readonly extra?: Record<string, string>;
}

function object(
  apiVersion: string,
  kind: string,
  name: string,
  version: string,
  spec: Obj,
  options: Options = {},
): Obj {
  const namespace =
    options.namespace === undefined
      ? { namespace: 'shop' }
      : options.namespace
        ? { namespace: options.namespace }
        : {};
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...namespace,
      labels: labels(options.workload ?? name, version, options.extra),
    },
    spec,
  };
}

/** A WebService's objects, as the library makes them: the version on every one of them. */
function webService(
  name: string,
  version: string,
  options: Options & { image?: string } = {},
): Obj[] {
  const image = options.image ?? `europe-docker.pkg.dev/shop/apps/${name}:${version}`;
  const selector = {
    matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
  };
  return [
    object(
      'apps/v1',
      'Deployment',
      name,
      version,
      {
        replicas: 2,
        selector,
        template: {
          metadata: { labels: labels(options.workload ?? name, version, options.extra) },
          spec: { containers: [{ name, image, ports: [{ containerPort: 8080 }] }] },
        },
      },
      options,
    ),
    object(
      'v1',
      'Service',
      name,
      version,
      { selector: selector.matchLabels, ports: [{ port: 80 }] },
      options,
    ),
    object(
      'policy/v1',
      'PodDisruptionBudget',
      name,
      version,
      { selector, maxUnavailable: 1 },
      options,
    ),
    object(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      name,
      version,
      { podSelector: selector, policyTypes: ['Ingress'] },
      options,
    ),
    object('v1', 'ServiceAccount', name, version, {}, options),
  ];
}

const line = (c: PlannedChange) => `${c.risk} ${c.action} ${c.kind} ${c.name}`;

describe('a release: the workload restarts, its other objects are relabelled', () => {
  const before = [...webService('api', '1.0.0'), ...webService('web', '2.0.0')];
  const after = [...webService('api', '1.1.0'), ...webService('web', '2.0.0')];
  const changes = planEnvironment('prod', before, after);

  it('is one change: the Deployment, with the image diff and the objects relabelled', () => {
    expect(changes.map(line)).toEqual(['disruptive update Deployment shop/api']);
    expect(changes[0].reasons).toEqual([
      'pod template changed: a rolling update restarts every pod of the Deployment',
    ]);
    expect(changes[0].fields).toContainEqual({
      path: 'spec.template.spec.containers[api].image',
      before: 'europe-docker.pkg.dev/shop/apps/api:1.0.0',
      after: 'europe-docker.pkg.dev/shop/apps/api:1.1.0',
    });
    expect(changes[0].fields).toContainEqual({ path: VERSION, before: '1.0.0', after: '1.1.0' });
    expect(changes[0].relabelled).toEqual([
      { kind: 'NetworkPolicy', name: 'shop/api' },
      { kind: 'PodDisruptionBudget', name: 'shop/api' },
      { kind: 'Service', name: 'shop/api' },
      { kind: 'ServiceAccount', name: 'shop/api' },
    ]);
  });

  it('is counted once', () => {
    expect(summarize(['prod'], changes)).toEqual([
      {
        environment: 'prod',
        counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
        worst: 'disruptive',
      },
    ]);
  });

  const report: PlanReport = {
    base: { kind: 'git', ref: 'main', sha: 'b'.repeat(40) },
    environments: ['dev', 'prod'],
    changes: planManifests(
      [
        { environment: 'dev', objects: before },
        { environment: 'prod', objects: before },
      ],
      [
        { environment: 'dev', objects: before },
        { environment: 'prod', objects: after },
      ],
    ),
  };

  it('text: the restart, its fields, then one line for the relabelled objects', () => {
    const text = reportText(report, false);
    expect(text).toContain('  dev: no change\n  prod: 1 disruptive\n');
    const restart = text.slice(text.indexOf('DISRUPTIVE prod Deployment shop/api (update)'));
    expect(restart.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  - pod template changed: a rolling update restarts every pod of the Deployment',
      `    ${VERSION}: "1.0.0" → "1.1.0"`,
      '    spec.template.metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
      '    spec.template.spec.containers[api].image: "europe-docker.pkg.dev/shop/apps/api:1.0.0" → "europe-docker.pkg.dev/shop/apps/api:1.1.0"',
      '  + 4 objects relabelled with the new version ("1.0.0" → "1.1.0"): NetworkPolicy api, PodDisruptionBudget api, Service api, ServiceAccount api',
    ]);
    expect(text).not.toMatch(/^SAFE /m);
  });

  it('markdown: one change in the count and the relabelled objects under its reasons', () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('| prod | 0 | 0 | 1 | 0 |');
    expect(markdown).toContain('<summary><b>prod</b>: 1 changes</summary>');
    expect(markdown).toContain(
      [
        '- 🟡 **disruptive** update `Deployment` `shop/api`',
        '  - pod template changed: a rolling update restarts every pod of the Deployment',
        '  - 🏷️ 4 objects relabelled with the new version ("1.0.0" → "1.1.0"): NetworkPolicy api, PodDisruptionBudget api, Service api, ServiceAccount api',
      ].join('\n'),
    );
    expect(markdown).not.toContain('`Service` `shop/api`');
  });

  it('JSON: version 1, the change with its relabelled objects, counted once', () => {
    const json = JSON.parse(reportJson(report));
    expect(json.version).toBe(1);
    expect(json.environments).toEqual([
      { name: 'dev', counts: { safe: 0, disruptive: 0, replace: 0, destructive: 0 }, worst: null },
      {
        name: 'prod',
        counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
        worst: 'disruptive',
      },
    ]);
    expect(json.changes).toHaveLength(1);
    expect(Object.keys(json.changes[0]).sort()).toEqual([
      'action',
      'environment',
      'fields',
      'kind',
      'name',
      'reasons',
      'relabelled',
      'risk',
      'side',
    ]);
    expect(json.changes[0].relabelled).toEqual(changes[0].relabelled);
  });
});

describe('version labels without a restart', () => {
  it("the Deployment's own label alone: a safe change that carries the others", () => {
    const before = webService('api', '1.0.0');
    const after = webService('api', '1.0.0').map((o) =>
      o.kind === 'Deployment' ? o : object(o.apiVersion, o.kind, o.metadata.name, '1.0.1', o.spec),
    );
    after[0].metadata.labels['app.kubernetes.io/version'] = '1.0.1';
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual(['safe update Deployment shop/api']);
    expect(changes[0].fields).toEqual([{ path: VERSION, before: '1.0.0', after: '1.0.1' }]);
    expect(changes[0].relabelled).toHaveLength(4);
  });

  it('no workload object changed: the first relabelled object carries the others', () => {
    const before = webService('api', '1.0.0').filter((o) => o.kind !== 'Deployment');
    const after = webService('api', '1.0.1').filter((o) => o.kind !== 'Deployment');
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual(['safe update NetworkPolicy shop/api']);
    expect(changes[0].relabelled).toEqual([
      { kind: 'PodDisruptionBudget', name: 'shop/api' },
      { kind: 'Service', name: 'shop/api' },
      { kind: 'ServiceAccount', name: 'shop/api' },
    ]);
    const text = reportText(
      { base: { kind: 'folder', folder: 'dist' }, environments: ['prod'], changes },
      false,
    );
    expect(text).toContain('  prod: 1 safe\n');
    expect(text).toContain(
      '  + 3 objects relabelled with the new version ("1.0.0" → "1.0.1"): PodDisruptionBudget api, Service api, ServiceAccount api',
    );
  });

  it('one object relabelled alone: a plain change, nothing folded', () => {
    const before = webService('api', '1.0.0').filter((o) => o.kind === 'Service');
    const after = webService('api', '1.0.1').filter((o) => o.kind === 'Service');
    const [change] = planEnvironment('prod', before, after);
    expect(line(change)).toBe('safe update Service shop/api');
    expect(change).not.toHaveProperty('relabelled');
  });
});

describe('what is not folded', () => {
  it('an object with another change beside its version label stays a change of its own', () => {
    const before = webService('api', '1.0.0');
    const after = webService('api', '1.1.0');
    after.find((o) => o.kind === 'Service')!.spec.ports = [{ port: 8080 }];
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'safe update Service shop/api',
    ]);
    expect(changes[0].relabelled?.map((r) => r.kind)).toEqual([
      'NetworkPolicy',
      'PodDisruptionBudget',
      'ServiceAccount',
    ]);
  });

  it('a riskier change of a relabelled object stays on its own', () => {
    const before = webService('api', '1.0.0');
    const after = webService('api', '1.1.0');
    after.find((o) => o.kind === 'PodDisruptionBudget')!.spec = {
      ...after.find((o) => o.kind === 'PodDisruptionBudget')!.spec,
      maxUnavailable: 0,
    };
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'disruptive update PodDisruptionBudget shop/api',
    ]);
  });

  it("each workload folds its own objects, never another's", () => {
    const before = [...webService('api', '1.0.0'), ...webService('web', '1.0.0')];
    const after = [...webService('api', '1.1.0'), ...webService('web', '1.1.0')];
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'disruptive update Deployment shop/web',
    ]);
    expect(changes.map((c) => c.relabelled?.map((r) => r.name))).toEqual([
      ['shop/api', 'shop/api', 'shop/api', 'shop/api'],
      ['shop/web', 'shop/web', 'shop/web', 'shop/web'],
    ]);
  });

  it('an object of the workload relabelled with another version is not part of the release', () => {
    const before = webService('api', '1.0.0');
    const after = webService('api', '1.1.0');
    const account = (version: string) => object('v1', 'ServiceAccount', 'api', version, {});
    before[4] = account('0.9.0');
    after[4] = account('0.9.1');
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'safe update ServiceAccount shop/api',
    ]);
    expect(changes[0].relabelled).toHaveLength(3);
  });

  it('a canary track is a workload of its own', () => {
    const canary = (version: string) =>
      webService('api-canary', version, {
        workload: 'api',
        extra: { track: 'canary' },
      }).slice(0, 2);
    const before = [...webService('api', '1.0.0'), ...canary('1.0.0')];
    const after = [...webService('api', '1.1.0'), ...canary('1.1.0')];
    const changes = planEnvironment('prod', before, after);
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'disruptive update Deployment shop/api-canary',
    ]);
    expect(changes[1].relabelled).toEqual([{ kind: 'Service', name: 'shop/api-canary' }]);
    expect(changes[0].relabelled).toHaveLength(4);
  });

  it('the same workload in two namespaces: two changes', () => {
    const both = (version: string) => [
      ...webService('api', version),
      ...webService('api', version, { namespace: 'shop-eu' }),
    ];
    const changes = planEnvironment('prod', both('1.0.0'), both('1.1.0'));
    expect(changes.map(line)).toEqual([
      'disruptive update Deployment shop/api',
      'disruptive update Deployment shop-eu/api',
    ]);
    expect(changes[1].relabelled?.map((r) => r.name)).toEqual([
      'shop-eu/api',
      'shop-eu/api',
      'shop-eu/api',
      'shop-eu/api',
    ]);
  });
});

it("a cluster-scoped object joins its workload's namespace: a DaemonAgent's ClusterRole", () => {
  const agent = (version: string) => [
    object('apps/v1', 'DaemonSet', 'log-shipper', version, {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'log-shipper' } },
      template: {
        metadata: { labels: labels('log-shipper', version) },
        spec: { containers: [{ name: 'log-shipper', image: `fluent-bit:${version}` }] },
      },
    }),
    object(
      'rbac.authorization.k8s.io/v1',
      'ClusterRole',
      'shop-log-shipper',
      version,
      {},
      {
        namespace: '',
        workload: 'log-shipper',
      },
    ),
  ];
  const changes = planEnvironment('prod', agent('3.1.9'), agent('3.2.0'));
  expect(changes.map(line)).toEqual(['disruptive update DaemonSet shop/log-shipper']);
  expect(changes[0].relabelled).toEqual([{ kind: 'ClusterRole', name: 'shop-log-shipper' }]);
  expect(
    reportText(
      { base: { kind: 'folder', folder: 'dist' }, environments: ['prod'], changes },
      false,
    ),
  ).toContain(
    '  + 1 object relabelled with the new version ("3.1.9" → "3.2.0"): ClusterRole shop-log-shipper',
  );
});
