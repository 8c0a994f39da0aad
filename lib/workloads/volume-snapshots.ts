import { Construct } from 'constructs';
import { PdVolumeSnapshotClass } from '../gke/volume-snapshot-class';
import { isSnapshotLocation } from '../platform/gcp-locations';
import { checkWholeNumber, fail } from '../core/errors';
import { checkFormat } from '../core/apimachinery';
import { checkProps } from '../core/prop-check';
import { isStrictCidr } from '../core/strict-ip';
import { CronTask } from './cron-task';
import type { EnvironmentChart } from './chart/environment-chart';
import { k8s } from './chart/kube';
import type { ResourceSpec } from './pod/container-spec';
import type { Schedule } from './batch/schedule';
import type { Workload } from './workload';

/**
 * Scheduled snapshots of every disk of a StatefulService: a CronJob that creates a
 * VolumeSnapshot of each claim and deletes the oldest beyond `keep`, through the Kubernetes
 * API with a Role that allows exactly that in the namespace.
 *
 * The image needs `kubectl` and a POSIX shell with `date`, `awk` and `xargs` (e.g. a copy of
 * `bitnami/kubectl` in one of the platform's registries): like every image, it must come from
 * a declared registry.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/volume-snapshots
 */
export interface SnapshotSchedule {
  /** The image that runs `kubectl`, from a declared registry. */
  readonly image: string;
  /** When to take snapshots: a {@link Schedule} or a five-field cron expression. */
  readonly schedule: Schedule | string;
  /** The IANA time zone of `schedule`. @default the platform's `timeZone` (an error without one) */
  readonly timeZone?: string;
  /** Snapshots kept per claim; older ones are deleted after each run. @default 7 */
  readonly keep?: number;
  /**
   * Where Compute Engine stores the snapshots: a region (`europe-west1`) or a multi-region
   * (`eu`, `us`, `asia`).
   * @default - the multi-region nearest the disk
   * @see https://cloud.google.com/compute/docs/disks/snapshot-settings
   */
  readonly storageLocation?: string;
  /**
   * The address range of the cluster's control plane, which the job's pods call on port 443
   * (its NetworkPolicy allows that and DNS only). The endpoint is not known when the manifests
   * are written; give it (`gcloud container clusters describe … --format 'value(endpoint)'`,
   * as `/32`) to narrow the rule.
   * @default '0.0.0.0/0' (any address, port 443 only)
   */
  readonly apiServerCidr?: string;
  /** The job container's resources. @default { cpu: '50m', memory: '64Mi' } */
  readonly resources?: ResourceSpec;
}

/** The label that ties a VolumeSnapshot to the claim it was taken of (for pruning). */
export const SNAPSHOT_OF_LABEL = 'gke-platform/snapshot-of';

/**
 * For each claim: create `<claim>-<UTC time>` with the claim as its source, then delete this
 * claim's snapshots past the newest $KEEP (oldest first, by creation time).
 */
const SNAPSHOT_SCRIPT = `set -eu
stamp=$(date -u +%Y%m%d-%H%M%S)
for entry in $CLAIMS; do
  claim=\${entry%%=*}
  key=\${entry#*=}
  printf '{"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"%s-%s","labels":{"app.kubernetes.io/instance":"%s","%s":"%s"}},"spec":{"volumeSnapshotClassName":"%s","source":{"persistentVolumeClaimName":"%s"}}}' "$claim" "$stamp" "$INSTANCE" "$LABEL" "$key" "$CLASS" "$claim" | kubectl create -f -
  kubectl get volumesnapshots -l "$LABEL=$key" --sort-by=.metadata.creationTimestamp -o name \\
    | awk -v keep="$KEEP" '{ line[NR] = $0 } END { for (i = 1; i <= NR - keep; i++) print line[i] }' \\
    | xargs -r kubectl delete
done
`;

/** What the snapshot job needs to know about the StatefulService. */
export interface SnapshotTarget {
  /** The StatefulService whose disks are snapshotted. */
  readonly workload: Workload;
  /** Claim names, each with its short label value (`<template>-<ordinal>`). */
  readonly claims: readonly { readonly claim: string; readonly key: string }[];
}

/**
 * The snapshot job of one StatefulService: its CronTask, Role and RoleBinding, and the
 * environment's VolumeSnapshotClass (emitted once per environment and storage location).
 */
