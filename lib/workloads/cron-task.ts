import { checkOneOf } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import type { Scope } from './chart/environment-chart';
import { type ConcurrencyPolicy, checkSeconds, type JobProps, jobSpec } from './job';
import { k8s } from './chart/kube';
import {
  checkCronExpression,
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  type Schedule,
  scheduleExpression,
} from './batch/schedule';
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
   * The IANA time zone the schedule is read in. Always written into the CronJob, so that a
   * schedule never runs in the control plane's zone by surprise.
   * @default 'Etc/UTC'
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
 * The schedule is checked field by field, and the time zone is always explicit (`Etc/UTC`
 * unless `timeZone` says otherwise). Runs do not overlap by default (`Forbid`). Pods are
 * hardened like every workload's and have probes only when `health` asks for them.
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
    super(scope, id, props, { kind: 'CronTask', component: 'batch', probes: 'explicit' });
    const where = this.where;
    this.schedule = checkCronExpression(
      where,
      scheduleExpression(this.resolve(props.schedule, 'schedule')),
    );
    this.timeZone = checkTimeZone(where, props.timeZone ?? DEFAULT_TIME_ZONE);
    const concurrencyPolicy = checkOneOf(
      where,
      'concurrencyPolicy',
      props.concurrencyPolicy ?? 'Forbid',
      CONCURRENCY_POLICIES,
    );
    this.cronJob = new k8s.KubeCronJob(this, 'cron-job', {
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
        suspend: this.resolve(props.suspend ?? false, 'suspend'),
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
          metadata: { labels: { ...this.labels } },
          spec: jobSpec(where, props, this.pod.template, this.pod.placement.mayBePreempted),
        },
      },
    });
    this.claim('CronJob');
  }
}
