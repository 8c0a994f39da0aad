import { checkOneOf, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import { checkTimeZone } from '../platform/time-zone';
import type { Scope } from './chart/environment-chart';
import { type ConcurrencyPolicy, checkSeconds, type JobProps, jobLabels, jobSpec } from './job';
import type { k8s } from './chart/kube';
import { CronJobWithSidecars } from './batch/native-sidecars';
import { type Schedule, scheduleExpression } from './batch/schedule';
import { Workload } from './workload';
import { checkConstructProps } from './chart/construct-props';

const CONCURRENCY_POLICIES: readonly ConcurrencyPolicy[] = ['Forbid', 'Replace', 'Allow'];

/** Props of {@link CronTask}. */
export interface CronTaskProps<E extends string = string> extends JobProps<E> {
  /**
   * When it runs: a {@link Schedule} helper or a five-field cron expression, read in
   * `timeZone`. Per environment if needed.
   * @example Schedule.everyHours(3)
   * @example '30 3 * * 1-5'
   */
  readonly schedule: PerEnv<Schedule | string, E>;
  /**
   * The IANA time zone the schedule is read in ('Etc/UTC' for UTC). Always written into the
   * CronJob, so that a schedule never runs in the control plane's zone by surprise; without
   * it and without the platform's `timeZone`, the CronTask is an error.
   * @default the platform's `timeZone`
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  readonly timeZone?: string;
  /** What happens when a run is due while the last one still runs. @default 'Forbid' */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Seconds after the scheduled time within which a missed run may still start (at least 10,
   * the controller's check interval). @default no deadline
   */
  readonly startingDeadlineSeconds?: number;
  /** Finished successful Jobs kept for inspection. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Finished failed Jobs kept for inspection. @default 1 */
  readonly failedJobsHistoryLimit?: number;
}

/**
 * A container that runs on a schedule: a CronJob (batch/v1), with its ServiceAccount and,
 * where config files are given, a ConfigMap.
 *
 * The schedule is checked field by field, and the time zone is always explicit (`timeZone`,
 * or the platform's). Runs do not overlap by default (`Forbid`). Pods are hardened like
 * every workload's and have probes only when `health` asks for them; sidecars are native
 * sidecars, so that a run completes when its main container does.
 *
 * @example
 * new CronTask(chart, 'fetch-rates', {
 *   image: 'europe-docker.pkg.dev/acme/jobs/fetch-rates:1.2.0',
 *   schedule: Schedule.everyHours(3),
 *   timeZone: 'Asia/Tokyo',
 *   placement: { spot: true },
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class CronTask<E extends string = string> extends Workload<E> {
  /** The CronJob (batch/v1) that runs the container on the schedule. */
  readonly cronJob: k8s.KubeCronJob;
  /** The checked cron expression written into the CronJob. */
  readonly schedule: string;
  /** The IANA time zone written into the CronJob. */
  readonly timeZone: string;

  constructor(scope: Scope<E>, id: string, props: CronTaskProps<NoInfer<E>>) {
    checkConstructProps('CronTask', scope, id, props);
    super(scope, id, props, {
      kind: 'CronTask',
      component: 'batch',
      clusters: { defaultClusters: 'config', counts: false },
      probes: 'explicit',
      nativeSidecars: true,
    });
    const where = this.where;
    this.schedule = scheduleExpression(where, this.resolve(props.schedule, 'schedule'));
    this.timeZone = checkTimeZone(where, props.timeZone ?? this.platformTimeZone());
    const concurrencyPolicy = checkOneOf(
      where,
      'concurrencyPolicy',
      props.concurrencyPolicy ?? 'Forbid',
      CONCURRENCY_POLICIES,
    );
    const parallelism =
      props.parallelism === undefined ? undefined : this.resolve(props.parallelism, 'parallelism');
    const extraLabels = props.jobLabels && this.resolve(props.jobLabels, 'jobLabels');
    const spec = jobSpec(
      where,
      props,
      parallelism,
      this.pod.template,
      this.pod.placement.mayBePreempted,
    );
    if (spec.completionMode === 'Indexed') checkIndexedHostname(where, this.name, spec);
    this.cronJob = new CronJobWithSidecars(
      this,
      'cron-job',
      {
        metadata: this.metadata(),
        spec: {
          schedule: this.schedule,
          timeZone: this.timeZone,
          concurrencyPolicy,
          startingDeadlineSeconds: checkSeconds(
            where,
            'startingDeadlineSeconds',
            props.startingDeadlineSeconds,
            10,
          ),
          // A preview's CronJobs are suspended: twenty previews would run the batch work twenty
          // times; run one by hand with `kubectl create job --from=cronjob/<name>`.
          suspend:
            this.resolve(props.suspend ?? false, 'suspend') || this.chart.preview !== undefined,
          successfulJobsHistoryLimit: checkSeconds(
            where,
            'successfulJobsHistoryLimit',
            props.successfulJobsHistoryLimit ?? 3,
            0,
          ),
          failedJobsHistoryLimit: checkSeconds(
            where,
            'failedJobsHistoryLimit',
            props.failedJobsHistoryLimit ?? 1,
            0,
          ),
          jobTemplate: {
            metadata: { labels: jobLabels(where, extraLabels, this.labels) },
            spec,
          },
        },
      },
      this.pod.nativeSidecars,
    );
    this.claim('CronJob');
  }

  /** The platform's default time zone; an error when it declares none. */
  private platformTimeZone(): string {
    const timeZone = this.chart.platform.timeZone;
    if (timeZone === undefined)
      fail(
        this.where,
        'timeZone',
        "is not set, and the platform declares no default 'timeZone', so the schedule would silently run in the control plane's zone (UTC on GKE)",
        "choose one: set 'timeZone' here (e.g. 'Europe/Berlin', or 'Etc/UTC' for UTC), or once for every CronTask in definePlatform({ timeZone })",
      );
    return timeZone;
  }
}

/**
 * The CronJob controller names each Job `<cronjob>-<minutes since the epoch>` (up to 11
 * more characters), and an Indexed Job's pods get the hostname `<job>-<index>`, which must be
 * a DNS label (63 characters): the API server refuses the Job otherwise, at the scheduled
 * time, not when the CronJob is applied.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
 */
function checkIndexedHostname(where: string, name: string, spec: k8s.JobSpec): void {
  const lastIndex = String(Math.max((spec.completions ?? 1) - 1, 0));
  const longest = name.length + 11 + 1 + lastIndex.length;
  if (longest > 63)
    fail(
      where,
      'completionMode',
      `is 'Indexed', but the pods of its Jobs would get hostnames of up to ${longest} characters ('${name}-<11-digit run>-${lastIndex}'), more than the 63 a hostname may have`,
      `shorten 'name' to at most ${63 - 12 - lastIndex.length} characters`,
    );
}
