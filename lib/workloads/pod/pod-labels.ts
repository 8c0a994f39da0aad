import { fail } from '../../core/errors';
import { checkFormat, isQualifiedName, isValidLabelValue } from '../../core/apimachinery';
import { standardLabels } from '../chart/labels';

/** Label keys the library sets itself; `podLabels` may not use them. */
const LIBRARY_LABELS = Object.keys(
  standardLabels({ name: 'x', environment: 'x', partOf: 'x', component: 'x', version: 'x' }),
);

/**
 * Checks `podLabels` (or another prop of extra labels, such as a Job's `jobLabels`): keys and
 * values as ValidateLabels takes them, none of the library's keys.
 */
export function checkPodLabels(
  where: string,
  labels: Readonly<Record<string, string>>,
  prop = 'podLabels',
): Record<string, string> {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels))
    fail(
      where,
      prop,
      `is ${JSON.stringify(labels)}`,
      "give an object of labels, e.g. { team: 'shop' }",
    );
  for (const [key, value] of Object.entries(labels)) {
    if (LIBRARY_LABELS.includes(key))
      fail(
        where,
        prop,
        `sets '${key}', a label the library sets to select and describe the pods`,
        `use a key of your own, e.g. 'example.com/${key.replace(/^.*\//, '')}'`,
      );
    checkFormat(where, `${prop}.${key}`, key, isQualifiedName);
    checkFormat(where, `${prop}.${key}`, value, isValidLabelValue);
  }
  return { ...labels };
}
