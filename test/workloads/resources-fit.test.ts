import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { machineCapacity, nodeAllocatable } from '#lib/platform/machine-capacity';
import { CronTask } from '#lib/workloads/cron-task';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { chartFor, find, objectsOf, podSpec, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/app:1.0.0';
const GIB = 2 ** 30;
const MIB = 2 ** 20;

const web = (props: Partial<WebServiceProps<TestEnv>>, env: TestEnv = 'prod') => {
  const chart = chartFor(env);
  new WebService(chart, 'web', { image, port: 8080, ...props });
  return objectsOf(chart);
};

describe('machine capacity and GKE allocatable', () => {
  test('catalogued types with their GPUs and disk limit; custom types by their name', () => {
    const plain = { gpus: 0, maxDisks: 128 };
    expect(machineCapacity('e2-standard-4')).toEqual({ vcpus: 4, memoryBytes: 16 * GIB, ...plain });
    expect(machineCapacity('n1-standard-8')).toEqual({ vcpus: 8, memoryBytes: 30 * GIB, ...plain });
    expect(machineCapacity('n2-highmem-2')).toEqual({ vcpus: 2, memoryBytes: 16 * GIB, ...plain });
    expect(machineCapacity('g2-standard-8')).toEqual({
      vcpus: 8,
      memoryBytes: 32 * GIB,
      gpus: 1,
      maxDisks: 128,
    });
    expect(machineCapacity('custom-4-8192')).toEqual({ vcpus: 4, memoryBytes: 8 * GIB, ...plain });
    expect(machineCapacity('n2-custom-8-16384-ext')).toEqual({
      vcpus: 8,
      memoryBytes: 16 * GIB,
      ...plain,
    });
  });

  test('types not catalogued have no capacity (lssd variants, unknown names)', () => {
    for (const type of ['c3-standard-4-lssd', 'e2-standard-3', 'x'])
      expect(machineCapacity(type)).toBeUndefined();
  });

  test("GKE's reservations: e2-standard-4 keeps 3.92 CPUs and 13.3 GiB for pods", () => {
    // CPU: 6% of the first core + 1% of the second + 0.5% of the next two = 80m.
    // Memory: 25% of 4 GiB + 20% of 4 GiB + 10% of 8 GiB = 2.6 GiB, and 100 MiB for eviction.
    expect(nodeAllocatable({ vcpus: 4, memoryBytes: 16 * GIB })).toEqual({
      cpuMillis: 3920,
      memoryBytes: Math.floor(16 * GIB - 2.6 * GIB - 100 * MIB),
    });
    // Past 4 cores, 0.25% of each; past 16 GiB, 6% up to 128 GiB: n1-standard-8 (30 GiB).
    expect(nodeAllocatable({ vcpus: 8, memoryBytes: 30 * GIB })).toEqual({
      cpuMillis: 8000 - 80 - 10,
      memoryBytes: Math.floor(30 * GIB - 2.6 * GIB - 0.06 * 14 * GIB - 100 * MIB),
    });
    // Under 1 GiB: 255 MiB.
    expect(nodeAllocatable({ vcpus: 1, memoryBytes: 614 * MIB }).memoryBytes).toBe(
      (614 - 255 - 100) * MIB,
    );
  });
});

describe('resources that no node can hold', () => {
  test("fails for cpu '500' (500 cores, meant 500m), naming the node and both figures", () => {
    expect(() => web({ resources: { cpu: '500' } })).toThrow(
      "WebService 'prod/web': 'resources.cpu' is '500' (500 CPUs), but the largest node it can land on (pool 'general', e2-standard-4) has 3.92 CPUs allocatable, so the pod would never schedule; write millicores for a fraction of a CPU ('500m'), or ask for less, or place the pods on a pool of larger machines",
    );
  });

  test('fails for a bare number, which a JavaScript caller may pass, before its size is read', () => {
    expect(() => web({ resources: { cpu: 64 as unknown as string } })).toThrow(
      "WebService 'prod/web': 'resources.cpu' is 64; use a string",
    );
  });

  test('fails for memory above the allocatable memory, per environment', () => {
    expect(() => web({ resources: { memory: '8Gi' } }, 'dev')).toThrow(
      "WebService 'dev/web': 'resources.memory' is '8Gi' (8 GiB), but the largest node it can land on (pool 'general', e2-standard-2) has 6.1 GiB allocatable",
    );
    // The same request fits prod's e2-standard-4.
    expect(() => web({ resources: { memory: '8Gi' } }, 'prod')).not.toThrow();
  });

  test('fails for a sidecar or an init container that no node can hold', () => {
    expect(() =>
      web({ sidecars: [{ name: 'proxy', image, resources: { memory: '20Gi' } }] }),
    ).toThrow("WebService 'prod/web' sidecars 'proxy': 'resources.memory' is '20Gi' (20 GiB)");
    expect(() =>
      web({ initContainers: [{ name: 'migrate', image, resources: { cpu: '4' } }] }),
    ).toThrow("WebService 'prod/web' initContainers 'migrate': 'resources.cpu' is '4' (4 CPUs)");
  });

  test("fails when the pod's containers together need more than the node has", () => {
    expect(() =>
      web({
        resources: { cpu: '2' },
        sidecars: [{ name: 'proxy', image, resources: { cpu: '2' } }],
      }),
    ).toThrow(
      "WebService 'prod/web': 'resources' of the pod add up to 4 CPUs, 256 MiB of memory (CPU: web 2, proxy 2), but it fits on no node it can land on: (pool 'general', e2-standard-4) has 3.92 CPUs allocatable; so the pod would never schedule",
    );
  });

  test('an init container counts alone: it runs before the others', () => {
    expect(() =>
      web({
        resources: { cpu: '2' },
        initContainers: [{ name: 'migrate', image, resources: { cpu: '3' } }],
      }),
    ).not.toThrow();
  });

  test('fails for an explicit limit above the whole node; a default limit is not checked', () => {
    expect(() => web({ resources: { memory: '1Gi', memoryLimit: '64Gi' } })).toThrow(
      "'resources.memoryLimit' is '64Gi' (64 GiB), but the largest node it can land on (pool 'general', e2-standard-4) has 16 GiB of memory, so the limit could never apply",
    );
    expect(() => web({ resources: { cpu: '1', cpuLimit: '100' } })).toThrow(
      "'resources.cpuLimit' is '100' (100 CPUs), but the largest node it can land on (pool 'general', e2-standard-4) has 4 CPUs, so the limit could never apply; write millicores for a fraction of a CPU ('100m')",
    );
    // cpu '3' gives the default limit 6000m, above the node's 4 CPUs: the request is what counts.
    const deployment = find(web({ resources: { cpu: '3' } }), 'Deployment', 'web');
    expect(podSpec(deployment).containers[0].resources.limits.cpu).toBe('6000m');
  });

  test('the pools a placement can land on decide: a GPU pool is larger', () => {
    const chart = chartFor('prod');
    // general and spot are e2-standard-4 (3.92 CPUs); the GPU pool is n1-standard-8 (7.91).
    new CronTask(chart, 'train', {
      image,
      schedule: '0 3 * * *',
      placement: { gpu: { count: 1 } },
      resources: { cpu: '6', memory: '20Gi' },
    });
    expect(() => objectsOf(chart)).not.toThrow();
    expect(
      () =>
        new CronTask(chartFor('prod'), 'report', {
          image,
          schedule: '0 3 * * *',
          placement: { nodePool: 'general' },
          resources: { cpu: '6' },
        }),
    ).toThrow("(pool 'general', e2-standard-4) has 3.92 CPUs allocatable");
  });

  test('custom machine types are read from their name; unknown types are not checked', () => {
    const platform = definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: {
        dev: {
          project: 'acme-dev',
          nodePools: { general: { machineType: 'n2-custom-2-4096' } },
        },
        big: {
          project: 'acme-big',
          nodePools: { general: { machineType: 'm3-ultramem-32' } },
        },
      },
    });
    const chart = (environment: 'dev' | 'big') =>
      new EnvironmentChart(new App(), { platform, environment });
    expect(
      () => new WebService(chart('dev'), 'web', { image, port: 8080, resources: { cpu: '2' } }),
    ).toThrow("(pool 'general', n2-custom-2-4096) has 1.93 CPUs allocatable");
    expect(
      () =>
        new WebService(chart('big'), 'web', {
          image,
          port: 8080,
          resources: { cpu: '30', memory: '500Gi' },
        }),
    ).not.toThrow();
  });
});

