import { checkWholeNumber, fail } from '../../core/errors';
import type { k8s } from '../chart/kube';
import { PREEMPTION_GRACE_SECONDS } from './placement';

/**
 * `terminationGracePeriodSeconds`, checked: at most GKE's ~25 s notice where the pods may run
 * on Spot or preemptible nodes, which is then also the default.
 * @param defaultSeconds the workload's default elsewhere
 */
export function gracePeriodSeconds(
  where: string,
  value: number | undefined,
  mayBePreempted: boolean,
  defaultSeconds: number,
): number {
  const grace = value ?? (mayBePreempted ? PREEMPTION_GRACE_SECONDS : defaultSeconds);
  checkWholeNumber(where, 'terminationGracePeriodSeconds', grace, 0);
  if (mayBePreempted && grace > PREEMPTION_GRACE_SECONDS) {
    fail(
      where,
      'terminationGracePeriodSeconds',
      `is ${grace}, but the pods may run on Spot or preemptible nodes, which GKE stops within ~25 s`,
      `use at most ${PREEMPTION_GRACE_SECONDS}`,
    );
  }
  return grace;
}

/**
 * The pod's hardened security context: a non-root UID (never 0; a DaemonAgent's root is its
 * main container's own exception), its GID owning mounted volumes, RuntimeDefault seccomp.
 */
export function podSecurityContext(
  where: string,
  runAsUser: number | undefined,
  runAsGroup: number | undefined,
): k8s.PodSecurityContext {
  const user = runAsUser ?? 10001;
  const group = runAsGroup ?? 10001;
  if (!Number.isInteger(user) || user < 1)
    fail(where, 'runAsUser', `is ${user}`, 'run as a non-root UID (1 or more), e.g. 10001');
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    fsGroup: group,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