export class VolumeSnapshots extends Construct {
  /** The CronTask that takes the snapshots and prunes the old ones. */
  readonly cronTask: CronTask;
  /**
   * The Role that lets the job create, list and delete VolumeSnapshots in the namespace, and
   * nothing else.
   */
  readonly role: k8s.KubeRole;
  /** The binding of {@link VolumeSnapshots.role} to the job's ServiceAccount. */
  readonly roleBinding: k8s.KubeRoleBinding;
  /** The name of the VolumeSnapshotClass the snapshots use. */
  readonly className: string;

  constructor(scope: Workload, id: string, target: SnapshotTarget, spec: SnapshotSchedule) {
    checkProps(target.workload.where, 'SnapshotSchedule', spec, [], 'snapshots');
    super(scope, id);
    const workload = target.workload;
    const where = workload.where;
    const keep = checkWholeNumber(where, 'snapshots.keep', spec.keep ?? 7, 1);
    const apiServer = checkFormat(
      where,
      'snapshots.apiServerCidr',
      spec.apiServerCidr ?? '0.0.0.0/0',
      isStrictCidr,
    );
    const location = spec.storageLocation;
    if (location !== undefined && (typeof location !== 'string' || !isSnapshotLocation(location)))
      fail(
        where,
        'snapshots.storageLocation',
        `is ${JSON.stringify(location)}, which is not a Google Cloud region or a multi-region Compute Engine stores snapshots in`,
        "use a region such as 'europe-west1', or the multi-region 'eu', 'us' or 'asia'",
      );
    this.className = snapshotClass(workload.chart, spec.storageLocation);
    const name = `${workload.name}-snapshots`;
    this.cronTask = new CronTask(this, 'job', {
      name,
      image: spec.image,
      command: ['/bin/sh', '-c', SNAPSHOT_SCRIPT],
      env: {
        CLAIMS: target.claims.map((c) => `${c.claim}=${c.key}`).join(' '),
        INSTANCE: workload.name,
        LABEL: SNAPSHOT_OF_LABEL,
        CLASS: this.className,
        KEEP: String(keep),
        // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
        HOME: '/tmp',
      },
      schedule: spec.schedule,
      timeZone: spec.timeZone,
      automountServiceAccountToken: true,
      resources: spec.resources ?? { cpu: '50m', memory: '64Mi' },
      egress: [{ cidr: apiServer, ports: [443] }],
    });
    // The one workload of the service that needs an API token, which Polaris flags: the
    // exemption shows the decision (as a DaemonAgent with `rules` does).
    this.cronTask.cronJob.metadata.addAnnotation(
      'polaris.fairwinds.com/automountServiceAccountToken-exempt',
      'true',
    );
    const metadata = {
      name,
      namespace: workload.chart.namespaceName,
      labels: { ...this.cronTask.labels },
    };
    // Least privilege: VolumeSnapshots of this namespace only; create, and get/list/delete to
    // prune. Nothing on claims or disks.
    this.role = new k8s.KubeRole(this, 'role', {
      metadata,
      rules: [
        {
          apiGroups: ['snapshot.storage.k8s.io'],
          resources: ['volumesnapshots'],
          verbs: ['create', 'get', 'list', 'delete'],
        },
      ],
    });
    workload.chart.claimName('Role', name, this);
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: workload.chart.namespaceName }],
    });
    workload.chart.claimName('RoleBinding', name, this);
  }
}

/**
 * The environment's VolumeSnapshotClass for a storage location, created on first use. Its
 * deletion policy is `Delete`, so that pruning a VolumeSnapshot frees the Compute Engine
 * snapshot; the job only deletes snapshots past the count it keeps.
 */
function snapshotClass(chart: EnvironmentChart, location: string | undefined): string {
  const name = [chart.platform.name, 'pd-snapshots', location].filter(Boolean).join('-');
  const id = `volume-snapshot-class-${name}`;
  // Cluster-wide: a preview uses the class its base environment emits.
  if (chart.node.tryFindChild(id) || chart.preview) return name;
  new PdVolumeSnapshotClass(chart, id, {
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/part-of': chart.platform.name,
        'app.kubernetes.io/managed-by': 'gke-platform',
      },
    },
    deletionPolicy: 'Delete',
    storageLocation: location,
  });
  chart.claimName('VolumeSnapshotClass', name, chart);
  return name;
}
