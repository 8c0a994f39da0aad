import { fail } from '../core/errors';

export {
  SECRET_MANAGER_CSI_DRIVER,
  SECRET_MANAGER_PROVIDER,
  SECRET_VERSION_NAME,
} from '../validate/semantic/gke-secret-manager';

/**
 * A Secret Manager secret that workloads of an environment read. The Pulumi stack creates the
 * secret (a container: never a value) and lets exactly the readers' Google service accounts
 * access its versions; the workloads mount it with GKE's Secret Manager add-on.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export interface SecretManagerSecretSpec {
  /**
   * The workloads that read it: names of the environment's `workloadIdentities` (the
   * Kubernetes service accounts whose Google service accounts get
   * `roles/secretmanager.secretAccessor` on this secret). At least one, unless the
   * environment's `monitoring` names the secret: the Pulumi stack then reads it itself.
   */
  readonly readers: readonly string[];
  /**
   * The secret's ID in the environment's project.
   * @default the key under `secrets`
   */
  readonly secretId?: string;
}

/**
 * A Secret Manager secret of an environment, its declaration checked and its names worked out
 * (named for Secret Manager so as not to be taken for a Kubernetes Secret).
 */
export interface SecretManagerSecret {
  /** The key under `secrets`, what workloads name. */
  readonly name: string;
  /** The Secret Manager secret ID. */
  readonly secretId: string;
  /** `projects/<project>/secrets/<secretId>` */
  readonly resourceName: string;
  /** The workload identities (Kubernetes service account names) that may read it. */
  readonly readers: readonly string[];
}

/**
 * A Secret Manager secret ID: at most 255 letters, digits, '-' and '_'.
 * @see https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create
 */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * Checks one declared secret of environment `env` (`where` names the environment) against
 * Secret Manager's ID rules and the environment's workload identities, and works out its names.
 * `readByStack`: the environment's Pulumi stack reads it (a notification channel's key), so it
 * may have no workload readers.
 */
export function parseSecretManagerSecret(
  where: string,
  name: string,
  spec: SecretManagerSecretSpec,
  project: string | undefined,
  identities: ReadonlySet<string>,
  readByStack = false,
): SecretManagerSecret {
  const secretId = spec.secretId ?? name;
  if (typeof secretId !== 'string' || !SECRET_ID.test(secretId)) {
    fail(
      where,
      spec.secretId === undefined ? `secrets.${name}` : `secrets.${name}.secretId`,
      `is '${secretId}', which is not a Secret Manager secret ID`,
      "use 1 to 255 letters, digits, '-' and '_' (e.g. 'db-password')",
    );
  }
  if (!project) {
    fail(
      where,
      'project',
      'is not set, but secrets need it',
      "set the environment's GCP project ID",
    );
  }
  const readers = spec.readers ?? [];
  if (readers.length === 0 && !readByStack) {
    fail(
      where,
      `secrets.${name}.readers`,
      'is empty, so no workload could read the secret',
      "name the workload identities that read it, e.g. readers: ['web']",
    );
  }
  const seen = new Set<string>();
  for (const reader of readers) {
    if (!identities.has(reader)) {
      const known = [...identities].join(', ') || 'none';
      fail(
        where,
        `secrets.${name}.readers`,
        `names '${reader}', which is not a declared workload identity`,
        `use one of: ${known}, or declare it under 'workloadIdentities'`,
      );
    }
    if (seen.has(reader)) {
      fail(where, `secrets.${name}.readers`, `names '${reader}' twice`, 'name each reader once');
    }
    seen.add(reader);
  }
  return {
    name,
    secretId,
    resourceName: `projects/${project}/secrets/${secretId}`,
    readers: [...readers],
  };
}

/**
 * The former name of {@link SecretManagerSecretSpec}, kept so that existing code compiles.
 * @deprecated use {@link SecretManagerSecretSpec}, the declaration of a {@link SecretManagerSecret}.
 */
export type SecretSpec = SecretManagerSecretSpec;

/**
 * The former name of {@link SecretManagerSecret}, kept so that existing code compiles.
 * @deprecated use {@link SecretManagerSecret}, what a {@link SecretManagerSecretSpec} declares.
 */
export type DeclaredSecret = SecretManagerSecret;
