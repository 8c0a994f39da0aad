/**
 * The geographies that begin Google Cloud region names (`europe-west1`, `me-central2`,
 * `northamerica-south1`) and the directions that follow them.
 * @see https://cloud.google.com/compute/docs/regions-zones#available
 */
const GEOGRAPHIES = [
  'africa',
  'asia',
  'australia',
  'europe',
  'me',
  'northamerica',
  'southamerica',
  'us',
];
const DIRECTIONS = [
  'central',
  'east',
  'north',
  'northeast',
  'northwest',
  'south',
  'southeast',
  'southwest',
  'west',
];
const REGION = new RegExp(`^(${GEOGRAPHIES.join('|')})-(${DIRECTIONS.join('|')})[1-9][0-9]?$`);

/**
 * Whether `name` is written as a Google Cloud region: a geography, a direction and a number
 * (`europe-west1`). Checked by its form rather than against today's list, so that a region
 * Google opens later is not refused; `europe`, `eu-west1` or `us-central` are.
 */
export function isRegionName(name: string): boolean {
  return REGION.test(name);
}

/**
 * The multi-regions Compute Engine can store snapshots in: Cloud Storage's `asia`, `eu` and
 * `us` (not Artifact Registry's `europe`).
 * @see https://cloud.google.com/compute/docs/disks/snapshot-settings
 * @see https://cloud.google.com/storage/docs/locations#location-mr
 */
export const SNAPSHOT_MULTI_REGIONS: readonly string[] = ['asia', 'eu', 'us'];

/** Whether `location` is where Compute Engine can store a snapshot: a region or a multi-region. */
export function isSnapshotLocation(location: string): boolean {
  return SNAPSHOT_MULTI_REGIONS.includes(location) || isRegionName(location);
}
