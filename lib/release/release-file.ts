import { fail } from '../core/errors';
import { parseImageReference } from '../workloads/pod/image';
import type { ReleaseRecords } from '../workloads/chart/release-records';

/*
 * A release file (`releases/<environment>.yaml`) is a YAML mapping kept deliberately plain,
 * so that a release is a one-line diff: a header comment, then one line per workload, keys
 * sorted, `<workload>: <image>` (`<workload>/<container>` for a sidecar).
 */

/** A workload's name (`web`) or a sidecar's (`web/proxy`): DNS labels. */
const KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;

/** Reads the text of a release file; `file` names it in errors (`releases/prod.yaml`). */
export function parseReleaseFile(file: string, text: string): ReleaseRecords {
  const images = new Map<string, { image: string; line: number }>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\s+$/, '');
    if (content === '' || content.startsWith('#')) return;
    const match = /^([^\s:]+): +(\S+)$/.exec(content);
    const where = `${file}:${line}`;
    if (match === null) {
      fail(
        where,
        'line',
        `is ${JSON.stringify(raw)}, which is not '<workload>: <image>'`,
        `write one workload per line, e.g. 'web: europe-docker.pkg.dev/project/repo/web@sha256:…', or record it with gke-platform release set`,
      );
    }
    const [, key, image] = match;
    checkRecord(where, key, image);
    if (images.has(key)) {
      fail(
        where,
        key,
        `is recorded a second time (first on line ${images.get(key)?.line})`,
        'keep one line per workload',
      );
    }
    images.set(key, { image, line });
  });
  return { file, images };
}

/** Checks one record: a workload name (or `<workload>/<container>`) and an image with a version. */
export function checkRecord(where: string, key: string, image: string): void {
  if (!KEY.test(key)) {
    fail(
      where,
      'workload',
      `is '${key}', which is not a workload name (or '<workload>/<container>')`,
      "write the workload's name as the code gives it: lower-case letters, digits and '-'",
    );
  }
  const ref = parseImageReference(image);
  if (ref === undefined || (ref.tag === undefined && ref.digest === undefined)) {
    fail(
      where,
      key,
      `is '${image}', which is not an image reference with a tag or digest`,
      "write '<repository>@sha256:<digest>' or '<repository>:<tag>', e.g. 'europe-docker.pkg.dev/project/repo/web@sha256:…'",
    );
  }
}

/** The text of a release file for `environment`: the header, then the images by key, sorted. */
export function formatReleaseFile(
  environment: string,
  images: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string {
  const entries = images instanceof Map ? [...images] : Object.entries(images);
  const lines = entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, image]) => `${key}: ${image}`);
  return [
    `# The images that run in the environment '${environment}', one line per workload.`,
    '# Written by `gke-platform release set|promote|rollback`; the code names only repositories.',
    ...lines,
    '',
  ].join('\n');
}
