import { fail } from './errors';

/**
 * The GPU types a node pool can carry, as GKE's `acceleratorType` names them.
 * @see https://cloud.google.com/compute/docs/gpus
 */
export type GpuType =
  | 'nvidia-tesla-t4'
  | 'nvidia-tesla-v100'
  | 'nvidia-tesla-p4'
  | 'nvidia-tesla-p100'
  | 'nvidia-l4'
  | 'nvidia-tesla-a100'
  | 'nvidia-a100-80gb'
  | 'nvidia-h100-80gb';

/** How GKE installs the NVIDIA driver on a GPU pool's nodes. */
export type GpuDriverVersion = 'DEFAULT' | 'LATEST' | 'INSTALLATION_DISABLED';

interface GpuFamily {
  /** The machine-type prefix that the GPU attaches to. */
  readonly machinePrefix: string;
  /**
   * For attachable GPUs (N1): the counts one VM may have. For accelerator-optimized
   * families (A2, A3, G2): undefined, because the machine type fixes the count.
   */
  readonly attachableCounts?: readonly number[];
  /** For accelerator-optimized families: GPUs per machine type. */
  readonly countByMachine?: Readonly<Record<string, number>>;
}

/**
 * Which machines each GPU type needs. T4, V100, P4 and P100 attach to N1 VMs in counts of
 * 1, 2, 4 (and 8 for V100); L4 comes with G2, A100 40GB with A2 highgpu/megagpu, A100 80GB
 * with A2 ultragpu and H100 with A3, where the machine type fixes the GPU count.
 * @see https://cloud.google.com/compute/docs/gpus#gpu-models
 * @see https://cloud.google.com/compute/docs/accelerator-optimized-machines
 */
const GPU_FAMILIES: Readonly<Record<GpuType, GpuFamily>> = {
  'nvidia-tesla-t4': { machinePrefix: 'n1-', attachableCounts: [1, 2, 4] },
  'nvidia-tesla-v100': { machinePrefix: 'n1-', attachableCounts: [1, 2, 4, 8] },
  'nvidia-tesla-p4': { machinePrefix: 'n1-', attachableCounts: [1, 2, 4] },
  'nvidia-tesla-p100': { machinePrefix: 'n1-', attachableCounts: [1, 2, 4] },
  'nvidia-l4': {
    machinePrefix: 'g2-',
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
    machinePrefix: 'a2-',
    countByMachine: {
      'a2-highgpu-1g': 1,
      'a2-highgpu-2g': 2,
      'a2-highgpu-4g': 4,
      'a2-highgpu-8g': 8,
      'a2-megagpu-16g': 16,
    },
  },
  'nvidia-a100-80gb': {
    machinePrefix: 'a2-',
    countByMachine: {
      'a2-ultragpu-1g': 1,
      'a2-ultragpu-2g': 2,
      'a2-ultragpu-4g': 4,
      'a2-ultragpu-8g': 8,
    },
  },
  'nvidia-h100-80gb': {
    machinePrefix: 'a3-',
    countByMachine: {
      'a3-highgpu-1g': 1,
      'a3-highgpu-2g': 2,
      'a3-highgpu-4g': 4,
      'a3-highgpu-8g': 8,
      'a3-megagpu-8g': 8,
    },
  },
};

/** All GPU types this library knows. */
export const GPU_TYPES = Object.keys(GPU_FAMILIES) as GpuType[];

/** Whether `type` is a GPU type this library knows. */
export function isGpuType(type: string): type is GpuType {
  return Object.hasOwn(GPU_FAMILIES, type);
}

/**
 * Checks a GPU pool's machine type against its GPU type and returns the GPU count per node
 * (from the machine type for A2/A3/G2, from `count` for N1).
 *
 * @throws naming the pool, the GPU and the machines that would fit.
 */
export function checkGpuMachine(
  where: string,
  gpuType: string,
  machineType: string,
  count: number | undefined,
): number {
  if (!isGpuType(gpuType)) {
    fail(
      where,
      'gpu.type',
      `is '${gpuType}', which is not a known GPU type`,
      `use one of ${GPU_TYPES.join(', ')}`,
    );
  }
  const family = GPU_FAMILIES[gpuType];
  if (family.countByMachine) {
    const fixed = family.countByMachine[machineType];
    if (fixed === undefined) {
      fail(
        where,
        'machineType',
        `is '${machineType}', which cannot carry GPU '${gpuType}'`,
        `use one of ${Object.keys(family.countByMachine).join(', ')} (machine family ${family.machinePrefix.toUpperCase().replace('-', '')})`,
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
  if (!machineType.startsWith(family.machinePrefix)) {
    fail(
      where,
      'machineType',
      `is '${machineType}', which cannot carry GPU '${gpuType}'`,
      `use an N1 machine type (e.g. 'n1-standard-4') for ${gpuType}`,
    );
  }
  const attachable = family.attachableCounts ?? [1];
  const wanted = count ?? 1;
  if (!attachable.includes(wanted)) {
    fail(
      where,
      'gpu.count',
      `is ${wanted}, which ${gpuType} does not come in`,
      `use one of ${attachable.join(', ')}`,
    );
  }
  return wanted;
}
