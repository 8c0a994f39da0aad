import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import type { PodTemplate } from './pod/pod-template';
import { checkPodLabels } from './pod/pod-labels';
import { JobWithSidecars } from './batch/native-sidecars';
import { Workload, type WorkloadProps } from './workload';
import type { ClusterList } from './pod/cluster-placement';
import { checkConstructProps } from './chart/construct-props';

/** What a pod does when its container fails: restart in place, or fail and let the Job retry. */
export type RestartPolicy = 'OnFailure' | 'Never';

/** What the CronJob does when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = 'Forbid' | 'Replace' | 'Allow';

/**
 * How a Job with several `completions` counts them: `NonIndexed`, any `completions` pods
 * that succeed; `Indexed`, one success for each index from 0 to `completions` - 1, which
 * each pod reads from `JOB_COMPLETION_INDEX`.
 */
export type CompletionMode = 'NonIndexed' | 'Indexed';

/**
 * Props of a batch workload: one run of a container to completion, as a Job. Shared by
 * {@link CronTask} (a Job on a schedule) and {@link OneOffJob} (a Job once).
 */
export interface JobProps<E extends string = string> extends WorkloadProps<E> {
  /**
   * In an environment of several clusters: the clusters it runs on, `'all'` or a list of
   * names; a cluster left out gets none of its objects. In an environment of one cluster only
   * `'all'` is valid.
   * @default only the config cluster: a run must happen once per environment, not once per
   *   cluster
   */
  readonly clusters?: PerEnv<ClusterList, E>;
  /**
   * Failed pods (or container restarts, with `OnFailure`) before the run counts as failed.
   * @default 6 (Kubernetes' default, written out)
   */
  readonly backoffLimit?: number;
  /** Seconds a run may take in all before Kubernetes stops it. @default no limit */
  readonly activeDeadlineSeconds?: number;
  /** Seconds after a run finishes before Kubernetes deletes its Job and pods. @default kept (a CronTask keeps the history limits' number) */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * `OnFailure` restarts a failed container in the same pod; `Never` fails the pod and the
   * Job starts a new one. With `Never`, a pod stopped by a disruption (Spot reclaim, node
   * drain, eviction) is retried without using up `backoffLimit` (a `podFailurePolicy` that
   * ignores the `DisruptionTarget` condition).
   * @default 'Never' where the pods may run on Spot or preemptible nodes, 'OnFailure' elsewhere
   */
  readonly restartPolicy?: RestartPolicy;
  /** Create it suspended: no run starts (e.g. `{ dev: true, prod: false }`). @default false */
  readonly suspend?: PerEnv<boolean, E>;
  /**
   * Pods of one run at a time, per environment if needed (0 runs none). With `completions`,
   * at most the completions still missing run: a larger value changes nothing.
   * @default 1 (Kubernetes' default, left out)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#parallel-jobs
   */
  readonly parallelism?: PerEnv<number, E>;
  /**
   * Successful pods a run needs to be complete (a whole number of at least 0). Needed with
   * `completionMode: 'Indexed'`.
   * @default one success completes the run (Kubernetes' default, left out)
   */
  readonly completions?: number;
  /**
   * `'Indexed'` gives each pod an index from 0 to `completions` - 1 (`JOB_COMPLETION_INDEX`,
   * and the hostname `<job>-<index>`); the run is complete when every index has succeeded.
   * @default 'NonIndexed' (Kubernetes' default, left out)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
   */
  readonly completionMode?: CompletionMode;
  /**
   * Extra labels on the Job object (per environment if needed), e.g. Kueue's
   * `kueue.x-k8s.io/queue-name` that puts the Job in a queue. A CronTask writes them into its
   * `jobTemplate`, so that every Job it creates carries them. They never replace the labels
   * the library sets.
   * @default none
   * @see https://kueue.sigs.k8s.io/docs/tasks/run/jobs/
   */
  readonly jobLabels?: PerEnv<Readonly<Record<string, string>>, E>;
}

/** The most pods at once of an Indexed Job (`maxParallelismForIndexedJob` in validateJobSpec). */
const MAX_PARALLELISM_INDEXED = 100000;
/** The API's int32 fields take no more. */
const INT32_MAX = 2147483647;

/** Checks an optional count or number of seconds; `undefined` stays unset. */
export function checkSeconds(
  where: string,
  prop: string,
  value: number | undefined,
  min: number,
  max?: number,
) {
  return value === undefined ? undefined : checkWholeNumber(where, prop, value, min, max);
}

/**
 * The props that make the Job spec, checked, with the pod template to run; contributes the
 * restart policy to the pod.
 */
