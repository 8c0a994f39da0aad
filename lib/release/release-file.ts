import { fail } from '../core/errors';
import { parseImageReference } from '../workloads/pod/image';
import type { ReleaseRecords } from '../workloads/chart/release-records';

/*
 * A release file (`releases/<environment>.yaml`) is a YAML mapping kept deliberately plain,
 * so that a release is a one-line diff: a header comment, then one line per record, keys
 * sorted. A record is a workload's image (`web: <image>`, `web/proxy: <image>` for a
 * sidecar), a release track's image (`web.canary`, `web.blue`, `web.green`), or a track's
 * setting (`web.canary-weight: 10`, `web.active: blue`).
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** Keys whose value is an image: a workload, a sidecar, or a workload's release track. */
const IMAGE_KEY = new RegExp(`^${LABEL}(/${LABEL}|\\.(canary|blue|green))?$`);
/** The release tracks' settings and what their values may be. */
const SETTINGS: Record<string, { test: (value: string) => boolean; fix: string }> = {
  'canary-weight': {
    test: (value) => /^(100|[1-9]?[0-9])$/.test(value),
    fix: 'write the percentage of requests the canary gets, a whole number from 0 to 100',
  },
  active: {
    test: (value) => value === 'blue' || value === 'green',
    fix: "write the colour that serves: 'blue' or 'green'",
  },
};
const SETTING_KEY = new RegExp(`^${LABEL}\\.(${Object.keys(SETTINGS).join('|')})$`);

/** Whether `key` records an image (a workload, sidecar or track) rather than a setting. */
export function isImageKey(key: string): boolean {
  return IMAGE_KEY.test(key);
}

/** Reads the text of a release file; `file` names it in errors (`releases/prod.yaml`). */
export function parseReleaseFile(file: string, text: string): ReleaseRecords {
  const images = new Map<string, { image: string; line: number }>();
  const settings = new Map<string, { value: string; line: number }>();
  const lines = new Map<string, number>();
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
    const [, key, value] = match;
    checkRecord(where, key, value);
    const first = lines.get(key);
    if (first !== undefined) {
      fail(
        where,
        key,
        `is recorded a second time (first on line ${first})`,
        'keep one line per record',
      );
    }
    lines.set(key, line);
    if (isImageKey(key)) images.set(key, { image: value, line });
    else settings.set(key, { value, line });
  });
  return { file, images, settings };
}

/**
 * Checks one record: a workload name (or `<workload>/<container>`, `<workload>.<track>`) and
 * an image with a version, or a track's setting and its value.
 */
export function checkRecord(where: string, key: string, value: string): void {
  const setting = SETTING_KEY.exec(key)?.[2];
  if (setting !== undefined) {
    const rule = SETTINGS[setting];
    if (!rule.test(value)) fail(where, key, `is '${value}'`, rule.fix);
    return;
  }
  if (!isImageKey(key)) {
    fail(
      where,
      'workload',
      `is '${key}', which is not a workload name (or '<workload>/<container>', '<workload>.canary', '<workload>.blue', '<workload>.green', '<workload>.canary-weight', '<workload>.active')`,
      "write the workload's name as the code gives it: lower-case letters, digits and '-'",
    );
  }
  const ref = parseImageReference(value);
  if (ref === undefined || (ref.tag === undefined && ref.digest === undefined)) {
    fail(
      where,
      key,
      `is '${value}', which is not an image reference with a tag or digest`,
      "write '<repository>@sha256:<digest>' or '<repository>:<tag>', e.g. 'europe-docker.pkg.dev/project/repo/web@sha256:…'",
    );
  }
}

/** The text of a release file for `environment`: the header, then the records by key, sorted. */
export function formatReleaseFile(
  environment: string,
  records: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string {
  const entries = records instanceof Map ? [...records] : Object.entries(records);
  const lines = entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}: ${value}`);
  return [
    `# The images that run in the environment '${environment}', one line per workload.`,
    '# Written by `gke-platform release set|promote|rollback`; the code names only repositories.',
    ...lines,
    '',
  ].join('\n');
}
