import { parseNodePool } from '#lib/platform/node-pool';
import { validateObjects } from '#lib/validate/validate-object';
import { CronTask } from '#lib/workloads/cron-task';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import {
  checkOnePodPerNode,
  describePools,
  isPreemptible,
  type PlacementSpec,
  renderPlacement,
  tolerationsFor,
} from '#lib/workloads/pod/placement';
import { WebService } from '#lib/workloads/web-service';
import {
  chartFor,
  find,
  GPU_TOLERATION,
  objectsOf,
  podSpec,
  SPOT_TOLERATION,
  type TestEnv,
  testPlatform,
} from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/app:1.0.0';
const prodPools = testPlatform.environment('prod').nodePools;
const devPools = testPlatform.environment('dev').nodePools;
const where = "CronTask 'prod/job'";
const place = (spec: PlacementSpec, pools = prodPools, env = 'prod') =>
  renderPlacement(where, env, pools, spec);

describe('renderPlacement', () => {
  test('no placement: untainted pools, nothing written', () => {
    expect(place({})).toEqual({ gpus: 0, mayBePreempted: false });
  });

  test('a pool by name: its nodeSelector and exactly its taints', () => {
    expect(place({ nodePool: 'general' })).toEqual({
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'general' },
      tolerations: [],
      gpus: 0,
      mayBePreempted: false,
    });
    expect(place({ nodePool: 'spot' })).toEqual({
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'spot' },
      tolerations: [SPOT_TOLERATION],
      gpus: 0,
      mayBePreempted: true,
    });
    expect(place({ nodePool: 'gpu' }).tolerations).toEqual([GPU_TOLERATION]);
  });

  test('GPUs of a type: the accelerator label, the GPU taint and the count', () => {
    expect(place({ gpu: { count: 2, type: 'nvidia-tesla-t4' } })).toEqual({
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' },
      tolerations: [GPU_TOLERATION],
      gpus: 2,
      mayBePreempted: false,
    });
  });

  test('GPUs of any type, and GPUs on a named pool', () => {
    expect(place({ gpu: { count: 1 } }).nodeSelector).toEqual({
      'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4',
    });
    expect(place({ nodePool: 'gpu', gpu: { count: 1 } })).toMatchObject({
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' },
      gpus: 1,
    });
  });

  test('GPUs of two types in two pools: the first matching pool by name', () => {
    const pools = [
      ...prodPools,
      parseNodePool('test', 'l4', { machineType: 'g2-standard-8', gpu: { type: 'nvidia-l4' } }),
    ];
    expect(place({ gpu: { count: 1 } }, pools)).toMatchObject({
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' },
      tolerations: [GPU_TOLERATION],
    });
  });

  test('spot is fine: prefers Spot and preemptible nodes, tolerates their taints, stops within 25 s', () => {
    expect(place({ spot: true })).toEqual({
      tolerations: [SPOT_TOLERATION],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: {
                matchExpressions: [
                  { key: 'cloud.google.com/gke-spot', operator: 'In', values: ['true'] },
                ],
              },
            },
            {
              weight: 50,
              preference: {
                matchExpressions: [
                  { key: 'cloud.google.com/gke-preemptible', operator: 'In', values: ['true'] },
                ],
              },
            },
          ],
        },
      },
      gpus: 0,
      mayBePreempted: true,
    });
  });

  test('spot is fine in an environment without Spot pools: nothing to tolerate', () => {
    const pools = [parseNodePool('test', 'general', { machineType: 'e2-standard-2' })];
    expect(place({ spot: true }, pools)).toEqual({ gpus: 0, mayBePreempted: false });
  });

  test('a preemptible pool without a declared taint needs no toleration but still counts as preemptible', () => {
    const pools = [
      parseNodePool('test', 'cheap', { machineType: 'e2-standard-2', capacity: 'preemptible' }),
    ];
    expect(place({ spot: true }, pools)).toMatchObject({ tolerations: [], mayBePreempted: true });
    expect(isPreemptible(pools[0])).toBe(true);
  });

  test('fails on a pool the environment does not have, naming the workload, environment and pools', () => {
    expect(() => place({ nodePool: 'gpu' }, devPools, 'dev')).toThrow(
      `${where}: 'placement.nodePool' is 'gpu', but environment 'dev' has no such node pool; use one of general, spot`,
    );
  });

  test('fails on GPUs in an environment without a GPU pool', () => {
    expect(() => place({ gpu: { count: 1 } }, devPools, 'dev')).toThrow(
      `${where}: 'placement.gpu' asks for 1 × GPU, but environment 'dev' has no node pool with them; declare a GPU pool in 'dev' or use one of general, spot`,
    );
  });

  test('fails on a GPU type no pool has', () => {
    expect(() => place({ gpu: { count: 1, type: 'nvidia-l4' } })).toThrow(
      `${where}: 'placement.gpu' asks for 1 × nvidia-l4, but environment 'prod' has no node pool with them; declare a GPU pool in 'prod' or use one of general, spot, gpu (2 × nvidia-tesla-t4)`,
    );
  });

  test('fails on more GPUs than a node has', () => {
    expect(() => place({ gpu: { count: 4 } })).toThrow(
      /'placement.gpu' asks for 4 × GPU, but environment 'prod' has no node pool with them/,
    );
  });

  test('fails on GPUs on a named pool without them', () => {
    expect(() => place({ nodePool: 'general', gpu: { count: 1 } })).toThrow(
      `${where}: 'placement.gpu' asks for 1 × GPU, but pool 'general' in 'prod' has no GPUs; use a pool that has them: gpu (2 × nvidia-tesla-t4)`,
    );
    expect(() => place({ nodePool: 'gpu', gpu: { count: 1, type: 'nvidia-l4' } })).toThrow(
      /asks for 1 × nvidia-l4, but pool 'gpu' in 'prod' has 2 × nvidia-tesla-t4/,
    );
  });

  test.each([0, -1, 1.5])('fails on a GPU count of %p', (count) => {
    expect(() => place({ gpu: { count } })).toThrow(
      `${where}: 'placement.gpu.count' is ${count}; ask for a whole number of GPUs, at least 1`,
    );
  });
});

