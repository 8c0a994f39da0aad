import { fail } from '../../core/errors';
import {
  type MachineCapacity,
  type NodeAllocatable,
  nodeAllocatable,
} from '../../platform/machine-capacity';
import type { NodePool } from '../../platform/node-pool';
import type { k8s } from '../chart/kube';
import { quantityValue } from './quantity';

/** The largest node of the pools a workload's pods can land on, by what it offers. */
export interface LargestNode {
  readonly pool: string;
  readonly machineType: string;
  readonly capacity: MachineCapacity;
  readonly allocatable: NodeAllocatable;
}

/** The largest node for CPU and for memory (they may be nodes of two pools). */
export interface NodeFit {
  readonly cpu: LargestNode;
  readonly memory: LargestNode;
}

/**
 * The largest nodes of `pools`, or undefined when there is none.
 */
export function largestNodes(pools: readonly NodePool[]): NodeFit | undefined {
  const nodes: LargestNode[] = [];
  for (const pool of pools) {
    const capacity = pool.machine;
    const allocatable = nodeAllocatable(capacity);
    nodes.push({ pool: pool.name, machineType: pool.machineType, capacity, allocatable });
  }
  if (nodes.length === 0) return undefined;
  const largest = (by: (n: LargestNode) => number) =>
    nodes.reduce((best, n) => (by(n) > by(best) ? n : best));
  return {
    cpu: largest((n) => n.allocatable.cpuMillis),
    memory: largest((n) => n.allocatable.memoryBytes),
  };
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const round2 = (n: number) => String(Math.round(n * 100) / 100);

/** Millicores as CPUs: `3.92 CPUs`. */
export const cpus = (millis: number): string =>
  `${round2(millis / 1000)} CPU${millis === 1000 ? '' : 's'}`;

/** Bytes in GiB, MiB or bytes, whichever reads best: `13.3 GiB`, `500 bytes`. */
export function bytes(amount: number): string {
  if (amount >= GIB) return `${round2(amount / GIB)} GiB`;
  if (amount >= MIB) return `${round2(amount / MIB)} MiB`;
  return `${amount} bytes`;
}

const node = (n: LargestNode) => `(pool '${n.pool}', ${n.machineType})`;

/** `'500'` is most likely 500m meant: say so; `'2'` on a small node is simply too much. */
const cpuFix = (text: string, otherwise: string) =>
  /^\d+$/.test(String(text)) && Number(text) >= 10
    ? `write millicores for a fraction of a CPU ('${text}m'), or ${otherwise}`
    : otherwise;

/** What one container asks for, parsed; a limit left at its default is not checked. */
export interface ContainerAsk {
  readonly cpu: string;
  readonly cpuMillis: number;
  readonly memory: string;
  readonly memoryBytes: number;
  /** An explicit CPU limit, in millicores. */
  readonly cpuLimit?: { readonly text: string; readonly millis: number };
  readonly memoryLimit?: { readonly text: string; readonly bytes: number };
}

/**
 * Checks one container's requests against the allocatable CPU and memory of the largest node
 * it can land on (a larger request leaves the pod Pending for ever), and its explicit limits
 * against the node's capacity (a larger limit can never bind).
 */
export function checkContainerFit(
  where: string,
  ask: ContainerAsk,
  fit: NodeFit | undefined,
): void {
  if (fit === undefined) return;
  const { cpu, memory } = fit;
  if (ask.cpuMillis > cpu.allocatable.cpuMillis)
    fail(
      where,
      'resources.cpu',
      `is '${ask.cpu}' (${cpus(ask.cpuMillis)}), but the largest node it can land on ${node(cpu)} has ${cpus(cpu.allocatable.cpuMillis)} allocatable, so the pod would never schedule`,
      cpuFix(ask.cpu, 'ask for less, or place the pods on a pool of larger machines'),
    );
  if (ask.memoryBytes > memory.allocatable.memoryBytes)
    fail(
      where,
      'resources.memory',
      `is '${ask.memory}' (${bytes(ask.memoryBytes)}), but the largest node it can land on ${node(memory)} has ${bytes(memory.allocatable.memoryBytes)} allocatable, so the pod would never schedule`,
      'ask for less memory, or place the pods on a pool of larger machines',
    );
  if (ask.cpuLimit && ask.cpuLimit.millis > cpu.capacity.vcpus * 1000)
    fail(
      where,
      'resources.cpuLimit',
      `is '${ask.cpuLimit.text}' (${cpus(ask.cpuLimit.millis)}), but the largest node it can land on ${node(cpu)} has ${cpus(cpu.capacity.vcpus * 1000)}, so the limit could never apply`,
      cpuFix(ask.cpuLimit.text, "lower it, or set 'cpuLimit: false' for no limit"),
    );
  if (ask.memoryLimit && ask.memoryLimit.bytes > memory.capacity.memoryBytes)
    fail(
      where,
      'resources.memoryLimit',
      `is '${ask.memoryLimit.text}' (${bytes(ask.memoryLimit.bytes)}), but the largest node it can land on ${node(memory)} has ${bytes(memory.capacity.memoryBytes)} of memory, so the limit could never apply`,
      'lower it to what the container may really use',
    );
}

const requested = (c: k8s.Container, resource: 'cpu' | 'memory') =>
  quantityValue(String(c.resources?.requests?.[resource]?.value ?? 0)) ?? 0;

/**
 * Checks the pod's request, as the scheduler adds it up (the app containers' sum, or the
 * largest init container's if that is more), against the largest node it can land on.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 */
export function checkPodFit(
  where: string,
  containers: readonly k8s.Container[],
  inits: readonly k8s.Container[],
  fit: NodeFit | undefined,
): void {
  if (fit === undefined) return;
  const podRequest = (resource: 'cpu' | 'memory') =>
    Math.max(
      containers.reduce((sum, c) => sum + requested(c, resource), 0),
      ...inits.map((c) => requested(c, resource)),
    );
  const parts = (resource: 'cpu' | 'memory') =>
    containers.map((c) => `${c.name} ${c.resources?.requests?.[resource]?.value}`).join(', ');
  const cpu = podRequest('cpu') * 1000;
  if (cpu > fit.cpu.allocatable.cpuMillis)
    fail(
      where,
      'resources',
      `of the pod's containers add up to ${cpus(cpu)} (${parts('cpu')}), but the largest node it can land on ${node(fit.cpu)} has ${cpus(fit.cpu.allocatable.cpuMillis)} allocatable, so the pod would never schedule`,
      "lower the containers' 'cpu', or place the pods on a pool of larger machines",
    );
  const memory = podRequest('memory');
  if (memory > fit.memory.allocatable.memoryBytes)
    fail(
      where,
      'resources',
      `of the pod's containers add up to ${bytes(memory)} of memory (${parts('memory')}), but the largest node it can land on ${node(fit.memory)} has ${bytes(fit.memory.allocatable.memoryBytes)} allocatable, so the pod would never schedule`,
      "lower the containers' 'memory', or place the pods on a pool of larger machines",
    );
}
