import { createHash } from 'node:crypto';
import { fail } from '../../core/errors';
import type { PerEnv } from '../../core/per-env';
import type { NodePool } from '../../platform/node-pool';
import { k8s } from '../chart/kube';
import { checkAbsolutePath } from '../pod/container';
import type { PodTemplate } from '../pod/pod-template';
import { checkDiskMaximum } from './disk-maximum';
import {
  checkAttachable,
  checkDisk,
  checkDiskSize,
  type DiskClass,
  type DiskNeed,
  type ReclaimPolicy,
  type StorageClasses,
} from '../storage/storage-classes';

/**
 * A disk per pod, mounted read-write at its path in the main container (sidecars and init
 * containers do not mount it): a PersistentVolumeClaim template of the
 * StatefulSet, provisioned by GKE's PD CSI driver from a StorageClass the library emits.
 */
export interface VolumeSpec<E extends string = string> {
  /**
   * The disk's size: whole GiB, at least 10Gi for Persistent Disk (200Gi for a regional
   * `standard` disk) and 4Gi for Hyperdisk Balanced, at most 64Ti. Per environment if needed. A claim
   * template cannot change once the StatefulSet exists: to grow a disk, patch each claim
   * (`kubectl patch pvc …`, the classes allow expansion) and re-create the StatefulSet with
   * `kubectl delete statefulset --cascade=orphan`; see the README.
   */
  readonly size: PerEnv<string, E>;
  /**
   * The disk type. Checked against the machine series of the node pools the pods may run on
   * (G2 attaches no `standard`; C4, N4, A3 Ultra and A4 attach only `hyperdisk-balanced`).
   * @default 'balanced'
   * @see https://cloud.google.com/compute/docs/disks#disk-types
   */
  readonly class?: DiskClass;
  /**
   * A regional Persistent Disk (`replication-type: regional-pd`), replicated synchronously to
   * a second zone, so that the pod can move there with its data if its zone fails. Needs a
   * regional cluster (nodes in at least two zones).
   * @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/regional-pd
   */
  readonly regional?: boolean;
  /**
   * What happens to the disk when its claim is deleted: `Retain` keeps it (the PersistentVolume
   * is then `Released` and can be bound again by hand), `Delete` deletes it.
   * @default 'Retain'
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * The claim template's name; claims are `<name>-<workload>-<ordinal>`. It cannot change
   * once the StatefulSet exists: set it to keep the claims of an existing StatefulSet.
   * @default the path's segments joined by '-' ('/var/lib/mysql' → 'var-lib-mysql')
   */
  readonly claimName?: string;
}

/** The prop that mounted a path in the main container, from its volume's name. */
function mountedBy(volume: string): string {
  if (volume === 'config') return 'configFiles';
  if (/-scratch-\d+$/.test(volume)) return 'scratchPaths';
  if (/-secret-\d+$/.test(volume)) return 'secretMounts';
  if (/-sm-\d+$/.test(volume)) return 'secretFiles';
  return 'a mount';
}

/** The default claim template name of a mount path: its segments joined by '-'. */
function claimNameOf(path: string): string {
  const plain = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = plain === '' ? 'data' : plain;
  if (name.length <= 40) return name;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return `${name.slice(0, 31).replace(/-+$/, '')}-${hash}`;
}

/** The disks of a StatefulService's pods, as claim templates. */
export interface VolumeClaims {
  /** The StatefulSet's `volumeClaimTemplates`, in the order of `volumes`. */
  readonly claims: readonly k8s.KubePersistentVolumeClaimProps[];
  /** The StorageClass of each disk, by mount path. */
  readonly classNames: Readonly<Record<string, string>>;
  /** Whether any disk is zonal (its pod then stays in its first zone). */
  readonly anyZonal: boolean;
}

