import { checkOneOf } from '../../core/errors';
import { checkAbsolutePath } from './container';
import type { PodTemplate } from './pod-template';

/** A folder (or file) of the node mounted into the agent's main container. */
export interface HostPathMount {
  /** Where the container sees it. @default the same path as on the node */
  readonly mountPath?: string;
  /**
   * Let the agent write to the node's filesystem, e.g. a log shipper's position database.
   * The exception: a writable host path lets a compromised container change the node.
   * @default false (mounted read-only)
   */
  readonly writable?: boolean;
  /**
   * What must be at the path on the node.
   * @default 'Directory' for read-only mounts (fails instead of creating one), 'DirectoryOrCreate' for writable ones
   */
  readonly type?: 'Directory' | 'DirectoryOrCreate' | 'File' | 'FileOrCreate' | 'Socket';
}

const HOST_PATH_TYPES = [
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
] as const;

/**
 * Contributes the node folders of `hostPaths` to the pod: a `host-<n>` volume each, mounted
 * into the main container, read-only unless `writable`. Returns whether there were any.
 */
export function mountHostPaths(
  where: string,
  template: PodTemplate,
  hostPaths: Readonly<Record<string, HostPathMount>>,
): boolean {
  const main = template.main;
  Object.entries(hostPaths).forEach(([path, spec], i) => {
    checkAbsolutePath(where, 'hostPaths', path, '/var/log');
    const mountPath = checkAbsolutePath(
      where,
      `hostPaths.${path}.mountPath`,
      spec.mountPath ?? path,
      '/var/log',
    );
    const writable = spec.writable ?? false;
    const name = `host-${i}`;
    main.addVolumeMount({ name, mountPath, readOnly: !writable }, `hostPaths.${path}`);
    template.addVolumes({
      name,
      hostPath: {
        path,
        type: checkOneOf(
          where,
          `hostPaths.${path}.type`,
          spec.type ?? (writable ? 'DirectoryOrCreate' : 'Directory'),
          HOST_PATH_TYPES,
        ),
      },
    });
  });
  return Object.keys(hostPaths).length > 0;
}
