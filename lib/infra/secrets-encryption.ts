import * as kms from '@pulumi/gcp/kms';
import * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';
import { projectNumber } from './project-number';

/** The role that lets GKE wrap and unwrap Secrets' data keys with the key. */
export const KMS_ENCRYPTER_DECRYPTER = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';

/** What {@link createSecretsEncryption} creates. */
export interface SecretsEncryptionResult {
  /** The Cloud KMS key ring, in the cluster's region. */
  readonly keyRing: kms.KeyRing;
  /**
   * The Cloud KMS key that encrypts the cluster's Secrets in etcd (application-layer encryption).
   */
  readonly key: kms.CryptoKey;
  /** The GKE service agent's use of the key; the cluster waits for it. */
  readonly serviceAgentAccess: kms.CryptoKeyIAMMember;
  /** `service-<project number>@container-engine-robot.iam.gserviceaccount.com`. */
  readonly serviceAgent: pulumi.Output<string>;
}

/**
 * The Cloud KMS key ring and key that encrypt the cluster's Secrets at the application layer
 * (envelope encryption: GKE keeps data keys, the key in KMS wraps them), with automatic
 * rotation, and the GKE service agent allowed to use the key. Cluster creation fails if the
 * agent cannot use the key, so the cluster depends on {@link SecretsEncryptionResult.serviceAgentAccess}.
 * The key lives in the cluster's region, as Google recommends ("in the same location as the
 * cluster"). Cloud KMS never deletes key rings, and `pulumi destroy` only schedules the
 * key's versions for destruction: a stack created again under the same names must import them.
 * CIS GKE Benchmark 5.3.1.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
 * @see https://cloud.google.com/kms/docs/key-rotation
 */
export function createSecretsEncryption(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): SecretsEncryptionResult | undefined {
  const spec = plan.hardening.secretsEncryption;
  if (spec === undefined) return undefined;
  const keyRing = new kms.KeyRing(
    spec.keyRing,
    { name: spec.keyRing, project: plan.project, location: spec.location },
    opts,
  );
  const key = new kms.CryptoKey(
    spec.key,
    {
      name: spec.key,
      keyRing: keyRing.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: spec.rotationPeriod,
      labels: { ...plan.labels },
    },
    opts,
  );
  // The project number names the service agent.
  const number = projectNumber(plan, opts);
  const serviceAgent = pulumi.interpolate`service-${number}@container-engine-robot.iam.gserviceaccount.com`;
  const serviceAgentAccess = new kms.CryptoKeyIAMMember(
    `${spec.key}-gke`,
    {
      cryptoKeyId: key.id,
      role: KMS_ENCRYPTER_DECRYPTER,
      member: pulumi.interpolate`serviceAccount:${serviceAgent}`,
    },
    opts,
  );
  return { keyRing, key, serviceAgentAccess, serviceAgent };
}
