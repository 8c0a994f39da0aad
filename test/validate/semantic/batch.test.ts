import { parseStandard } from '#lib/validate/semantic/cron-schedule';
import { isKnownTimeZone, validateTimeZone } from '#lib/validate/semantic/time-zones';
import { TIME_ZONE_NAMES, TZDATA_VERSION } from '#lib/validate/semantic/time-zone-names';
import { type Case, make, type Pass, pod, problems, runCases, runPasses } from './fixtures';

const schedule = (value: string) => (o: any) => (o.spec.schedule = value);
const zone = (value: unknown) => (o: any) => (o.spec.timeZone = value);
const JT = 'spec.jobTemplate.spec';

// validateScheduleFormat → cron.ParseStandard of robfig/cron/v3 (parser.go).
describe('CronJob schedule', () => {
  runCases([
    [
      'six fields (seconds)',
      'CronJob',
      schedule('0 0 3 * * *'),
      'spec.schedule',
      'is "0 0 3 * * *": expected exactly 5 fields, found 6',
      'cron.ParseStandard',
    ],
    [
      'four fields',
      'CronJob',
      schedule('0 3 * *'),
      'spec.schedule',
      'is "0 3 * *": expected exactly 5 fields, found 4',
      'cron.ParseStandard',
    ],
    [
      'minute 60',
      'CronJob',
      schedule('60 * * * *'),
      'spec.schedule',
      'is "60 * * * *": has minute "60": end of range (60) above maximum (59): 60',
      'cron.ParseStandard',
    ],
    [
      'hour 24',
      'CronJob',
      schedule('0 24 * * *'),
      'spec.schedule',
      'is "0 24 * * *": has hour "24": end of range (24) above maximum (23): 24',
      'cron.ParseStandard',
    ],
    [
      'day of month 0',
      'CronJob',
      schedule('0 0 0 * *'),
      'spec.schedule',
      'is "0 0 0 * *": has day of month "0": beginning of range (0) below minimum (1): 0',
      'cron.ParseStandard',
    ],
    [
      'day of week 7 (robfig takes 0-6)',
      'CronJob',
      schedule('0 0 * * 7'),
      'spec.schedule',
      'is "0 0 * * 7": has day of week "7": end of range (7) above maximum (6): 7',
      'cron.ParseStandard',
    ],
    [
      'a backwards range',
      'CronJob',
      schedule('0 17-9 * * *'),
      'spec.schedule',
      'is "0 17-9 * * *": has hour "17-9": beginning of range (17) beyond end of range (9): 17-9',
      'cron.ParseStandard',
    ],
    [
      'a step of 0',
      'CronJob',
      schedule('*/0 * * * *'),
      'spec.schedule',
      'is "*/0 * * * *": has minute "*/0": step of range should be a positive number: */0',
      'cron.ParseStandard',
    ],
    [
      'two slashes',
      'CronJob',
      schedule('*/5/2 * * * *'),
      'spec.schedule',
      'is "*/5/2 * * * *": has minute "*/5/2": too many slashes: */5/2',
      'cron.ParseStandard',
    ],
    [
      'an unknown month name',
      'CronJob',
      schedule('0 0 1 janu *'),
      'spec.schedule',
      'is "0 0 1 janu *": has month "janu": failed to parse int from janu',
      'cron.ParseStandard',
    ],
    [
      'L (not in robfig/cron)',
      'CronJob',
      schedule('0 0 L * *'),
      'spec.schedule',
      'is "0 0 L * *": has day of month "L": failed to parse int from L',
      'cron.ParseStandard',
    ],
    [
      'an unknown descriptor',
      'CronJob',
      schedule('@fortnightly'),
      'spec.schedule',
      'is "@fortnightly": an unrecognized descriptor',
      'cron.ParseStandard',
    ],
    [
      '@every without a Go duration',
      'CronJob',
      schedule('@every 1 hour'),
      'spec.schedule',
      'is "@every 1 hour": has "1 hour", which is not a Go duration',
      'cron.ParseStandard',
    ],
    [
      'CRON_TZ= in the schedule',
      'CronJob',
      schedule('CRON_TZ=Asia/Tokyo 0 3 * * *'),
      'spec.schedule',
      'is "CRON_TZ=Asia/Tokyo 0 3 * * *", which sets a time zone with TZ or CRON_TZ',
      'cannot use TZ or CRON_TZ in schedule',
    ],
    [
      'TZ= in the schedule',
      'CronJob',
      schedule('TZ=UTC 0 3 * * *'),
      'spec.schedule',
      'is "TZ=UTC 0 3 * * *", which sets a time zone with TZ or CRON_TZ',
      'cannot use TZ or CRON_TZ in schedule',
    ],
    [
      '30 February (parses, never runs)',
      'CronJob',
      schedule('0 0 30 2 *'),
      'spec.schedule',
      'is "0 0 30 2 *": never runs: day of month "30" never comes in month "2"',
      'SpecSchedule.Next',
    ],
    [
      '31 April and June',
      'CronJob',
      schedule('0 0 31 4,6 *'),
      'spec.schedule',
      'is "0 0 31 4,6 *": never runs: day of month "31" never comes in month "4,6"',
      'SpecSchedule.Next',
    ],
    [
      'an empty schedule',
      'CronJob',
      schedule(''),
      'spec.schedule',
      'is missing',
      'schedule required',
    ],
  ] satisfies Case[]);
  runPasses([
    ['every 3 hours', 'CronJob', schedule('0 */3 * * *')],
    ['names in any case, ranges and lists', 'CronJob', schedule('15,45 9-17 * JAN-mar Mon-FRI')],
    ['? in a day field', 'CronJob', schedule('0 0 ? * mon')],
    ['each descriptor', 'CronJob', schedule('@midnight')],
    ['@every 1h30m', 'CronJob', schedule('@every 1h30m')],
    ['a step from a start (5/15)', 'CronJob', schedule('5/15 * * * *')],
    ['leap day (29 February comes within five years)', 'CronJob', schedule('0 0 29 2 *')],
    ['30 February on Mondays (either day field matches)', 'CronJob', schedule('0 0 30 2 1')],
    ['tabs and extra spaces between fields', 'CronJob', schedule('0\t3  * * *')],
  ] satisfies Pass[]);
  it('reports TZ= once, reading the rest of the schedule as robfig/cron does', () => {
    expect(problems(make('CronJob', schedule('TZ=Asia/Tokyo 0 3 * * *')))).toEqual([
      ['spec.schedule', 'is "TZ=Asia/Tokyo 0 3 * * *", which sets a time zone with TZ or CRON_TZ'],
    ]);
  });
  it.each(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])(
    'accepts %p',
    (d) => expect(parseStandard(d)).toBeUndefined(),
  );
});

