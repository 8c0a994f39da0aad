/*
 * How many nodes a set of pods needs: first-fit decreasing, the classic bin-packing
 * heuristic (within 11/9 of the optimum plus a node), on each resource at once.
 */
import type { PodSize } from './pod-demand';

/** What one node offers the pods, DaemonSets already taken off. */
export interface NodeRoom {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  readonly disks: number;
}

/** A pod to place: its size, and its workload when its pods keep one per node. */
export interface Item {
  readonly size: PodSize;
  readonly apartFrom?: string;
}

/** The larger share of a node that `size` takes, of CPU or memory or GPUs. */
function weight(size: PodSize, room: NodeRoom): number {
  return Math.max(
    size.cpuMillis / room.cpuMillis,
    size.memoryBytes / room.memoryBytes,
    room.gpus > 0 ? size.gpus / room.gpus : 0,
  );
}

/** Nodes needed for `items` on nodes of `room`; items that fit no empty node are skipped. */
export function nodesNeeded(items: readonly Item[], room: NodeRoom): number {
  const nodes: { free: NodeRoom; apart: Set<string> }[] = [];
  const sorted = [...items].sort((a, b) => weight(b.size, room) - weight(a.size, room));
  const fits = (size: PodSize, free: NodeRoom) =>
    size.cpuMillis <= free.cpuMillis &&
    size.memoryBytes <= free.memoryBytes &&
    size.gpus <= free.gpus &&
    size.disks <= free.disks;
  for (const item of sorted) {
    if (!fits(item.size, room)) continue;
    let node = nodes.find(
      (n) => fits(item.size, n.free) && !(item.apartFrom && n.apart.has(item.apartFrom)),
    );
    if (node === undefined) {
      node = { free: room, apart: new Set() };
      nodes.push(node);
    }
    node.free = {
      cpuMillis: node.free.cpuMillis - item.size.cpuMillis,
      memoryBytes: node.free.memoryBytes - item.size.memoryBytes,
      gpus: node.free.gpus - item.size.gpus,
      disks: node.free.disks - item.size.disks,
    };
    if (item.apartFrom) node.apart.add(item.apartFrom);
  }
  return nodes.length;
}
