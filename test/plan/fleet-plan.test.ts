import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutput } from '#lib/cli/read-output';
import type { EnvironmentObjects } from '#lib/plan/environment-objects';
import type { Obj } from '#lib/plan/network-policy-eval';
import { clusterLayoutChanges } from '#lib/plan/plan-fleet';
import { planManifests } from '#lib/plan/plan-manifests';
import type { PlanReport } from '#lib/plan/plan-report';
import { reportJson } from '#lib/plan/report-json';
import { reportMarkdown } from '#lib/plan/report-markdown';
import { reportText } from '#lib/plan/report-text';
import { writeManifests } from '#lib/output/write-manifests';
import { synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform } from '#lib/platform/platform';

const deployment = (replicas = 2): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    },
  },
});

/** The config cluster's route to the web's ServiceImport of each cluster, with their weights. */
const route = (weights: Record<string, number | undefined>): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    parentRefs: [{ name: 'shop', namespace: 'shop' }],
    rules: [
      {
        backendRefs: Object.entries(weights).map(([cluster, weight]) => ({
          group: 'net.gke.io',
          kind: 'ServiceImport',
          name: `web-${cluster}`,
          port: 8080,
          ...(weight === undefined ? {} : { weight }),
        })),
      },
    ],
  },
});

const fleet = (euw1: Obj[], ane1: Obj[]): EnvironmentObjects[] => [
  { environment: 'prod', cluster: 'ane1', objects: ane1 },
  { environment: 'prod', cluster: 'euw1', objects: euw1 },
];

const report = (base: EnvironmentObjects[], head: EnvironmentObjects[]): PlanReport => ({
  base: { kind: 'folder', folder: 'base' },
  environments: ['prod'],
  changes: planManifests(base, head),
  clusters: { prod: ['ane1', 'euw1'] },
  layouts: clusterLayoutChanges(base, head),
});

