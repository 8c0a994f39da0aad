import { createHash } from 'node:crypto';
import { fail } from '../../core/errors';
import { checkFormat, isDns1123Subdomain } from '../../core/apimachinery';
import type { k8s } from '../chart/kube';
import type { ClaimMount } from './container-spec';

/**
 * The pod volume of claim `claim`: `claim-<name>`, with a hash where the name has '.' or would
 * pass 63 characters (volume names are DNS-1123 labels). One per claim, whichever
 * containers mount it.
 */
function claimVolumeName(claim: string): string {
  const name = `claim-${claim.replace(/\./g, '-')}`;
  // A claim with '.' gets the hash too, so that 'a.b' and 'a-b' keep volumes of their own.
  if (name.length <= 63 && !claim.includes('.')) return name;
  const hash = createHash('sha256').update(claim).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/**
 * The volume and mount of one entry of `claimMounts`: an existing PersistentVolumeClaim of the
 * workload's namespace (a Filestore share, a ReadWriteMany claim), checked by name.
 */
export function claimMount(
  where: string,
  path: string,
  ref: string | ClaimMount,
): { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount } {
  const prop = `claimMounts.${path}`;
  const spec: ClaimMount = typeof ref === 'string' ? { claim: ref } : ref;
  if (spec === null || typeof spec !== 'object' || typeof spec.claim !== 'string')
    fail(
      where,
      prop,
      `is ${JSON.stringify(ref)}`,
      "name an existing PersistentVolumeClaim, e.g. 'shared-files' or { claim: 'shared-files', readOnly: true }",
    );
  const claimName = checkFormat(where, `${prop}.claim`, spec.claim, isDns1123Subdomain);
  const readOnly = spec.readOnly ?? false;
  const name = claimVolumeName(claimName);
  return {
    // The volume is read-only when every mount of it is (mergeClaimVolumes).
    volume: { name, persistentVolumeClaim: { claimName, readOnly: readOnly || undefined } },
    mount: { name, mountPath: path, readOnly: readOnly || undefined },
  };
}

/**
 * The pod's volumes with the claim volumes of several containers made one: a claim is one
 * volume of the pod, read-only only where no container mounts it read-write.
 */
export function mergeClaimVolumes(volumes: readonly k8s.Volume[]): k8s.Volume[] {
  const merged: k8s.Volume[] = [];
  for (const volume of volumes) {
    const claim = volume.persistentVolumeClaim;
    const i = claim ? merged.findIndex((v) => v.name === volume.name) : -1;
    const earlier = i >= 0 ? merged[i].persistentVolumeClaim : undefined;
    if (!claim || !earlier || earlier.claimName !== claim.claimName) {
      merged.push(volume);
      continue;
    }
    const readOnly = earlier.readOnly && claim.readOnly ? true : undefined;
    merged[i] = { ...merged[i], persistentVolumeClaim: { ...earlier, readOnly } };
  }
  return merged;
}
