import { fail } from '../core/errors';

/** A Compute Engine zone: its region and a one-letter suffix (`europe-west1-b`). */
const ZONE = /^([a-z]+-[a-z]+[0-9]+)-([a-z])$/;

/**
 * The region of a zone (`europe-west1-b` → `europe-west1`), or undefined when `zone` is not
 * written as a zone.
 * @see https://cloud.google.com/compute/docs/regions-zones
 */
export function zoneRegion(zone: string): string | undefined {
  return typeof zone === 'string' ? ZONE.exec(zone)?.[1] : undefined;
}

/**
 * Checks a pool's zones: at least one, each written as a zone, no repeats, all in one
 * region (a node pool's zones are in its cluster's region).
 *
 * @throws naming the pool and the zone at fault.
 */
export function checkZones(where: string, zones: readonly string[]): readonly string[] {
  if (!Array.isArray(zones) || zones.length === 0) {
    fail(where, 'zones', 'is empty', "list the zones, e.g. ['europe-west4-a']");
  }
  const regions = new Set<string>();
  zones.forEach((zone, i) => {
    const region = zoneRegion(zone);
    if (region === undefined) {
      fail(
        where,
        `zones[${i}]`,
        `is ${JSON.stringify(zone)}, which is not a zone`,
        "write a zone such as 'europe-west4-a'",
      );
    }
    if (zones.indexOf(zone) !== i) {
      fail(where, `zones[${i}]`, `repeats '${zone}'`, 'list each zone once');
    }
    regions.add(region);
  });
  if (regions.size > 1) {
    fail(
      where,
      'zones',
      `spans the regions ${[...regions].join(', ')}`,
      "keep a pool's zones in its cluster's region",
    );
  }
  return zones;
}
