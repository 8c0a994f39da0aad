import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Label, isQualifiedName } from '../../core/apimachinery';
import { parseStandard } from './cron-schedule';
import { arrayOf, isObject, type Json, num, objectAt, quote, str } from './json';
import { checkAnnotations, checkLabels } from './metadata';
import { checkPodTemplate } from './pod-spec';
import type { ObjectReport } from './problem';
import { checkLabelSelector, selectorMatches } from './selector';
import { validateTimeZone } from './time-zones';

/* Jobs and CronJobs: pkg/apis/batch/validation. */

const MAX_PARALLELISM_INDEXED = 100000;
const ACTIONS = new Set(['Count', 'FailIndex', 'FailJob', 'Ignore']);
const CONDITION_STATUSES = new Set(['True', 'False', 'Unknown']);
/** A Job's name is the value of its pods' `batch.kubernetes.io/job-name` label. */
const LABEL_VALUE_MAX = 63;
/** The CronJob controller names Jobs `<cronjob>-<minutes since epoch>`: 11 more characters. */
const CRONJOB_NAME_MAX = 52;

function nonNegative(report: ObjectReport, spec: Json, path: string, field: string): void {
  const value = spec[field];
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    report.add(
      `${path}.${field}`,
      `is ${quote(value)}`,
      'use a whole number of at least 0',
      'validateJobSpec (ValidateNonnegativeField)',
    );
}

/** `validatePodFailurePolicyRule` and the requirement checks it calls. */
function checkPodFailurePolicy(report: ObjectReport, spec: Json, path: string): void {
  const policy = objectAt(spec, 'podFailurePolicy');
  if (!policy) return;
  const rules = arrayOf(policy.rules);
  if (rules.length > 20)
    report.add(
      `${path}.podFailurePolicy.rules`,
      `has ${rules.length} rules`,
      'keep at most 20',
      'validatePodFailurePolicy (TooMany)',
    );
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  const containers = new Set(
    [...arrayOf(podSpec?.containers), ...arrayOf(podSpec?.initContainers)].map((c) =>
      isObject(c) ? c.name : undefined,
    ),
  );
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = `${path}.podFailurePolicy.rules[${i}]`;
    const action = str(rule.action) ?? '';
    if (!ACTIONS.has(action))
      report.add(
        `${at}.action`,
        action === '' ? 'is missing' : `is ${quote(action)}`,
        'use FailJob, FailIndex, Ignore or Count',
        'validatePodFailurePolicyRule',
      );
    else if (action === 'FailIndex' && spec.backoffLimitPerIndex === undefined)
      report.add(
        `${at}.action`,
        'is FailIndex without backoffLimitPerIndex',
        'set backoffLimitPerIndex (an Indexed Job), or use FailJob',
        'validatePodFailurePolicyRule (requires the backoffLimitPerIndex to be set)',
      );
    const exitCodes = objectAt(rule, 'onExitCodes');
    const conditions = arrayOf(rule.onPodConditions);
    if (exitCodes && conditions.length > 0)
      report.add(
        at,
        'has both onExitCodes and onPodConditions',
        'keep one of the two per rule',
        'validatePodFailurePolicyRule',
      );
    if (!exitCodes && conditions.length === 0)
      report.add(
        at,
        'has neither onExitCodes nor onPodConditions',
        'say which failures the rule matches',
        'validatePodFailurePolicyRule',
      );
    if (exitCodes) {
      const operator = str(exitCodes.operator) ?? '';
      if (operator !== 'In' && operator !== 'NotIn')
        report.add(
          `${at}.onExitCodes.operator`,
          operator === '' ? 'is missing' : `is ${quote(operator)}`,
          'use In or NotIn',
          'validatePodFailurePolicyRuleOnExitCodes',
        );
      if (
        exitCodes.containerName !== undefined &&
        exitCodes.containerName !== null &&
        !containers.has(exitCodes.containerName)
      )
        report.add(
          `${at}.onExitCodes.containerName`,
          `is ${quote(exitCodes.containerName)}, no container of the pod template`,
          'name one of the containers or init containers',
          'validatePodFailurePolicyRuleOnExitCodes',
        );
      const values = arrayOf(exitCodes.values);
      if (values.length === 0)
        report.add(
          `${at}.onExitCodes.values`,
          'is empty',
          'list at least one exit code',
          'validatePodFailurePolicyRuleOnExitCodes',
        );
      else if (values.length > 255)
        report.add(
          `${at}.onExitCodes.values`,
          `has ${values.length} values`,
          'list at most 255',
          'validatePodFailurePolicyRuleOnExitCodes (TooMany)',
        );
      values.forEach((value, j) => {
        if (operator === 'In' && value === 0)
          report.add(
            `${at}.onExitCodes.values[${j}]`,
            'is 0 with operator In',
            'leave out 0, the exit code of success',
            'validatePodFailurePolicyRuleOnExitCodes (must not be 0 for the In operator)',
          );
        if (values.indexOf(value) !== j)
          report.add(
            `${at}.onExitCodes.values[${j}]`,
            `repeats ${quote(value)}`,
            'list each exit code once',
            'validatePodFailurePolicyRuleOnExitCodes (Duplicate)',
          );
      });
      if (values.some((value, j) => j > 0 && (values[j - 1] as number) > (value as number)))
        report.add(
          `${at}.onExitCodes.values`,
          `are ${quote(values)}, not in order`,
          'sort the exit codes in increasing order',
          'validatePodFailurePolicyRuleOnExitCodes (must be ordered)',
        );
    }
    conditions.forEach((pattern, j) => {
      if (!isObject(pattern)) return;
      const type = str(pattern.type) ?? '';
      report.check(
        `${at}.onPodConditions[${j}].type`,
        type,
        isQualifiedName(type),
        'validatePodFailurePolicyRuleOnPodConditions (ValidateQualifiedName)',
      );
      // status defaults to True (SetDefaults_Job).
      if (pattern.status !== undefined && !CONDITION_STATUSES.has(String(pattern.status)))
        report.add(
          `${at}.onPodConditions[${j}].status`,
          `is ${quote(pattern.status)}`,
          'use True, False or Unknown',
          'validatePodFailurePolicyRuleOnPodConditions',
        );
    });
  });
}

