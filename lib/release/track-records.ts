import { fail } from '../core/errors';
import { checkRecord } from './release-file';

/*
 * The release tracks in a release file: a canary (`web.canary` with `web.canary-weight`) and a
 * blue-green pair (`web.blue`, `web.green`, `web.active`). These functions say which lines a
 * release command writes; `undefined` deletes a line.
 */

/** The colours of a blue-green pair. */
export type Colour = 'blue' | 'green';

/** The changes a release command makes: key → new value, or `undefined` to delete the line. */
export type RecordChanges = Map<string, string | undefined>;

/** The colour that serves `workload`, where the file runs it as a blue-green pair. */
export function activeColour(
  records: ReadonlyMap<string, string>,
  workload: string,
): Colour | undefined {
  const active = records.get(`${workload}.active`);
  return active === 'blue' || active === 'green' ? active : undefined;
}

/** The other colour. */
export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/**
 * The key a new image of `workload` goes to: the workload's own line, or, for a blue-green
 * pair, its idle colour (which a switch then makes active).
 */
export function releaseKey(records: ReadonlyMap<string, string>, workload: string): string {
  const active = activeColour(records, workload);
  return active === undefined ? workload : `${workload}.${otherColour(active)}`;
}

/** The image that serves `workload`'s stable traffic: its line, or its active colour's. */
export function servingImage(
  records: ReadonlyMap<string, string>,
  workload: string,
): string | undefined {
  const active = activeColour(records, workload);
  return records.get(active === undefined ? workload : `${workload}.${active}`);
}

/** The workloads and sidecars the file records a serving image of (canaries not included). */
export function servedWorkloads(records: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  for (const key of records.keys()) {
    if (!key.includes('.')) names.add(key);
    else if (key.endsWith('.active')) names.add(key.slice(0, -'.active'.length));
  }
  return [...names].sort();
}

/** What `release canary` asks for one workload. */
export interface CanaryRequest {
  /** A new canary image (starts the canary or replaces its image). */
  readonly image?: string;
  /** The canary's new share of the requests, 0 to 100. */
  readonly weight?: string;
  /** Make the canary the stable version and remove it. */
  readonly promote?: boolean;
  /** Remove the canary. */
  readonly abort?: boolean;
}

/** The lines `release canary <environment> <workload>` changes. */
export function canaryChanges(
  records: ReadonlyMap<string, string>,
  environment: string,
  workload: string,
  request: CanaryRequest,
): RecordChanges {
  const where = `gke-platform release canary ${environment} ${workload}`;
  const [imageKey, weightKey] = [`${workload}.canary`, `${workload}.canary-weight`];
  const removal: RecordChanges = new Map([
    [imageKey, undefined],
    [weightKey, undefined],
  ]);
  const canary = records.get(imageKey);
  const actions = [request.promote, request.abort, request.image ?? request.weight].filter(
    (a) => a !== undefined && a !== false,
  );
  if (actions.length !== 1) {
    fail(
      where,
      'arguments',
      actions.length === 0 ? 'say nothing to do' : 'ask for more than one thing',
      'give one of: <workload>=<image> [--weight N] to start or replace the canary, --weight N to move its weight, --promote, --abort',
    );
  }
  if (request.abort) return removal;
  if (request.promote) {
    if (canary === undefined)
      fail(
        where,
        '--promote',
        `finds no canary of '${workload}' in ${environment}`,
        `start one: gke-platform release canary ${environment} ${workload}=<image> --weight 10`,
      );
    return new Map([...removal, [releaseKey(records, workload), canary]]);
  }
  // A bad weight is the first thing to say, before a fix that would repeat it.
  if (request.weight !== undefined) checkRecord(where, weightKey, request.weight);
  const changes: RecordChanges = new Map();
  if (request.image !== undefined) {
    checkRecord(where, imageKey, request.image);
    changes.set(imageKey, request.image);
  } else if (canary === undefined) {
    fail(
      where,
      '--weight',
      `finds no canary of '${workload}' in ${environment} to move`,
      `start one: gke-platform release canary ${environment} ${workload}=<image> --weight ${request.weight}`,
    );
  }
  const weight = request.weight ?? records.get(weightKey);
  if (weight === undefined)
    fail(
      where,
      '--weight',
      'is missing for a new canary',
      'give the percentage of requests it gets, e.g. --weight 10 (0 runs it without traffic)',
    );
  checkRecord(where, weightKey, weight);
  changes.set(weightKey, weight);
  return changes;
}

/** The line `release switch <environment> <workload> [colour]` changes. */
export function switchChanges(
  records: ReadonlyMap<string, string>,
  environment: string,
  workload: string,
  colour?: string,
): RecordChanges {
  const where = `gke-platform release switch ${environment} ${workload}`;
  const active = activeColour(records, workload);
  if (active === undefined) {
    fail(
      where,
      'workload',
      `is not recorded as a blue-green pair in ${environment} (no '${workload}.active' line)`,
      `record both colours and the active one: gke-platform release set ${environment} ${workload}.blue=<image> ${workload}.green=<image> ${workload}.active=blue`,
    );
  }
  const next = colour ?? otherColour(active);
  checkRecord(where, `${workload}.active`, next);
  if (!records.has(`${workload}.${next}`)) {
    fail(
      where,
      'colour',
      `'${next}' has no recorded image`,
      `record one first: gke-platform release set ${environment} ${workload}.${next}=<image>`,
    );
  }
  return new Map([[`${workload}.active`, next]]);
}
