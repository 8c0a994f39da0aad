import { checkOneOf, fail } from '../core/errors';

/**
 * The GPU types a node pool can carry, as GKE's `acceleratorType` names them.
 * @see https://cloud.google.com/compute/docs/gpus
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
 */
export type GpuType =
  | 'nvidia-tesla-t4'
  | 'nvidia-tesla-v100'
  | 'nvidia-tesla-p4'
  | 'nvidia-tesla-p100'
  | 'nvidia-l4'
  | 'nvidia-tesla-a100'
  | 'nvidia-a100-80gb'
  | 'nvidia-h100-80gb'
  | 'nvidia-h100-mega-80gb'
  | 'nvidia-h200-141gb'
  | 'nvidia-b200';

/** How GKE installs the NVIDIA driver on a GPU pool's nodes. */
export type GpuDriverVersion = (typeof GPU_DRIVER_VERSIONS)[number];

/** The values of {@link GpuDriverVersion}, for checking input that the type cannot. */
export const GPU_DRIVER_VERSIONS = ['DEFAULT', 'LATEST', 'INSTALLATION_DISABLED'] as const;

interface GpuFamily {
  /** The machine series the GPU comes with, as Google's documents name it (for messages). */
  readonly series: string;
  /** For attachable GPUs (N1): the machine-type prefix and the counts one VM may have. */
  readonly attachable?: { readonly machinePrefix: string; readonly counts: readonly number[] };
  /** For accelerator-optimized series: GPUs per machine type (the machine type fixes it). */
  readonly countByMachine?: Readonly<Record<string, number>>;
}

/**
 * Which machines each GPU type needs, and how many GPUs each machine has.
 *
 * - T4, V100, P4 and P100 attach to N1 VMs, in counts of 1, 2 or 4 (and 8 for V100), the
 *   counts of the "N1+T4 / N1+P4 / N1+P100 / N1+V100" rows of the maintenance table.
 * - Accelerator-optimized series have their GPUs attached and the machine type fixes the
 *   count: G2 (`nvidia-l4`), A2 Standard (`nvidia-tesla-a100`) and A2 Ultra
 *   (`nvidia-a100-80gb`), A3 High (`nvidia-h100-80gb`), A3 Mega (`nvidia-h100-mega-80gb`),
 *   A3 Ultra (`nvidia-h200-141gb`) and A4 (`nvidia-b200`). GKE's accelerator names for A3
 *   and A4 are those of "Run GPUs in GKE Standard node pools" (`MACHINE_TYPE`), and GKE
 *   wants `count` set to the machine type's GPU count.
 * @see https://cloud.google.com/compute/docs/accelerator-optimized-machines
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
 */
const GPU_FAMILIES: Readonly<Record<GpuType, GpuFamily>> = {
  'nvidia-tesla-t4': { series: 'N1', attachable: { machinePrefix: 'n1-', counts: [1, 2, 4] } },
  'nvidia-tesla-v100': {
    series: 'N1',
    attachable: { machinePrefix: 'n1-', counts: [1, 2, 4, 8] },
  },
  'nvidia-tesla-p4': { series: 'N1', attachable: { machinePrefix: 'n1-', counts: [1, 2, 4] } },
  'nvidia-tesla-p100': { series: 'N1', attachable: { machinePrefix: 'n1-', counts: [1, 2, 4] } },
  'nvidia-l4': {
    series: 'G2',
    countByMachine: {
      'g2-standard-4': 1,
      'g2-standard-8': 1,
      'g2-standard-12': 1,
      'g2-standard-16': 1,
      'g2-standard-32': 1,
      'g2-standard-24': 2,
      'g2-standard-48': 4,
      'g2-standard-96': 8,
    },
  },
  'nvidia-tesla-a100': {
    series: 'A2 Standard',
    countByMachine: {
      'a2-highgpu-1g': 1,
      'a2-highgpu-2g': 2,
      'a2-highgpu-4g': 4,
      'a2-highgpu-8g': 8,
      'a2-megagpu-16g': 16,
    },
  },
  'nvidia-a100-80gb': {
    series: 'A2 Ultra',
    countByMachine: {
      'a2-ultragpu-1g': 1,
      'a2-ultragpu-2g': 2,
      'a2-ultragpu-4g': 4,
      'a2-ultragpu-8g': 8,
    },
  },
  'nvidia-h100-80gb': {
    series: 'A3 High',
    countByMachine: {
      'a3-highgpu-1g': 1,
      'a3-highgpu-2g': 2,
      'a3-highgpu-4g': 4,
      'a3-highgpu-8g': 8,
    },
  },
  'nvidia-h100-mega-80gb': { series: 'A3 Mega', countByMachine: { 'a3-megagpu-8g': 8 } },
  'nvidia-h200-141gb': { series: 'A3 Ultra', countByMachine: { 'a3-ultragpu-8g': 8 } },
  'nvidia-b200': { series: 'A4', countByMachine: { 'a4-highgpu-8g': 8 } },
};

