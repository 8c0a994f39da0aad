import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/secretsync-secret-sync.gke.io';
import { checkDnsSubdomain } from '../core/naming';
import { fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { checkFormat, isConfigMapKey } from '../core/apimachinery';
import { checkMetadata, type GkeObjectProps } from './common';

/**
 * What the SecretSync CRD accepts as `sourcePath` and `targetKey` (its `pattern`, at most 253
 * characters): a letter, digit or '.' first, then no '_' or '.' right after it.
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
export const SECRET_SYNC_KEY =
  /^[A-Za-z0-9.]([-A-Za-z0-9]+([-._a-zA-Z0-9]?[A-Za-z0-9])*)?(\/([0-9]+))*$/;

/** One file of the SecretProviderClass copied to one key of the Kubernetes Secret. */
export interface SecretSyncData {
  /** The `path` of a secret in the SecretProviderClass's `parameters.secrets`. */
  readonly sourcePath: string;
  /** The key in the Kubernetes Secret (what `secretKeyRef.key` names); each key once. */
  readonly targetKey: string;
}

/** Settings of a SecretSync of GKE's secret synchronization. */
export interface SecretManagerSyncProps extends GkeObjectProps {
  /** The SecretProviderClass (`provider: gke`, same namespace) that lists the secret versions. */
  readonly secretProviderClassName: string;
  /**
   * The Kubernetes service account whose Workload Identity reads the secrets: it must be
   * allowed `roles/secretmanager.secretAccessor` on each of them.
   */
  readonly serviceAccountName: string;
  /** The Secret's keys and where each comes from; at least one. */
  readonly data: readonly SecretSyncData[];
}

/**
 * A SecretSync (secret-sync.gke.io/v1): GKE's secret synchronization copies the Secret Manager
 * versions that a `provider: gke` SecretProviderClass lists into an Opaque Kubernetes Secret
 * named like the SecretSync, in its namespace, reading them as `serviceAccountName`'s Workload
 * Identity, and refreshes it at the cluster's rotation interval. Pods read the Secret as usual
 * (`secretKeyRef`); a changed value reaches environment variables only when the pods restart.
 * The cluster needs `secretSyncConfig` enabled (the Pulumi stack does this where secrets are
 * declared).
 *
 * The generated object is `apiObject` (escape hatch).
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
export class SecretManagerSync extends Construct {
  /** The generated SecretSync object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name, which is also the synchronized Kubernetes Secret's. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SecretManagerSyncProps) {
    super(scope, freeId(scope, id, 'SecretSync'));
    const where = `SecretSync '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    checkDnsSubdomain(where, 'secretProviderClassName', props.secretProviderClassName);
    checkDnsSubdomain(where, 'serviceAccountName', props.serviceAccountName);
    const data = props.data ?? [];
    if (data.length === 0) {
      fail(where, 'data', 'is empty', 'list at least one secret to copy into the Secret');
    }
    const keys = new Set<string>();
    data.forEach((entry, i) => {
      checkSyncKey(where, `data[${i}].sourcePath`, entry.sourcePath);
      checkSyncKey(where, `data[${i}].targetKey`, entry.targetKey);
      // The Secret the controller writes must pass the API server's Secret validation.
      checkFormat(where, `data[${i}].targetKey`, entry.targetKey, isConfigMapKey);
      if (keys.has(entry.targetKey)) {
        fail(
          where,
          `data[${i}].targetKey`,
          `is '${entry.targetKey}', which another entry already uses`,
          'give each secret its own key',
        );
      }
      keys.add(entry.targetKey);
    });
    this.apiObject = new imported.SecretSync(this, 'Resource', {
      metadata,
      spec: {
        serviceAccountName: props.serviceAccountName,
        secretProviderClassName: props.secretProviderClassName,
        secretObject: {
          // Values of environment variables and files: opaque bytes.
          type: 'Opaque',
          data: data.map((d) => ({ sourcePath: d.sourcePath, targetKey: d.targetKey })),
        },
      },
    });
    this.name = this.apiObject.name;
  }
}

/** Checks a `sourcePath` or `targetKey` against the CRD's pattern, and returns it. */
export function checkSyncKey(where: string, prop: string, key: string): string {
  if (typeof key !== 'string' || key.length > 253 || !SECRET_SYNC_KEY.test(key)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(key)}, which the SecretSync CRD does not accept`,
      "use letters, digits, '-', '_' and '.', starting with a letter, digit or '.' and without '_' or '.' as the second character (e.g. 'db-password')",
    );
  }
  return key;
}
