/* What GKE's Secret Manager add-on reads from Kubernetes objects: shared by the rules and the platform. */

/**
 * The CSI driver of GKE's Secret Manager add-on: a pod volume
 * `csi: { driver: SECRET_MANAGER_CSI_DRIVER, readOnly: true, volumeAttributes:
 * { secretProviderClass: NAME } }` mounts the secrets that SecretProviderClass NAME lists.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export const SECRET_MANAGER_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';

/** The `spec.provider` of a SecretProviderClass served by the Secret Manager add-on. */
export const SECRET_MANAGER_PROVIDER = 'gke';

/**
 * A secret version's resource name: `projects/P/secrets/S/versions/V`, or a regional secret's
 * `projects/P/locations/L/secrets/S/versions/V`; V is a number or `latest`.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export const SECRET_VERSION_NAME =
  /^projects\/[^/\s]+\/(?:locations\/[a-z0-9-]+\/)?secrets\/[A-Za-z0-9_-]{1,255}\/versions\/(?:latest|[1-9][0-9]*)$/;
