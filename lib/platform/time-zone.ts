import { fail } from '../core/errors';
import { isKnownTimeZone, timeZoneSpelling } from '../validate/semantic/time-zones';

/**
 * Checks an IANA time zone name such as 'Asia/Tokyo' or 'Etc/UTC' as Kubernetes does: its
 * characters (each part 1-14 of letters, digits, '.', '_', '-', '+', not '.', '..' or a
 * leading '-'), not 'Local', and known to the tz database that the API server's
 * `time.LoadLocation` reads (Go's time/tzdata, listed in lib/validate/semantic/
 * time-zone-names.ts), not to Node's ICU, which also takes aliases such as 'JST' or 'PST'.
 * Names are case-sensitive, as in the tz database files.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
 */
export function checkTimeZone(where: string, timeZone: string, prop = 'timeZone'): string {
  const wrong = (
    problem: string,
    fix = "use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ): never => fail(where, prop, `is ${JSON.stringify(timeZone)}, ${problem}`, fix);
  if (typeof timeZone !== 'string' || timeZone === '') wrong('which is empty');
  const parts = timeZone.split('/');
  if (
    parts.some(
      (p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p),
    )
  ) {
    wrong('which is not a time zone name (no offsets such as +09:00, no spaces)');
  }
  if (timeZone.toLowerCase() === 'local') wrong("the node's local zone, which is not explicit");
  if (!isKnownTimeZone(timeZone)) {
    const spelling = timeZoneSpelling(timeZone);
    if (spelling) wrong('which is spelled with the wrong case', `write '${spelling}'`);
    wrong('which is not in the IANA time zone database');
  }
  return timeZone;
}
