import { checkTimeZone } from '#lib/platform/time-zone';
import { checkCronExpression, Schedule, scheduleExpression } from '#lib/workloads/batch/schedule';

const where = "CronTask 'prod/job'";
const check = (expression: string) => checkCronExpression(where, expression);
/** A helper's schedule as a CronTask at `where` resolves it. */
const resolve = (schedule: Schedule) => () => scheduleExpression(where, schedule);

describe('Schedule helpers', () => {
  test.each([
    [Schedule.hourly(), '0 * * * *'],
    [Schedule.hourly(15), '15 * * * *'],
    [Schedule.everyMinutes(1), '* * * * *'],
    [Schedule.everyMinutes(15), '*/15 * * * *'],
    [Schedule.everyHours(1), '0 * * * *'],
    [Schedule.everyHours(3), '0 */3 * * *'],
    [Schedule.everyHours(6, 30), '30 */6 * * *'],
    [Schedule.dailyAt(), '0 0 * * *'],
    [Schedule.dailyAt('03:30'), '30 3 * * *'],
    [Schedule.dailyAt('7:05'), '5 7 * * *'],
    [Schedule.weeklyOn('monday', '06:00'), '0 6 * * 1'],
    [Schedule.weeklyOn('sunday'), '0 0 * * 0'],
    [Schedule.monthlyOn(1, '02:15'), '15 2 1 * *'],
    [Schedule.cron('5 4 * * sun'), '5 4 * * sun'],
  ])('%s is %s', (schedule, expression) => {
    expect(schedule.expression).toBe(expression);
    expect(String(schedule)).toBe(expression);
    expect(check(schedule.expression)).toBe(expression);
    expect(resolve(schedule)()).toBe(expression);
  });

  test('checks nothing until a CronTask resolves it, then names the CronTask and its schedule', () => {
    const schedule = Schedule.everyHours(5);
    expect(schedule.expression).toBe('0 */5 * * *');
    expect(resolve(schedule)).toThrow(
      `${where}: 'schedule' is Schedule.everyHours(5), whose 'hours' is 5, which does not divide 24: the schedule runs at 0, 5, 10, 15 and 20 o'clock every day and at 0 again the next day, 4 hours after 20 instead of 5; use one of 1, 2, 3, 4, 6, 8, 12, or Schedule.cron('0 0,5,10,15,20 * * *') if those are the times you want`,
    );
  });

  test('refuses an everyHours() that does not divide a day as it refuses the same cron string', () => {
    expect(() => check('0 */5 * * *')).toThrow(
      `${where}: 'schedule' has hour (field 2) '*/5' in '0 */5 * * *', which runs at 0, 5, 10, 15 and 20 o'clock every day and at 0 again the next day, 4 hours after 20 instead of 5; use a step that divides 24 (1, 2, 3, 4, 6, 8, 12), or list the hours ('0,5,10,15,20') if those are the times you want`,
    );
    // The runs written out are the same schedule, chosen on purpose.
    expect(check('0 0,5,10,15,20 * * *')).toBe('0 0,5,10,15,20 * * *');
    expect(resolve(Schedule.cron('0 0,5,10,15,20 * * *'))()).toBe('0 0,5,10,15,20 * * *');
  });

  test('refuses an everyMinutes() that does not divide an hour, and the same cron string', () => {
    expect(resolve(Schedule.everyMinutes(7))).toThrow(
      `${where}: 'schedule' is Schedule.everyMinutes(7), whose 'minutes' is 7, which does not divide 60: the schedule runs at 0, 7, 14, 21, 28, 35, 42, 49 and 56 past every hour and at 0 again the next hour, 4 minutes after 56 instead of 7; use one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, or Schedule.cron('0,7,14,21,28,35,42,49,56 * * * *') if those are the times you want`,
    );
    expect(() => check('*/7 * * * *')).toThrow(
      /'\*\/7' in '\*\/7 \* \* \* \*', which runs at 0, 7/,
    );
    expect(() => check('30/20 * * * *')).toThrow(
      /which runs at 30 and 50 past every hour and at 30 again the next hour, 40 minutes after 50 instead of 20/,
    );
    expect(() => check('0 0-23/5 * * *')).toThrow(/4 hours after 20 instead of 5/);
  });

  test.each([
    [Schedule.hourly(60), 'hourly(60)', 'minute', 60, '0 to 59'],
    [Schedule.hourly(1.5), 'hourly(1.5)', 'minute', 1.5, '0 to 59'],
    [Schedule.everyHours(24), 'everyHours(24)', 'hours', 24, '1 to 23'],
    [Schedule.everyHours(0), 'everyHours(0)', 'hours', 0, '1 to 23'],
    [Schedule.everyHours(2, 60), 'everyHours(2, 60)', 'minute', 60, '0 to 59'],
    [Schedule.everyMinutes(0), 'everyMinutes(0)', 'minutes', 0, '1 to 59'],
    [Schedule.monthlyOn(29), "monthlyOn(29, '00:00')", 'day', 29, '1 to 28'],
  ])('fails on an out-of-range number (%#)', (schedule, call, argument, value, range) => {
    expect(resolve(schedule)).toThrow(
      `${where}: 'schedule' is Schedule.${call}, whose '${argument}' is ${value}; use a whole number from ${range}`,
    );
  });

  test.each(['24:00', '12:60', '3pm', '0330', ''])('fails on the time of day %p', (time) => {
    expect(resolve(Schedule.dailyAt(time))).toThrow(
      `${where}: 'schedule' is Schedule.dailyAt('${time}'), whose 'time' is ${JSON.stringify(time)}, which is not a time of day; write 'HH:MM' on a 24-hour clock`,
    );
  });

  test('fails on an unknown weekday', () => {
    expect(resolve(Schedule.weeklyOn('funday' as never))).toThrow(
      `${where}: 'schedule' is Schedule.weeklyOn('funday', '00:00'), whose 'day' is "funday"; use 'sunday', 'monday'`,
    );
  });
});

