import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import {
  checkGpuCapacity,
  checkGpuMachine,
  GPU_DRIVER_VERSIONS,
  type GpuDriverVersion,
  type GpuType,
} from './gpu';
import { type MachineCapacity, type MachineShape, resolveMachine } from './machine-capacity';
import { type BootDiskType, parseBootDisk } from './machine-family';
import { checkDnsLabel } from '../core/naming';
import { checkZones } from './zones';
import { checkFormat, isQualifiedName, isValidLabelValue } from '../core/apimachinery';

/** A Kubernetes taint effect, as written in pod tolerations and node specs. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A node taint that a pool declares; workloads placed on the pool tolerate it. */
export interface Taint {
  /** The taint's key, e.g. `dedicated`. */
  readonly key: string;
  /** The taint's value. @default '' (a taint with no value) */
  readonly value?: string;
  /**
   * What happens to pods that do not tolerate it: not scheduled, scheduled only as a last resort,
   * or also evicted.
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly effect: TaintEffect;
}

/** The values of {@link Capacity}: the one list that the type and the check read. */
export const CAPACITIES = ['standard', 'spot', 'preemptible'] as const;

/** What the pool's VMs are: regular, Spot (preferred for cheap batch) or legacy preemptible. */
export type Capacity = (typeof CAPACITIES)[number];

/** GPUs on each node of a pool. */
export interface GpuSpec {
  /** The GPU model, as GKE's accelerator type names it (e.g. `nvidia-tesla-t4`, `nvidia-l4`). */
  readonly type: GpuType;
  /**
   * GPUs per node. For A2, A3 and G2 machines the machine type fixes it.
   * @default 1 for N1 machines; the machine type's count otherwise
   */
  readonly count?: number;
  /** How GKE installs the NVIDIA driver on the nodes. @default 'DEFAULT' */
  readonly driverVersion?: GpuDriverVersion;
}

/**
 * A node pool as the platform declares it. The Pulumi stack creates it; workloads ask for it
 * by name and get the nodeSelector, tolerations and GPU resources that match.
 */
export interface NodePoolSpec {
  /** e.g. 'e2-standard-4', 'n1-standard-8' (with T4 GPUs), 'g2-standard-8' (L4). */
  readonly machineType: string;
  /**
   * The size of a machine type that the library's machine catalogue does not know (a new
   * series): vCPUs, memory in GiB, GPUs and the disks one VM may attach. The synth checks
   * the pods' requests against it; an uncatalogued type without it is an error. Not allowed
   * for a catalogued type.
   * @default the catalogue's figures for `machineType`
   */
  readonly machineShape?: MachineShape;
  /**
   * The zones of the cluster's region where the pool's nodes run (GKE's `nodeLocations`).
   * A GPU type exists only in some zones of a region, and GKE fails to create a pool in a
   * zone without it, so a GPU pool of a regional cluster must list them: see "GPU regions
   * and zones" or `gcloud compute accelerator-types list` for your region.
   * @default the cluster's zones (every zone of a regional cluster's region, or a zonal
   *   cluster's zone)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
   * @see https://cloud.google.com/compute/docs/gpus/gpu-regions-zones
   */
  readonly zones?: readonly string[];
  /** Autoscaling lower bound per zone. @default 1 */
  readonly minNodes?: number;
  /** Autoscaling upper bound per zone. @default 3 */
  readonly maxNodes?: number;
  /**
   * Standard VMs, or Spot or preemptible ones (cheaper, but stopped at any time).
   * @default 'standard'
   */
  readonly capacity?: Capacity;
  /** GPUs on each node. @default none */
  readonly gpu?: GpuSpec;
  /** Extra Kubernetes labels on the pool's nodes. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Taints on the pool's nodes (GKE adds `nvidia.com/gpu` on GPU pools itself). @default none */
  readonly taints?: readonly Taint[];
  /** Boot disk size. @default 100 */
  readonly diskSizeGb?: number;
  /**
   * Boot disk type, checked against the machine series (G2 takes no `pd-standard`; A3 Ultra,
   * A4, C4 and N4 boot only from `hyperdisk-balanced`).
   * @default 'pd-balanced', or 'hyperdisk-balanced' for series that take only Hyperdisk
   */
  readonly diskType?: BootDiskType;
}

/** A declared pool with every default applied and GKE's own labels and taints worked out. */
export interface NodePool {
  /** The pool's name: the key it is declared under, which workloads' `nodePool` names. */
  readonly name: string;
  /** The Compute Engine machine type of the nodes, e.g. `e2-standard-4`. */
  readonly machineType: string;
  /** What one node is: vCPUs, memory, GPUs and disk attachments (catalogued or declared). */
  readonly machine: MachineCapacity;
  /** Autoscaling lower bound, in nodes per zone. */
  readonly minNodes: number;
  /** Autoscaling upper bound, in nodes per zone. */
  readonly maxNodes: number;
  /**
   * Whether the nodes are standard, Spot or preemptible VMs (the last two may be stopped at any
   * time).
   */
  readonly capacity: Capacity;
  /** The declared zones, or undefined for the cluster's zones. */
  readonly zones?: readonly string[];
  /**
   * GPUs on each node with their count and driver version worked out; undefined for a pool without
   * GPUs.
   */
  readonly gpu?: Required<GpuSpec>;
  /** Labels the user declared (what the Pulumi stack writes into the node config). */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints the user declared plus the GPU taint on GPU pools (what the nodes carry). */
  readonly taints: readonly Taint[];
  /** Every label the nodes carry: the declared ones plus those GKE sets. */
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** Boot disk size of each node, in gigabytes. */
  readonly diskSizeGb: number;
  /** Boot disk type of each node, checked against the machine series. */
  readonly diskType: BootDiskType;
}

/** GKE's node label with the pool's name. */
export const NODE_POOL_LABEL = 'cloud.google.com/gke-nodepool';
/** GKE's node label on Spot VMs. */
export const SPOT_LABEL = 'cloud.google.com/gke-spot';
/** GKE's node label on preemptible VMs. */
export const PREEMPTIBLE_LABEL = 'cloud.google.com/gke-preemptible';
/** GKE's node label with the GPU type. */
export const ACCELERATOR_LABEL = 'cloud.google.com/gke-accelerator';
/** The extended resource name of NVIDIA GPUs. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * GKE taints every GPU node `nvidia.com/gpu=present:NoSchedule` so that only pods that
 * request GPUs land there.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#restrict
 */
export const GPU_TAINT: Taint = { key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' };

const EFFECTS: Readonly<Record<TaintEffect, string>> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

/** The GKE API's name for a taint effect (`NoSchedule` → `NO_SCHEDULE`). */
export function gkeTaintEffect(effect: TaintEffect): string {
  return EFFECTS[effect];
}

/** GKE labels that the platform sets itself and that a declaration may not override. */
function gkeNodeLabels(name: string, capacity: Capacity, gpu?: GpuSpec): Record<string, string> {
  const labels: Record<string, string> = { [NODE_POOL_LABEL]: name };
  if (capacity === 'spot') labels[SPOT_LABEL] = 'true';
  if (capacity === 'preemptible') labels[PREEMPTIBLE_LABEL] = 'true';
  if (gpu) labels[ACCELERATOR_LABEL] = gpu.type;
  return labels;
}

/**
 * A taint as the API server validates a Node's (validateNodeTaints): a qualified-name key, a
 * label-value value, one of the three effects. The tolerations of the pods that run on the
 * pool repeat it, so a taint that GKE would take and a pod spec would not is refused too.
 */
function checkTaint(where: string, prop: string, taint: Taint): void {
  checkFormat(where, `${prop}.key`, taint.key, isQualifiedName);
  if (taint.value !== undefined)
    checkFormat(where, `${prop}.value`, taint.value, isValidLabelValue);
  checkOneOf(where, `${prop}.effect`, taint.effect, Object.keys(EFFECTS) as TaintEffect[]);
}

/** Applies defaults to a pool declaration and checks it. */
export function parseNodePool(where: string, name: string, spec: NodePoolSpec): NodePool {
  const at = `${where} node pool '${name}'`;
  checkDnsLabel(at, 'name', name, 40);
  const minNodes = checkWholeNumber(at, 'minNodes', spec.minNodes ?? 1, 0);
  const maxNodes = checkWholeNumber(at, 'maxNodes', spec.maxNodes ?? 3, 1);
  if (minNodes > maxNodes) {
    fail(
      at,
      'minNodes',
      `(${minNodes}) is greater than 'maxNodes' (${maxNodes})`,
      `make 'minNodes' ≤ 'maxNodes'`,
    );
  }
  const capacity = checkOneOf(at, 'capacity', spec.capacity ?? 'standard', CAPACITIES);
  const gpu = spec.gpu
    ? {
        type: spec.gpu.type,
        count: checkGpuMachine(at, spec.gpu.type, spec.machineType, spec.gpu.count),
        driverVersion: checkOneOf(
          at,
          'gpu.driverVersion',
          spec.gpu.driverVersion ?? 'DEFAULT',
          GPU_DRIVER_VERSIONS,
        ),
      }
    : undefined;
  checkGpuCapacity(at, spec.machineType, capacity);
  const labels = { ...(spec.labels ?? {}) };
  for (const key of Object.keys(labels)) {
    if (
      key.startsWith('cloud.google.com/') ||
      key.startsWith('kubernetes.io/') ||
      key.startsWith('k8s.io/')
    ) {
      fail(
        at,
        `labels.${key}`,
        'uses a prefix reserved for GKE and Kubernetes',
        'pick a label key of your own',
      );
    }
  }
  for (const [key, value] of Object.entries(labels)) {
    checkFormat(at, `labels.${key}`, key, isQualifiedName);
    checkFormat(at, `labels.${key}`, value, isValidLabelValue);
  }
  const declaredTaints = spec.taints ?? [];
  declaredTaints.forEach((taint, i) => checkTaint(at, `taints[${i}]`, taint));
  const taints =
    gpu && !declaredTaints.some((t) => t.key === GPU_TAINT.key)
      ? [...declaredTaints, GPU_TAINT]
      : declaredTaints;
  return {
    name,
    machineType: spec.machineType,
    machine: resolveMachine(at, spec.machineType, spec.machineShape),
    minNodes,
    maxNodes,
    capacity,
    zones: spec.zones === undefined ? undefined : [...checkZones(at, spec.zones)],
    gpu,
    labels,
    taints,
    nodeLabels: { ...labels, ...gkeNodeLabels(name, capacity, gpu) },
    diskSizeGb: checkWholeNumber(at, 'diskSizeGb', spec.diskSizeGb ?? 100, 10),
    diskType: parseBootDisk(at, spec.machineType, spec.diskType),
  };
}
