/*
 * What the workloads of a synthesized environment ask of the nodes: each pod's request and
 * how many pods run at the least and at the most, rollouts included.
 */
import { quantityValue } from '../workloads/pod/quantity';
import type { PodSpecJson } from './pool-match';

/** A synthesized object (plain JSON). */
export type ObjectJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One pod's request, as the scheduler adds it up. */
export interface PodSize {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  /** Persistent volumes the pod attaches (claims and claim templates). */
  readonly disks: number;
}

/** The pods of one workload. */
export interface PodDemand {
  /** `Deployment web`, `DaemonSet log-shipper`. */
  readonly workload: string;
  readonly spec: PodSpecJson;
  readonly size: PodSize;
  /** Pods at the least (HPA minimum or replicas). */
  readonly min: number;
  /** Pods at the most (HPA maximum or replicas). */
  readonly max: number;
  /** Extra pods a rolling update adds at the most (maxSurge). */
  readonly surge: number;
  /** A pod per node: the pods keep apart by a required anti-affinity on the hostname. */
  readonly onePerNode: boolean;
  /** A DaemonSet's: one pod on every node it lands on. */
  readonly daemon: boolean;
}

type Resource = 'cpu' | 'memory' | 'nvidia.com/gpu';

function amount(c: ObjectJson, resource: Resource): number {
  const from = resource === 'nvidia.com/gpu' ? c.resources?.limits : c.resources?.requests;
  const value = from?.[resource];
  return value === undefined ? 0 : (quantityValue(String(value)) ?? 0);
}

/**
 * The pod's request: app containers and native sidecars together, or a regular init
 * container with the sidecars started before it, whichever is more.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
 */
export function podSize(spec: PodSpecJson, claimTemplates = 0): PodSize {
  const containers: ObjectJson[] = spec.containers ?? [];
  const inits: ObjectJson[] = spec.initContainers ?? [];
  const total = (resource: Resource) => {
    let sidecars = 0;
    let initPeak = 0;
    for (const c of inits) {
      if (c.restartPolicy === 'Always') sidecars += amount(c, resource);
      else initPeak = Math.max(initPeak, amount(c, resource) + sidecars);
    }
    const app = containers.reduce((n, c) => n + amount(c, resource), 0) + sidecars;
    return Math.max(app, initPeak);
  };
  const claims = (spec.volumes ?? []).filter((v: ObjectJson) => v.persistentVolumeClaim).length;
  return {
    cpuMillis: Math.round(total('cpu') * 1000),
    memoryBytes: total('memory'),
    gpus: total('nvidia.com/gpu'),
    disks: claims + claimTemplates,
  };
}

/** `25%` of `replicas`, rounded up as the Deployment controller rounds maxSurge. */
function surgeOf(strategy: ObjectJson | undefined, replicas: number): number {
  if (strategy?.type === 'Recreate') return 0;
  const value = strategy?.rollingUpdate?.maxSurge ?? '25%';
  return typeof value === 'number'
    ? value
    : Math.ceil((replicas * Number(String(value).replace('%', ''))) / 100);
}

function onePerNode(spec: PodSpecJson): boolean {
  const terms: ObjectJson[] =
    spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms.some((t) => t.topologyKey === 'kubernetes.io/hostname');
}

/** The pods each workload of `objects` runs; Jobs and CronJobs count their parallelism. */
export function podDemands(objects: readonly ObjectJson[]): PodDemand[] {
  const scalers = new Map<string, ObjectJson>();
  for (const o of objects)
    if (o.kind === 'HorizontalPodAutoscaler')
      scalers.set(`${o.spec.scaleTargetRef.kind} ${o.spec.scaleTargetRef.name}`, o);
  const demands: PodDemand[] = [];
  for (const o of objects) {
    const workload = `${o.kind} ${o.metadata?.name}`;
    const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
    if (
      !template?.spec ||
      !['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind)
    )
      continue;
    const spec = template.spec;
    const templates = o.kind === 'StatefulSet' ? (o.spec.volumeClaimTemplates ?? []).length : 0;
    const size = podSize(spec, templates);
    const common = { workload, spec, size, onePerNode: onePerNode(spec) };
    if (o.kind === 'DaemonSet') {
      demands.push({ ...common, min: 0, max: 0, surge: 0, daemon: true });
      continue;
    }
    const scaler = scalers.get(workload);
    const jobSpec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec;
    const replicas =
      o.kind === 'Job' || o.kind === 'CronJob'
        ? (jobSpec.parallelism ?? 1)
        : (o.spec.replicas ?? 1);
    const min = scaler ? (scaler.spec.minReplicas ?? 1) : replicas;
    const max = scaler ? scaler.spec.maxReplicas : replicas;
    const surge = o.kind === 'Deployment' ? surgeOf(o.spec.strategy, max) : 0;
    demands.push({ ...common, min, max, surge, daemon: false });
  }
  return demands;
}
