import { checkOneOf, fail } from '../../core/errors';
import { isKnownTimeZone, timeZoneSpelling } from '../../validate/semantic/time-zones';

/** A day of the week, as the typed schedule helpers take it. */
export type Weekday =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

function wholeNumber(where: string, prop: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(where, prop, `is ${value}`, `use a whole number from ${min} to ${max}`);
  }
  return value;
}

function divisorOf(where: string, prop: string, value: number, of: number): number {
  const divisors = Array.from({ length: of - 1 }, (_, i) => i + 1).filter((d) => of % d === 0);
  if (!divisors.includes(value)) {
    fail(
      where,
      prop,
      `is ${value}, which does not divide ${of}, so the runs would not be evenly spaced (cron restarts the count every ${of === 24 ? 'day' : 'hour'})`,
      `use one of ${divisors.join(', ')}, or write the cron expression yourself`,
    );
  }
  return value;
}

/** Parses 'HH:MM' (24-hour clock) into hour and minute. */
function timeOfDay(where: string, time: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(String(time));
  const hour = match ? Number(match[1]) : Number.NaN;
  const minute = match ? Number(match[2]) : Number.NaN;
  if (!match || hour > 23 || minute > 59) {
    fail(
      where,
      'time',
      `is ${JSON.stringify(time)}, which is not a time of day`,
      "write 'HH:MM' on a 24-hour clock, e.g. '03:30' or '17:05'",
    );
  }
  return { hour, minute };
}

/**
 * When a {@link CronTask} runs: a standard five-field cron expression (minute, hour, day of
 * month, month, day of week), built by one of the typed helpers or given as it is with
 * {@link Schedule.cron}. The CronTask checks every field and says which one is wrong.
 *
 * The expression is read in the CronTask's `timeZone` (written into the CronJob, `Etc/UTC`
 * by default); `TZ=` or `CRON_TZ=` inside the expression is not supported.
 *
 * @example
 * Schedule.everyHours(3)          // '0 *\/3 * * *'
 * Schedule.dailyAt('03:30')       // '30 3 * * *'
 * Schedule.weeklyOn('monday', '06:00')
 * Schedule.cron('15 2 1 * *')
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */
export class Schedule {
  /** A cron expression as it is; checked field by field by the CronTask that uses it. */
  static cron(expression: string): Schedule {
    return new Schedule(expression);
  }

  /** Every hour at `minute` past. @param minute @default 0 */
  static hourly(minute = 0): Schedule {
    return new Schedule(`${wholeNumber('Schedule.hourly()', 'minute', minute, 0, 59)} * * * *`);
  }

