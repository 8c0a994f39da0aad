import { fail } from '../../core/errors';
import {
  type MachineCapacity,
  type NodeAllocatable,
  nodeAllocatable,
} from '../../platform/machine-capacity';
import { GPU_RESOURCE, type NodePool } from '../../platform/node-pool';
import { ephemeralAllocatable } from '../../platform/ephemeral-storage';
import type { k8s } from '../chart/kube';
import { quantityValue } from './quantity';

/** The largest node of the pools a workload's pods can land on, by what it offers. */
export interface LargestNode {
  readonly pool: string;
  readonly machineType: string;
  readonly capacity: MachineCapacity;
  readonly allocatable: NodeAllocatable;
  /** GPUs on each node. */
  readonly gpus: number;
  /** Allocatable ephemeral storage on the boot disk, in bytes. */
  readonly ephemeralBytes: number;
  /** The cluster of the pool, in an environment of several clusters. */
  readonly cluster?: string;
}

/** The largest node for CPU and for memory (they may be nodes of two pools), and every pool's. */
export interface NodeFit {
  readonly cpu: LargestNode;
  readonly memory: LargestNode;
  /** A node of each pool the pods can land on. */
  readonly nodes: readonly LargestNode[];
}

/**
 * The largest nodes of `pools` (of the cluster `cluster`, in an environment of several
 * clusters, which errors then name), or undefined when there is none.
 */
export function largestNodes(pools: readonly NodePool[], cluster?: string): NodeFit | undefined {
  const nodes: LargestNode[] = [];
  for (const pool of pools) {
    const capacity = pool.machine;
    nodes.push({
      pool: pool.name,
      machineType: pool.machineType,
      capacity,
      allocatable: nodeAllocatable(capacity),
      gpus: pool.gpu?.count ?? capacity.gpus,
      ephemeralBytes: ephemeralAllocatable(pool.diskSizeGb),
      ...(cluster !== undefined && { cluster }),
    });
  }
  if (nodes.length === 0) return undefined;
  const largest = (by: (n: LargestNode) => number) =>
    nodes.reduce((best, n) => (by(n) > by(best) ? n : best));
  return {
    cpu: largest((n) => n.allocatable.cpuMillis),
    memory: largest((n) => n.allocatable.memoryBytes),
    nodes,
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

const node = (n: LargestNode) =>
  `(pool '${n.pool}'${n.cluster === undefined ? '' : ` of the cluster '${n.cluster}'`}, ${n.machineType})`;

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

/** What a pod asks of a node, as the scheduler adds it up. */
export interface PodRequest {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly ephemeralBytes: number;
  readonly gpus: number;
}

type Resource = 'cpu' | 'memory' | 'ephemeral-storage' | typeof GPU_RESOURCE;

/** A container's request of a resource; GPUs, an extended resource, are asked by their limit. */
function requested(c: k8s.Container, resource: Resource): number {
  const from = resource === GPU_RESOURCE ? c.resources?.limits : c.resources?.requests;
  return quantityValue(String(from?.[resource]?.value ?? 0)) ?? 0;
}

/** The containers of a pod, by how the scheduler counts them. */
export interface PodContainers {
  /** The app containers. */
  readonly containers: readonly k8s.Container[];
  /** Init containers with `restartPolicy: Always`, started before the regular ones. */
  readonly nativeSidecars: readonly k8s.Container[];
  /** Regular init containers, each run to completion before the next. */
  readonly inits: readonly k8s.Container[];
}

/**
 * The pod's request of each resource, as the scheduler counts it: the app containers and the
 * native sidecars together, or a regular init container with the sidecars started before it,
 * whichever is more.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
 */
export function podRequest({ containers, nativeSidecars, inits }: PodContainers): PodRequest {
  const total = (resource: Resource) => {
    const sum = (list: readonly k8s.Container[]) =>
      list.reduce((n, c) => n + requested(c, resource), 0);
    const sidecars = sum(nativeSidecars);
    return Math.max(
      sum(containers) + sidecars,
      ...inits.map((c) => requested(c, resource) + sidecars),
    );
  };
  return {
    cpuMillis: Math.round(total('cpu') * 1000),
    memoryBytes: total('memory'),
    ephemeralBytes: total('ephemeral-storage'),
    gpus: total(GPU_RESOURCE),
  };
}

/** What a node of `node`'s pool lacks for `ask`, one phrase per resource; empty when it fits. */
export function shortfalls(ask: PodRequest, node: LargestNode): string[] {
  const short: string[] = [];
  if (ask.cpuMillis > node.allocatable.cpuMillis)
    short.push(`${cpus(node.allocatable.cpuMillis)} allocatable`);
  if (ask.memoryBytes > node.allocatable.memoryBytes)
    short.push(`${bytes(node.allocatable.memoryBytes)} of memory allocatable`);
  if (ask.ephemeralBytes > node.ephemeralBytes)
    short.push(`${bytes(node.ephemeralBytes)} of ephemeral storage allocatable`);
  if (ask.gpus > node.gpus) short.push(`${node.gpus} GPU${node.gpus === 1 ? '' : 's'}`);
  return short;
}

/** The pod's request in words: `4 CPUs, 2 GiB of memory, 1 GPU`. */
export function describeRequest(ask: PodRequest): string {
  return [
    cpus(ask.cpuMillis),
    `${bytes(ask.memoryBytes)} of memory`,
    ...(ask.ephemeralBytes > 0 ? [`${bytes(ask.ephemeralBytes)} of ephemeral storage`] : []),
    ...(ask.gpus > 0 ? [`${ask.gpus} GPU${ask.gpus === 1 ? '' : 's'}`] : []),
  ].join(', ');
}

/**
 * Checks that the pod fits on a node of at least one pool it can land on: its request, as
 * the scheduler adds it up, against each pool's allocatable CPU, memory and ephemeral storage
 * and its GPUs per node. A pod that fits on none stays Pending for ever; the error gives the
 * figures of every pool.
 */
export function checkPodFit(where: string, pod: PodContainers, fit: NodeFit | undefined): void {
  if (fit === undefined) return;
  const ask = podRequest(pod);
  const misses = fit.nodes.map((n) => ({ node: n, short: shortfalls(ask, n) }));
  if (misses.some((m) => m.short.length === 0)) return;
  const all = [...pod.containers, ...pod.nativeSidecars];
  const parts = all.map((c) => `${c.name} ${c.resources?.requests?.cpu?.value}`).join(', ');
  fail(
    where,
    'resources',
    `of the pod add up to ${describeRequest(ask)} (CPU: ${parts}), but it fits on no node it can land on: ${misses.map((m) => `${node(m.node)} has ${m.short.join(', ')}`).join('; ')}; so the pod would never schedule`,
    "lower the containers' requests, or place the pods on a pool of larger machines",
  );
}