/** `validateJobSpec` at `path` (a Job's spec, or a CronJob's jobTemplate.spec). */
function checkJobSpec(report: ObjectReport, spec: Json, path: string): void {
  for (const field of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
  ])
    nonNegative(report, spec, path, field);
  const indexed = spec.completionMode === 'Indexed';
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && !indexed)
    report.add(
      `${path}.completionMode`,
      `is ${quote(spec.completionMode)}`,
      'use NonIndexed or Indexed',
      'validateJobSpec',
    );
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined)
    report.add(
      `${path}.backoffLimitPerIndex`,
      'is missing while maxFailedIndexes is set',
      'set backoffLimitPerIndex too',
      'validateJobSpec (when maxFailedIndexes is specified)',
    );
  if (indexed) {
    if (spec.completions === undefined || spec.completions === null)
      report.add(
        `${path}.completions`,
        'is missing in an Indexed Job',
        'say how many indexes to complete',
        'validateJobSpec (when completion mode is Indexed)',
      );
    if ((num(spec.parallelism) ?? 0) > MAX_PARALLELISM_INDEXED)
      report.add(
        `${path}.parallelism`,
        `is ${quote(spec.parallelism)}`,
        `use at most ${MAX_PARALLELISM_INDEXED} in an Indexed Job`,
        'validateJobSpec',
      );
    if (
      num(spec.maxFailedIndexes) !== undefined &&
      num(spec.completions) !== undefined &&
      (spec.maxFailedIndexes as number) > (spec.completions as number)
    )
      report.add(
        `${path}.maxFailedIndexes`,
        `is more than completions (${quote(spec.completions)})`,
        'use at most completions',
        'validateJobSpec',
      );
  } else {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes', 'successPolicy'])
      if (spec[field] !== undefined && spec[field] !== null)
        report.add(
          `${path}.${field}`,
          'is set in a Job that is not Indexed',
          "set completionMode: 'Indexed', or leave it out",
          'validateJobSpec (requires indexed completion mode)',
        );
  }
  checkPodFailurePolicy(report, spec, path);
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    if (objectAt(spec, 'podFailurePolicy') && replacement !== 'Failed')
      report.add(
        `${path}.podReplacementPolicy`,
        `is ${quote(replacement)} with a podFailurePolicy`,
        'use Failed',
        'validatePodReplacementPolicy',
      );
    else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed')
      report.add(
        `${path}.podReplacementPolicy`,
        `is ${quote(replacement)}`,
        'use Failed or TerminatingOrFailed',
        'validatePodReplacementPolicy',
      );
  }
  checkPodTemplate(report, spec.template, `${path}.template`);
  const restart = objectAt(objectAt(spec, 'template'), 'spec')?.restartPolicy;
  const restartPath = `${path}.template.spec.restartPolicy`;
  if (restart === undefined || restart === 'Always' || restart === '')
    report.add(
      restartPath,
      restart === undefined
        ? 'is missing (it defaults to Always, which a Job does not take)'
        : `is ${quote(restart)}`,
      'use OnFailure (retry in the same pod) or Never (a new pod per retry)',
      'validateJobSpec (restartPolicy: valid values OnFailure, Never)',
    );
  else if (restart !== 'OnFailure' && restart !== 'Never')
    report.add(restartPath, `is ${quote(restart)}`, 'use OnFailure or Never', 'validateJobSpec');
  else if (objectAt(spec, 'podFailurePolicy') && restart !== 'Never')
    report.add(
      restartPath,
      `is ${quote(restart)} with a podFailurePolicy`,
      'use Never',
      'validateJobSpec (only Never is supported when podFailurePolicy is specified)',
    );
}

