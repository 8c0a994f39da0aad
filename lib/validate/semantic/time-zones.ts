import type { Violation } from './problem';
import { TIME_ZONE_NAMES } from './time-zone-names';

/*
 * CronJob time zones as the API server checks them: `validateTimeZone` in
 * pkg/apis/batch/validation, which ends in Go's `time.LoadLocation`. kube-apiserver imports
 * `time/tzdata` for it (cmd/kube-apiserver/apiserver.go, kubernetes#108032), so the names it
 * knows are the tz database's, listed in time-zone-names.ts by scripts/time-zones.js, and not
 * ICU's (Node's Intl), which also takes 'JST', 'PST' or 'IST'.
 */

const NAMES = new Set(TIME_ZONE_NAMES);
let byLowerCase: Map<string, string> | undefined;

/**
 * Each '/'-separated part: 1–14 of letters, digits, '.', '-', '_', '+' (`validTimeZoneCharacters`,
 * after https://data.iana.org/time-zones/theory.html#naming), not '.', '..' or a leading '-'.
 */
const PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Whether Go's `time.LoadLocation` knows `name` (case-sensitive, as the zone files are). */
export function isKnownTimeZone(name: string): boolean {
  return NAMES.has(name);
}

/** The tz database's spelling of a name given in the wrong case ('asia/tokyo' → 'Asia/Tokyo'). */
export function timeZoneSpelling(name: string): string | undefined {
  if (!byLowerCase) {
    byLowerCase = new Map();
    for (const n of TIME_ZONE_NAMES) byLowerCase.set(n.toLowerCase(), n);
  }
  return byLowerCase.get(name.toLowerCase());
}

const FIX = "use a tz database name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'";

/** `validateTimeZone` (pkg/apis/batch/validation): the whole rule, in its order. */
export function validateTimeZone(value: string): Violation[] {
  if (value === '') return [{ problem: 'is empty', fix: `leave it out or ${FIX}` }];
  if (value.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !PART.test(p)))
    return [
      {
        problem: 'is not a time zone name (no offsets such as +09:00, no spaces)',
        fix: FIX,
      },
    ];
  if (value.toLowerCase() === 'local')
    return [{ problem: "is the API server's local zone, not an explicit one", fix: FIX }];
  if (NAMES.has(value)) return [];
  const spelling = timeZoneSpelling(value);
  return [
    spelling
      ? { problem: 'is spelled with the wrong case', fix: `write '${spelling}'` }
      : {
          problem: "is not in the tz database of the API server (Go's time/tzdata)",
          fix: `${FIX}; ICU aliases such as 'JST' or 'PST' are not in it`,
        },
  ];
}