/**
 * Machine types that Compute Engine creates only as Spot (or Flex-start) VMs: "When
 * provisioning a3-highgpu-1g, a3-highgpu-2g, or a3-highgpu-4g machine types, you must
 * create instances by using Spot VMs or Flex-start VMs". This library creates Spot node
 * pools (`capacity: 'spot'`), not Flex-start ones.
 * @see https://cloud.google.com/compute/docs/accelerator-optimized-machines#a3-high-vms
 */
const SPOT_ONLY_MACHINES: ReadonlySet<string> = new Set([
  'a3-highgpu-1g',
  'a3-highgpu-2g',
  'a3-highgpu-4g',
]);

/** All GPU types this library knows. */
export const GPU_TYPES = Object.keys(GPU_FAMILIES) as GpuType[];

/** Whether `type` is a GPU type this library knows. */
export function isGpuType(type: string): type is GpuType {
  return Object.hasOwn(GPU_FAMILIES, type);
}

/**
 * Checks a GPU pool's machine type against its GPU type and returns the GPU count per node
 * (from the machine type for accelerator-optimized series, from `count` for N1).
 *
 * @throws naming the pool, the GPU and the machines that would fit.
 */
export function checkGpuMachine(
  where: string,
  gpuType: string,
  machineType: string,
  count: number | undefined,
): number {
  const type = checkOneOf(where, 'gpu.type', gpuType, GPU_TYPES, 'is not a known GPU type');
  const family = GPU_FAMILIES[type];
  if (family.countByMachine) {
    const fixed = family.countByMachine[machineType];
    if (fixed === undefined) {
      fail(
        where,
        'machineType',
        `is '${machineType}', which cannot carry GPU '${gpuType}'`,
        `use one of ${Object.keys(family.countByMachine).join(', ')} (machine family ${family.series})`,
      );
    }
    if (count !== undefined && count !== fixed) {
      fail(
        where,
        'gpu.count',
        `is ${count}, but machine type '${machineType}' comes with ${fixed} × ${gpuType}`,
        `leave 'gpu.count' out or set it to ${fixed}, or pick another machine type`,
      );
    }
    return fixed;
  }
  const attachable = family.attachable ?? { machinePrefix: 'n1-', counts: [1] };
  if (!machineType.startsWith(attachable.machinePrefix)) {
    fail(
      where,
      'machineType',
      `is '${machineType}', which cannot carry GPU '${gpuType}'`,
      `use an N1 machine type (e.g. 'n1-standard-4') for ${gpuType}`,
    );
  }
  const wanted = count ?? 1;
  if (!attachable.counts.includes(wanted)) {
    fail(
      where,
      'gpu.count',
      `is ${wanted}, which ${gpuType} does not come in`,
      `use one of ${attachable.counts.join(', ')}`,
    );
  }
  return wanted;
}

/**
 * Checks that a machine type Compute Engine offers only as Spot VMs is declared as a Spot
 * pool (see {@link SPOT_ONLY_MACHINES}).
 */
export function checkGpuCapacity(where: string, machineType: string, capacity: string): void {
  if (SPOT_ONLY_MACHINES.has(machineType) && capacity !== 'spot') {
    fail(
      where,
      'capacity',
      `is '${capacity}', but Compute Engine creates '${machineType}' only as Spot or Flex-start VMs`,
      "set 'capacity: \"spot\"', or use 'a3-highgpu-8g'",
    );
  }
}
