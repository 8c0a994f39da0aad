import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';

/**
 * The project roles of the nodes' service account: GKE's least-privilege role for nodes
 * (writing logs and metrics, reading monitoring and resource metadata). Pulling images is
 * granted on the platform's repository only (see {@link createRegistry}).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts#default-gke-service-agent
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
 */
export const NODE_SERVICE_ACCOUNT_ROLES: readonly string[] = [
  'roles/container.defaultNodeServiceAccount',
];

/** What {@link createNodeServiceAccount} creates. */
export interface NodeServiceAccountResult {
  /** The nodes' GCP service account, `<platform>-<environment>-nodes`. */
  readonly account: serviceaccount.Account;
  /** Its project roles: GKE's least-privilege role for nodes, one member each. */
  readonly roles: readonly projects.IAMMember[];
}

/**
 * A dedicated Google service account for the nodes, so that they never run as the Compute
 * Engine default service account (which has the broad Editor role).
 */
export function createNodeServiceAccount(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): NodeServiceAccountResult {
  const account = new serviceaccount.Account(
    plan.nodeServiceAccountId,
    {
      accountId: plan.nodeServiceAccountId,
      project: plan.project,
      displayName: `GKE nodes of ${plan.clusterName}`,
    },
    opts,
  );
  const roles = NODE_SERVICE_ACCOUNT_ROLES.map(
    (role) =>
      new projects.IAMMember(
        `${plan.nodeServiceAccountId}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`,
        {
          project: plan.project,
          role,
          member: pulumi.interpolate`serviceAccount:${account.email}`,
        },
        opts,
      ),
  );
  return { account, roles };
}
