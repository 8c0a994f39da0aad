import type { KubernetesObject } from '../kubernetes-object';
import { TOTAL_ANNOTATION_SIZE_MAX } from './apimachinery';
import type { ObjectReport } from './problem';

/** The annotation in which `kubectl apply` (client-side) keeps the object it applied. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * `kubectl apply` writes the whole object, as JSON, into its last-applied annotation, and
 * the API server refuses an object whose annotations exceed 256 KiB in all
 * (ValidateAnnotationsSize, TotalAnnotationSizeLimitB): so an object must stay below that
 * size as JSON, with its own annotations counted twice (in place and in the copy).
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/
 */
export function checkLastAppliedSize(object: KubernetesObject, report: ObjectReport): void {
  const annotations = object.metadata?.annotations ?? {};
  let size = LAST_APPLIED.length + Buffer.byteLength(JSON.stringify(object));
  for (const [key, value] of Object.entries(annotations)) {
    size += key.length + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_MAX) {
    report.add(
      '(the object)',
      `is ${Math.ceil(size / 1024)} KiB with the last-applied copy that 'kubectl apply' annotates it with, over the 256 KiB that an object's annotations may hold`,
      'make the object smaller (config files, annotations), or apply it server-side only',
      'kubectl apply last-applied-configuration; apimachinery ValidateAnnotationsSize',
    );
  }
}
