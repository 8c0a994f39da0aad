import { fail } from '../../core/errors';
import { checkFormat, isDns1123Label } from '../../core/apimachinery';
import { k8s } from '../chart/kube';
import { parseMemory } from './quantity';

/** An emptyDir volume shared by the containers of a pod. */
export interface SharedVolumeSpec {
  /** The most it may hold, a size such as '1Gi'. @default no limit but the node's disk (or, in memory, the pod's memory limits) */
  readonly sizeLimit?: string;
  /**
   * `'Memory'` for tmpfs: fast, and what is written there counts against the memory limit
   * of the container that writes it.
   * @default the node's disk
   */
  readonly medium?: 'Memory';
}

/** The pod's shared emptyDir volumes (`sharedVolumes`), by name, checked. */
export function sharedVolumes(
  where: string,
  specs: Readonly<Record<string, SharedVolumeSpec>>,
): Map<string, k8s.Volume> {
  const volumes = new Map<string, k8s.Volume>();
  for (const [name, spec] of Object.entries(specs)) {
    const prop = `sharedVolumes.${name}`;
    checkFormat(where, prop, name, isDns1123Label);
    if (spec === null || typeof spec !== 'object')
      fail(where, prop, `is ${JSON.stringify(spec)}`, "give { } or { sizeLimit: '1Gi' }");
    if (spec.medium !== undefined && spec.medium !== 'Memory')
      fail(
        where,
        `${prop}.medium`,
        `is ${JSON.stringify(spec.medium)}`,
        "use 'Memory', or leave it out for the node's disk",
      );
    if (
      spec.sizeLimit !== undefined &&
      parseMemory(where, `${prop}.sizeLimit`, spec.sizeLimit) <= 0
    )
      fail(where, `${prop}.sizeLimit`, `is '${spec.sizeLimit}'`, "give a size above 0, e.g. '1Gi'");
    volumes.set(name, {
      name,
      emptyDir: {
        medium: spec.medium,
        sizeLimit:
          spec.sizeLimit === undefined ? undefined : k8s.Quantity.fromString(spec.sizeLimit),
      },
    });
  }
  return volumes;
}