describe('tolerationsFor and describePools', () => {
  test('tolerations are deduplicated and sorted; a taint without value tolerates with Exists', () => {
    expect(
      tolerationsFor([
        { key: 'b', value: 'x', effect: 'NoSchedule' },
        { key: 'a', effect: 'NoExecute' },
        { key: 'b', value: 'x', effect: 'NoSchedule' },
      ]),
    ).toEqual([
      { key: 'a', operator: 'Exists', effect: 'NoExecute' },
      { key: 'b', operator: 'Equal', value: 'x', effect: 'NoSchedule' },
    ]);
  });

  test('pools are listed with their GPUs', () => {
    expect(describePools(prodPools)).toBe('general, spot, gpu (2 × nvidia-tesla-t4)');
  });
});

describe('placement of every workload kind', () => {
  const build = {
    WebService: (env: TestEnv, placement: PlacementSpec, extra = {}) => {
      const chart = chartFor(env);
      new WebService(chart, 'app', { image, port: 8080, placement, ...extra });
      return podSpec(find(objectsOf(chart), 'Deployment', 'app'));
    },
    CronTask: (env: TestEnv, placement: PlacementSpec, extra = {}) => {
      const chart = chartFor(env);
      new CronTask(chart, 'app', { image, schedule: '@hourly', placement, ...extra });
      return podSpec(find(objectsOf(chart), 'CronJob', 'app'));
    },
  };

  describe.each(Object.entries(build))('%s', (kind, make) => {
    test('GPUs: accelerator selector, GPU toleration and nvidia.com/gpu in limits', () => {
      const pod = make('prod', { gpu: { count: 2, type: 'nvidia-tesla-t4' } });
      expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' });
      expect(pod.tolerations).toEqual([GPU_TOLERATION]);
      expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(2);
      expect(pod.containers[0].resources.requests['nvidia.com/gpu']).toBeUndefined();
    });

    test('a pool by name', () => {
      const pod = make('prod', { nodePool: 'general' });
      expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'general' });
      expect(pod.tolerations).toBeUndefined();
    });

    test('spot: tolerations, preferred affinity and a 25 s grace period', () => {
      const pod = make('dev', { spot: true });
      expect(pod.tolerations).toEqual([SPOT_TOLERATION]);
      expect(
        pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution,
      ).toHaveLength(2);
      expect(pod.terminationGracePeriodSeconds).toBe(25);
    });

    test('fails on a grace period longer than Spot nodes allow', () => {
      expect(() =>
        make('prod', { nodePool: 'spot' }, { terminationGracePeriodSeconds: 26 }),
      ).toThrow(
        `${kind} 'prod/app': 'terminationGracePeriodSeconds' is 26, but the pods may run on Spot or preemptible nodes, which GKE stops within ~25 s; use at most 25`,
      );
    });

    test('fails on GPUs in an environment without them, naming the workload, environment and pools', () => {
      expect(() => make('dev', { gpu: { count: 1 } })).toThrow(
        `${kind} 'dev/app': 'placement.gpu' asks for 1 × GPU, but environment 'dev' has no node pool with them; declare a GPU pool in 'dev' or use one of general, spot`,
      );
    });
  });

  test('placement per environment: GPUs in prod, Spot in dev', () => {
    const placement = { dev: { spot: true }, prod: { gpu: { count: 1 } } };
    for (const env of ['dev', 'prod'] as const) {
      const chart = chartFor(env);
      new CronTask(chart, 'train', { image, schedule: '@daily', placement });
      const objects = objectsOf(chart);
      const pod = podSpec(find(objects, 'CronJob', 'train'));
      expect(Boolean(pod.containers[0].resources.limits['nvidia.com/gpu'])).toBe(env === 'prod');
      expect(pod.terminationGracePeriodSeconds).toBe(env === 'dev' ? 25 : 30);
      expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
    }
  });

  test('a DaemonAgent runs on every pool by default and on the named ones when asked', () => {
    const chart = chartFor('prod');
    new DaemonAgent(chart, 'all', { image });
    new DaemonAgent(chart, 'gpu-only', { image, nodePools: ['gpu'] });
    const objects = objectsOf(chart);
    expect(podSpec(find(objects, 'DaemonSet', 'all')).tolerations).toEqual([
      SPOT_TOLERATION,
      GPU_TOLERATION,
    ]);
    const gpuOnly = podSpec(find(objects, 'DaemonSet', 'gpu-only'));
    expect(gpuOnly.tolerations).toEqual([GPU_TOLERATION]);
    expect(
      gpuOnly.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms,
    ).toEqual([
      {
        matchExpressions: [
          { key: 'cloud.google.com/gke-nodepool', operator: 'In', values: ['gpu'] },
        ],
      },
    ]);
  });
});