describe('checkCronExpression', () => {
  test.each([
    '0 */3 * * *',
    '*/15 9-17 * * 1-5',
    '0 0 1,15 * *',
    '30 2 * jan-mar MON-FRI',
    '0 12 ? * *',
    '0 12 * * ?',
    '5/10 * * * *',
    '0 0 29 2 *',
    '0 0 31 1,3 *',
    '59 23 31 12 6',
    '@hourly',
    '@daily',
    '@midnight',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
  ])('accepts %p', (expression) => {
    expect(check(expression)).toBe(expression);
  });

  test('normalizes whitespace between fields', () => {
    expect(check('  0   3 *\t* * ')).toBe('0 3 * * *');
  });

  test.each([
    ['60 * * * *', "minute (field 1) '60' in '60 * * * *': 60 is out of range; use 0-59"],
    ['0 24 * * *', "hour (field 2) '24' in '0 24 * * *': 24 is out of range; use 0-23"],
    ['0 0 0 * *', "day of month (field 3) '0' in '0 0 0 * *': 0 is out of range; use 1-31"],
    ['0 0 32 * *', 'day of month (field 3) '],
    ['0 0 * 13 *', "month (field 4) '13' in '0 0 * 13 *': 13 is out of range; use 1-12 or names"],
    ['0 0 * foo *', "month (field 4) 'foo' in '0 0 * foo *': 'foo' is not a number"],
    ['0 0 * * 7', "day of week (field 5) '7' in '0 0 * * 7': 7 is out of range; use 0-6 or names"],
    [
      '0 0 * * mon-sun',
      "day of week (field 5) 'mon-sun' in '0 0 * * mon-sun': the range mon-sun runs backwards",
    ],
    [
      '*/0 * * * *',
      "minute (field 1) '*/0' in '*/0 * * * *': step '0' is not a whole number of at least 1",
    ],
    ['1/2/3 * * * *', "minute (field 1) '1/2/3' in '1/2/3 * * * *': '1/2/3' is malformed"],
    ['0 1-2-3 * * *', "hour (field 2) '1-2-3'"],
    ['0 0 * ? *', "month (field 4) '?'"],
    ['? 0 * * *', "minute (field 1) '?'"],
    ['0,,5 * * * *', "minute (field 1) '0,,5' in '0,,5 * * * *': '' is malformed"],
  ])('fails on %p, naming the field', (expression, message) => {
    expect(() => check(expression)).toThrow(`${where}: 'schedule' has ${message}`);
  });

  test.each(['0 3 * *', '0 0 3 * * *', '', '   '])(
    'fails on %p, which has not five fields',
    (expression) => {
      expect(() => check(expression)).toThrow(
        /'schedule' is '.*', which has \d fields?; write five fields: minute hour day-of-month month day-of-week/,
      );
    },
  );

  test.each([
    'TZ=Asia/Tokyo 0 3 * * *',
    'CRON_TZ=Europe/Berlin 0 3 * * *',
    'cron_tz=UTC 0 3 * * *',
  ])('fails on %p, pointing to timeZone', (expression) => {
    expect(() => check(expression)).toThrow(
      `${where}: 'schedule' is '${expression}', which sets the time zone inside the expression; leave 'TZ='/'CRON_TZ=' out and set the CronTask's 'timeZone'`,
    );
  });

  test.each(['@every 1h', '@reboot', '@Daily'])('fails on the macro %p', (expression) => {
    expect(() => check(expression)).toThrow(
      /which is not a cron macro Kubernetes accepts; use one of @yearly/,
    );
  });

  test('fails on a day that the month never has', () => {
    expect(() => check('0 0 30 2 *')).toThrow(
      `${where}: 'schedule' is '0 0 30 2 *': day of month 30 never comes in month 2; pick a day that the month has`,
    );
    expect(() => check('0 0 31 4,6 *')).toThrow(/never comes/);
  });
});

