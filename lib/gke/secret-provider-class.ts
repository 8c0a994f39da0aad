import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/secretproviderclass-secrets-store.csi.x-k8s.io';
import { fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import {
  SECRET_MANAGER_CSI_DRIVER,
  SECRET_MANAGER_PROVIDER,
  SECRET_VERSION_NAME,
} from '../platform/secret';
import { checkMetadata, type GkeObjectProps } from './common';

export { SECRET_MANAGER_CSI_DRIVER, SECRET_MANAGER_PROVIDER, SECRET_VERSION_NAME };

/** One secret version mounted as one file. */
export interface SecretManagerFile {
  /**
   * The secret version, `projects/P/secrets/S/versions/latest` (or a version number).
   * `latest` lets the add-on's rotation bring a new version to the pods.
   * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
   */
  readonly resourceName: string;
  /**
   * The file's name in the mounted folder: a relative path without '..'.
   * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
   */
  readonly path: string;
}

/** Settings of a SecretProviderClass for the Secret Manager add-on. */
export interface SecretManagerProviderClassProps extends GkeObjectProps {
  /** The secret versions to mount, one file each; at least one, each path once. */
  readonly files: readonly SecretManagerFile[];
}

/**
 * A SecretProviderClass (secrets-store.csi.x-k8s.io/v1) with `provider: gke`: the Secret
 * Manager secret versions that a pod's CSI volume of GKE's Secret Manager add-on mounts as
 * files, read with the pod's Workload Identity. It must be in the pod's namespace.
 *
 * The generated object is `apiObject` (escape hatch).
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export class SecretManagerProviderClass extends Construct {
  /** The generated SecretProviderClass object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name: the volume's `volumeAttributes.secretProviderClass`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SecretManagerProviderClassProps) {
    super(scope, freeId(scope, id, 'SecretProviderClass'));
    const where = `SecretProviderClass '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    const files = props.files ?? [];
    if (files.length === 0) {
      fail(where, 'files', 'is empty', 'list at least one secret version to mount');
    }
    const paths = new Set<string>();
    files.forEach((file, i) => {
      checkSecretVersionName(where, `files[${i}].resourceName`, file.resourceName);
      checkSecretFilePath(where, `files[${i}].path`, file.path);
      if (paths.has(file.path)) {
        fail(
          where,
          `files[${i}].path`,
          `is '${file.path}', which another file already uses`,
          'give each secret its own file',
        );
      }
      paths.add(file.path);
    });
    this.apiObject = new imported.SecretProviderClass(this, 'Resource', {
      metadata,
      spec: {
        provider: SECRET_MANAGER_PROVIDER,
        parameters: { secrets: renderSecretsParameter(files) },
      },
    });
    this.name = this.apiObject.name;
  }
}

/**
 * `parameters.secrets`: a YAML list of `resourceName` and `path`, the add-on's format. Values
 * are written as JSON strings, which YAML reads as they are.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export function renderSecretsParameter(files: readonly SecretManagerFile[]): string {
  return files
    .map(
      (f) =>
        `- resourceName: ${JSON.stringify(f.resourceName)}\n  path: ${JSON.stringify(f.path)}\n`,
    )
    .join('');
}

/** Checks a secret version's resource name, and returns it. */
export function checkSecretVersionName(where: string, prop: string, name: string): string {
  if (typeof name !== 'string' || !SECRET_VERSION_NAME.test(name)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(name)}, which is not a Secret Manager secret version`,
      "write 'projects/PROJECT/secrets/SECRET/versions/latest' (or a version number)",
    );
  }
  return name;
}

/** Checks a file path inside the mounted folder: relative, without '..' or empty segments. */
export function checkSecretFilePath(where: string, prop: string, path: string): string {
  const segments = typeof path === 'string' ? path.split('/') : [''];
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(path)}, which is not a relative file path`,
      "use a file name such as 'db-password', without a leading '/', '.' or '..'",
    );
  }
  return path;
}