describe('resources too small for a container to start', () => {
  test("fails for memory '500' (500 bytes)", () => {
    expect(() => web({ resources: { memory: '500' } })).toThrow(
      "WebService 'prod/web': 'resources.memory' is '500' (500 bytes), below the 6 MiB a container runtime needs to start a container with that memory limit; write a size with a binary unit, e.g. '500Mi'",
    );
    expect(() => web({ resources: { memory: '4Mi' } })).toThrow(
      "'resources.memory' is '4Mi' (4 MiB), below the 6 MiB",
    );
    expect(() => web({ resources: { memory: '6Mi' } })).not.toThrow();
  });

  test('checks the memory limit, not the request: a small request under a larger limit starts', () => {
    expect(() => web({ resources: { memory: '4Mi', memoryLimit: '64Mi' } })).not.toThrow();
    expect(() => web({ resources: { memory: '1Mi', memoryLimit: '4Mi' } })).toThrow(
      "'resources.memoryLimit' is '4Mi' (4 MiB), below the 6 MiB",
    );
  });

  test('fails for a CPU request under 1m and a CPU limit under 10m', () => {
    expect(() => web({ resources: { cpu: '0.0001' } })).toThrow(
      "'resources.cpu' is '0.0001', below 1m, the smallest CPU amount Kubernetes counts",
    );
    expect(() => web({ resources: { cpu: '1m', cpuLimit: '5m' } })).toThrow(
      "'resources.cpuLimit' is '5m', below 10m, the smallest CPU limit the kernel enforces",
    );
    expect(() => web({ resources: { cpu: '5m', cpuLimit: '10m' } })).not.toThrow();
  });
});
