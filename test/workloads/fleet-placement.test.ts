import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { CAPACITY_OUT_VARIABLE, type PlannedPool } from '#lib/capacity/capacity-out';
import {
  CronTask,
  DaemonAgent,
  definePlatform,
  OneOffJob,
  PlatformError,
  StatefulService,
  synthesizePlatform,
  WebService,
  Worker,
} from 'gke-platform';
import type { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { EnvironmentChart as Chart } from '#lib/workloads/chart/environment-chart';
import { validateObjects } from '#lib/validate/validate-object';

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-4' } } },
    prod: {
      nodePools: { general: { machineType: 'e2-standard-4', maxNodes: 4 } },
      clusters: {
        euw1: {
          region: 'europe-west1',
          config: true,
          nodePools: { general: { zones: ['europe-west1-b', 'europe-west1-c'] } },
        },
        ane1: {
          region: 'asia-northeast1',
          nodePools: { general: { maxNodes: 1, zones: ['asia-northeast1-a'] } },
        },
      },
    },
  },
});
type Env = 'dev' | 'prod';
type Json = Record<string, any>;

const image = 'ghcr.io/shop/web:1.0.0';

/** Each chart's objects, by `<environment>` or `<environment>/<cluster>`. */
function synth(define: (chart: EnvironmentChart<Env>) => void): Record<string, Json[]> {
  return Object.fromEntries(
    synthesizePlatform(platform, define).map((m) => [
      m.cluster === undefined ? m.environment : `${m.environment}/${m.cluster}`,
      m.objects as Json[],
    ]),
  );
}

