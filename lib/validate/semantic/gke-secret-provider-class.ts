import {
  SECRET_MANAGER_CSI_DRIVER,
  SECRET_MANAGER_PROVIDER,
  SECRET_VERSION_NAME,
} from './gke-secret-manager';
import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, quote, record, text } from './edge-fields';
import type { ReferenceCheck } from './environment-index';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * GKE's Secret Manager add-on: a SecretProviderClass with `provider: gke` lists, in
 * `parameters.secrets`, the secret versions (`resourceName`) to mount and the file (`path`)
 * of each; a pod mounts them through a CSI volume of driver secrets-store-gke.csi.k8s.io that
 * names the class, which must be in the pod's namespace (else the pod's volume never mounts
 * and the pod stays in ContainerCreating).
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */

const RULE = 'GKE Secret Manager add-on SecretProviderClass parameters.secrets';
/** `resourceName: VALUE` or `path: VALUE` on a line of the YAML list, quoted or not. */
const ENTRY = /^\s*(?:-\s*)?(resourceName|path):\s*(.*?)\s*$/gm;

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
    return value.slice(1, -1);
  return value;
}

/**
 * The file paths that a `provider: gke` SecretProviderClass lists in `parameters.secrets`
 * (what a SecretSync's `sourcePath` names); empty for other providers.
 */
export function providerClassPaths(spc: KubernetesObject): string[] {
  const spec = record(spc.spec);
  if (text(spec?.provider) !== SECRET_MANAGER_PROVIDER) return [];
  const secrets = text(record(spec?.parameters)?.secrets) ?? '';
  return [...secrets.matchAll(ENTRY)]
    .filter(([, key]) => key === 'path')
    .map(([, , raw]) => unquote(raw));
}

/** The add-on's rules for one SecretProviderClass (those of other providers are left alone). */
function checkSecretProviderClass(spc: KubernetesObject, report: ObjectReport): void {
  const spec = record(spc.spec);
  if (text(spec?.provider) !== SECRET_MANAGER_PROVIDER) return;
  const secrets = text(record(spec?.parameters)?.secrets) ?? '';
  let versions = 0;
  for (const [, key, raw] of secrets.matchAll(ENTRY)) {
    const value = unquote(raw);
    if (key === 'resourceName') {
      versions++;
      if (!SECRET_VERSION_NAME.test(value))
        report.add(
          'spec.parameters.secrets',
          `has resourceName ${quote(value)}, which is not a Secret Manager secret version`,
          "write 'projects/PROJECT/secrets/SECRET/versions/latest' (or a version number)",
          RULE,
        );
    } else if (value.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      report.add(
        'spec.parameters.secrets',
        `has path ${quote(value)}, which is not a relative file path`,
        "use a file name such as 'db-password', without a leading '/', '.' or '..'",
        RULE,
      );
    }
  }
  if (versions === 0)
    report.add(
      'spec.parameters.secrets',
      'lists no secret version',
      'list each secret as `- resourceName: projects/P/secrets/S/versions/latest` with its `path`',
      RULE,
    );
}

/** The Secret Manager add-on's rules for a SecretProviderClass. */
export const SECRET_PROVIDER_CLASS_RULES: readonly ObjectRule[] = [checkSecretProviderClass];

/**
 * Every CSI volume of the add-on's driver names a SecretProviderClass of the environment
 * with `provider: gke`.
 */
export const checkSecretProviderClassRefs: ReferenceCheck = (index, reportOf) => {
  for (const template of index.templates) {
    list(template.spec.volumes).forEach((volume, i) => {
      const csi = record(record(volume)?.csi);
      if (text(csi?.driver) !== SECRET_MANAGER_CSI_DRIVER) return;
      const at = `volumes[${i}].csi.volumeAttributes.secretProviderClass`;
      const field = template.at === '' ? `spec.${at}` : `${template.at}.spec.${at}`;
      const name = text(record(csi?.volumeAttributes)?.secretProviderClass);
      const spc = name === undefined ? undefined : index.find('SecretProviderClass', name);
      if (!spc) {
        reportOf(template.object).add(
          field,
          `is ${quote(name ?? '')}, which is not a SecretProviderClass of the environment: the volume never mounts and the pods stay in ContainerCreating`,
          'create the SecretProviderClass in the same namespace',
          RULE,
        );
      } else if (text(record(spc.spec)?.provider) !== SECRET_MANAGER_PROVIDER) {
        reportOf(template.object).add(
          field,
          `is ${quote(name)}, whose provider is not 'gke', which the add-on's driver ${SECRET_MANAGER_CSI_DRIVER} needs`,
          "set the SecretProviderClass's spec.provider to 'gke'",
          RULE,
        );
      }
    });
  }
};
