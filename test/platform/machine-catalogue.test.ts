/**
 * The machine catalogue: generated from a committed, cited source file, reproducibly; its
 * figures as Google's machine-family pages give them; GKE's allocatable resources of its
 * nodes; and the pool's `machineShape` for a type it does not know.
 */
import {
  MACHINE_CATALOGUE,
  MACHINE_CATALOGUE_DATE,
} from '#lib/platform/machine-catalogue.generated';
import { machineCapacity, nodeAllocatable } from '#lib/platform/machine-capacity';
import { definePlatform } from '#lib/platform/platform';
import { type NodePoolSpec } from '#lib/platform/node-pool';
import { PlatformError } from '#lib/core/errors';

const GIB = 2 ** 30;

const poolOf = (spec: NodePoolSpec) =>
  definePlatform({
    name: 'acme',
    environments: {
      dev: {
        project: 'acme-dev-1',
        nodePools: { general: { machineType: 'e2-standard-2' }, ml: spec },
      },
    },
  })
    .environment('dev')
    .nodePools.find((p) => p.name === 'ml');

test('the catalogue carries its date and cites a documentation page for every type', () => {
  expect(MACHINE_CATALOGUE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const machine of Object.values(MACHINE_CATALOGUE))
    expect(machine.source).toMatch(/^https:\/\/cloud\.google\.com\/compute\/docs\//);
});

describe('figures of the machine-family pages', () => {
  // Expected: the tables of https://cloud.google.com/compute/docs/general-purpose-machines,
  // .../compute-optimized-machines and .../accelerator-optimized-machines.
  test.each([
    ['e2-micro', 2, 1, 0],
    ['e2-small', 2, 2, 0],
    ['e2-medium', 2, 4, 0],
    ['e2-highcpu-32', 32, 32, 0],
    ['n1-highmem-96', 96, 624, 0],
    ['n2d-standard-224', 224, 896, 0],
    ['c2-standard-60', 60, 240, 0],
    ['c3-standard-22', 22, 88, 0],
    ['c3-highcpu-176', 176, 352, 0],
    ['c3d-highmem-360', 360, 2880, 0],
    ['t2d-standard-60', 60, 240, 0],
    ['g2-standard-24', 24, 96, 2],
    ['g2-standard-96', 96, 384, 8],
    ['a2-highgpu-1g', 12, 85, 1],
    ['a2-megagpu-16g', 96, 1360, 16],
    ['a3-highgpu-8g', 208, 1872, 8],
    ['a3-megagpu-8g', 208, 1872, 8],
  ])('%s: %i vCPUs, %i GiB, %i GPUs', (type, vcpus, gib, gpus) => {
    expect(machineCapacity(type)).toMatchObject({ vcpus, memoryBytes: gib * GIB, gpus });
  });

  test('shared-core E2 types have a fraction of their 2 vCPUs and attach 16 disks', () => {
    expect(MACHINE_CATALOGUE['e2-micro']).toMatchObject({ cpuShare: 0.25, maxDisks: 16 });
    expect(MACHINE_CATALOGUE['e2-small']).toMatchObject({ cpuShare: 0.5, maxDisks: 16 });
    expect(MACHINE_CATALOGUE['e2-medium']).toMatchObject({ cpuShare: 1, maxDisks: 16 });
    expect(MACHINE_CATALOGUE['e2-standard-2'].maxDisks).toBe(128);
  });

  test('accelerator-optimized types agree with the GPU table that node pools check', () => {
    for (const [type, machine] of Object.entries(MACHINE_CATALOGUE)) {
      if (machine.gpus === undefined) continue;
      const pool = poolOf({
        machineType: type,
        gpu: { type: machine.gpus.type as never },
        capacity: 'spot',
      });
      expect([type, pool?.gpu?.count]).toEqual([type, machine.gpus.count]);
    }
  });
});

describe("GKE's allocatable CPU on catalogued nodes, as nodes report it", () => {
  // Observed `kubectl get node` figures: e2-medium (github.com/Kong/kubernetes-ingress-controller
  // issue 3555) and n2-highmem-4/16/64 (github.com/2i2c-org/infrastructure issue 2121).
  test.each([
    ['e2-medium', 940],
    ['n2-highmem-4', 3920],
    ['n2-highmem-16', 15890],
    ['n2-highmem-64', 63770],
  ])('%s: %im', (type, millis) => {
    const capacity = machineCapacity(type);
    expect(capacity && nodeAllocatable(capacity).cpuMillis).toBe(millis);
  });
});

describe('machine types the catalogue does not know', () => {
  test('fail at platform definition, naming the prop and the way out', () => {
    const define = () => poolOf({ machineType: 'z9-standard-8' });
    expect(define).toThrow(PlatformError);
    expect(define).toThrow(
      "node pool 'ml': 'machineType' is 'z9-standard-8', which the machine catalogue (dated " +
        MACHINE_CATALOGUE_DATE +
        ") does not know, so the pods' requests cannot be checked against its nodes; check the name against `gcloud compute machine-types list`, or declare its size: machineShape: { vcpus, memoryGiB, gpus?, maxDisks? }",
    );
  });

  test('take a declared machineShape, which the pool carries', () => {
    expect(
      poolOf({
        machineType: 'z9-standard-8',
        machineShape: { vcpus: 8, memoryGiB: 32, maxDisks: 64 },
      })?.machine,
    ).toEqual({ vcpus: 8, memoryBytes: 32 * GIB, gpus: 0, maxDisks: 64 });
  });

  test('refuse a shape for a catalogued type, and a shape that is no size', () => {
    expect(() =>
      poolOf({ machineType: 'e2-standard-4', machineShape: { vcpus: 4, memoryGiB: 16 } }),
    ).toThrow(
      "'machineShape' is given, but 'e2-standard-4' is catalogued (4 vCPUs, 16 GiB); leave 'machineShape' out",
    );
    expect(() =>
      poolOf({ machineType: 'z9-x', machineShape: { vcpus: 0, memoryGiB: 16 } }),
    ).toThrow("'machineShape.vcpus' is 0; use a whole number of at least 1");
    expect(() =>
      poolOf({ machineType: 'z9-x', machineShape: { vcpus: 2, memoryGiB: -1 } }),
    ).toThrow("'machineShape.memoryGiB' is -1");
  });
});