const named = (objects: Json[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as Json;
const kinds = (objects: Json[], name: string) =>
  objects.filter((o) => o.metadata.name === name).map((o) => o.kind);

/** The error of defining `define` in prod's chart of `cluster`. */
function errorOf(define: (chart: EnvironmentChart<Env>) => void, cluster = 'euw1'): PlatformError {
  const chart = new Chart(new App(), { platform, environment: 'prod', cluster });
  try {
    define(chart);
    chart.toJson();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('which clusters a workload runs on', () => {
  test('by default: services, workers and agents on every cluster; batch and stateful on the config cluster', () => {
    const out = synth((chart) => {
      new WebService(chart, 'web', { image, port: 8080 });
      new Worker(chart, 'queue', { image });
      new DaemonAgent(chart, 'agent', { image });
      new CronTask(chart, 'nightly', { image, schedule: '0 3 * * *', timeZone: 'Etc/UTC' });
      new OneOffJob(chart, 'migrate', { image });
      new StatefulService(chart, 'db', { image, port: 5432 });
    });
    for (const cluster of ['prod/euw1', 'prod/ane1']) {
      expect(named(out[cluster], 'Deployment', 'web')).toBeDefined();
      expect(named(out[cluster], 'Deployment', 'queue')).toBeDefined();
      expect(named(out[cluster], 'DaemonSet', 'agent')).toBeDefined();
    }
    expect(named(out['prod/euw1'], 'CronJob', 'nightly')).toBeDefined();
    expect(named(out['prod/euw1'], 'Job', 'migrate')).toBeDefined();
    expect(named(out['prod/euw1'], 'StatefulSet', 'db')).toBeDefined();
    // Not one object of them on the other cluster: no ServiceAccount, policy or Service either.
    for (const name of ['nightly', 'migrate', 'db', 'db-client'])
      expect(kinds(out['prod/ane1'], name)).toEqual([]);
    expect(kinds(out['prod/euw1'], 'nightly')).toEqual([
      'ServiceAccount',
      'NetworkPolicy',
      'CronJob',
    ]);
    // A one-cluster environment has everything, as before.
    for (const [kind, name] of [
      ['CronJob', 'nightly'],
      ['StatefulSet', 'db'],
      ['Deployment', 'web'],
    ])
      expect(named(out.dev, kind, name)).toBeDefined();
  });

  test('a list of clusters, or one cluster per environment', () => {
    const out = synth((chart) => {
      new WebService(chart, 'web', { image, port: 8080, clusters: { dev: 'all', prod: ['ane1'] } });
      new CronTask(chart, 'nightly', {
        image,
        schedule: '0 3 * * *',
        timeZone: 'Etc/UTC',
        clusters: 'all',
      });
    });
    expect(kinds(out['prod/euw1'], 'web')).toEqual([]);
    expect(named(out['prod/ane1'], 'Deployment', 'web')).toBeDefined();
    expect(named(out['prod/ane1'], 'CronJob', 'nightly')).toBeDefined();
    expect(named(out['prod/euw1'], 'CronJob', 'nightly')).toBeDefined();
    expect(named(out.dev, 'Deployment', 'web')).toBeDefined();
  });

  test("replicas per cluster set each cluster's Deployment; with autoscaling, each cluster's minimum", () => {
    const out = synth((chart) => {
      new WebService(chart, 'web', {
        image,
        port: 8080,
        replicas: 2,
        clusters: { dev: 'all', prod: { euw1: 3, ane1: 1 } },
      });
      new Worker(chart, 'queue', {
        image,
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        clusters: { dev: 'all', prod: { euw1: 4 } },
      });
      new StatefulService(chart, 'db', {
        image,
        port: 5432,
        clusters: { dev: 'all', prod: { euw1: 3 } },
      });
    });
    expect(named(out['prod/euw1'], 'Deployment', 'web').spec.replicas).toBe(3);
    expect(named(out['prod/ane1'], 'Deployment', 'web').spec.replicas).toBe(1);
    expect(named(out.dev, 'Deployment', 'web').spec.replicas).toBe(2);
    const scaler = named(out['prod/euw1'], 'HorizontalPodAutoscaler', 'queue');
    expect([scaler.spec.minReplicas, scaler.spec.maxReplicas]).toEqual([4, 6]);
    expect(kinds(out['prod/ane1'], 'queue')).toEqual([]);
    expect(named(out.dev, 'HorizontalPodAutoscaler', 'queue').spec.minReplicas).toBe(2);
    expect(named(out['prod/euw1'], 'StatefulSet', 'db').spec.replicas).toBe(3);
  });

  test('bad placements are errors naming the prop and the clusters that exist', () => {
    const unknown = errorOf(
      (chart) => new WebService(chart, 'web', { image, port: 8080, clusters: ['usc1'] }),
    );
    expect(unknown.message).toMatch(
      /WebService 'prod\.euw1\/web': 'clusters\[0\]' names "usc1", which is not a cluster of the environment 'prod'; use some of its clusters: 'euw1', 'ane1'/,
    );
    expect(
      errorOf((chart) => new Worker(chart, 'w', { image, clusters: { usc1: 2 } })).message,
    ).toMatch(/'clusters\.usc1' names "usc1".*'euw1', 'ane1'/);
    expect(errorOf((chart) => new Worker(chart, 'w', { image, clusters: [] })).message).toMatch(
      /'clusters' is empty; name at least one of 'euw1', 'ane1'/,
    );
    expect(
      errorOf((chart) => new Worker(chart, 'w', { image, clusters: ['ane1', 'ane1'] })).message,
    ).toMatch(/names 'ane1' twice/);
    expect(
      errorOf((chart) => new Worker(chart, 'w', { image, clusters: { euw1: 1.5 } })).message,
    ).toMatch(/'clusters\.euw1' is 1\.5; use a whole number/);
    expect(
      errorOf(
        (chart) =>
          new DaemonAgent(chart, 'a', {
            image,
            clusters: { euw1: 2 } as unknown as readonly string[],
          }),
      ).message,
    ).toMatch(/DaemonAgent 'prod\.euw1\/a': 'clusters' is an object; use a list or 'all'/);
    expect(
      errorOf(
        (chart) =>
          new Worker(chart, 'w', {
            image,
            autoscaling: { minReplicas: 1, maxReplicas: 3 },
            clusters: { euw1: 5 },
          }),
      ).message,
    ).toMatch(
      /'clusters\.euw1' is 5, the autoscaler's minReplicas on this cluster, but it must be from 1 to 'autoscaling\.maxReplicas' \(3\)/,
    );
    // One cluster: only 'all'.
    const dev = new Chart(new App(), { platform, environment: 'dev' });
    expect(() => new Worker(dev, 'w', { image, clusters: ['euw1'] })).toThrow(
      /Worker 'dev\/w': 'clusters' is \["euw1"\], but the environment 'dev' is one cluster; leave 'clusters' out for it, or give it 'all'/,
    );
    expect(() => new Worker(dev, 'ok', { image, clusters: 'all' })).not.toThrow();
  });
});

describe('connections across clusters', () => {
  const define = (chart: EnvironmentChart<Env>) => {
    const db = new StatefulService(chart, 'db', { image, port: 5432 });
    const api = new WebService(chart, 'api', {
      image,
      port: 8080,
      clusters: { dev: 'all', prod: ['euw1'] },
    });
    new WebService(chart, 'web', { image, port: 8080, connections: { DB: db, API: api } });
  };

  test('export the target, name it by its multi-cluster host, and admit the Pod ranges both ways', () => {
    const out = synth(define);
    const euw1 = out['prod/euw1'];
    const ane1 = out['prod/ane1'];
    // The services run on euw1 only, and web runs on both: they are exported from euw1.
    expect(named(euw1, 'ServiceExport', 'db-client')).toMatchObject({
      apiVersion: 'net.gke.io/v1',
      metadata: { namespace: 'shop-prod' },
    });
    expect(named(euw1, 'ServiceExport', 'api')).toBeDefined();
    expect(ane1.filter((o) => o.kind === 'ServiceExport')).toEqual([]);
    const env = (objects: Json[]) =>
      Object.fromEntries(
        named(objects, 'Deployment', 'web')
          .spec.template.spec.containers[0].env.filter((e: Json) => /_HOST$/.test(e.name))
          .map((e: Json) => [e.name, e.value]),
      );
    expect(env(euw1)).toEqual({
      DB_HOST: 'db-client.shop-prod.svc.cluster.local',
      API_HOST: 'api.shop-prod.svc.cluster.local',
    });
    expect(env(ane1)).toEqual({
      DB_HOST: 'db-client.shop-prod.svc.clusterset.local',
      API_HOST: 'api.shop-prod.svc.clusterset.local',
    });
    // ane1's Pods are 10.20.0.0/14 (the second cluster's default), euw1's 10.4.0.0/14.
    const webSelector = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } };
    const dbPolicy = named(euw1, 'NetworkPolicy', 'db');
    expect(dbPolicy.spec.ingress).toEqual([
      {
        from: [
          expect.objectContaining({ podSelector: expect.anything() }),
          { ipBlock: { cidr: '10.20.0.0/14' } },
        ],
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
    ]);
    expect(named(euw1, 'NetworkPolicy', 'api').spec.ingress[0].from[1]).toEqual({
      ipBlock: { cidr: '10.20.0.0/14' },
    });
    expect(dbPolicy.spec.ingress[0].from[0].podSelector.matchLabels).toMatchObject(
      webSelector.podSelector.matchLabels,
    );
    const egress = (objects: Json[]) =>
      named(objects, 'NetworkPolicy', 'web').spec.egress.filter(
        (r: Json) => r.ports?.[0]?.port !== 53,
      );
    expect(egress(ane1)).toEqual([
      { to: [{ ipBlock: { cidr: '10.4.0.0/14' } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.4.0.0/14' } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
    // On euw1, web reaches both in its own cluster, by their labels.
    expect(egress(euw1).map((r: Json) => Object.keys(r.to[0]))).toEqual([
      ['podSelector'],
      ['podSelector'],
    ]);
  });

  test('every object of both clusters is valid (Kubernetes 1.27 and newest, CRDs)', () => {
    const out = synth((chart) => {
      define(chart);
      new CronTask(chart, 'nightly', { image, schedule: '0 3 * * *', timeZone: 'Etc/UTC' });
      new DaemonAgent(chart, 'agent', { image });
    });
    for (const cluster of ['prod/euw1', 'prod/ane1'])
      expect(validateObjects(out[cluster]).map((p) => p.message)).toEqual([]);
  });

  test('nothing changes in an environment of one cluster', () => {
    const out = synth(define);
    expect(out.dev.filter((o) => o.kind === 'ServiceExport')).toEqual([]);
    const policy = named(out.dev, 'NetworkPolicy', 'db');
    expect(JSON.stringify(policy)).not.toMatch(/ipBlock/);
    expect(JSON.stringify(named(out.dev, 'Deployment', 'web'))).not.toMatch(/clusterset/);
  });
});

describe("capacity on each cluster's pools", () => {
  test('a workload placed on a cluster whose pools cannot hold it is an error naming the cluster', () => {
    // ane1's pool has at most 1 node (1 × 1 zone); euw1's 8 (4 × 2 zones).
    const define = (chart: EnvironmentChart<Env>) =>
      new WebService(chart, 'web', {
        image,
        port: 8080,
        placement: { onePodPerNode: true },
        clusters: { dev: 'all', prod: { euw1: 3, ane1: 2 } },
      });
    expect(() => errorOf(define, 'euw1')).toThrow('no error');
    expect(errorOf(define, 'ane1').message).toMatch(
      /WebService 'prod\.ane1\/web': 'placement\.onePodPerNode' is set, but 'replicas' lets 2 pods run and the pools they can land on on the cluster 'ane1' have at most 1 nodes/,
    );
  });

  test('the capacity plan is per cluster, with its pool sizes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gke-platform-')), 'capacity.json');
    process.env[CAPACITY_OUT_VARIABLE] = file;
    try {
      synth((chart) => {
        new WebService(chart, 'web', {
          image,
          port: 8080,
          resources: { cpu: '3', memory: '1Gi' },
          clusters: { dev: 'all', prod: { euw1: 3, ane1: 3 } },
        });
      });
    } finally {
      delete process.env[CAPACITY_OUT_VARIABLE];
    }
    const plan = JSON.parse(readFileSync(file, 'utf8')) as PlannedPool[];
    expect(plan.map((p) => [p.environment, p.cluster, p.maxNodes, p.zones, p.nodesAtMax])).toEqual([
      ['dev', undefined, 3, undefined, 2],
      ['prod/euw1', 'euw1', 4, 2, 3],
      ['prod/ane1', 'ane1', 1, 1, 3],
    ]);
    expect(plan[1].findings).toEqual([]);
    expect(plan[2].findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'error',
        "at their most replicas the pods need 3 nodes, but the pool has at most 1 nodes (maxNodes 1 × 1 zones) on the cluster 'ane1'",
      ],
    ]);
  });
});
