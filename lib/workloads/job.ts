import { checkOneOf, checkWholeNumber } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import type { PodTemplate } from './pod/pod-template';
import { Workload, type WorkloadProps } from './workload';
import { checkConstructProps } from './chart/construct-props';

/** What a pod does when its container fails: restart in place, or fail and let the Job retry. */
export type RestartPolicy = 'OnFailure' | 'Never';

/** What the CronJob does when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = 'Forbid' | 'Replace' | 'Allow';

/**
 * Props of a batch workload: one run of a container to completion, as a Job. Shared by
 * {@link CronTask} (a Job on a schedule) and {@link OneOffJob} (a Job once).
 */
export interface JobProps<E extends string = string> extends WorkloadProps<E> {
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
}

/** Checks an optional count or number of seconds; `undefined` stays unset. */
export function checkSeconds(where: string, prop: string, value: number | undefined, min: number) {
  return value === undefined ? undefined : checkWholeNumber(where, prop, value, min);
}

/**
 * The props that make the Job spec, checked, with the pod template to run; contributes the
 * restart policy to the pod.
 */
export function jobSpec(
  where: string,
  props: JobProps,
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
    super(scope, id, props, { kind: 'OneOffJob', component: 'batch', probes: 'explicit' });
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: this.metadata(),
      spec: {
        ...jobSpec(this.where, props, this.pod.template, this.pod.placement.mayBePreempted),
        suspend: this.resolve(props.suspend ?? false, 'suspend'),
      },
    });
    this.claim('Job');
  }
}