/**
 * `ValidateJob`: the spec, a selector only with manualSelector (the API server generates it
 * otherwise, and a user selector next to it no longer matches: "`selector` not
 * auto-generated"), and names that fit where the controller puts them.
 */
export function validateJob(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  checkJobSpec(report, spec, 'spec');
  const selector = objectAt(spec, 'selector');
  if (spec.manualSelector === true) {
    if (!selector)
      report.add(
        'spec.selector',
        'is missing with manualSelector',
        "select the template's labels",
        'ValidateJobSpec (selector required)',
      );
    else {
      checkLabelSelector(report, selector, 'spec.selector');
      if (!selectorMatches(selector, objectAt(objectAt(spec, 'template'), 'metadata')?.labels))
        report.add(
          'spec.template.metadata.labels',
          'are not selected by spec.selector',
          'give the template every label of the selector',
          'ValidateJobSpec (selector does not match template labels)',
        );
    }
  } else if (selector && Object.keys(selector).length > 0)
    report.add(
      'spec.selector',
      'is set without manualSelector: true, so it would not match the selector the API server generates',
      'leave the selector out (recommended), or set manualSelector: true',
      'validateGeneratedSelector (`selector` not auto-generated)',
    );
  const name = str(object.metadata?.name) ?? '';
  if (name.length > LABEL_VALUE_MAX)
    report.add(
      'metadata.name',
      `is ${name.length} characters long, but it becomes the job-name label of its pods, at most ${LABEL_VALUE_MAX}`,
      `shorten the name to at most ${LABEL_VALUE_MAX} characters`,
      'ValidateJob (job-name label, IsValidLabelValue)',
    );
  const completions = num(spec.completions);
  if (
    spec.completionMode === 'Indexed' &&
    completions !== undefined &&
    completions > 0 &&
    name !== ''
  ) {
    const hostname = `${name}-${completions - 1}`;
    if (isDns1123Label(hostname).length > 0)
      report.add(
        'metadata.name',
        `gives pods the hostname ${quote(hostname)}, which is not a DNS-1123 label`,
        'use a shorter name of lower-case letters, digits and -',
        'ValidateJob (will not able to create pod with invalid DNS label)',
      );
  }
}

/**
 * The hostname `<job>-<index>` of an Indexed Job's pods must be a DNS label; a CronJob's Jobs
 * are named `<cronjob>-<minutes since the epoch>` (up to 11 more characters), so the API
 * server would refuse them, when it creates them, not when the CronJob is applied.
 */
function checkIndexedJobNames(report: ObjectReport, cronJobName: string, spec: Json): void {
  const completions = num(spec.completions);
  if (spec.completionMode !== 'Indexed' || completions === undefined || completions < 1) return;
  if (cronJobName === '') return;
  const hostname = `${cronJobName}-${'9'.repeat(10)}-${completions - 1}`;
  if (isDns1123Label(hostname).length > 0)
    report.add(
      'metadata.name',
      `gives the pods of its Indexed Jobs hostnames up to ${hostname.length} characters long ('<name>-<minutes>-<index>'), which is not a DNS-1123 label`,
      'use a shorter name, or fewer completions',
      'ValidateJob (will not able to create pod with invalid DNS label), on the Jobs the CronJob creates',
    );
}

