import { SECRET_MANAGER_PROVIDER } from './gke-secret-manager';
import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isConfigMapKey } from '../../core/apimachinery';
import { list, nameOf, quote, record, text } from './edge-fields';
import type { ReferenceCheck } from './environment-index';
import { providerClassPaths } from './gke-secret-provider-class';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * GKE's secret synchronization: a SecretSync (secret-sync.gke.io/v1) names a `provider: gke`
 * SecretProviderClass and a Kubernetes service account of its namespace, and copies each
 * `sourcePath` (a `path` of the class) to the key `targetKey` of the Opaque Secret named like
 * the SecretSync. What the API server refuses comes from the CRD (crds/secretsync…yaml: list
 * type map keyed by targetKey, CEL rules on the Secret's labels and annotations); what the
 * controller cannot do applies cleanly and then leaves the Secret missing, so the pods that
 * read it never start (CreateContainerConfigError).
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */

const DOC = 'GKE secret synchronization SecretSync';
/** The label and annotation prefix that the controller keeps for itself. */
const RESERVED_PREFIX = 'secrets-store.sync.x-k8s.io';

/** `spec.secretObject.data`: each targetKey once, and one a Secret may have. */
function checkData(sync: KubernetesObject, report: ObjectReport): void {
  const seen = new Set<string>();
  list(record(record(sync.spec)?.secretObject)?.data).forEach((value, i) => {
    const key = text(record(value)?.targetKey);
    if (key === undefined) return;
    const field = `spec.secretObject.data[${i}].targetKey`;
    if (seen.has(key))
      report.add(
        field,
        `is ${quote(key)} again: the list is keyed by targetKey, so the API server refuses the duplicate`,
        'give each secret its own key',
        'apiextensions-apiserver listtype.ValidateListSetsAndMaps (x-kubernetes-list-type: map, key targetKey)',
      );
    seen.add(key);
    // The Secret the controller writes is refused with a key that is not a Secret data key.
    report.check(field, key, isConfigMapKey(key), 'validation.ValidateSecret (IsConfigMapKey)');
  });
}

/** `spec.secretObject.labels` and `annotations`: the CRD's CEL rules. */
function checkMetadataMaps(sync: KubernetesObject, report: ObjectReport): void {
  const secretObject = record(record(sync.spec)?.secretObject);
  for (const [field, limit] of [
    ['labels', 63],
    ['annotations', 253],
  ] as const) {
    for (const [key, value] of Object.entries(record(secretObject?.[field]) ?? {})) {
      const at = `spec.secretObject.${field}[${JSON.stringify(key)}]`;
      if (key.startsWith(RESERVED_PREFIX))
        report.add(
          at,
          `uses the prefix ${RESERVED_PREFIX}, which the controller keeps for itself`,
          `choose a ${field === 'labels' ? 'label' : 'annotation'} outside ${RESERVED_PREFIX}/`,
          'SecretSync CRD x-kubernetes-validations (reserved prefix)',
        );
      if (key.length >= limit || String(value).length >= limit)
        report.add(
          at,
          `has a key or value of ${limit} characters or more`,
          `keep both under ${limit} characters`,
          'SecretSync CRD x-kubernetes-validations (size)',
        );
    }
  }
}

/** The rules for one SecretSync. */
export const SECRET_SYNC_RULES: readonly ObjectRule[] = [checkData, checkMetadataMaps];

/**
 * Every SecretSync names a `provider: gke` SecretProviderClass of the environment that lists
 * each of its source paths, and a ServiceAccount of the environment; and no Secret of the
 * environment has its name, because the controller updates only the Secrets it labelled.
 */
export const checkSecretSyncRefs: ReferenceCheck = (index, reportOf) => {
  for (const sync of index.all('SecretSync')) {
    const spec = record(sync.spec) ?? {};
    const report = reportOf(sync);
    const className = text(spec.secretProviderClassName) ?? '';
    const spc = index.find('SecretProviderClass', className);
    if (!spc) {
      report.add(
        'spec.secretProviderClassName',
        `is ${quote(className)}, which is not a SecretProviderClass of the environment: nothing is synchronized`,
        'create the SecretProviderClass (provider: gke) in the same namespace',
        DOC,
      );
    } else if (text(record(spc.spec)?.provider) !== SECRET_MANAGER_PROVIDER) {
      report.add(
        'spec.secretProviderClassName',
        `is ${quote(className)}, whose provider is not 'gke', the one GKE's synchronization reads`,
        "set the SecretProviderClass's spec.provider to 'gke'",
        DOC,
      );
    } else {
      const paths = new Set(providerClassPaths(spc));
      list(record(spec.secretObject)?.data).forEach((value, i) => {
        const source = text(record(value)?.sourcePath) ?? '';
        if (paths.has(source)) return;
        report.add(
          `spec.secretObject.data[${i}].sourcePath`,
          `is ${quote(source)}, which SecretProviderClass ${quote(className)} does not list as a path`,
          `use one of its paths (${[...paths].map((p) => quote(p)).join(', ') || 'none'})`,
          DOC,
        );
      });
    }
    const account = text(spec.serviceAccountName) ?? '';
    if (!index.find('ServiceAccount', account))
      report.add(
        'spec.serviceAccountName',
        `is ${quote(account)}, which is not a ServiceAccount of the environment: the controller cannot read the secrets as it`,
        'name the ServiceAccount of a workload whose Workload Identity may read the secrets',
        DOC,
      );
    const clash = index.find('Secret', nameOf(sync));
    if (clash)
      reportOf(clash).add(
        'metadata.name',
        `is ${quote(nameOf(sync))}, the Secret that SecretSync ${quote(nameOf(sync))} writes: the controller does not update a Secret it did not create`,
        'give the Secret another name, or leave it to the SecretSync',
        `${DOC} (spec.secretObject.labels: only Secrets labelled ${RESERVED_PREFIX}/secretsync are updated)`,
      );
  }
};
