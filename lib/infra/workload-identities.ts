import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import type { WorkloadIdentity } from '../platform/platform';
import type { GkePlatformPlan } from './plan';

/** GKE's role that lets a Kubernetes service account act as a Google service account. */
export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

/** What {@link createWorkloadIdentities} creates for one workload identity. */
export interface WorkloadIdentityResult {
  /** The workload identity as the platform declares it. */
  readonly identity: WorkloadIdentity;
  /** The GCP service account the workload's pods act as. */
  readonly account: serviceaccount.Account;
  /** `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]` may act as the account. */
  readonly binding: serviceaccount.IAMMember;
  /** The project roles granted to the account, one member each. */
  readonly roles: readonly projects.IAMMember[];
}

/** The IAM member of a Kubernetes service account under Workload Identity. */
export function kubernetesServiceAccountMember(
  project: string,
  namespace: string,
  name: string,
): string {
  return `serviceAccount:${project}.svc.id.goog[${namespace}/${name}]`;
}

/**
 * For every workload identity the environment declares: the Google service account, its
 * project roles, and `roles/iam.workloadIdentityUser` for the Kubernetes service account of
 * the same name in the environment's namespace (what the workloads' manifests annotate).
 * The bindings wait for the clusters, which create the workload identity pool.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#kubernetes-sa-to-iam
 */
export function createWorkloadIdentities(
  plan: GkePlatformPlan,
  clusters: readonly pulumi.Resource[],
  opts: pulumi.CustomResourceOptions,
): WorkloadIdentityResult[] {
  return plan.workloadIdentities.map((identity) => {
    const account = new serviceaccount.Account(
      identity.accountId,
      {
        accountId: identity.accountId,
        project: plan.project,
        displayName: `Workload ${plan.namespace}/${identity.serviceAccountName}`,
      },
      opts,
    );
    const binding = new serviceaccount.IAMMember(
      `${identity.accountId}-workload-identity`,
      {
        serviceAccountId: account.name,
        role: WORKLOAD_IDENTITY_USER,
        member: kubernetesServiceAccountMember(
          plan.project,
          plan.namespace,
          identity.serviceAccountName,
        ),
      },
      { ...opts, dependsOn: [...clusters] },
    );
    const roles = identity.roles.map(
      (role) =>
        new projects.IAMMember(
          `${identity.accountId}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`,
          {
            project: plan.project,
            role,
            member: pulumi.interpolate`serviceAccount:${account.email}`,
          },
          opts,
        ),
    );
    return { identity, account, binding, roles };
  });
}
