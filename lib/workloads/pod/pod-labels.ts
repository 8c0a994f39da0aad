import { fail } from '../../core/errors';
import { checkFormat, isQualifiedName, isValidLabelValue } from '../../core/apimachinery';
import { standardLabels } from '../chart/labels';

/** Label keys the library sets itself; `podLabels` may not use them. */
const LIBRARY_LABELS = Object.keys(
  standardLabels({ name: 'x', environment: 'x', partOf: 'x', component: 'x', version: 'x' }),
);

/** Checks `podLabels`: keys and values as ValidateLabels takes them, none of the library's keys. */
export function checkPodLabels(
  where: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels))
    fail(
      where,
      'podLabels',
      `is ${JSON.stringify(labels)}`,
      "give an object of labels, e.g. { team: 'shop' }",
    );
  for (const [key, value] of Object.entries(labels)) {
    if (LIBRARY_LABELS.includes(key))
      fail(
        where,
        'podLabels',
        `sets '${key}', a label the library sets to select and describe the pods`,
        `use a key of your own, e.g. 'example.com/${key.replace(/^.*\//, '')}'`,
      );
    checkFormat(where, `podLabels.${key}`, key, isQualifiedName);
    checkFormat(where, `podLabels.${key}`, value, isValidLabelValue);
  }
  return { ...labels };
}
