import type { ChartPreview } from '../chart/preview';
import { PREEMPTION_GRACE_SECONDS, type PlacementSpec } from './placement';

/**
 * A workload's placement in a preview with `previews.size.spot`: its pods also accept the base
 * environment's Spot and preemptible pools (tolerating their taints, preferring them), as
 * `placement.spot` does. Left as given for a pod placed on a named pool or on GPUs, and for
 * one whose `terminationGracePeriodSeconds` is longer than the ~25 s notice a Spot node gives.
 */
export function previewPlacement(
  preview: ChartPreview | undefined,
  spec: PlacementSpec,
  gracePeriodSeconds: number | undefined,
): PlacementSpec {
  if (preview === undefined || !preview.previews.size.spot) return spec;
  if (spec.nodePool !== undefined || spec.gpu !== undefined || spec.spot !== undefined) return spec;
  if (gracePeriodSeconds !== undefined && gracePeriodSeconds > PREEMPTION_GRACE_SECONDS)
    return spec;
  return { ...spec, spot: true };
}
