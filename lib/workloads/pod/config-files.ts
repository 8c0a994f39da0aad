import { createHash } from 'node:crypto';
import { fail } from '../../core/errors';

/**
 * `kubectl apply` keeps a copy of each object in its `last-applied-configuration` annotation,
 * and an object's annotations may hold 256 KiB in all (apimachinery's
 * TotalAnnotationSizeLimitB), so a larger ConfigMap applies only server-side. Leave room for
 * the rest of the object.
 */
const CONFIG_FILES_MAX_BYTES = 250 * 1024;

/** Checks that the config files of all containers fit in one ConfigMap that `kubectl apply` takes. */
export function checkConfigSize(where: string, data: Record<string, string>): void {
  const bytes = Object.entries(data).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > CONFIG_FILES_MAX_BYTES) {
    fail(
      where,
      'configFiles',
      `hold ${Math.ceil(bytes / 1024)} KiB in all, more than the ${CONFIG_FILES_MAX_BYTES / 1024} KiB that 'kubectl apply' can keep in its last-applied annotation (256 KiB per object)`,
      'keep config files small (ship large data in the image or a volume), or split them over workloads',
    );
  }
}

/**
 * The pod annotation that changes with any config file, so that a change of one rolls the
 * pods (a ConfigMap change alone restarts nothing).
 */
export function configHash(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}
