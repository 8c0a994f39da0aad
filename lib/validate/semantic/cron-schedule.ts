/*
 * CronJob schedules as the API server and the CronJob controller read them:
 * `cron.ParseStandard` of github.com/robfig/cron/v3 (parser.go), called by
 * `validateScheduleFormat` in pkg/apis/batch/validation. Five fields (minute, hour, day of
 * month, month, day of week) split on whitespace; each field a comma-separated list of
 * `*` or `?`, `a` or `a-b`, each optionally `/step`; month and weekday names in any case;
 * or one of the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
 * `@midnight`, `@hourly` and `@every <Go duration>`.
 */

interface Bounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const FIELDS: readonly Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: {
      jan: 1,
      feb: 2,
      mar: 3,
      apr: 4,
      may: 5,
      jun: 6,
      jul: 7,
      aug: 8,
      sep: 9,
      oct: 10,
      nov: 11,
      dec: 12,
    },
  },
  {
    name: 'day of week',
    min: 0,
    max: 6,
    names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
  },
];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
/** Go's `time.ParseDuration`: '0' or signed sequences of decimal numbers with units. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const INT = /^[+-]?\d+$/;

/** The parsed schedule: the values of each field, and whether a day field was `*` or `?`. */
interface Parsed {
  readonly values: readonly (readonly number[])[];
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

/** What is wrong with a schedule, in robfig/cron's terms. */
export interface ScheduleProblem {
  readonly problem: string;
  readonly fix: string;
  /** The schedule parses, but never fires. */
  readonly never?: boolean;
}

const FIX =
  "write five fields: minute hour day-of-month month day-of-week, e.g. '30 3 * * *' or '0 */6 * * mon-fri', or a descriptor such as '@daily'";

function atoi(text: string): number | undefined {
  // strconv.Atoi: optional sign, decimal digits; mustParseInt refuses negatives.
  if (!INT.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `getRange`: one `*`, `a`, `a-b`, optionally `/step`. Returns the bits or a problem. */
function getRange(expr: string, bounds: Bounds): { values: number[]; star: boolean } | string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  const parse = (text: string): number | string => {
    const named = bounds.names?.[text.toLowerCase()];
    if (named !== undefined) return named;
    const n = atoi(text);
    if (n === undefined) return `failed to parse int from ${text}`;
    if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
    return n;
  };
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    const s = parse(lowAndHigh[0]);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parse(lowAndHigh[1]);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const n = atoi(rangeAndStep[1]);
    if (n === undefined) return `failed to parse int from ${rangeAndStep[1]}`;
    if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
    step = n;
    // "N/step" means "N-max/step".
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < bounds.min)
    return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseFields(fields: readonly string[]): Parsed | ScheduleProblem {
  const values: number[][] = [];
  let domStar = false;
  let dowStar = false;
  for (let i = 0; i < 5; i++) {
    const set = new Set<number>();
    // strings.FieldsFunc on ',': empty items are skipped.
    for (const expr of fields[i].split(',').filter(Boolean)) {
      const range = getRange(expr, FIELDS[i]);
      if (typeof range === 'string')
        return {
          problem: `has ${FIELDS[i].name} ${JSON.stringify(fields[i])}: ${range}`,
          fix: FIX,
        };
      for (const v of range.values) set.add(v);
      if (range.star && i === 2) domStar = true;
      if (range.star && i === 4) dowStar = true;
    }
    values.push([...set]);
  }
  return { values, domStar, dowStar };
}

/**
 * `cron.ParseStandard`: undefined when the schedule parses and fires, else what is wrong
 * (`never` when it parses but never fires).
 */
export function parseStandard(spec: string): ScheduleProblem | undefined {
  if (spec === '') return { problem: 'empty', fix: FIX };
  let schedule = spec;
  // A leading TZ= or CRON_TZ= zone is read and cut off first (the API server refuses it
  // separately, see validateScheduleFormat).
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) return { problem: 'a time zone without a schedule', fix: FIX };
    schedule = spec.slice(space).trim();
  }
  if (schedule.startsWith('@')) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith('@every ')) {
      const duration = schedule.slice('@every '.length);
      return GO_DURATION.test(duration)
        ? undefined
        : {
            problem: `has ${JSON.stringify(duration)}, which is not a Go duration`,
            fix: "write e.g. '@every 1h30m', or five fields",
          };
    }
    return {
      problem: 'an unrecognized descriptor',
      fix: `use one of ${[...DESCRIPTORS].join(', ')}, '@every <duration>', or five fields`,
    };
  }
  const fields = schedule.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5)
    return { problem: `expected exactly 5 fields, found ${fields.length}`, fix: FIX };
  const parsed = parseFields(fields);
  return 'problem' in parsed ? parsed : neverFires(parsed, fields);
}

/** The longest each month can be, February of a leap year included. */
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A schedule that parses but never fires: `SpecSchedule.Next` looks five years ahead and
 * gives up (the zero time), so the CronJob controller never creates a Job. The day matches
 * when both day fields do if either is `*` or `?`, else when either does (`dayMatches`).
 */
function neverFires(parsed: Parsed, fields: readonly string[]): ScheduleProblem | undefined {
  const [minutes, hours, days, months, weekdays] = parsed.values;
  const empty = [minutes, hours, months].findIndex((v) => v.length === 0);
  if (empty >= 0)
    return {
      problem: `never runs: its ${FIELDS[[0, 1, 3][empty]].name} field selects nothing`,
      fix: FIX,
      never: true,
    };
  const dayOfMonthOccurs = days.some((d) => months.some((m) => d <= DAYS_IN_MONTH[m]));
  const fires =
    parsed.domStar || parsed.dowStar
      ? dayOfMonthOccurs && weekdays.length > 0
      : dayOfMonthOccurs || weekdays.length > 0;
  if (fires) return undefined;
  return {
    problem: `never runs: day of month ${JSON.stringify(fields[2])} never comes in month ${JSON.stringify(fields[3])}`,
    fix: 'pick a day that the chosen months have',
    never: true,
  };
}
