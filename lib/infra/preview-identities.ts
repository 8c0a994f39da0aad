import * as projects from '@pulumi/gcp/projects';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import { previewAccountId, type Previews } from '../platform/previews';
import type { GkePlatformPlan } from './plan';
import { projectNumber } from './project-number';
import { SECRET_ACCESSOR, type SecretResult } from './secrets';
import { WORKLOAD_IDENTITY_USER, type WorkloadIdentityResult } from './workload-identities';

/** What the base environment's stack creates for one of its workload identities, for previews. */
export interface PreviewIdentityResult {
  /** The base environment's workload identity the previews' account copies. */
  readonly base: WorkloadIdentityResult;
  /** The Google service account `<accountId>-pv` that every preview's workloads act as. */
  readonly account: serviceaccount.Account;
  /** `roles/iam.workloadIdentityUser` on the account for the base cluster's principal set. */
  readonly binding: serviceaccount.IAMMember;
  /** The base identity's project roles, granted to the preview account. */
  readonly roles: readonly projects.IAMMember[];
  /** `roles/secretmanager.secretAccessor` on each secret the base identity reads. */
  readonly secretAccessors: readonly secretmanager.SecretIamMember[];
}

/** What the base environment's stack creates so that previews get Google identities. */
export interface PreviewIdentitiesResult {
  /** One preview account per workload identity of the base environment. */
  readonly identities: readonly PreviewIdentityResult[];
  /**
   * `roles/secretmanager.secretAccessor` for the base cluster's principal set on each
   * declared secret: GKE's secret synchronization reads as the Kubernetes service account
   * itself, whose principal names the preview's namespace.
   */
  readonly syncAccessors: readonly secretmanager.SecretIamMember[];
}

/**
 * The principal set of every Kubernetes service account of one GKE cluster, in the project's
 * Workload Identity pool. Google documents no narrower set that spans namespaces not known in
 * advance: the others name one namespace (`/namespace/NS`), one Kubernetes service account
 * (`/subject/ns/NS/sa/KSA`) or one account's UID, each created anew with each preview.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples
 * @see https://cloud.google.com/iam/docs/principal-identifiers
 */
export function clusterPrincipalSet(
  plan: GkePlatformPlan,
  projectNumber: pulumi.Input<string>,
): pulumi.Output<string> {
  const { project, location, clusterName } = plan;
  return pulumi.interpolate`principalSet://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${project}.svc.id.goog/kubernetes.cluster/https://container.googleapis.com/v1/projects/${project}/locations/${location}/clusters/${clusterName}`;
}

/**
 * In the previews' base environment, once for all previews: for each workload identity
 * `<accountId>`, the Google service account `<accountId>-pv` with the same project roles and
 * the same secrets, which the Kubernetes service accounts of every preview name
 * (`iam.gke.io/gcp-service-account`). A preview's namespace is new with each preview, and the
 * principal sets of Workload Identity Federation for GKE select by namespace name, service
 * account or cluster only (no label or attribute of a namespace), so the stack grants
 * `roles/iam.workloadIdentityUser` on these accounts to the base cluster's principal set: no
 * IAM change per preview, at the cost that any workload of that cluster may act as a preview
 * account. The accounts hold the base environment's access, never another environment's, and
 * the base environment's own accounts stay bound to its namespace alone. IAM lets a principal
 * set of a workload identity pool impersonate a service account with this role.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
export function createPreviewIdentities(
  plan: GkePlatformPlan,
  previews: Previews | undefined,
  bases: readonly WorkloadIdentityResult[],
  secrets: readonly SecretResult[],
  cluster: pulumi.Resource,
  opts: pulumi.CustomResourceOptions,
): PreviewIdentitiesResult | undefined {
  if (previews === undefined) return undefined;
  if (bases.length === 0) return { identities: [], syncAccessors: [] };
  const previewsOfCluster = clusterPrincipalSet(plan, projectNumber(plan, opts));
  // The pool exists once the cluster does.
  const afterCluster = { ...opts, dependsOn: [cluster] };
  const identities = bases.map((base) => {
    const { identity } = base;
    const accountId = previewAccountId(identity.accountId);
    const account = new serviceaccount.Account(
      accountId,
      {
        accountId,
        project: plan.project,
        displayName: `Previews ${previews.from}/${identity.serviceAccountName}`,
      },
      opts,
    );
    const binding = new serviceaccount.IAMMember(
      `${accountId}-workload-identity`,
      { serviceAccountId: account.name, role: WORKLOAD_IDENTITY_USER, member: previewsOfCluster },
      afterCluster,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    const roles = identity.roles.map(
      (role) =>
        new projects.IAMMember(
          `${accountId}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`,
          { project: plan.project, role, member },
          opts,
        ),
    );
    const secretAccessors = secrets
      .filter((s) => s.declared.readers.includes(identity.serviceAccountName))
      .map(
        (s) =>
          new secretmanager.SecretIamMember(
            `${plan.clusterName}-secret-${s.declared.name}-${accountId}`,
            { project: plan.project, secretId: s.secret.secretId, role: SECRET_ACCESSOR, member },
            opts,
          ),
      );
    return { base, account, binding, roles, secretAccessors };
  });
  // Any workload of the cluster may act as a preview account, which reads these secrets: the
  // same principals, granted directly, for the synchronization, which reads as the KSA.
  // (planSecrets checked that every secret has readers, each a workload identity of the stack.)
  const syncAccessors = secrets.map(
    (s) =>
      new secretmanager.SecretIamMember(
        `${plan.clusterName}-secret-${s.declared.name}-previews`,
        {
          project: plan.project,
          secretId: s.secret.secretId,
          role: SECRET_ACCESSOR,
          member: previewsOfCluster,
        },
        afterCluster,
      ),
  );
  return { identities, syncAccessors };
}
