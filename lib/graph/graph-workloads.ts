import {
  ACCELERATOR_LABEL,
  GPU_RESOURCE,
  GPU_TAINT,
  NODE_POOL_LABEL,
  PREEMPTIBLE_LABEL,
  SPOT_LABEL,
} from '../platform/node-pool';
import type { Obj } from '../plan/network-policy-eval';
import type { ContainerNode, Placement, Scale, WorkloadNode } from './graph-model';

/** The kinds that run pods, as `podsOf` of the NetworkPolicy evaluator reads them. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'];

/** A workload's pod template. */
export function templateOf(workload: Obj): Obj {
  return workload.kind === 'CronJob'
    ? workload.spec.jobTemplate.spec.template
    : workload.spec.template;
}

/**
 * The workloads among `objects`, each with its scale (an autoscaler's range where one targets
 * it), containers, placement, ServiceAccount and the secrets it mounts or reads.
 * @param secretsOf the names of the secrets a pod template reads
 */
export function workloadsOf(
  objects: readonly Obj[],
  secretsOf: (template: Obj) => readonly string[],
): WorkloadNode[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((o) => {
      const template = templateOf(o);
      return {
        kind: o.kind,
        name: o.metadata.name,
        scale: scaleOf(o, objects),
        containers: containersOf(template.spec),
        placement: placementOf(template.spec),
        serviceAccount: template.spec.serviceAccountName,
        secrets: secretsOf(template),
      };
    });
}

function scaleOf(workload: Obj, objects: readonly Obj[]): Scale {
  const spec = workload.spec;
  switch (workload.kind) {
    case 'DaemonSet':
      return { kind: 'per-node' };
    case 'CronJob':
      return {
        kind: 'scheduled',
        schedule: spec.schedule,
        timeZone: spec.timeZone,
        suspended: spec.suspend === true,
      };
    case 'Job':
      return {
        kind: 'run',
        completions: spec.completions ?? 1,
        parallelism: spec.parallelism ?? 1,
      };
  }
  const autoscaler = objects.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      o.metadata.namespace === workload.metadata.namespace &&
      o.spec.scaleTargetRef?.kind === workload.kind &&
      o.spec.scaleTargetRef?.name === workload.metadata.name,
  );
  if (autoscaler) {
    return {
      kind: 'autoscaled',
      min: autoscaler.spec.minReplicas ?? 1,
      max: autoscaler.spec.maxReplicas,
    };
  }
  // The API server's default for an absent `replicas`.
  return { kind: 'fixed', replicas: spec.replicas ?? 1 };
}

function containersOf(pod: Obj): ContainerNode[] {
  const one = (c: Obj, init: boolean): ContainerNode => ({
    name: c.name,
    image: c.image,
    init,
    requests: quantities(c.resources?.requests),
    limits: quantities(c.resources?.limits),
  });
  return [
    ...(pod.initContainers ?? []).map((c: Obj) => one(c, true)),
    ...(pod.containers ?? []).map((c: Obj) => one(c, false)),
  ];
}

function quantities(values: Obj | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}

/**
 * Where the pods may land, from the fields that lib/workloads/pod/placement.ts renders: a pool
 * on the node pool label (nodeSelector, or a required node affinity `In` those pools, as a
 * DaemonAgent limited to some pools has), a GPU type on the accelerator label, Spot as a
 * toleration of its taint or a preference for its label.
 */
function placementOf(pod: Obj): Placement {
  const selector: Record<string, string> = pod.nodeSelector ?? {};
  const required: Obj[] =
    pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ??
    [];
  const poolTerms = required
    .flatMap((term) => term.matchExpressions ?? [])
    .filter((e: Obj) => e.key === NODE_POOL_LABEL && e.operator === 'In');
  const pools = selector[NODE_POOL_LABEL]
    ? [selector[NODE_POOL_LABEL]]
    : [...new Set<string>(poolTerms.flatMap((e: Obj) => e.values ?? []))];
  const gpuType = selector[ACCELERATOR_LABEL];
  const gpus = Math.max(
    0,
    ...(pod.containers ?? []).map((c: Obj) => Number(c.resources?.limits?.[GPU_RESOURCE] ?? 0)),
  );
  const tolerated = (key: string) => (pod.tolerations ?? []).some((t: Obj) => t.key === key);
  const preferred: Obj[] =
    pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const prefersSpot = preferred.some((p) =>
    (p.preference?.matchExpressions ?? []).some((e: Obj) => e.key === SPOT_LABEL),
  );
  const spot = prefersSpot || tolerated(SPOT_LABEL) || tolerated(PREEMPTIBLE_LABEL);
  const also = [spot && 'Spot', tolerated(GPU_TAINT.key) && 'GPU'].filter(Boolean).join(' and ');
  const summary =
    pools.length > 0
      ? `${pools.length === 1 ? 'pool' : 'pools'} ${pools.join(', ')}${gpus > 0 ? ` (${gpus} × ${gpuType ?? 'GPU'})` : ''}`
      : gpuType
        ? `GPU nodes (${gpus} × ${gpuType})`
        : prefersSpot
          ? 'Spot or preemptible nodes (preferred)'
          : also
            ? `any pool (${also} nodes included)`
            : 'any pool without taints';
  return { pools, gpuType, gpus, spot, summary };
}
