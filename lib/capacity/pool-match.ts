/*
 * The node pools a synthesized pod spec can land on, as the scheduler filters nodes: its
 * nodeSelector, its required node affinity and the taints it tolerates.
 */
import type { NodePool, Taint } from '../platform/node-pool';

/** A pod spec as synthesized (plain JSON). */
export type PodSpecJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** One node-selector requirement against a node's labels. */
function satisfies(labels: Readonly<Record<string, string>>, r: Requirement): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(labels[r.key]);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return true; // Gt/Lt: numeric labels the platform never sets; not a reason to exclude
  }
}

/** Whether one of the pod's tolerations tolerates `taint`. */
function tolerated(tolerations: readonly Record<string, string>[], taint: Taint): boolean {
  return tolerations.some(
    (t) =>
      (t.effect === undefined || t.effect === '' || t.effect === taint.effect) &&
      (t.operator === 'Exists'
        ? t.key === undefined || t.key === '' || t.key === taint.key
        : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}

/**
 * Whether a pod of `spec` may be scheduled onto a node of `pool`.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export function landsOn(spec: PodSpecJson, pool: NodePool): boolean {
  const labels = pool.nodeLabels;
  const selector: Record<string, string> = spec.nodeSelector ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return false;
  const terms: { matchExpressions?: Requirement[] }[] | undefined =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => (t.matchExpressions ?? []).every((r) => satisfies(labels, r))))
    return false;
  const tolerations = spec.tolerations ?? [];
  return pool.taints
    .filter((t) => t.effect !== 'PreferNoSchedule')
    .every((t) => tolerated(tolerations, t));
}