  /** Every `minutes` minutes, from the full hour; `minutes` must divide 60. */
  static everyMinutes(minutes: number): Schedule {
    const where = 'Schedule.everyMinutes()';
    divisorOf(where, 'minutes', wholeNumber(where, 'minutes', minutes, 1, 59), 60);
    return new Schedule(minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`);
  }

  /**
   * Every `hours` hours, from midnight, at `minute` past; `hours` must divide 24.
   * @param minute @default 0
   */
  static everyHours(hours: number, minute = 0): Schedule {
    const where = 'Schedule.everyHours()';
    divisorOf(where, 'hours', wholeNumber(where, 'hours', hours, 1, 23), 24);
    wholeNumber(where, 'minute', minute, 0, 59);
    return new Schedule(hours === 1 ? `${minute} * * * *` : `${minute} */${hours} * * *`);
  }

  /** Every day at `time` ('HH:MM', 24-hour clock). @param time @default '00:00' */
  static dailyAt(time = '00:00'): Schedule {
    const { hour, minute } = timeOfDay('Schedule.dailyAt()', time);
    return new Schedule(`${minute} ${hour} * * *`);
  }

  /** Every week on `day` at `time` ('HH:MM'). @param time @default '00:00' */
  static weeklyOn(day: Weekday, time = '00:00'): Schedule {
    const where = 'Schedule.weeklyOn()';
    const index = WEEKDAYS.indexOf(checkOneOf(where, 'day', day, WEEKDAYS));
    const { hour, minute } = timeOfDay(where, time);
    return new Schedule(`${minute} ${hour} * * ${index}`);
  }

  /**
   * Every month on day `day` (1-28, which every month has) at `time` ('HH:MM').
   * @param time @default '00:00'
   */
  static monthlyOn(day: number, time = '00:00'): Schedule {
    const where = 'Schedule.monthlyOn()';
    wholeNumber(where, 'day', day, 1, 28);
    const { hour, minute } = timeOfDay(where, time);
    return new Schedule(`${minute} ${hour} ${day} * *`);
  }

  private constructor(
    /** The five-field cron expression. */
    readonly expression: string,
  ) {}

  /** The five-field cron expression, as {@link Schedule.expression}. */
  toString(): string {
    return this.expression;
  }
}

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly example: string;
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59, example: "'0', '*/15', '5,35'" },
  { name: 'hour', min: 0, max: 23, example: "'3', '*/6', '9-17'" },
  { name: 'day of month', min: 1, max: 31, example: "'1', '1,15', '*'" },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
    example: "'1', 'jan-mar', '*'",
  },
  {
    name: 'day of week',
    min: 0,
    max: 6,
    names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    example: "'1-5', 'mon-fri', 'sun'",
  },
];

/** The macros Kubernetes accepts instead of five fields. */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** The longest month each month number can have. */
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Checks one field of a cron expression and returns the values it selects.
 * Syntax as Kubernetes' parser (robfig/cron, standard): `*`, `?` (day fields), `a`, `a-b`,
 * each optionally `/step`, comma-separated; month and weekday names in English.
 */
function parseField(where: string, expression: string, index: number, text: string): number[] {
  const field = FIELDS[index];
  const wrong = (problem: string): never =>
    fail(
      where,
      'schedule',
      `has ${field.name} (field ${index + 1}) '${text}' in '${expression}': ${problem}`,
      `use ${field.min}-${field.max}${field.names ? ` or names (${field.names.filter(Boolean).join(', ')})` : ''}, e.g. ${field.example}`,
    );
  const value = (token: string): number => {
    const byName = token === '' ? -1 : (field.names?.indexOf(token.toLowerCase()) ?? -1);
    if (byName >= 0) return byName;
    if (!/^\d+$/.test(token)) return wrong(`'${token}' is not a number`);
    const n = Number(token);
    if (n < field.min || n > field.max) return wrong(`${n} is out of range`);
    return n;
  };
  const selected = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') wrong(`'${part}' is malformed`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1)
        wrong(`step '${stepText}' is not a whole number of at least 1`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === '*' || (range === '?' && index >= 2 && index !== 3)) {
      from = field.min;
      to = field.max;
    } else if (range.includes('-')) {
      const bounds = range.split('-');
      if (bounds.length !== 2) return wrong(`'${range}' is malformed`);
      from = value(bounds[0]);
      to = value(bounds[1]);
      if (from > to) wrong(`the range ${range} runs backwards`);
    } else {
      from = value(range);
      // 'a/step' means from a to the end, as in Kubernetes' parser.
      to = stepText === undefined ? from : field.max;
    }
    for (let v = from; v <= to; v += step) selected.add(v);
  }
  return [...selected];
}

/**
 * Checks a cron expression the way Kubernetes' CronJob controller parses it and returns it.
 * @throws naming the field that is wrong, or pointing to `timeZone` for `TZ=`/`CRON_TZ=`
 */
export function checkCronExpression(where: string, expression: string): string {
  const text = typeof expression === 'string' ? expression.trim() : '';
  if (/(^|\s)(CRON_)?TZ=/i.test(text)) {
    fail(
      where,
      'schedule',
      `is '${expression}', which sets the time zone inside the expression`,
      "leave 'TZ='/'CRON_TZ=' out and set the CronTask's 'timeZone' (e.g. timeZone: 'Asia/Tokyo'); Kubernetes does not support time zones in 'schedule'",
    );
  }
  if (text.startsWith('@')) {
    if (MACROS.includes(text)) return text;
    fail(
      where,
      'schedule',
      `is '${expression}', which is not a cron macro Kubernetes accepts`,
      `use one of ${MACROS.join(', ')}, five fields, or a Schedule helper such as Schedule.everyHours(3)`,
    );
  }
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    fail(
      where,
      'schedule',
      `is '${expression}', which has ${fields.length} field${fields.length === 1 ? '' : 's'}`,
      `write five fields: minute hour day-of-month month day-of-week (no seconds, no year), e.g. '30 3 * * *', or use a Schedule helper`,
    );
  }
  const values = fields.map((f, i) => parseField(where, text, i, f));
  // A day of month that none of the chosen months has (e.g. 31 February) never comes.
  const [, , days, months] = values;
  if (fields[2] !== '*' && fields[2] !== '?' && (fields[4] === '*' || fields[4] === '?')) {
    const longest = Math.max(...months.map((m) => DAYS_IN_MONTH[m]));
    if (Math.min(...days) > longest) {
      fail(
        where,
        'schedule',
        `is '${expression}': day of month ${fields[2]} never comes in month ${fields[3]}`,
        'pick a day that the month has',
      );
    }
  }
  return fields.join(' ');
}

/** The expression of a schedule given as a {@link Schedule} or a string. */
export function scheduleExpression(schedule: Schedule | string): string {
  return schedule instanceof Schedule ? schedule.expression : schedule;
}

/** The time zone Kubernetes uses without `timeZone`: the control plane's, UTC on GKE. */
export const DEFAULT_TIME_ZONE = 'Etc/UTC';

/**
 * Checks an IANA time zone name such as 'Asia/Tokyo' or 'Etc/UTC' as Kubernetes does: its
 * characters (each part 1-14 of letters, digits, '.', '_', '-', '+', not '.', '..' or a
 * leading '-'), not 'Local', and known to the tz database that the API server's
 * `time.LoadLocation` reads (Go's time/tzdata, listed in lib/validate/semantic/
 * time-zone-names.ts), not to Node's ICU, which also takes aliases such as 'JST' or 'PST'.
 * Names are case-sensitive, as in the tz database files.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
 */
export function checkTimeZone(where: string, timeZone: string): string {
  const wrong = (
    problem: string,
    fix = "use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ): never => fail(where, 'timeZone', `is ${JSON.stringify(timeZone)}, ${problem}`, fix);
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
