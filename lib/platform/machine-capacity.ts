/*
 * What a node of a machine type offers the pods: the VM's vCPUs and memory, less what GKE
 * reserves for the kubelet, the container runtime and the operating system.
 */

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** A machine type's vCPUs and memory, as Compute Engine sizes the VM. */
export interface MachineCapacity {
  readonly vcpus: number;
  /** Memory in bytes (Compute Engine's "GB" are GiB). */
  readonly memoryBytes: number;
}

/** What pods may request on one node: capacity less GKE's reservations. */
export interface NodeAllocatable {
  /** Allocatable CPU, in millicores. */
  readonly cpuMillis: number;
  /** Allocatable memory, in bytes. */
  readonly memoryBytes: number;
}

/**
 * GiB of memory per vCPU of the predefined machine types, by series and class
 * (`<series>-<class>-<vCPUs>`). Only series whose ratios are fixed for every size are listed;
 * shared-core types (`e2-medium`), accelerator-optimized types (A2, A3) and memory-optimized
 * ones are not, and a pool of them is not checked.
 * @see https://cloud.google.com/compute/docs/general-purpose-machines
 * @see https://cloud.google.com/compute/docs/compute-optimized-machines
 * @see https://cloud.google.com/compute/docs/accelerator-optimized-machines#g2-vms
 */
const GIB_PER_VCPU: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  e2: { standard: 4, highmem: 8, highcpu: 1 },
  n1: { standard: 3.75, highmem: 6.5, highcpu: 0.9 },
  n2: { standard: 4, highmem: 8, highcpu: 1 },
  n2d: { standard: 4, highmem: 8, highcpu: 1 },
  c2: { standard: 4 },
  t2d: { standard: 4 },
  g2: { standard: 4 },
};

const PREDEFINED = /^([a-z0-9]+)-([a-z]+)-(\d+)$/;
/** `custom-4-8192` (N1), `n2-custom-4-8192`, `e2-custom-4-8192-ext`: vCPUs, then MB of memory. */
const CUSTOM = /^(?:[a-z0-9]+-)?custom-(\d+)-(\d+)(?:-ext)?$/;

/**
 * The vCPUs and memory of a machine type, or undefined when the type is not catalogued
 * (then nothing is checked against it). Custom types carry both in their name, memory in
 * MB of 2^20 bytes.
 * @see https://cloud.google.com/compute/docs/instances/creating-instance-with-custom-machine-type#gcloud
 */
export function machineCapacity(machineType: string): MachineCapacity | undefined {
  const custom = CUSTOM.exec(machineType);
  if (custom) return { vcpus: Number(custom[1]), memoryBytes: Number(custom[2]) * MIB };
  const predefined = PREDEFINED.exec(machineType);
  if (!predefined) return undefined;
  const [, series, kind, count] = predefined;
  const perVcpu = GIB_PER_VCPU[series]?.[kind];
  if (perVcpu === undefined) return undefined;
  const vcpus = Number(count);
  return { vcpus, memoryBytes: Math.round(vcpus * perVcpu * GIB) };
}

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
 * machine of less than 1 GiB), and 100 MiB for the kubelet's eviction threshold.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations
 */
export function nodeAllocatable({ vcpus, memoryBytes }: MachineCapacity): NodeAllocatable {
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
