/*
 * What a node of a machine type offers the pods: the VM's vCPUs and memory, less what GKE
 * reserves for the kubelet, the container runtime and the operating system.
 */

import { checkWholeNumber, fail } from '../core/errors';
import { MACHINE_CATALOGUE, MACHINE_CATALOGUE_DATE } from './machine-catalogue.generated';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** A machine type's vCPUs, memory, GPUs and disk attachments, as Compute Engine sizes the VM. */
export interface MachineCapacity {
  /** vCPUs of the VM. */
  readonly vcpus: number;
  /**
   * For shared-core types (`e2-medium`): the vCPUs the VM may use all the time, which is what
   * GKE's reservations leave to the pods; the VM bursts up to `vcpus`.
   */
  readonly cpuShare?: number;
  /** Memory in bytes (Compute Engine's "GB" are GiB). */
  readonly memoryBytes: number;
  /** GPUs the machine type comes with (accelerator-optimized types); 0 for none. */
  readonly gpus: number;
  /** Persistent Disk or Hyperdisk volumes one VM may attach, boot disk included. */
  readonly maxDisks: number;
}

/** A machine's shape as a pool declares it, for a machine type the catalogue does not know. */
export interface MachineShape {
  /** vCPUs of the VM. */
  readonly vcpus: number;
  /** Memory in GiB (Compute Engine's "GB"). */
  readonly memoryGiB: number;
  /** GPUs the machine type comes with. @default 0 */
  readonly gpus?: number;
  /** Disks one VM may attach, boot disk included. @default 128 */
  readonly maxDisks?: number;
}

/** What pods may request on one node: capacity less GKE's reservations. */
export interface NodeAllocatable {
  /** Allocatable CPU, in millicores. */
  readonly cpuMillis: number;
  /** Allocatable memory, in bytes. */
  readonly memoryBytes: number;
}

/**
 * "For custom machine types or predefined machine types with at least 1 vCPU, you can
 * attach up to 128 Persistent Disk volumes" (boot disk included).
 * @see https://cloud.google.com/compute/docs/disks#pdnumberlimits
 */
const DEFAULT_MAX_DISKS = 128;

/** `custom-4-8192` (N1), `n2-custom-4-8192`, `e2-custom-4-8192-ext`: vCPUs, then MB of memory. */
const CUSTOM = /^(?:[a-z0-9]+-)?custom-(\d+)-(\d+)(?:-ext)?$/;

/** A declared shape in the units of {@link MachineCapacity}. */
export function shapeCapacity(shape: MachineShape): MachineCapacity {
  return {
    vcpus: shape.vcpus,
    memoryBytes: Math.round(shape.memoryGiB * GIB),
    gpus: shape.gpus ?? 0,
    maxDisks: shape.maxDisks ?? DEFAULT_MAX_DISKS,
  };
}

/**
 * The vCPUs, memory, GPUs and disk limit of a machine type from the catalogue
 * (lib/platform/machine-catalogue.generated.ts), or undefined when the type is not catalogued.
 * Custom types carry vCPUs and memory in their name, memory in MB of 2^20 bytes.
 * @see https://cloud.google.com/compute/docs/instances/creating-instance-with-custom-machine-type#gcloud
 */
export function machineCapacity(machineType: string): MachineCapacity | undefined {
  const custom = CUSTOM.exec(machineType);
  if (custom)
    return {
      vcpus: Number(custom[1]),
      memoryBytes: Number(custom[2]) * MIB,
      gpus: 0,
      maxDisks: DEFAULT_MAX_DISKS,
    };
  if (!Object.hasOwn(MACHINE_CATALOGUE, machineType)) return undefined;
  const machine = MACHINE_CATALOGUE[machineType];
  return {
    vcpus: machine.vcpus,
    ...(machine.cpuShare === undefined ? {} : { cpuShare: machine.cpuShare }),
    memoryBytes: machine.memoryGiB * GIB,
    gpus: machine.gpus?.count ?? 0,
    maxDisks: machine.maxDisks,
  };
}