// validateTimeZone (pkg/apis/batch/validation) ending in Go's time.LoadLocation.
describe('CronJob timeZone', () => {
  runCases([
    [
      'JST (an ICU alias Go does not know)',
      'CronJob',
      zone('JST'),
      'spec.timeZone',
      `is "JST", which is not in the tz database of the API server (Go's time/tzdata)`,
      'validateTimeZone',
    ],
    [
      'PST',
      'CronJob',
      zone('PST'),
      'spec.timeZone',
      `is "PST", which is not in the tz database of the API server (Go's time/tzdata)`,
      'time.LoadLocation',
    ],
    [
      'IST',
      'CronJob',
      zone('IST'),
      'spec.timeZone',
      `is "IST", which is not in the tz database of the API server (Go's time/tzdata)`,
      'time.LoadLocation',
    ],
    [
      'US/Pacific-New (removed in tzdata 2020b)',
      'CronJob',
      zone('US/Pacific-New'),
      'spec.timeZone',
      `is "US/Pacific-New", which is not in the tz database of the API server (Go's time/tzdata)`,
      'time.LoadLocation',
    ],
    [
      'a name in the wrong case',
      'CronJob',
      zone('asia/tokyo'),
      'spec.timeZone',
      'is "asia/tokyo", which is spelled with the wrong case',
      'validateTimeZone',
    ],
    [
      'Local',
      'CronJob',
      zone('Local'),
      'spec.timeZone',
      `is "Local", which is the API server's local zone, not an explicit one`,
      'validateTimeZone',
    ],
    [
      'an offset',
      'CronJob',
      zone('+09:00'),
      'spec.timeZone',
      'is "+09:00", which is not a time zone name (no offsets such as +09:00, no spaces)',
      'validateTimeZone',
    ],
    [
      'a part of 15 characters',
      'CronJob',
      zone('America/Argentina_Buenos'),
      'spec.timeZone',
      'is "America/Argentina_Buenos", which is not a time zone name (no offsets such as +09:00, no spaces)',
      'validateTimeZone',
    ],
    [
      'a path',
      'CronJob',
      zone('../etc/passwd'),
      'spec.timeZone',
      'is "../etc/passwd", which is not a time zone name (no offsets such as +09:00, no spaces)',
      'validateTimeZone',
    ],
    [
      'an empty string',
      'CronJob',
      zone(''),
      'spec.timeZone',
      'is "", which is empty',
      'validateTimeZone',
    ],
  ] satisfies Case[]);
  runPasses(
    [
      'Etc/UTC',
      'UTC',
      'Asia/Tokyo',
      'Asia/Kolkata',
      'Asia/Calcutta',
      'US/Pacific',
      'US/Eastern',
      'America/Argentina/Buenos_Aires',
      'America/Port-au-Prince',
      'Etc/GMT+5',
      'EST5EDT',
      'GMT',
    ].map((z): Pass => [z, 'CronJob', zone(z)]),
  );
  it('takes the names from the tz database release the script read', () => {
    expect(TZDATA_VERSION).toMatch(/^20\d\d[a-z]$/);
    expect(TIME_ZONE_NAMES.length).toBeGreaterThan(590);
    expect([...TIME_ZONE_NAMES].sort()).toEqual(TIME_ZONE_NAMES);
    expect(TIME_ZONE_NAMES.some((n) => n.startsWith('posix/') || n.startsWith('right/'))).toBe(
      false,
    );
    for (const file of ['zone.tab', 'tzdata.zi', 'leapseconds', 'posixrules', 'localtime'])
      expect(isKnownTimeZone(file)).toBe(false);
  });
  it('knows every name Node resolves to a canonical IANA zone, but not the aliases Go lacks', () => {
    // ICU (Intl) resolves these; Go's time/tzdata does not have them.
    for (const alias of ['JST', 'PST', 'IST', 'US/Pacific-New'])
      expect(validateTimeZone(alias)).toHaveLength(1);
  });
});

