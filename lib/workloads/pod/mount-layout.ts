import { fail } from '../../core/errors';
import type { k8s } from '../chart/kube';

/** A volume mount of a container and the prop that asked for it (`secretMounts./etc/tls`). */
export interface ContainerMount {
  /** The prop that mounts it, as errors name it. */
  readonly prop: string;
  /** The mount as the container spec takes it. */
  readonly mount: k8s.VolumeMount;
}

/** Whether `path` lies inside the folder `folder` (never the folder itself). */
const isInside = (path: string, folder: string): boolean =>
  folder === '/' || path.startsWith(`${folder}/`);

/** `a read-only file` or `read-only`: what a mount that cannot hold another one is. */
const describeReadOnly = (mount: k8s.VolumeMount): string =>
  mount.subPath === undefined ? 'read-only' : 'as a read-only file';

/**
 * Adds `added` to the mounts of one container, `mounts`, after checking that the container can
 * start with it: nothing at '/', no path mounted twice, and no mount inside a read-only one
 * (either way round). The container runtime creates each mount point inside the mounts below
 * it; inside a read-only volume (a Secret, a ConfigMap file, Secret Manager files, a read-only
 * shared folder, host path or claim) it cannot, and the container fails to start
 * (CreateContainerError, "read-only file system"). Inside a writable one (a scratch or shared
 * emptyDir, a disk, a writable host path) it can, so such nesting is accepted.
 */
export function addMount(
  where: string,
  mounts: ContainerMount[],
  added: ContainerMount,
): ContainerMount {
  const path = added.mount.mountPath;
  if (path === '/')
    fail(
      where,
      added.prop,
      "mounts a volume at '/', which would hide the image's own files (its programs and libraries)",
      "mount it at a folder of its own, e.g. '/data'",
    );
  for (const other of mounts) {
    const at = other.mount.mountPath;
    if (at === path)
      fail(
        where,
        added.prop,
        `mounts '${path}', which '${other.prop}' mounts too`,
        'mount each path once',
      );
    const [outer, inner] = isInside(path, at)
      ? [other, added]
      : isInside(at, path)
        ? [added, other]
        : [];
    if (outer?.mount.readOnly && inner)
      fail(
        where,
        inner.prop,
        `mounts '${inner.mount.mountPath}' inside '${outer.mount.mountPath}', which '${outer.prop}' mounts ${describeReadOnly(outer.mount)}, so the container cannot start: the runtime cannot create a mount point in a read-only volume`,
        `mount one of them outside the other (e.g. '${siblingOf(outer.mount.mountPath, inner.mount.mountPath)}'); a mount inside a writable folder (scratchPaths, a writable shared volume or disk) works`,
      );
  }
  mounts.push(added);
  return added;
}

/** Where `inner` could go beside the read-only `outer`: `/etc/app/x.yaml` → `/etc/app-x.yaml`. */
function siblingOf(outer: string, inner: string): string {
  return `${outer}-${inner.slice(outer.length + 1).replace(/\//g, '-')}`;
}