/** The figures GKE's reservations depend on. */
export type NodeAllocatableInput = Pick<MachineCapacity, 'vcpus' | 'cpuShare' | 'memoryBytes'>;

/** A reservation by tiers: `rate` of each part of `amount` up to `upTo` (the last tier: the rest). */
function tiered(amount: number, tiers: readonly (readonly [upTo: number, rate: number])[]): number {
  let reserved = 0;
  let below = 0;
  for (const [upTo, rate] of tiers) {
    if (amount <= below) break;
    reserved += (Math.min(amount, upTo) - below) * rate;
    below = upTo;
  }
  return reserved;
}

/**
 * GKE's allocatable CPU and memory of a Standard node: CPU less 6% of the first core, 1% of
 * the second, 0.5% of the next two and 0.25% of the rest; memory less 25% of the first 4 GiB,
 * 20% of the next 4, 10% of the next 8, 6% of the next 112 and 2% of the rest (255 MiB on a
 * machine of less than 1 GiB), and 100 MiB for the kubelet's eviction threshold. A shared-core
 * type's CPU is its share (an `e2-medium` node, 2 vCPUs at a share of 1, has 940m allocatable).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations
 */
export function nodeAllocatable(capacity: NodeAllocatableInput): NodeAllocatable {
  const { memoryBytes } = capacity;
  const vcpus = capacity.cpuShare ?? capacity.vcpus;
  const cpuReserved = tiered(vcpus * 1000, [
    [1000, 0.06],
    [2000, 0.01],
    [4000, 0.005],
    [Infinity, 0.0025],
  ]);
  const memoryReserved =
    memoryBytes < GIB
      ? 255 * MIB
      : tiered(memoryBytes, [
          [4 * GIB, 0.25],
          [8 * GIB, 0.2],
          [16 * GIB, 0.1],
          [128 * GIB, 0.06],
          [Infinity, 0.02],
        ]);
  return {
    cpuMillis: Math.round(vcpus * 1000 - cpuReserved),
    memoryBytes: Math.floor(memoryBytes - memoryReserved - 100 * MIB),
  };
}

/**
 * The capacity of a pool's machines: the catalogue's figures, or the declared `machineShape`
 * for a type the catalogue does not know. An unknown type without a shape is refused, since
 * nothing could be checked against it (and a typo would reach GKE only at `pulumi up`).
 */
export function resolveMachine(
  where: string,
  machineType: string,
  shape: MachineShape | undefined,
): MachineCapacity {
  const known = machineCapacity(machineType);
  if (known !== undefined && shape !== undefined)
    fail(
      where,
      'machineShape',
      `is given, but '${machineType}' is catalogued (${known.vcpus} vCPUs, ${known.memoryBytes / GIB} GiB)`,
      "leave 'machineShape' out",
    );
  if (known !== undefined) return known;
  if (shape === undefined)
    fail(
      where,
      'machineType',
      `is '${machineType}', which the machine catalogue (dated ${MACHINE_CATALOGUE_DATE}) does not know, so the pods' requests cannot be checked against its nodes`,
      `check the name against \`gcloud compute machine-types list\`, or declare its size: machineShape: { vcpus, memoryGiB, gpus?, maxDisks? }`,
    );
  checkWholeNumber(where, 'machineShape.vcpus', shape.vcpus, 1);
  if (!(typeof shape.memoryGiB === 'number' && shape.memoryGiB > 0 && isFinite(shape.memoryGiB)))
    fail(
      where,
      'machineShape.memoryGiB',
      `is ${shape.memoryGiB}`,
      'give the GiB of memory of the machine type, a positive number',
    );
  if (shape.gpus !== undefined) checkWholeNumber(where, 'machineShape.gpus', shape.gpus, 0);
  if (shape.maxDisks !== undefined)
    checkWholeNumber(where, 'machineShape.maxDisks', shape.maxDisks, 1);
  return shapeCapacity(shape);
}
