import { parse } from 'yaml';
import type { Obj } from '../plan/network-policy-eval';
import { SECRET_MANAGER_CSI_DRIVER } from '../validate/semantic/gke-secret-manager';
import type { IdentityNode, SecretNode } from './graph-model';

/** One secret a pod reads. */
export interface SecretUse {
  readonly name: string;
  readonly source: SecretNode['source'];
  readonly project?: string;
}

/** A Secret Manager secret version's resource name: its project and secret. */
const SECRET_VERSION = /^projects\/([^/]+)\/(?:locations\/[^/]+\/)?secrets\/([^/]+)\//;

/** `iam.gke.io/gcp-service-account`: the Google service account a ServiceAccount acts as. */
const GCP_SERVICE_ACCOUNT = 'iam.gke.io/gcp-service-account';

/**
 * Reads the secrets of pod templates: Secret Manager secrets through the CSI volumes of GKE's
 * add-on (named by their SecretProviderClass's `parameters.secrets`), and Secret objects
 * through volumes, projected volumes, `env` and `envFrom`. Names only: a value is never read.
 * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
 */
export function secretReader(objects: readonly Obj[]): (template: Obj) => SecretUse[] {
  const classes = new Map<string, SecretUse[]>(
    objects
      .filter((o) => o.kind === 'SecretProviderClass')
      .map((o) => [o.metadata.name, providerClassSecrets(o)]),
  );
  return (template) => {
    const pod = template.spec;
    const uses: SecretUse[] = [];
    const secret = (name: unknown) => {
      if (typeof name === 'string') uses.push({ name, source: 'Secret' });
    };
    for (const volume of pod.volumes ?? []) {
      if (volume.csi?.driver === SECRET_MANAGER_CSI_DRIVER) {
        uses.push(...(classes.get(volume.csi.volumeAttributes?.secretProviderClass) ?? []));
      }
      secret(volume.secret?.secretName);
      for (const source of volume.projected?.sources ?? []) secret(source.secret?.name);
    }
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const env of container.env ?? []) secret(env.valueFrom?.secretKeyRef?.name);
      for (const from of container.envFrom ?? []) secret(from.secretRef?.name);
    }
    const seen = new Set<string>();
    return uses.filter((u) => {
      const key = `${u.source}/${u.name}`;
      return !seen.has(key) && seen.add(key);
    });
  };
}

function providerClassSecrets(providerClass: Obj): SecretUse[] {
  let entries: unknown;
  try {
    entries = parse(String(providerClass.spec?.parameters?.secrets ?? ''));
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry: Obj) => {
    const match = SECRET_VERSION.exec(String(entry?.resourceName ?? ''));
    return match ? [{ name: match[2], project: match[1], source: 'Secret Manager' as const }] : [];
  });
}

/**
 * Every secret of the environment with the workloads that read it: the ones the workloads
 * read, then the Secret objects none reads.
 */
export function secretNodes(
  objects: readonly Obj[],
  uses: ReadonlyMap<string, readonly SecretUse[]>,
): SecretNode[] {
  const nodes = new Map<string, SecretNode & { usedBy: string[] }>();
  const node = (use: SecretUse) => {
    const key = `${use.source}/${use.name}`;
    if (!nodes.has(key)) nodes.set(key, { ...use, usedBy: [] });
    return nodes.get(key)!;
  };
  for (const [workload, list] of uses) for (const use of list) node(use).usedBy.push(workload);
  for (const o of objects.filter((o) => o.kind === 'Secret')) {
    node({ name: o.metadata.name, source: 'Secret' });
  }
  return [...nodes.values()];
}

/** The ServiceAccounts the workloads run as, each with its Google service account. */
export function identityNodes(
  objects: readonly Obj[],
  workloads: readonly { readonly name: string; readonly serviceAccount?: string }[],
): IdentityNode[] {
  const accounts = new Map<string, Obj>(
    objects.filter((o) => o.kind === 'ServiceAccount').map((o) => [o.metadata.name, o]),
  );
  const names = [...new Set(workloads.map((w) => w.serviceAccount ?? 'default'))];
  return names.map((name) => ({
    serviceAccount: name,
    gcpServiceAccount: accounts.get(name)?.metadata.annotations?.[GCP_SERVICE_ACCOUNT],
    usedBy: workloads.filter((w) => (w.serviceAccount ?? 'default') === name).map((w) => w.name),
  }));
}
