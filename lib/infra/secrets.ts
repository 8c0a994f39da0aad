import * as projects from '@pulumi/gcp/projects';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as pulumi from '@pulumi/pulumi';
import { type SecretManagerSecret } from '../platform/secret';
import { fail } from '../core/errors';
import { type Platform } from '../platform/platform';
import type { GkePlatformPlan } from './plan';
import { projectNumber } from './project-number';
import type { WorkloadIdentityResult } from './workload-identities';

/** The role that lets a principal read a secret's versions (and nothing else). */
export const SECRET_ACCESSOR = 'roles/secretmanager.secretAccessor';

/**
 * The cluster's Secret Manager add-on, with rotation: the add-on re-reads mounted secrets
 * (`versions/latest` picks up a new version) every `rotationInterval`, 2 minutes being the
 * GKE API's default.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 * @see https://cloud.google.com/php/docs/reference/cloud-container/latest/V1.SecretManagerConfig.RotationConfig
 */
export const SECRET_MANAGER_CONFIG = {
  enabled: true,
  rotationConfig: { enabled: true, rotationInterval: '120s' },
} as const;

/**
 * GKE's secret synchronization (SecretSync objects copy secrets into Kubernetes Secrets for
 * environment variables), with rotation: the Secrets follow new versions every
 * `rotationInterval`, 2 minutes as for the add-on. A pod's environment variables keep their
 * values until the pod restarts.
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
export const SECRET_SYNC_CONFIG = {
  enabled: true,
  rotationConfig: { enabled: true, rotationInterval: '120s' },
} as const;

/** The API that secrets, their access and the cluster's add-on call. */
export const SECRET_MANAGER_API = 'secretmanager.googleapis.com';

/**
 * Enables the Secret Manager API in the stack's project when the environment declares a
 * secret (a new project has it off, and creating a secret then fails). It stays enabled when
 * the stack is destroyed: other stacks and tools of the project may use it.
 * @see https://cloud.google.com/secret-manager/docs/configuring-secret-manager
 */
export function createSecretManagerApi(
  plan: GkePlatformPlan,
  secrets: readonly SecretManagerSecret[],
  opts: pulumi.CustomResourceOptions,
): projects.Service | undefined {
  if (secrets.length === 0) return undefined;
  return new projects.Service(
    `${plan.clusterName}-secretmanager-api`,
    { project: plan.project, service: SECRET_MANAGER_API, disableOnDestroy: false },
    opts,
  );
}

/** What {@link createSecrets} creates for one declared secret. */
export interface SecretResult {
  /** The secret as the platform declares it. */
  readonly declared: SecretManagerSecret;
  /** The Secret Manager secret: a container without a version. */
  readonly secret: secretmanager.Secret;
  /** `roles/secretmanager.secretAccessor` on this secret for each reader's service account. */
  readonly accessors: readonly secretmanager.SecretIamMember[];
}

/**
 * The secrets that the stack's environment declares, checked against the stack's workload
 * identities (every reader has a service account here). Called before anything is
 * registered, so that a mismatch creates nothing.
 */
export function planSecrets(
  plan: GkePlatformPlan,
  platform: Platform,
): readonly SecretManagerSecret[] {
  const secrets = platform.environment(plan.environment).secrets;
  const identities = new Set(plan.workloadIdentities.map((i) => i.serviceAccountName));
  for (const secret of secrets) {
    const missing = secret.readers.find((reader) => !identities.has(reader));
    if (missing !== undefined) {
      fail(
        plan.where,
        `secrets.${secret.name}.readers`,
        `names '${missing}', which is not a workload identity of this stack`,
        `declare '${missing}' under 'workloadIdentities' of environment '${plan.environment}'`,
      );
    }
  }
  return secrets;
}

/**
 * For every secret the environment declares: the Secret Manager secret (automatic
 * replication, no version: values are added with `gcloud secrets versions add`, never by the
 * stack, so they never reach its state) and `roles/secretmanager.secretAccessor` on that
 * secret alone for exactly the readers: each one's Workload Identity service account, which
 * the Secret Manager add-on impersonates when it mounts the secret into the pods, and the
 * reader's Kubernetes service account itself as a Workload Identity Federation principal,
 * which is how Google's guide grants GKE's secret synchronization (`secretEnv` from Secret
 * Manager) its access. Both name the same workload; no other principal gets the role.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples
 * @see https://cloud.google.com/secret-manager/docs/access-control
 */
export function createSecrets(
  plan: GkePlatformPlan,
  secrets: readonly SecretManagerSecret[],
  identities: readonly WorkloadIdentityResult[],
  opts: pulumi.CustomResourceOptions,
): SecretResult[] {
  const accountOf = new Map(identities.map((i) => [i.identity.serviceAccountName, i.account]));
  const readers = secrets.some((s) => s.readers.length > 0);
  const number = readers ? projectNumber(plan, opts) : undefined;
  /** A Kubernetes service account of the namespace as an IAM principal of the project's pool. */
  const kubernetesPrincipal = (account: string) =>
    pulumi.interpolate`principal://iam.googleapis.com/projects/${number}/locations/global/workloadIdentityPools/${plan.project}.svc.id.goog/subject/ns/${plan.namespace}/sa/${account}`;
  return secrets.map((declared) => {
    const secret = new secretmanager.Secret(
      `${plan.clusterName}-secret-${declared.name}`,
      {
        secretId: declared.secretId,
        project: plan.project,
        replication: { auto: {} },
        labels: { ...plan.labels },
      },
      opts,
    );
    const grant = (name: string, member: pulumi.Input<string>) =>
      new secretmanager.SecretIamMember(
        name,
        { project: plan.project, secretId: secret.secretId, role: SECRET_ACCESSOR, member },
        opts,
      );
    const accessors = declared.readers.flatMap((reader) => {
      const account = accountOf.get(reader);
      // planSecrets checked that every reader is a workload identity of the stack.
      if (!account) throw new Error(`no service account for workload identity '${reader}'`);
      const name = `${plan.clusterName}-secret-${declared.name}-${reader}`;
      return [
        grant(name, pulumi.interpolate`serviceAccount:${account.email}`),
        grant(`${name}-ksa`, kubernetesPrincipal(reader)),
      ];
    });
    return { declared, secret, accessors };
  });
}