/** `ValidateJobTemplateSpec`: the Job's spec, with neither selector nor manualSelector. */
function checkJobTemplate(report: ObjectReport, template: unknown): void {
  const path = 'spec.jobTemplate';
  if (!isObject(template)) {
    report.add(path, 'is missing', 'describe the Job to create', 'ValidateJobTemplateSpec');
    return;
  }
  // The Job that the controller creates carries these (ValidateJob's ValidateObjectMeta).
  const meta = objectAt(template, 'metadata');
  checkLabels(
    report,
    meta?.labels,
    `${path}.metadata.labels`,
    'ValidateObjectMeta (ValidateLabels)',
  );
  checkAnnotations(report, meta?.annotations, `${path}.metadata.annotations`);
  const spec = objectAt(template, 'spec') ?? {};
  checkJobSpec(report, spec, `${path}.spec`);
  if (spec.selector !== undefined && spec.selector !== null)
    report.add(
      `${path}.spec.selector`,
      'is set',
      "leave it out; the selector of a CronJob's Jobs is generated",
      'ValidateJobTemplateSpec (`selector` will be auto-generated)',
    );
  if (spec.manualSelector === true)
    report.add(`${path}.spec.manualSelector`, 'is true', 'leave it out', 'ValidateJobTemplateSpec');
}

/** `ValidateCronJobCreate` → `validateCronJobSpec`. */
export function validateCronJob(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '')
    report.add(
      'spec.schedule',
      'is missing',
      "give a cron schedule such as '30 3 * * *'",
      'validateCronJobSpec (schedule required)',
    );
  else {
    const problem = parseStandard(schedule);
    if (problem)
      report.add(
        'spec.schedule',
        `is ${quote(schedule)}: ${problem.problem}`,
        problem.fix,
        problem.never
          ? 'cron SpecSchedule.Next (no time within five years)'
          : 'validateScheduleFormat (cron.ParseStandard)',
      );
    if (schedule.includes('TZ'))
      report.add(
        'spec.schedule',
        `is ${quote(schedule)}, which sets a time zone with TZ or CRON_TZ`,
        "leave TZ=/CRON_TZ= out and set spec.timeZone (e.g. 'Asia/Tokyo')",
        'validateScheduleFormat (cannot use TZ or CRON_TZ in schedule, use timeZone field instead)',
      );
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    const zone = spec.timeZone;
    if (typeof zone !== 'string')
      report.add(
        'spec.timeZone',
        `is ${quote(zone)}`,
        "write a tz database name such as 'Europe/Berlin'",
        'validateTimeZone',
      );
    else
      report.check(
        'spec.timeZone',
        zone,
        validateTimeZone(zone),
        'validateTimeZone (time.LoadLocation)',
      );
  }
  const start = spec.startingDeadlineSeconds;
  if (start !== undefined && start !== null && (typeof start !== 'number' || start < 0))
    report.add(
      'spec.startingDeadlineSeconds',
      `is ${quote(start)}`,
      'use a whole number of at least 0',
      'validateCronJobSpec (ValidateNonnegativeField)',
    );
  const concurrency = spec.concurrencyPolicy;
  if (
    concurrency !== undefined &&
    concurrency !== 'Allow' &&
    concurrency !== 'Forbid' &&
    concurrency !== 'Replace'
  )
    report.add(
      'spec.concurrencyPolicy',
      `is ${quote(concurrency)}`,
      'use Allow, Forbid or Replace',
      'validateConcurrencyPolicy',
    );
  for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const value = spec[field];
    if (value !== undefined && value !== null && (typeof value !== 'number' || value < 0))
      report.add(
        `spec.${field}`,
        `is ${quote(value)}`,
        'use a whole number of at least 0',
        'validateCronJobSpec (ValidateNonnegativeField)',
      );
  }
  checkJobTemplate(report, spec.jobTemplate);
  const name = str(object.metadata?.name) ?? '';
  const jobSpec = objectAt(objectAt(spec, 'jobTemplate'), 'spec');
  if (jobSpec) checkIndexedJobNames(report, name, jobSpec);
  if (name.length > CRONJOB_NAME_MAX)
    report.add(
      'metadata.name',
      `is ${name.length} characters long; the Jobs it creates add an 11-character suffix and must fit in 63`,
      `shorten the name to at most ${CRONJOB_NAME_MAX} characters`,
      'ValidateCronJobCreate (must be no more than 52 characters)',
    );
}
