import { checkWholeNumber, fail } from '../../core/errors';
import type { k8s } from '../chart/kube';

/** How the pods spread over the zones of the cluster. */
export interface ZoneSpreadSpec {
  /**
   * `true`: a pod waits (Pending) rather than land in a zone that already has `maxSkew` more
   * pods than another (`DoNotSchedule`); `false`: the scheduler prefers to spread but places
   * the pod anyway (`ScheduleAnyway`). With zonal disks a pod's first placement is final, so
   * a StatefulService requires the spread by default.
   * @default true for a StatefulService, false for a WebService or Worker
   */
  readonly required?: boolean;
  /** How many more pods one zone may have than another. @default 1 */
  readonly maxSkew?: number;
  /**
   * With `required`: the number of zones the pods must spread over (`minDomains`). While
   * fewer zones have nodes, the scheduler takes the smallest zone's count as 0, so each zone
   * holds at most `maxSkew` pods: pods wait for nodes in the missing zones rather than crowd
   * into the others (where zonal disks would then keep them).
   * @default none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition
   */
  readonly minZones?: number;
}

/**
 * Whether and how the pods spread over zones (and, preferably, nodes): `true` for the
 * workload's default spread, `false` for none, or a {@link ZoneSpreadSpec}.
 */
export type ZoneSpread = boolean | ZoneSpreadSpec;

/** What the spread of one workload depends on besides its prop. */
export interface SpreadContext {
  /** The default of `required`. */
  readonly required: boolean;
  /** The most pods that run at once. */
  readonly pods: number;
  /** The zones of the pods' node pools, where the platform declares them all. */
  readonly zones?: readonly string[];
  /** Whether pods keep zonal disks (a pod then stays in its first zone), for errors. */
  readonly zonalDisks?: boolean;
}

/**
 * The topology spread constraints of `spread` (none for `false`): over zones as asked, over
 * nodes always preferred only, so that a small pool never leaves a pod Pending; each checked
 * where the prop is wrong.
 */
export function zoneSpreadConstraints(
  where: string,
  spread: ZoneSpread,
  selector: Readonly<Record<string, string>>,
  context: SpreadContext,
): k8s.TopologySpreadConstraint[] {
  if (spread === false) return [];
  if (spread !== true && (spread === null || typeof spread !== 'object'))
    fail(
      where,
      'zoneSpread',
      `is ${JSON.stringify(spread)}`,
      'give true, false or { required, maxSkew, minZones }',
    );
  const spec: ZoneSpreadSpec = spread === true ? {} : spread;
  const required = spec.required ?? context.required;
  const maxSkew = checkWholeNumber(where, 'zoneSpread.maxSkew', spec.maxSkew ?? 1, 1);
  const minZones = spec.minZones;
  if (minZones !== undefined) checkMinZones(where, minZones, required, maxSkew, context);
  return [
    {
      maxSkew,
      topologyKey: 'topology.kubernetes.io/zone',
      // ScheduleAnyway: a zone outage or a small cluster must not leave pods Pending.
      whenUnsatisfiable: required ? 'DoNotSchedule' : 'ScheduleAnyway',
      minDomains: minZones,
      labelSelector: { matchLabels: { ...selector } },
    },
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...selector } },
    },
  ];
}

function checkMinZones(
  where: string,
  minZones: number,
  required: boolean,
  maxSkew: number,
  { pods, zones, zonalDisks }: SpreadContext,
): void {
  // ValidateTopologySpreadConstraints: minDomains only with DoNotSchedule.
  if (!required)
    fail(
      where,
      'zoneSpread.minZones',
      'is set with a preferred spread, which Kubernetes refuses (minDomains needs whenUnsatisfiable: DoNotSchedule)',
      "set 'required: true', or leave 'minZones' out",
    );
  checkWholeNumber(where, 'zoneSpread.minZones', minZones, 1);
  // Fewer zones than minDomains: the global minimum counts as 0, so each zone takes at most
  // maxSkew pods; with zonal disks the pods that do not fit can never go elsewhere.
  if (zones !== undefined && zones.length < minZones && pods > maxSkew * zones.length)
    fail(
      where,
      'zoneSpread.minZones',
      `is ${minZones}, but the pods' node pools run in ${zones.length} zone(s) (${zones.join(', ')}), where at most ${maxSkew * zones.length} of the ${pods} pods could ever schedule${zonalDisks ? ' (and zonal disks keep each pod in its first zone)' : ''}`,
      `lower 'minZones' to ${zones.length}, raise 'maxSkew', or run the pools in more zones`,
    );
}
