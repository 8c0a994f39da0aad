import { fail, listOf } from '../../core/errors';

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

/**
 * How a helper says that one of its arguments is wrong; the CronTask that resolves the
 * schedule turns it into an error naming its own path and prop.
 */
type Wrong = (argument: string, problem: string, fix: string) => never;

/** The checks of a helper's arguments, run when a CronTask resolves the schedule. */
const argumentChecks = new WeakMap<Schedule, { call: string; check: (wrong: Wrong) => void }>();

function wholeNumber(wrong: Wrong, argument: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max)
    wrong(argument, `is ${value}`, `use a whole number from ${min} to ${max}`);
}

/** The values `start/step` selects in a cycle of `size` (from 0), and the gap across its end. */
function runsOfStep(start: number, step: number, size: number) {
  const runs: number[] = [];
  for (let v = start; v < size; v += step) runs.push(v);
  return { runs, gap: size - runs[runs.length - 1] + start };
}

/**
 * Why a step over the whole minute or hour field spaces its runs unevenly: cron counts again
 * from the start of every hour (minutes) or day (hours), so only a step that divides 60 or
 * 24 keeps the same distance across that boundary.
 */
function unevenStep(unit: 'minute' | 'hour', runs: readonly number[], gap: number, step: number) {
  const last = runs[runs.length - 1];
  const plural = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const where = unit === 'minute' ? 'past every hour' : "o'clock every day";
  const next = unit === 'minute' ? 'the next hour' : 'the next day';
  const list = `${runs.slice(0, -1).join(', ')}${runs.length > 1 ? ' and ' : ''}${last}`;
  return `runs at ${list} ${where} and at ${runs[0]} again ${next}, ${plural(gap)} after ${last} instead of ${step}`;
}

/** The whole numbers below `size` that divide it, the steps that keep runs evenly spaced. */
function divisorsOf(size: number): number[] {
  return Array.from({ length: size - 1 }, (_, i) => i + 1).filter((d) => size % d === 0);
}

/** Checks that a helper's `every` step divides the cycle, saying what the runs would be. */
function evenStep(
  wrong: Wrong,
  argument: string,
  unit: 'minute' | 'hour',
  step: number,
  expression: (values: string) => string,
): void {
  const size = unit === 'minute' ? 60 : 24;
  const { runs, gap } = runsOfStep(0, step, size);
  if (gap !== step)
    wrong(
      argument,
      `is ${step}, which does not divide ${size}: the schedule ${unevenStep(unit, runs, gap, step)}`,
      `use one of ${divisorsOf(size).join(', ')}, or Schedule.cron('${expression(runs.join(','))}') if those are the times you want`,
    );
}

/** Parses 'HH:MM' (24-hour clock) into hour and minute; NaN for both if it is not a time. */
function timeOfDay(time: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(String(time));
  const hour = match ? Number(match[1]) : Number.NaN;
  const minute = match ? Number(match[2]) : Number.NaN;
  return hour > 23 || minute > 59 ? { hour: Number.NaN, minute: Number.NaN } : { hour, minute };
}

function checkTimeOfDay(wrong: Wrong, time: string): void {
  if (Number.isNaN(timeOfDay(time).hour))
    wrong(
      'time',
      `is ${JSON.stringify(time)}, which is not a time of day`,
      "write 'HH:MM' on a 24-hour clock, e.g. '03:30' or '17:05'",
    );
}