export function jobSpec(
  where: string,
  props: JobProps,
  parallelism: number | undefined,
  template: PodTemplate,
  mayBePreempted: boolean,
): k8s.JobSpec {
  const restartPolicy = props.restartPolicy ?? (mayBePreempted ? 'Never' : 'OnFailure');
  // 'Always' would restart a finished pod, so the Job would never complete.
  checkOneOf(
    where,
    'restartPolicy',
    restartPolicy,
    ['OnFailure', 'Never'],
    "a Job's pods cannot have",
  );
  template.set('restartPolicy', restartPolicy);
  return {
    ...jobShape(where, props, parallelism),
    backoffLimit: checkSeconds(where, 'backoffLimit', props.backoffLimit ?? 6, 0),
    activeDeadlineSeconds: checkSeconds(
      where,
      'activeDeadlineSeconds',
      props.activeDeadlineSeconds,
      1,
    ),
    ttlSecondsAfterFinished: checkSeconds(
      where,
      'ttlSecondsAfterFinished',
      props.ttlSecondsAfterFinished,
      0,
    ),
    // A pod stopped by a disruption is retried without counting as a failure.
    // @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
    podFailurePolicy:
      restartPolicy === 'Never'
        ? {
            rules: [
              {
                action: 'Ignore',
                onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
              },
            ],
          }
        : undefined,
    template: template.lazy(),
  };
}

/**
 * `parallelism`, `completions` and `completionMode`, checked as validateJobSpec does: whole
 * numbers, and an Indexed Job with its `completions` and at most 100,000 pods at once.
 */
function jobShape(
  where: string,
  props: JobProps,
  parallelism: number | undefined,
): Pick<k8s.JobSpec, 'parallelism' | 'completions' | 'completionMode'> {
  const completions = checkSeconds(where, 'completions', props.completions, 0, INT32_MAX);
  const completionMode =
    props.completionMode === undefined
      ? undefined
      : checkOneOf(where, 'completionMode', props.completionMode, ['NonIndexed', 'Indexed']);
  if (completionMode === 'Indexed') {
    if (completions === undefined)
      fail(
        where,
        'completions',
        "is not set, but an Indexed Job needs it: its pods' indexes run from 0 to completions - 1",
        "set 'completions' to the number of indexes, e.g. completions: 10",
      );
    if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED)
      fail(
        where,
        'parallelism',
        `is ${parallelism}, more pods at once than an Indexed Job may run`,
        `use at most ${MAX_PARALLELISM_INDEXED}`,
      );
  }
  return {
    parallelism: checkSeconds(where, 'parallelism', parallelism, 0, INT32_MAX),
    completions,
    completionMode,
  };
}

/**
 * The Job's labels: `jobLabels` (checked like `podLabels`, none of the library's keys) and
 * the workload's own.
 */
export function jobLabels(
  where: string,
  extra: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...(extra === undefined ? {} : checkPodLabels(where, extra, 'jobLabels')), ...labels };
}

/** Props of {@link OneOffJob}. */
export type OneOffJobProps<E extends string = string> = JobProps<E>;

/**
 * A container that runs once to completion: a Job (batch/v1) from the same spec as a
 * {@link CronTask} (e.g. a migration or a backfill), with its ServiceAccount.
 *
 * A Job's pod template cannot change once created: to run a new version, delete the Job
 * (or let `ttlSecondsAfterFinished` do it) and apply again, or give each run its own `name`.
 * A GitOps tool that re-applies the manifests re-creates a Job deleted by its TTL, which
 * runs it again.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class OneOffJob<E extends string = string> extends Workload<E> {
  /** The Job (batch/v1) that runs the container once. */
  readonly job: k8s.KubeJob;

  constructor(scope: Scope<E>, id: string, props: OneOffJobProps<NoInfer<E>>) {
    checkConstructProps('OneOffJob', scope, id, props);
    super(scope, id, props, {
      kind: 'OneOffJob',
      component: 'batch',
      probes: 'explicit',
      nativeSidecars: true,
      clusters: { defaultClusters: 'config', counts: false },
    });
    const where = this.where;
    const extraLabels = props.jobLabels && this.resolve(props.jobLabels, 'jobLabels');
    this.job = new JobWithSidecars(
      this,
      'job',
      {
        metadata: { ...this.metadata(), labels: jobLabels(where, extraLabels, this.labels) },
        spec: {
          ...jobSpec(
            where,
            props,
            props.parallelism === undefined
              ? undefined
              : this.resolve(props.parallelism, 'parallelism'),
            this.pod.template,
            this.pod.placement.mayBePreempted,
          ),
          suspend: this.resolve(props.suspend ?? false, 'suspend'),
        },
      },
      this.pod.nativeSidecars,
    );
    this.claim('Job');
  }
}
