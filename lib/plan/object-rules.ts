import { compareQuantities, parseQuantity } from '../core/quantity';
import { staticAddresses } from './addresses';
import type { Finding } from './finding';
import { isEqual } from './field-diff';
import { immutableChanges } from './immutable-fields';
import type { Obj } from './network-policy-eval';
import { valueAt } from './object-key';

/** The kinds that run pods from a template of their own. */
export const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const ROLLED = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** What deleting an object does, beyond removing it. */
export function deletionFindings(before: Obj): Finding[] {
  const addresses = staticAddresses(before);
  const findings: Finding[] = [];
  if (before.kind === 'StatefulSet') {
    const deletesClaims =
      valueAt(before, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted') === 'Delete';
    findings.push({
      risk: 'destructive',
      reason: deletesClaims
        ? 'StatefulSet deleted: its replicas stop, and its claims and their disks are deleted with it (whenDeleted: Delete)'
        : 'StatefulSet deleted: its replicas stop, and its claims stay behind with their disks until someone deletes them',
    });
  } else if (before.kind === 'PersistentVolumeClaim') {
    findings.push({
      risk: 'destructive',
      reason:
        "claim deleted: its disk is deleted too when its StorageClass's reclaimPolicy is Delete (GKE's classes), and the data is lost",
    });
  } else if (before.kind === 'Namespace') {
    findings.push({
      risk: 'destructive',
      reason:
        'namespace deleted: Kubernetes deletes every object in it, claims and their disks included',
    });
  } else if (WORKLOADS.includes(before.kind)) {
    findings.push({ risk: 'disruptive', reason: `${before.kind} deleted: its pods stop` });
  } else if (before.kind === 'ManagedCertificate') {
    findings.push({
      risk: 'disruptive',
      reason: `certificate deleted: HTTPS for ${domains(before)} needs another certificate`,
    });
  }
  if (addresses.length > 0) {
    findings.push({
      risk: 'destructive',
      reason: `load balancer deleted: it releases ${quoted(addresses)}, which clients and DNS records point at, and stops serving it`,
    });
  }
  return findings;
}

/** What updating an object does: replaced, data or addresses lost, pods restarted, capacity. */
export function updateFindings(before: Obj, after: Obj): Finding[] {
  return [
    ...immutableChanges(before, after),
    ...addressFindings(before, after),
    ...claimFindings(before, after),
    ...certificateFindings(before, after),
    ...podTemplateFindings(before, after),
    ...capacityFindings(before, after),
    ...serviceTypeFindings(before, after),
  ];
}

function addressFindings(before: Obj, after: Obj): Finding[] {
  const old = staticAddresses(before);
  const now = staticAddresses(after);
  if (old.length === 0 || isEqual(old, now)) return [];
  return [
    {
      risk: 'destructive',
      reason:
        now.length === 0
          ? `static address ${quoted(old)} released: the load balancer gets an ephemeral address, and clients and DNS records pointing at the old one stop reaching it`
          : `static address changes from ${quoted(old)} to ${quoted(now)}: clients and DNS records pointing at the old one stop reaching the load balancer`,
    },
  ];
}

/** A claim's size: it grows in place (when its class allows expansion), and never shrinks. */
function claimFindings(before: Obj, after: Obj): Finding[] {
  if (after.kind !== 'PersistentVolumeClaim') return [];
  const old = parseQuantity(valueAt(before, 'spec.resources.requests.storage'));
  const now = parseQuantity(valueAt(after, 'spec.resources.requests.storage'));
  if (!old || !now) return [];
  const size = (o: Obj) => String(valueAt(o, 'spec.resources.requests.storage'));
  const order = compareQuantities(now, old);
  if (order < 0) {
    // ValidatePersistentVolumeClaimUpdate: "field can not be less than previous value".
    return [
      {
        risk: 'destructive',
        reason: `claim shrinks from ${size(before)} to ${size(after)}: the API server refuses a smaller size, so only a new claim (a new, empty disk) has it`,
        replaces: true,
      },
    ];
  }
  if (order > 0) {
    return [
      {
        risk: 'safe',
        reason: `claim grows from ${size(before)} to ${size(after)}: the disk is expanded in place (its StorageClass must allow volume expansion) and can never shrink back`,
      },
    ];
  }
  return [];
}

/**
 * New domains mean a new certificate: HTTPS fails for them until Google has provisioned it,
 * which can take up to 60 minutes
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs).
 */
function certificateFindings(before: Obj, after: Obj): Finding[] {
  if (after.kind !== 'ManagedCertificate') return [];
  if (isEqual(before.spec?.domains, after.spec?.domains)) return [];
  return [
    {
      risk: 'destructive',
      reason: `certificate domains change from ${domains(before)} to ${domains(after)}: Google provisions a new certificate, and HTTPS fails until it is Active (up to 60 minutes)`,
    },
  ];
}

/** A changed pod template rolls every pod of a Deployment, StatefulSet or DaemonSet. */
function podTemplateFindings(before: Obj, after: Obj): Finding[] {
  if (!ROLLED.includes(after.kind)) return [];
  if (isEqual(before.spec?.template, after.spec?.template)) return [];
  return [
    {
      risk: 'disruptive',
      reason: `pod template changed: a rolling update restarts every pod of the ${after.kind}`,
    },
  ];
}

/** Fewer replicas, a lower autoscaler minimum or maximum, a tighter disruption budget. */
function capacityFindings(before: Obj, after: Obj): Finding[] {
  const lower = (path: string) => {
    const old = valueAt(before, path);
    const now = valueAt(after, path);
    return typeof old === 'number' && typeof now === 'number' && now < old ? [old, now] : undefined;
  };
  const findings: Finding[] = [];
  if (['Deployment', 'StatefulSet'].includes(after.kind)) {
    const replicas = lower('spec.replicas');
    if (replicas) {
      findings.push({
        risk: 'disruptive',
        reason: `replicas drop from ${replicas[0]} to ${replicas[1]}: ${replicas[0] - replicas[1]} pods stop and capacity drops`,
      });
    }
  }
  if (after.kind === 'HorizontalPodAutoscaler') {
    for (const [path, what] of [
      ['spec.minReplicas', 'minimum'],
      ['spec.maxReplicas', 'maximum'],
    ] as const) {
      const bound = lower(path);
      if (bound) {
        findings.push({
          risk: 'disruptive',
          reason: `autoscaler ${what} drops from ${bound[0]} to ${bound[1]}: capacity drops`,
        });
      }
    }
  }
  if (after.kind === 'PodDisruptionBudget') findings.push(...budgetFindings(before, after));
  return findings;
}

/**
 * A budget that lets fewer pods go at once: node drains (upgrades, autoscaler scale-down) wait
 * longer, and GKE forces an upgrade's drain after one hour
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies#surge).
 */
function budgetFindings(before: Obj, after: Obj): Finding[] {
  const old = before.spec ?? {};
  const now = after.spec ?? {};
  const tighter =
    (comparable(old.minAvailable, now.minAvailable) &&
      amount(now.minAvailable) > amount(old.minAvailable)) ||
    (comparable(old.maxUnavailable, now.maxUnavailable) &&
      amount(now.maxUnavailable) < amount(old.maxUnavailable));
  if (!tighter) return [];
  return [
    {
      risk: 'disruptive',
      reason: `disruption budget tightens (${budget(before)} to ${budget(after)}): fewer pods may stop at once, so node drains and upgrades take longer`,
    },
  ];
}

/** Whether two budget values are both numbers or both percentages. */
function comparable(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    typeof a === typeof b &&
    (typeof a === 'number' || (String(a).endsWith('%') && String(b).endsWith('%')))
  );
}