/**
 * When a {@link CronTask} runs: a standard five-field cron expression (minute, hour, day of
 * month, month, day of week), built by one of the typed helpers or given as it is with
 * {@link Schedule.cron}. The CronTask that uses it checks the helper's arguments and every
 * field, and its error names the CronTask and its `schedule`.
 *
 * The expression is read in the CronTask's `timeZone` (written into the CronJob; the
 * platform's `timeZone` unless the CronTask sets its own); `TZ=` or `CRON_TZ=` inside the
 * expression is not supported.
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
    return Schedule.checked(`${minute} * * * *`, `hourly(${minute})`, (wrong) =>
      wholeNumber(wrong, 'minute', minute, 0, 59),
    );
  }

  /** Every `minutes` minutes, from the full hour; `minutes` must divide 60. */
  static everyMinutes(minutes: number): Schedule {
    return Schedule.checked(
      minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`,
      `everyMinutes(${minutes})`,
      (wrong) => {
        wholeNumber(wrong, 'minutes', minutes, 1, 59);
        evenStep(wrong, 'minutes', 'minute', minutes, (values) => `${values} * * * *`);
      },
    );
  }

  /**
   * Every `hours` hours, from midnight, at `minute` past; `hours` must divide 24.
   * @param minute @default 0
   */
  static everyHours(hours: number, minute = 0): Schedule {
    return Schedule.checked(
      hours === 1 ? `${minute} * * * *` : `${minute} */${hours} * * *`,
      `everyHours(${hours}${minute === 0 ? '' : `, ${minute}`})`,
      (wrong) => {
        wholeNumber(wrong, 'hours', hours, 1, 23);
        wholeNumber(wrong, 'minute', minute, 0, 59);
        evenStep(wrong, 'hours', 'hour', hours, (values) => `${minute} ${values} * * *`);
      },
    );
  }

  /** Every day at `time` ('HH:MM', 24-hour clock). @param time @default '00:00' */
  static dailyAt(time = '00:00'): Schedule {
    const { hour, minute } = timeOfDay(time);
    return Schedule.checked(`${minute} ${hour} * * *`, `dailyAt('${time}')`, (wrong) =>
      checkTimeOfDay(wrong, time),
    );
  }

  /** Every week on `day` at `time` ('HH:MM'). @param time @default '00:00' */
  static weeklyOn(day: Weekday, time = '00:00'): Schedule {
    const { hour, minute } = timeOfDay(time);
    return Schedule.checked(
      `${minute} ${hour} * * ${WEEKDAYS.indexOf(day)}`,
      `weeklyOn('${day}', '${time}')`,
      (wrong) => {
        if (!WEEKDAYS.includes(day))
          wrong('day', `is ${JSON.stringify(day)}`, `use ${listOf(WEEKDAYS)}`);
        checkTimeOfDay(wrong, time);
      },
    );
  }

  /**
   * Every month on day `day` (1-28, which every month has) at `time` ('HH:MM').
   * @param time @default '00:00'
   */
  static monthlyOn(day: number, time = '00:00'): Schedule {
    const { hour, minute } = timeOfDay(time);
    return Schedule.checked(
      `${minute} ${hour} ${day} * *`,
      `monthlyOn(${day}, '${time}')`,
      (wrong) => {
        wholeNumber(wrong, 'day', day, 1, 28);
        checkTimeOfDay(wrong, time);
      },
    );
  }

  /** A schedule whose helper arguments `check` looks at when a CronTask resolves it. */
  private static checked(
    expression: string,
    call: string,
    check: (wrong: Wrong) => void,
  ): Schedule {
    const schedule = new Schedule(expression);
    argumentChecks.set(schedule, { call, check });
    return schedule;
  }

  private constructor(
    /** The five-field cron expression (checked only by the CronTask that uses it). */
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
    // A step to the end of the minute or hour field starts over every hour or day: it must
    // keep its distance across that boundary (the same rule as Schedule.everyHours()).
    if (stepText !== undefined && to === field.max && index < 2) {
      const unit = index === 0 ? 'minute' : 'hour';
      const size = field.max + 1;
      const { runs, gap } = runsOfStep(from, step, size);
      if (gap !== step)
        fail(
          where,
          'schedule',
          `has ${field.name} (field ${index + 1}) '${part}' in '${expression}', which ${unevenStep(unit, runs, gap, step)}`,
          `use a step that divides ${size} (${divisorsOf(size).join(', ')}), or list the ${unit}s ('${runs.join(',')}') if those are the times you want`,
        );
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

/**
 * The checked cron expression of a schedule given as a {@link Schedule} or a string: a
 * helper's arguments first, then every field; errors name `where` and its `schedule`.
 */
export function scheduleExpression(where: string, schedule: Schedule | string): string {
  if (schedule instanceof Schedule) {
    const helper = argumentChecks.get(schedule);
    helper?.check((argument, problem, fix) =>
      fail(where, 'schedule', `is Schedule.${helper.call}, whose '${argument}' ${problem}`, fix),
    );
    return checkCronExpression(where, schedule.expression);
  }
  return checkCronExpression(where, schedule);
}