/** What the claims of a StatefulService depend on besides its `volumes`. */
export interface ClaimContext {
  readonly where: string;
  /** A per-environment prop's value in the workload's environment. */
  readonly resolve: <T>(value: PerEnv<T>, prop: string) => T;
  /** The pod, whose main container mounts each disk. */
  readonly template: PodTemplate;
  /** Labels that never change (claim templates cannot change once the StatefulSet exists). */
  readonly selector: Readonly<Record<string, string>>;
  /** The node pools the pods may run on, each of which must attach the disks. */
  readonly pools: readonly NodePool[];
  /** The zones of those pools, where the platform declares them all. */
  readonly zones?: readonly string[];
  /** The environment's StorageClasses, which emit each class the disks use once. */
  readonly classes: StorageClasses;
}

/**
 * Claim templates for `volumes`, each checked (path, disk type against the pools, size, name)
 * and mounted read-write at its path in the main container.
 */
export function volumeClaims(
  volumes: Readonly<Record<string, VolumeSpec>>,
  ctx: ClaimContext,
): VolumeClaims {
  const { where, template } = ctx;
  const mounts = [...template.main.volumeMounts];
  const podVolumes = new Set(template.volumeNames);
  const claims: k8s.KubePersistentVolumeClaimProps[] = [];
  const classNames: Record<string, string> = {};
  let anyZonal = false;
  for (const [path, spec] of Object.entries(volumes)) {
    const prop = `volumes.${path}`;
    checkAbsolutePath(where, 'volumes', path, '/var/lib/data');
    const clash = mounts.find((m) => m.mountPath === path);
    if (clash) {
      fail(
        where,
        prop,
        `mounts '${path}', which ${mountedBy(clash.name)} already mounts`,
        'give the disk its own path',
      );
    }
    const need: DiskNeed = checkDisk(where, prop, spec);
    const size = checkDiskSize(where, `${prop}.size`, ctx.resolve(spec.size, `${prop}.size`), need);
    checkDiskMaximum(where, `${prop}.size`, size, need);
    checkAttachable(where, prop, need, ctx.pools);
    if (need.regional && ctx.zones?.length === 1) {
      fail(
        where,
        `${prop}.regional`,
        `is true, but the pods' node pools run in one zone only (${ctx.zones[0]}), and a regional disk needs nodes in two`,
        'run the pools in two or more zones of the region, or use a zonal disk',
      );
    }
    anyZonal ||= !need.regional;
    const claimName = checkClaimName(where, prop, spec, path);
    if (podVolumes.has(claimName) || claims.some((c) => c.metadata?.name === claimName))
      fail(
        where,
        `${prop}.claimName`,
        `is '${claimName}', the name of another volume of the pod`,
        "give the claim its own name with 'claimName'",
      );
    const storageClassName = ctx.classes.use(need);
    classNames[path] = storageClassName;
    claims.push({
      // Claim templates cannot change once the StatefulSet exists: only labels that never
      // change (not the version) go here.
      metadata: { name: claimName, labels: { ...ctx.selector } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName,
        resources: {
          requests: { storage: k8s.Quantity.fromString(ctx.resolve(spec.size, `${prop}.size`)) },
        },
      },
    });
  }
  // Mounted after every check, so that a failed check leaves the pod as it was.
  Object.keys(volumes).forEach((path, i) =>
    template.main.addVolumeMount(
      { name: claims[i].metadata?.name as string, mountPath: path },
      `volumes.${path}`,
    ),
  );
  return { claims, classNames, anyZonal };
}

/** The claim template's name: `claimName`, checked, or one made from the path. */
function checkClaimName(where: string, prop: string, spec: VolumeSpec, path: string): string {
  const claimName = spec.claimName ?? claimNameOf(path);
  if (spec.claimName !== undefined && !/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(claimName))
    fail(
      where,
      `${prop}.claimName`,
      `is ${JSON.stringify(claimName)}`,
      "use up to 40 lower-case letters, digits and '-', starting and ending with a letter or digit",
    );
  return claimName;
}