describe('plan of an environment of several clusters', () => {
  test("a shift of a route's weights between clusters is a traffic shift; draining one is disruptive", () => {
    const base = fleet([route({ euw1: 50, ane1: 50 }), deployment()], [deployment()]);
    const drain = planManifests(
      base,
      fleet([route({ euw1: 100, ane1: 0 }), deployment()], [deployment()]),
    );
    expect(drain).toHaveLength(1);
    expect(drain[0]).toMatchObject({
      environment: 'prod',
      cluster: 'euw1',
      kind: 'HTTPRoute',
      action: 'update',
      risk: 'disruptive',
      reasons: [
        'traffic of route shop/web: euw1 50% → 100%, ane1 50% → 0% (draining ane1): the other clusters take all of its requests',
      ],
    });
    const shift = planManifests(
      base,
      fleet([route({ euw1: 80, ane1: 20 }), deployment()], [deployment()]),
    );
    expect(shift[0]).toMatchObject({
      risk: 'safe',
      reasons: ['traffic of route shop/web: euw1 50% → 80%, ane1 50% → 20%'],
    });
    // A backend without a weight has 1: 1 of 1 + 1 + 2 is 25%.
    const defaults = planManifests(
      fleet([route({ euw1: undefined, ane1: 3 })], []),
      fleet([route({ euw1: 2, ane1: undefined })], []),
    );
    expect(defaults[0].reasons).toEqual([
      'traffic of route shop/web: euw1 25% → 66.7%, ane1 75% → 33.3%',
    ]);
    const none = planManifests(
      fleet([route({ euw1: 1, ane1: 1 })], []),
      fleet([route({ euw1: 0, ane1: 0 })], []),
    );
    expect(none[0]).toMatchObject({
      risk: 'disruptive',
      reasons: [
        'traffic of route shop/web: euw1 50% → 0%, ane1 50% → 0%: no cluster receives its requests any more',
      ],
    });
  });

  test('a workload removed from one cluster but still on another is not deleted from the environment', () => {
    const [change] = planManifests(
      fleet([deployment()], [deployment()]),
      fleet([deployment()], []),
    );
    expect(change).toMatchObject({ cluster: 'ane1', action: 'delete', risk: 'disruptive' });
    expect(change.reasons).toEqual([
      'removed from prod/ane1 only: still on prod/euw1, so not deleted from the environment',
      'Deployment deleted: its pods stop',
    ]);
    const gone = planManifests(fleet([deployment()], [deployment()]), fleet([], []));
    expect(gone.map((c) => [c.cluster, c.reasons])).toEqual([
      ['ane1', ['Deployment deleted: its pods stop']],
      ['euw1', ['Deployment deleted: its pods stop']],
    ]);
  });

  test('from one cluster to several: the objects move, each compared with its one-cluster version', () => {
    const service: Obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'old', namespace: 'shop' },
      spec: { ports: [{ port: 80 }] },
    };
    const base = [{ environment: 'prod', objects: [deployment(4), service] }];
    const head = fleet([deployment(2)], [deployment(2)]);
    const changes = planManifests(base, head);
    expect(changes.map((c) => [c.cluster, c.kind, c.action])).toEqual([
      ['ane1', 'Deployment', 'update'],
      ['euw1', 'Deployment', 'update'],
      [undefined, 'Service', 'delete'],
    ]);
    expect(clusterLayoutChanges(base, head)).toEqual([
      { environment: 'prod', before: null, after: ['ane1', 'euw1'], moved: 1 },
    ]);
    // And back: the clusters' objects compared with the one cluster's.
    const back = planManifests(head, [{ environment: 'prod', objects: [deployment(4)] }]);
    expect(back.map((c) => [c.cluster, c.action, c.risk])).toEqual([
      ['ane1', 'update', 'safe'],
      ['euw1', 'update', 'safe'],
    ]);
    const text = reportText(report(base, head), false);
    expect(text).toContain(
      '  prod: one cluster → 2 clusters (ane1, euw1); 1 object moves to each cluster that runs them, compared with their version on the one cluster',
    );
    expect(text).toContain('SAFE prod Service shop/old (delete)');
  });

  test('the reports group the changes by <environment>/<cluster>; JSON v1 adds cluster fields', () => {
    const r = report(
      fleet([route({ euw1: 50, ane1: 50 }), deployment()], [deployment()]),
      fleet([route({ euw1: 100, ane1: 0 }), deployment()], []),
    );
    const text = reportText(r, false);
    expect(text).toContain('  prod/ane1: 1 disruptive\n  prod/euw1: 1 disruptive\n');
    expect(text).toContain('DISRUPTIVE prod/ane1 Deployment shop/web (delete)');
    expect(text).toContain('DISRUPTIVE prod/euw1 HTTPRoute shop/web (update)');
    const markdown = reportMarkdown(r);
    expect(markdown).toContain('| prod/ane1 | 0 | 0 | 1 | 0 |');
    expect(markdown).toContain('<details><summary><b>prod/euw1</b>: 1 changes</summary>');
    const json = JSON.parse(reportJson(r));
    expect(json.version).toBe(1);
    expect(json.environments).toEqual([
      {
        name: 'prod',
        counts: { safe: 0, disruptive: 2, replace: 0, destructive: 0 },
        worst: 'disruptive',
        clusters: [
          {
            name: 'ane1',
            counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
            worst: 'disruptive',
          },
          {
            name: 'euw1',
            counts: { safe: 0, disruptive: 1, replace: 0, destructive: 0 },
            worst: 'disruptive',
          },
        ],
      },
    ]);
    expect(json.changes.map((c: { cluster: string }) => c.cluster)).toEqual(['ane1', 'euw1']);
    expect(json.layouts).toBeUndefined();
  });

  test('a synthesized environment that moves to two clusters deletes nothing from the environment', () => {
    const root = mkdtempSync(join(tmpdir(), 'gke-platform-fleet-plan-'));
    try {
      const pools = { general: { machineType: 'e2-standard-4' } };
      const one = definePlatform({ name: 'shop', environments: { prod: { nodePools: pools } } });
      const two = definePlatform({
        name: 'shop',
        environments: {
          prod: {
            nodePools: pools,
            clusters: {
              euw1: { region: 'europe-west1', config: true },
              ane1: { region: 'asia-northeast1' },
            },
          },
        },
      });
      writeManifests(
        synthesizePlatform(one, () => {}),
        join(root, 'base'),
      );
      writeManifests(
        synthesizePlatform(two, () => {}),
        join(root, 'head'),
      );
      const base = readOutput(join(root, 'base'), 'base');
      const head = readOutput(join(root, 'head'), 'head');
      expect(head.map((e) => [e.environment, e.cluster])).toEqual([
        ['prod', 'ane1'],
        ['prod', 'euw1'],
      ]);
      const changes = planManifests(base, head);
      expect(changes.filter((c) => c.cluster === undefined)).toEqual([]);
      expect(changes.filter((c) => c.action === 'delete')).toEqual([]);
      const [layout] = clusterLayoutChanges(base, head);
      expect(layout.moved).toBe(base[0].objects.length);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