describe('checkTimeZone', () => {
  test.each([
    'Etc/UTC',
    'UTC',
    'GMT',
    'Asia/Tokyo',
    'Europe/Berlin',
    'America/Argentina/Buenos_Aires',
    'America/Port-au-Prince',
    'Asia/Kolkata',
    'US/Eastern',
    'Asia/Calcutta',
    'Etc/GMT+5',
    'EST5EDT',
  ])('accepts %p', (timeZone) => {
    expect(checkTimeZone(where, timeZone)).toBe(timeZone);
  });

  test.each([
    ['', 'which is empty'],
    ['Local', "the node's local zone, which is not explicit"],
    ['+09:00', 'which is not a time zone name (no offsets such as +09:00, no spaces)'],
    ['Asia/ Tokyo', 'which is not a time zone name'],
    ['../etc/passwd', 'which is not a time zone name'],
    ['Mars/Olympus_Mons', 'which is not in the IANA time zone database'],
    ['SystemV/AST4', 'which is not in the IANA time zone database'],
    // ICU aliases (Node's Intl takes them) that Go's time/tzdata, which the API server reads,
    // does not have; US/Pacific-New left the tz database in 2020b.
    ['JST', 'which is not in the IANA time zone database'],
    ['PST', 'which is not in the IANA time zone database'],
    ['IST', 'which is not in the IANA time zone database'],
    ['US/Pacific-New', 'which is not in the IANA time zone database'],
  ])('fails on %p', (timeZone, problem) => {
    expect(() => checkTimeZone(where, timeZone)).toThrow(
      `${where}: 'timeZone' is ${JSON.stringify(timeZone)}, ${problem}`,
    );
  });

  test('fails on a name in the wrong case, giving the right spelling', () => {
    expect(() => checkTimeZone(where, 'asia/tokyo')).toThrow(
      `${where}: 'timeZone' is "asia/tokyo", which is spelled with the wrong case; write 'Asia/Tokyo'`,
    );
    expect(() => checkTimeZone(where, 'us/eastern')).toThrow(
      `${where}: 'timeZone' is "us/eastern", which is spelled with the wrong case; write 'US/Eastern'`,
    );
  });
});