function amount(value: unknown): number {
  return typeof value === 'number' ? value : Number.parseFloat(String(value));
}

function budget(pdb: Obj): string {
  const spec = pdb.spec ?? {};
  return spec.minAvailable !== undefined
    ? `minAvailable ${spec.minAvailable}`
    : `maxUnavailable ${spec.maxUnavailable}`;
}

/**
 * A Service that becomes or stops being ExternalName drops or gets a cluster IP (the API
 * server allows it: ValidateServiceUpdate keeps cluster IPs immutable only between types that
 * have them): clients that hold the old address lose it.
 */
function serviceTypeFindings(before: Obj, after: Obj): Finding[] {
  if (after.kind !== 'Service') return [];
  const was = before.spec?.type ?? 'ClusterIP';
  const is = after.spec?.type ?? 'ClusterIP';
  if (was === is || (was !== 'ExternalName' && is !== 'ExternalName')) return [];
  return [
    {
      risk: 'disruptive',
      reason: `type changes from ${was} to ${is}: the Service ${is === 'ExternalName' ? 'releases its cluster IP' : 'gets a new cluster IP'}, and connections through the old address stop`,
    },
  ];
}

function domains(certificate: Obj): string {
  return quoted((certificate.spec?.domains ?? []) as string[]);
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ') || 'none';
}
