/**
 * A pod fits on a node of a pool it can land on: its request as the scheduler adds it up
 * (app containers and native sidecars, or an init container with the sidecars before it)
 * against each pool's allocatable CPU, memory, ephemeral storage and GPUs.
 */
import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { type NodePoolSpec } from '#lib/platform/node-pool';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { OneOffJob } from '#lib/workloads/job';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { chartFor } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/app:1.0.0';

const chartWith = (pool: NodePoolSpec) =>
  new EnvironmentChart(new App(), {
    platform: definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: { prod: { project: 'acme-prod', nodePools: { pool } } },
    }),
    environment: 'prod',
  });

/** A WebService whose two containers ask for `millis` of CPU together, each within a node. */
const twoContainers = (pool: NodePoolSpec, millis: number, props: Partial<WebServiceProps> = {}) =>
  new WebService(chartWith(pool), 'web', {
    image,
    port: 8080,
    resources: { cpu: '1000m', cpuLimit: false },
    sidecars: [{ name: 'proxy', image, resources: { cpu: `${millis - 1000}m`, cpuLimit: false } }],
    ...props,
  });

describe('pods at and just over the allocatable CPU of a node, per machine family', () => {
  // Allocatable CPU by GKE's formula (6% of the first core, 1% of the second, 0.5% of the
  // next two, 0.25% of the rest): https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes
  test.each([
    ['e2-standard-4', {}, 3920],
    ['n2-standard-8', {}, 8000 - 60 - 10 - 10 - 10],
    ['c3-standard-22', {}, 22000 - 80 - 18 * 2.5],
    ['g2-standard-8', { gpu: { type: 'nvidia-l4' } }, 7910],
    ['a3-highgpu-8g', { gpu: { type: 'nvidia-h100-80gb' } }, 208000 - 80 - 204 * 2.5],
  ] as const)(
    '%s: its allocatable CPU fits, one millicore more does not',
    (machineType, extra, millis) => {
      const pool = { machineType, ...extra } as NodePoolSpec;
      const gpus = 'gpu' in extra ? (machineType === 'g2-standard-8' ? 1 : 8) : 0;
      const placement = gpus > 0 ? { placement: { gpu: { count: gpus } } } : {};
      expect(() => twoContainers(pool, millis, placement)).not.toThrow();
      expect(() => twoContainers(pool, millis - 1, placement)).not.toThrow();
      expect(() => twoContainers(pool, millis + 1, placement)).toThrow(
        `but it fits on no node it can land on: (pool 'pool', ${machineType}) has ${Math.round(millis / 10) / 100} CPUs allocatable; so the pod would never schedule`,
      );
    },
  );
});

describe('what the scheduler adds up', () => {
  const pool = { machineType: 'e2-standard-4' } as const;

  test("a Job's native sidecar runs beside its init container, so both count", () => {
    const job = (chart: EnvironmentChart) =>
      new OneOffJob(chart, 'migrate', {
        image,
        resources: { cpu: '1', cpuLimit: false },
        initContainers: [{ name: 'schema', image, resources: { cpu: '3', cpuLimit: false } }],
        sidecars: [{ name: 'proxy', image, resources: { cpu: '1', cpuLimit: false } }],
      });
    // 3 CPUs of the init container + 1 of the sidecar started before it: 4 > 3.92.
    expect(() => job(chartWith(pool))).toThrow(
      "OneOffJob 'prod/migrate': 'resources' of the pod add up to 4 CPUs, 256 MiB of memory (CPU: migrate 1, proxy 1), but it fits on no node it can land on: (pool 'pool', e2-standard-4) has 3.92 CPUs allocatable",
    );
    // A WebService's init container runs alone: 3 CPUs fit.
    expect(
      () =>
        new WebService(chartWith(pool), 'web', {
          image,
          port: 8080,
          resources: { cpu: '1', cpuLimit: false },
          initContainers: [{ name: 'schema', image, resources: { cpu: '3', cpuLimit: false } }],
          sidecars: [{ name: 'proxy', image, resources: { cpu: '1', cpuLimit: false } }],
        }),
    ).not.toThrow();
  });

  test("ephemeral storage against the boot disk less GKE's reservation (100 GB: 49 GiB)", () => {
    // 100 GiB less 10% for eviction and min(50%, 6 GiB + 35%, 100 GiB) = 41 GiB reserved.
    // https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#local_ephemeral_storage_reservation
    const web = (ephemeralStorage: string, diskSizeGb?: number) =>
      new WebService(chartWith({ ...pool, diskSizeGb }), 'web', {
        image,
        port: 8080,
        resources: { ephemeralStorage },
      });
    expect(() => web('49Gi')).not.toThrow();
    expect(() => web('50Gi')).toThrow(
      "'resources' of the pod add up to 0.1 CPUs, 128 MiB of memory, 50 GiB of ephemeral storage (CPU: web 100m), but it fits on no node it can land on: (pool 'pool', e2-standard-4) has 49 GiB of ephemeral storage allocatable",
    );
    // A 200 GB disk: 200 − 20 − 76 = 104 GiB.
    expect(() => web('100Gi', 200)).not.toThrow();
  });

  test('a declared machineShape is what the pods are checked against', () => {
    const shaped = { machineType: 'z9-standard-2', machineShape: { vcpus: 2, memoryGiB: 8 } };
    expect(() => twoContainers(shaped, 1930)).not.toThrow();
    expect(() => twoContainers(shaped, 1931)).toThrow(
      "(pool 'pool', z9-standard-2) has 1.93 CPUs allocatable",
    );
  });

  test('the error gives the figures of every pool the pods may land on', () => {
    // prod's general and Spot pools are both e2-standard-4; a Spot placement may use either.
    expect(
      () =>
        new WebService(chartFor('prod'), 'web', {
          image,
          port: 8080,
          placement: { spot: true },
          resources: { cpu: '2', cpuLimit: false, memory: '10Gi' },
          sidecars: [{ name: 'proxy', image, resources: { cpu: '2', cpuLimit: false } }],
        }),
    ).toThrow(
      "but it fits on no node it can land on: (pool 'general', e2-standard-4) has 3.92 CPUs allocatable; (pool 'spot', e2-standard-4) has 3.92 CPUs allocatable; so the pod would never schedule",
    );
  });
});
