/**
 * The capacity plan per node pool: nodes needed at the least and most replicas and in a
 * rollout, DaemonSets taken off every node, against the pool's per-zone bounds.
 */
import { planCapacity } from '#lib/capacity/capacity-plan';
import { podSize } from '#lib/capacity/pod-demand';
import { definePlatform } from '#lib/platform/platform';
import { type NodePoolSpec } from '#lib/platform/node-pool';
import { synthesizePlatform } from '#lib/output/synthesize';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import { type EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebService } from '#lib/workloads/web-service';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/app:1.0.0';

/** The plan of one environment with one pool `general` and the workloads `define` adds. */
function plan(pool: NodePoolSpec, define: (chart: EnvironmentChart<'prod'>) => void) {
  const platform = definePlatform({
    name: 'acme',
    registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
    environments: { prod: { project: 'acme-prod', nodePools: { general: pool } } },
  });
  const [{ objects }] = synthesizePlatform(platform, define, { releases: '/nonexistent' });
  return planCapacity(platform.environment('prod'), objects)[0];
}

const web = (chart: EnvironmentChart<'prod'>, cpu: string, min: number, max: number) =>
  new WebService(chart, 'web', {
    image,
    port: 8080,
    resources: { cpu, cpuLimit: false },
    autoscaling: { minReplicas: min, maxReplicas: max },
  });

// e2-standard-2: 2000m less 60m + 10m = 1930m allocatable; 8 GiB less 1.8 GiB and 100 MiB.
const oneZone: NodePoolSpec = {
  machineType: 'e2-standard-2',
  zones: ['europe-west1-b'],
  minNodes: 1,
  maxNodes: 4,
};

test('nodes at the least and the most replicas, one 1-CPU pod per e2-standard-2 node', () => {
  const line = plan(oneZone, (chart) => web(chart, '1', 2, 4));
  expect(line).toMatchObject({
    pool: 'general',
    machineType: 'e2-standard-2',
    zones: 1,
    nodesAtMin: 2,
    nodesAtMax: 4,
    workloads: ['Deployment web'],
  });
  // 25% of 4 replicas surge: 1 pod more needs a fifth node, which maxNodes 4 does not allow.
  expect(line.nodesInRollout).toBe(5);
  expect(line.findings).toEqual([
    {
      severity: 'warning',
      message:
        'a rollout at the most replicas needs 5 nodes for its surge pods, more than 4 nodes (maxNodes 4 × 1 zones): it cannot surge and proceeds only as old pods go',
    },
  ]);
});

test('an error when the most replicas can never fit in maxNodes × zones', () => {
  const line = plan(oneZone, (chart) => web(chart, '1', 2, 10));
  expect(line.nodesAtMax).toBe(10);
  expect(line.findings[0]).toEqual({
    severity: 'error',
    message:
      'at their most replicas the pods need 10 nodes, but the pool has at most 4 nodes (maxNodes 4 × 1 zones)',
  });
  // maxNodes is per zone: three zones hold 12 nodes (only the surge of 3 pods does not fit).
  const regional = { ...oneZone, zones: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'] };
  expect(plan(regional, (chart) => web(chart, '1', 2, 10)).findings.map((f) => f.severity)).toEqual(
    ['warning'],
  );
  // The cluster's zones are unknown here: a warning, not an error.
  expect(
    plan({ ...oneZone, zones: undefined }, (chart) => web(chart, '1', 2, 10)).findings,
  ).toEqual([
    {
      severity: 'warning',
      message:
        'at their most replicas the pods need 10 nodes: more than maxNodes 4 per zone unless the cluster has at least 3 zones',
    },
  ]);
});

test("DaemonSets' pods come off every node: two 900m pods share a node only without them", () => {
  expect(plan(oneZone, (chart) => web(chart, '900m', 2, 2)).nodesAtMax).toBe(1);
  const withAgent = plan(oneZone, (chart) => {
    web(chart, '900m', 2, 2);
    new DaemonAgent(chart, 'agent', { image, resources: { cpu: '200m', cpuLimit: false } });
  });
  expect(withAgent.workloads).toEqual(['DaemonSet agent', 'Deployment web']);
  expect(withAgent.nodesAtMax).toBe(2);
});

test('a pod that fits a node only without the DaemonSets is an error with the figures', () => {
  const line = plan(oneZone, (chart) => {
    web(chart, '1800m', 1, 1);
    new DaemonAgent(chart, 'agent', { image, resources: { cpu: '200m', cpuLimit: false } });
  });
  expect(line.findings).toContainEqual({
    severity: 'error',
    message:
      'Deployment web: a pod asks for 1.8 CPUs (1.73 CPUs free) on a node of e2-standard-2 after the DaemonSets (DaemonSet agent), so it never schedules',
  });
});

test("the pod's size: native sidecars beside init containers, GPUs by limit, claims as disks", () => {
  const c = (cpu: string, extra: object = {}) => ({ resources: { requests: { cpu } }, ...extra });
  expect(
    podSize(
      {
        containers: [c('1'), { resources: { limits: { 'nvidia.com/gpu': 2 } } }],
        initContainers: [c('500m', { restartPolicy: 'Always' }), c('3')],
        volumes: [{ persistentVolumeClaim: { claimName: 'a' } }, { emptyDir: {} }],
      },
      2,
    ),
  ).toEqual({ cpuMillis: 3500, memoryBytes: 0, gpus: 2, disks: 3 });
});