// validateCronJobSpec and ValidateJobTemplateSpec.
describe('CronJob', () => {
  runCases([
    [
      'a name of 53 characters',
      'CronJob',
      (o) => (o.metadata.name = 'a'.repeat(53)),
      'metadata.name',
      'is 53 characters long; the Jobs it creates add an 11-character suffix and must fit in 63',
      'ValidateCronJobCreate (must be no more than 52 characters)',
    ],
    [
      'a concurrencyPolicy of Skip',
      'CronJob',
      (o) => (o.spec.concurrencyPolicy = 'Skip'),
      'spec.concurrencyPolicy',
      'is "Skip"',
      'validateConcurrencyPolicy',
    ],
    [
      'a negative startingDeadlineSeconds',
      'CronJob',
      (o) => (o.spec.startingDeadlineSeconds = -1),
      'spec.startingDeadlineSeconds',
      'is -1',
      'validateCronJobSpec',
    ],
    [
      'a negative history limit',
      'CronJob',
      (o) => (o.spec.failedJobsHistoryLimit = -1),
      'spec.failedJobsHistoryLimit',
      'is -1',
      'validateCronJobSpec',
    ],
    [
      'a jobTemplate selector',
      'CronJob',
      (o) => (o.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } }),
      `${JT}.selector`,
      'is set',
      '`selector` will be auto-generated',
    ],
    [
      'a jobTemplate restartPolicy of Always',
      'CronJob',
      (o) => (pod(o).restartPolicy = 'Always'),
      `${JT}.template.spec.restartPolicy`,
      'is "Always"',
      'valid values OnFailure, Never',
    ],
    [
      'a jobTemplate label with a +',
      'CronJob',
      (o) => (o.spec.jobTemplate.metadata = { labels: { v: '1+1' } }),
      'spec.jobTemplate.metadata.labels["v"]',
      'is "1+1", which is not a valid label value',
      'ValidateLabels',
    ],
    [
      'an Indexed jobTemplate whose Jobs would give pods too long a hostname',
      'CronJob',
      (o) => (
        (o.metadata.name = 'a'.repeat(51)),
        Object.assign(o.spec.jobTemplate.spec, { completionMode: 'Indexed', completions: 10 })
      ),
      'metadata.name',
      "gives the pods of its Indexed Jobs hostnames up to 64 characters long ('<name>-<minutes>-<index>'), which is not a DNS-1123 label",
      'on the Jobs the CronJob creates',
    ],
  ] satisfies Case[]);
  runPasses([
    ['a name of 52 characters', 'CronJob', (o) => (o.metadata.name = 'a'.repeat(52))],
    [
      'an Indexed jobTemplate whose pod hostnames fit',
      'CronJob',
      (o) => (
        (o.metadata.name = 'a'.repeat(50)),
        Object.assign(o.spec.jobTemplate.spec, { completionMode: 'Indexed', completions: 10 })
      ),
    ],
  ]);
});