describe('onePodPerNode', () => {
  const selector = {
    'app.kubernetes.io/name': 'cache',
    'app.kubernetes.io/instance': 'cache',
  };

  test('a required anti-affinity on the hostname over the workload’s own pods, beside the Spot preference', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'cache', {
      image,
      port: 6379,
      health: { type: 'tcp' },
      replicas: 3,
      placement: { onePodPerNode: true, spot: true },
    });
    const objects = objectsOf(chart);
    const affinity = podSpec(find(objects, 'Deployment', 'cache')).affinity;
    expect(affinity.podAntiAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
      ],
    });
    // The selector is exactly the pods' own: the Deployment's selector.
    expect(find(objects, 'Deployment', 'cache').spec.selector.matchLabels).toEqual(selector);
    expect(affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(2);
    expect(validateObjects(objects)).toEqual([]);
  });

  test('without it, no pod anti-affinity (the default output is unchanged)', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'cache', { image, port: 6379, health: { type: 'tcp' } });
    expect(podSpec(find(objectsOf(chart), 'Deployment', 'cache')).affinity).toBeUndefined();
  });

  test('fails when the replicas outnumber the nodes the pools can have, where the zones are declared', () => {
    const pools = [
      parseNodePool("environment 'prod'", 'general', {
        machineType: 'e2-standard-4',
        zones: ['europe-west1-b', 'europe-west1-c'],
        maxNodes: 2,
      }),
    ];
    expect(() => checkOnePodPerNode("WebService 'prod/cache'", 'replicas', 5, pools)).toThrow(
      "WebService 'prod/cache': 'placement.onePodPerNode' is set, but 'replicas' lets 5 pods run and the pools they can land on have at most 4 nodes ('general': 2 × 2 zones), so 1 would stay Pending; lower 'replicas' to 4, or raise the pools' 'maxNodes'",
    );
    expect(() => checkOnePodPerNode("WebService 'prod/cache'", 'replicas', 4, pools)).not.toThrow();
    // The cluster's zones are not known here: a pool without zones is not checked.
    expect(() => checkOnePodPerNode('x', 'replicas', 500, prodPools)).not.toThrow();
  });
});