// validateJobSpec, validatePodFailurePolicy, ValidateJob.
describe('Job', () => {
  const rule = (o: any, r: object) => (o.spec.podFailurePolicy = { rules: [r] });
  runCases([
    [
      'no restartPolicy (it defaults to Always)',
      'Job',
      (o) => delete pod(o).restartPolicy,
      'spec.template.spec.restartPolicy',
      'is missing (it defaults to Always, which a Job does not take)',
      'valid values OnFailure, Never',
    ],
    [
      'a negative backoffLimit',
      'Job',
      (o) => (o.spec.backoffLimit = -1),
      'spec.backoffLimit',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'a negative ttlSecondsAfterFinished',
      'Job',
      (o) => (o.spec.ttlSecondsAfterFinished = -1),
      'spec.ttlSecondsAfterFinished',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'negative completions',
      'Job',
      (o) => (o.spec.completions = -1),
      'spec.completions',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'a negative activeDeadlineSeconds',
      'Job',
      (o) => (o.spec.activeDeadlineSeconds = -1),
      'spec.activeDeadlineSeconds',
      'is -1',
      'ValidateNonnegativeField',
    ],
    [
      'an Indexed Job without completions',
      'Job',
      (o) => (o.spec.completionMode = 'Indexed'),
      'spec.completions',
      'is missing in an Indexed Job',
      'when completion mode is Indexed',
    ],
    [
      'backoffLimitPerIndex without Indexed',
      'Job',
      (o) => (o.spec.backoffLimitPerIndex = 1),
      'spec.backoffLimitPerIndex',
      'is set in a Job that is not Indexed',
      'requires indexed completion mode',
    ],
    [
      'a podFailurePolicy with OnFailure',
      'Job',
      (o) => (
        (pod(o).restartPolicy = 'OnFailure'),
        rule(o, { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } })
      ),
      'spec.template.spec.restartPolicy',
      'is "OnFailure" with a podFailurePolicy',
      'only Never is supported when podFailurePolicy is specified',
    ],
    [
      'a podFailurePolicy action of Retry',
      'Job',
      (o) => rule(o, { action: 'Retry', onExitCodes: { operator: 'In', values: [42] } }),
      'spec.podFailurePolicy.rules[0].action',
      'is "Retry"',
      'validatePodFailurePolicyRule',
    ],
    [
      'a rule with both requirements',
      'Job',
      (o) =>
        rule(o, {
          action: 'Ignore',
          onExitCodes: { operator: 'In', values: [1] },
          onPodConditions: [{ type: 'DisruptionTarget' }],
        }),
      'spec.podFailurePolicy.rules[0]',
      'has both onExitCodes and onPodConditions',
      'validatePodFailurePolicyRule',
    ],
    [
      'a rule with no requirement',
      'Job',
      (o) => rule(o, { action: 'Ignore' }),
      'spec.podFailurePolicy.rules[0]',
      'has neither onExitCodes nor onPodConditions',
      'validatePodFailurePolicyRule',
    ],
    [
      'exit code 0 with In',
      'Job',
      (o) => rule(o, { action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }),
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]',
      'is 0 with operator In',
      'must not be 0 for the In operator',
    ],
    [
      'unordered exit codes',
      'Job',
      (o) => rule(o, { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [3, 1] } }),
      'spec.podFailurePolicy.rules[0].onExitCodes.values',
      'are [3,1], not in order',
      'must be ordered',
    ],
    [
      'an exit code operator of Equals',
      'Job',
      (o) => rule(o, { action: 'FailJob', onExitCodes: { operator: 'Equals', values: [1] } }),
      'spec.podFailurePolicy.rules[0].onExitCodes.operator',
      'is "Equals"',
      'validatePodFailurePolicyRuleOnExitCodes',
    ],
    [
      'an exit code rule for an unknown container',
      'Job',
      (o) =>
        rule(o, {
          action: 'FailJob',
          onExitCodes: { containerName: 'main', operator: 'In', values: [1] },
        }),
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName',
      'is "main", no container of the pod template',
      'validatePodFailurePolicyRuleOnExitCodes',
    ],
    [
      'a pod condition type with a space',
      'Job',
      (o) => rule(o, { action: 'Ignore', onPodConditions: [{ type: 'Disruption Target' }] }),
      'spec.podFailurePolicy.rules[0].onPodConditions[0].type',
      'is "Disruption Target", which is not a qualified name',
      'ValidateQualifiedName',
    ],
    [
      'a pod condition status of Yes',
      'Job',
      (o) =>
        rule(o, {
          action: 'Ignore',
          onPodConditions: [{ type: 'DisruptionTarget', status: 'Yes' }],
        }),
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
      'is "Yes"',
      'validatePodFailurePolicyRuleOnPodConditions',
    ],
    [
      'a selector without manualSelector',
      'Job',
      (o) => (o.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } }),
      'spec.selector',
      'is set without manualSelector: true, so it would not match the selector the API server generates',
      '`selector` not auto-generated',
    ],
    [
      'a name of 64 characters (the job-name label of its pods)',
      'Job',
      (o) => (o.metadata.name = 'a'.repeat(64)),
      'metadata.name',
      'is 64 characters long, but it becomes the job-name label of its pods, at most 63',
      'job-name label',
    ],
    [
      'an Indexed Job whose last pod hostname is too long',
      'Job',
      (o) => (
        (o.metadata.name = 'a'.repeat(62)),
        Object.assign(o.spec, { completionMode: 'Indexed', completions: 10 })
      ),
      'metadata.name',
      `gives pods the hostname "${'a'.repeat(62)}-9", which is not a DNS-1123 label`,
      'will not able to create pod with invalid DNS label',
    ],
  ] satisfies Case[]);
  runPasses([
    ['restartPolicy OnFailure', 'Job', (o) => (pod(o).restartPolicy = 'OnFailure')],
    [
      'a podFailurePolicy with Never',
      'Job',
      (o) => rule(o, { action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 42] } }),
    ],
    [
      'an Indexed Job with backoffLimitPerIndex',
      'Job',
      (o) =>
        Object.assign(o.spec, {
          completionMode: 'Indexed',
          completions: 5,
          parallelism: 2,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 2,
        }),
    ],
    [
      'a manual selector matching the template',
      'Job',
      (o) =>
        Object.assign(o.spec, {
          manualSelector: true,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        }),
    ],
    [
      'backoffLimit 0, ttlSecondsAfterFinished 0',
      'Job',
      (o) => Object.assign(o.spec, { backoffLimit: 0, ttlSecondsAfterFinished: 0 }),
    ],
  ] satisfies Pass[]);
  it('has no problem in a minimal Job', () => expect(problems(make('Job'))).toEqual([]));
});
