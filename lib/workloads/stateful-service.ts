import { NetworkPolicies } from './network/network-policies';
import { createHash } from 'node:crypto';
import { checkWholeNumber, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import { checkFormat, isDns1035Label } from '../core/apimachinery';
import { checkAbsolutePath, checkPort } from './pod/container';
import { type ContainerSpec } from './pod/container-spec';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import {
  loadBalancerAnnotations,
  type LoadBalancerServiceSpec,
} from './network/load-balancer-service';
import { PREEMPTION_GRACE_SECONDS } from './pod/placement';
import type { ConnectionTarget, ServicePort } from './network/connections';
import {
  candidatePools,
  checkAttachable,
  checkDisk,
  checkDiskSize,
  type DiskClass,
  type DiskNeed,
  knownZones,
  type ReclaimPolicy,
  StorageClasses,
} from './storage/storage-classes';
import { type SnapshotSchedule, VolumeSnapshots } from './volume-snapshots';
import { budgetMaxUnavailable, type DisruptionBudgetSpec } from './replicated-workload';
import { Workload, type WorkloadProps } from './workload';

/**
 * A disk per pod, mounted read-write at its path in the main container (sidecars and init
 * containers do not mount it): a PersistentVolumeClaim template of the
 * StatefulSet, provisioned by GKE's PD CSI driver from a StorageClass the library emits.
 */
export interface VolumeSpec<E extends string = string> {
  /**
   * The disk's size: whole GiB, at least 10Gi for Persistent Disk (200Gi for a regional
   * `standard` disk) and 4Gi for Hyperdisk Balanced. Per environment if needed. A claim
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

/** How the pods spread over the zones of the cluster. */
export interface ZoneSpreadSpec {
  /**
   * `true`: a pod waits (Pending) rather than land in a zone that already has `maxSkew` more
   * pods than another (`DoNotSchedule`); `false`: the scheduler prefers to spread but places
   * the pod anyway (`ScheduleAnyway`). With zonal disks a pod's first placement is final, so
   * the default is `true`.
   * @default true
   */
  readonly required?: boolean;
  /** How many more pods one zone may have than another. @default 1 */
  readonly maxSkew?: number;
  /**
   * With `required`: the number of zones the pods must spread over (`minDomains`). While
   * fewer zones have nodes, the scheduler takes the smallest zone's count as 0, so each zone
   * holds at most `maxSkew` pods: pods wait for nodes in the missing zones rather than crowd
   * into the others (where their zonal disks would then stay).
   * @default none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition
   */
  readonly minZones?: number;
}

/** Props of {@link StatefulService}. */
export interface StatefulServiceProps<E extends string = string> extends WorkloadProps<E> {
  /** The port the main container serves on. */
  readonly port: number;
  /**
   * The main container's health checks.
   * @default a TCP check of `port` (a database seldom answers HTTP)
   */
  readonly health?: ContainerSpec<E>['health'];
  /** The name of the port (on the container and both Services). @default 'tcp' */
  readonly portName?: string;
  /** The port of the client Service. @default `port` */
  readonly servicePort?: number;
  /** Pods, each with its own disks. @default 1 */
  readonly replicas?: PerEnv<number, E>;
  /**
   * Disks by absolute mount path, one per pod each, e.g.
   * `{ '/var/lib/mysql': { size: '20Gi', class: 'ssd' } }`. A path may not be a config file's,
   * a secret's or a scratch path.
   * @default none
   */
  readonly volumes?: Readonly<Record<string, VolumeSpec<E>>>;
  /**
   * `OrderedReady` starts pods one at a time in ordinal order (and stops them in reverse);
   * `Parallel` starts and stops them all at once. Cannot change once the StatefulSet exists.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * `RollingUpdate` replaces pods from the highest ordinal down, one at a time, each after the
   * previous is Ready; `OnDelete` replaces a pod only when it is deleted by hand.
   * @default 'RollingUpdate'
   */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /**
   * With `RollingUpdate`: only pods with an ordinal ≥ `partition` are updated (a canary of the
   * highest ordinals; lower it step by step to roll on). Per environment if needed.
   * @default 0 (all pods)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions
   */
  readonly partition?: PerEnv<number, E>;
  /**
   * Whether a claim is deleted with the StatefulSet (`whenDeleted`) or when a scale-down
   * removes its pod (`whenScaled`). `Retain` keeps claims and disks; a later StatefulSet or
   * scale-up of the same name mounts them again.
   * @default { whenDeleted: 'Retain', whenScaled: 'Retain' }
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
   */
  readonly claimRetention?: {
    readonly whenDeleted?: 'Retain' | 'Delete';
    readonly whenScaled?: 'Retain' | 'Delete';
  };
  /**
   * The PodDisruptionBudget, emitted when more than one pod runs: how many pods a node drain
   * or upgrade may take down at once, or `false` for none.
   * @default { maxUnavailable: 1 }
   */
  readonly disruptionBudget?: PerEnv<DisruptionBudgetSpec | false, E>;
  /**
   * Spread the pods over zones (and, preferably, nodes). The disks are zonal: the PD CSI
   * driver creates each one in the zone of the node its pod is first scheduled to
   * (`WaitForFirstConsumer`), and the pod can only ever run in that zone afterwards (a
   * regional disk: in its two zones). The zone spread therefore decides where the data lives.
   * @default { required: true, maxSkew: 1 }
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
   */
  readonly zoneSpread?: ZoneSpreadSpec | false;
  /**
   * Whether the headless Service lists pods that are not Ready, so that peers find each other
   * while starting (cluster bootstrap, replication); the client Service never does.
   * @default true
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * The client Service's reach: `type: 'LoadBalancer'` puts a Google passthrough load balancer
   * in front of it (a single-replica app with its own disk, as GKE's WordPress sample), with
   * the same `staticIp`, `internal` and `sourceRanges` as a WebService's.
   * @default a ClusterIP Service, reachable inside the cluster only
   */
  readonly service?: LoadBalancerServiceSpec;
  /** Old revisions kept for rollback. @default 5 */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds between SIGTERM and SIGKILL: time to flush and close files. On Spot or
   * preemptible nodes at most 25.
   * @default 60, or 25 where the pods may land on Spot or preemptible nodes
   */
  readonly terminationGracePeriodSeconds?: number;
  /** Scheduled VolumeSnapshots of every disk, or `false`. @default false */
  readonly snapshots?: PerEnv<SnapshotSchedule | false, E>;
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

/**
 * A replicated service that keeps data: a StatefulSet whose pods each get their own disks,
 * with two Services.
 *
 * - `<name>-client` (ClusterIP, or `LoadBalancer` with `service`) is what clients use: `host` is its DNS name
 *   (`<name>-client.<namespace>.svc.cluster.local`), and `connections` of other workloads
 *   point there. It routes to Ready pods only.
 * - `<name>` (headless, the StatefulSet's `serviceName`) gives each pod a stable DNS name,
 *   `<name>-<ordinal>.<name>.<namespace>.svc.cluster.local` (`podHost(i)`), for peers and
 *   replication.
 *
 * The pods are hardened like every workload's (non-root, read-only root filesystem; the disks
 * are writable because the pod's `fsGroup` owns them, changed only when the root of the volume
 * does not match, `OnRootMismatch`). Disks come from StorageClasses the library emits once per
 * environment (`WaitForFirstConsumer`, expandable, `Retain` by default), and claims are kept
 * when the StatefulSet is deleted or scaled down unless `claimRetention` says otherwise:
 * deleting never deletes data unless asked.
 *
 * @example
 * new StatefulService(chart, 'redis', {
 *   image: 'europe-docker.pkg.dev/acme/mirror/redis:7.2.5',
 *   port: 6379,
 *   args: ['--appendonly', 'yes', '--dir', '/data'],
 *   health: { type: 'exec', command: ['redis-cli', 'ping'] },
 *   volumes: { '/data': { size: { dev: '10Gi', prod: '50Gi' }, class: 'ssd' } },
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulService<E extends string = string>
  extends Workload<E>
  implements ConnectionTarget
{
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The ClusterIP Service clients use, `<name>-client`. */
  readonly service: k8s.KubeService;
  /** The headless Service that names the pods, `<name>`. */
  readonly headlessService: k8s.KubeService;
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The snapshot job, where `snapshots` is set. */
  readonly snapshots?: VolumeSnapshots;
  /** The names of the StorageClasses the disks use, by mount path. */
  readonly storageClassNames: Readonly<Record<string, string>>;
  /** The pod count in this environment. */
  readonly replicas: number;
  readonly servicePort: number;
  /** The port the main container listens on. */
  readonly containerPort: number;
  /** The client Service's DNS name: `<name>-client.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** The client Service's one port, what other workloads' `connections` reach. */
  readonly servicePorts: readonly ServicePort[];
  /** The workload whose pods serve the Service: this one. */
  readonly workload = this;
  /** The headless Service's name (the StatefulSet's `serviceName`). */
  readonly headlessServiceName: string;

  constructor(scope: Scope<E>, id: string, props: StatefulServiceProps<NoInfer<E>>) {
    super(
      scope,
      id,
      { ...props, portName: props.portName ?? 'tcp', health: props.health ?? { type: 'tcp' } },
      { kind: 'StatefulService', component: 'database', probes: 'default' },
    );
    const where = this.where;
    checkFormat(where, 'name', this.name, isDns1035Label);
    this.containerPort = checkPort(where, 'port', props.port);
    this.servicePort = checkPort(where, 'servicePort', props.servicePort ?? props.port);
    this.servicePorts = [
      { name: this.portName, port: this.servicePort, targetPort: this.containerPort },
    ];
    this.headlessServiceName = this.name;
    const clientName = `${this.name}-client`;
    this.host = `${clientName}.${this.chart.namespaceName}.svc.cluster.local`;
    this.replicas = checkWholeNumber(
      where,
      'replicas',
      this.resolve(props.replicas ?? 1, 'replicas'),
      0,
    );

    const env = this.chart.environment;
    const pools = candidatePools(env.nodePools, this.resolve(props.placement ?? {}, 'placement'));
    const zones = knownZones(pools);

    // Disks: claim templates, their classes, and mounts on the main container.
    const mounts = this.pod.main.container.volumeMounts ?? [];
    const podVolumes = new Set((this.pod.template.spec?.volumes ?? []).map((v) => v.name));
    const claims: k8s.KubePersistentVolumeClaimProps[] = [];
    const claimMounts: k8s.VolumeMount[] = [];
    const classNames: Record<string, string> = {};
    const classes = StorageClasses.of(this.chart);
    let anyZonal = false;
    for (const [path, spec] of Object.entries(props.volumes ?? {})) {
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
      checkDiskSize(where, `${prop}.size`, this.resolve(spec.size, `${prop}.size`), need);
      checkAttachable(where, prop, need, pools);
      if (need.regional && zones?.length === 1) {
        fail(
          where,
          `${prop}.regional`,
          `is true, but the pods' node pools run in one zone only (${zones[0]}), and a regional disk needs nodes in two`,
          'run the pools in two or more zones of the region, or use a zonal disk',
        );
      }
      anyZonal ||= !need.regional;
      const claimName = spec.claimName ?? claimNameOf(path);
      if (spec.claimName !== undefined && !/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(claimName))
        fail(
          where,
          `${prop}.claimName`,
          `is ${JSON.stringify(claimName)}`,
          "use up to 40 lower-case letters, digits and '-', starting and ending with a letter or digit",
        );
      if (podVolumes.has(claimName) || claims.some((c) => c.metadata?.name === claimName))
        fail(
          where,
          `${prop}.claimName`,
          `is '${claimName}', the name of another volume of the pod`,
          "give the claim its own name with 'claimName'",
        );
      const storageClassName = classes.use(need);
      classNames[path] = storageClassName;
      claims.push({
        // Claim templates cannot change once the StatefulSet exists: only labels that never
        // change (not the version) go here.
        metadata: { name: claimName, labels: { ...this.selector } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName,
          resources: {
            requests: { storage: k8s.Quantity.fromString(this.resolve(spec.size, `${prop}.size`)) },
          },
        },
      });
      claimMounts.push({ name: claimName, mountPath: path });
    }
    this.storageClassNames = classNames;

    const spread = props.zoneSpread ?? {};
    const spreadConstraints = spread === false ? undefined : this.spread(spread, zones, anyZonal);

    // Pod spec: the disks on the main container, fsGroup that changes ownership only when
    // needed, and a longer default grace period (time to flush).
    const podSpec = this.pod.template.spec as k8s.PodSpec;
    const [main, ...sidecars] = podSpec.containers;
    const grace =
      props.terminationGracePeriodSeconds ??
      (this.pod.placement.mayBePreempted ? PREEMPTION_GRACE_SECONDS : 60);
    const template: k8s.PodTemplateSpec = {
      ...this.pod.template,
      spec: {
        ...podSpec,
        terminationGracePeriodSeconds: grace,
        securityContext: {
          ...podSpec.securityContext,
          // The kubelet chowns the volume to fsGroup only when its root does not match already,
          // instead of on every mount (slow for large disks).
          // @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods
          fsGroupChangePolicy: 'OnRootMismatch',
        },
        containers: [
          {
            ...main,
            volumeMounts:
              [...(main.volumeMounts ?? []), ...claimMounts].length > 0
                ? [...(main.volumeMounts ?? []), ...claimMounts]
                : undefined,
          },
          ...sidecars,
        ],
        topologySpreadConstraints: spreadConstraints,
      },
    };

    const updateStrategy = props.updateStrategy ?? 'RollingUpdate';
    if (updateStrategy !== 'RollingUpdate' && updateStrategy !== 'OnDelete')
      fail(
        where,
        'updateStrategy',
        `is ${JSON.stringify(updateStrategy)}`,
        "use 'RollingUpdate' or 'OnDelete'",
      );
    const partition =
      props.partition === undefined ? undefined : this.resolve(props.partition, 'partition');
    if (partition !== undefined) {
      if (updateStrategy === 'OnDelete')
        fail(
          where,
          'partition',
          "is set with updateStrategy 'OnDelete', which replaces pods only when they are deleted",
          "leave 'partition' out, or use 'RollingUpdate'",
        );
      checkWholeNumber(where, 'partition', partition, 0);
    }
    const podManagementPolicy = props.podManagementPolicy ?? 'OrderedReady';
    if (podManagementPolicy !== 'OrderedReady' && podManagementPolicy !== 'Parallel')
      fail(
        where,
        'podManagementPolicy',
        `is ${JSON.stringify(podManagementPolicy)}`,
        "use 'OrderedReady' or 'Parallel'",
      );
    const retention = props.claimRetention ?? {};
    for (const when of ['whenDeleted', 'whenScaled'] as const) {
      const value = retention[when];
      if (value !== undefined && value !== 'Retain' && value !== 'Delete')
        fail(
          where,
          `claimRetention.${when}`,
          `is ${JSON.stringify(value)}`,
          "use 'Retain' or 'Delete'",
        );
    }

    this.statefulSet = new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata: this.metadata(),
      spec: {
        replicas: this.replicas,
        serviceName: this.headlessServiceName,
        podManagementPolicy,
        revisionHistoryLimit: checkWholeNumber(
          where,
          'revisionHistoryLimit',
          props.revisionHistoryLimit ?? 5,
          0,
        ),
        selector: { matchLabels: { ...this.selector } },
        updateStrategy:
          updateStrategy === 'OnDelete'
            ? { type: 'OnDelete' }
            : { type: 'RollingUpdate', rollingUpdate: { partition: partition ?? 0 } },
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: retention.whenDeleted ?? 'Retain',
          whenScaled: retention.whenScaled ?? 'Retain',
        },
        template,
        volumeClaimTemplates: claims.length > 0 ? claims : undefined,
      },
    });
    this.claim('StatefulSet');

    const port: k8s.ServicePort = {
      name: this.portName,
      port: this.servicePort,
      targetPort: k8s.IntOrString.fromNumber(this.containerPort),
      protocol: 'TCP',
    };
    this.headlessService = new k8s.KubeService(this, 'headless-service', {
      metadata: this.metadata(),
      spec: {
        clusterIp: 'None',
        selector: { ...this.selector },
        ports: [port],
        // Peers of a starting cluster find each other before they are Ready.
        // @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
        publishNotReadyAddresses: props.publishNotReadyAddresses ?? true,
      },
    });
    this.claim('Service');
    const reach = props.service ?? {};
    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata(
        loadBalancerAnnotations(this.chart, where, 'service', reach),
        clientName,
      ),
      spec: {
        type: reach.type ?? 'ClusterIP',
        selector: { ...this.selector },
        ports: [port],
        loadBalancerSourceRanges: reach.sourceRanges && [...reach.sourceRanges],
      },
    });
    this.claim('Service', clientName);
    if (reach.type === 'LoadBalancer')
      NetworkPolicies.of(this.chart).addLoadBalancer(this, {
        kind: 'passthrough',
        sourceRanges: reach.sourceRanges,
      });

    const budget = this.resolve(
      props.disruptionBudget ?? { maxUnavailable: 1 },
      'disruptionBudget',
    );
    if (this.replicas > 1 && budget !== false) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: this.metadata(),
        spec: {
          maxUnavailable: budgetMaxUnavailable(where, budget),
          selector: { matchLabels: { ...this.selector } },
        },
      });
      this.claim('PodDisruptionBudget');
    }

    const snapshots = this.resolve(props.snapshots ?? false, 'snapshots');
    if (snapshots !== false) {
      if (claims.length === 0)
        fail(
          where,
          'snapshots',
          'is set, but there are no volumes to snapshot',
          "declare 'volumes', or leave 'snapshots' out",
        );
      this.snapshots = new VolumeSnapshots(
        this,
        'snapshots',
        {
          workload: this,
          claims: claims.flatMap((c) =>
            Array.from({ length: this.replicas }, (_, i) => ({
              claim: `${c.metadata?.name}-${this.name}-${i}`,
              key: `${c.metadata?.name}-${i}`,
            })),
          ),
        },
        snapshots,
      );
    }
  }

  /** The stable DNS name of pod `ordinal`: `<name>-<ordinal>.<name>.<namespace>.svc.cluster.local`. */
  podHost(ordinal: number): string {
    return `${this.name}-${ordinal}.${this.headlessServiceName}.${this.chart.namespaceName}.svc.cluster.local`;
  }

  private spread(
    spec: ZoneSpreadSpec,
    zones: readonly string[] | undefined,
    zonalDisks: boolean,
  ): k8s.TopologySpreadConstraint[] {
    const where = this.where;
    const required = spec.required ?? true;
    const maxSkew = checkWholeNumber(where, 'zoneSpread.maxSkew', spec.maxSkew ?? 1, 1);
    const minZones = spec.minZones;
    if (minZones !== undefined) {
      // ValidateTopologySpreadConstraints: minDomains only with DoNotSchedule.
      if (!required)
        fail(
          where,
          'zoneSpread.minZones',
          'is set with a preferred spread, which Kubernetes refuses (minDomains needs whenUnsatisfiable: DoNotSchedule)',
          "set 'required: true', or leave 'minZones' out",
        );
      checkWholeNumber(where, 'zoneSpread.minZones', minZones, 1);
      // Fewer zones than minDomains: the global minimum counts as 0, so each zone takes at most
      // maxSkew pods; with zonal disks the pods that do not fit can never go elsewhere.
      if (zones !== undefined && zones.length < minZones && this.replicas > maxSkew * zones.length)
        fail(
          where,
          'zoneSpread.minZones',
          `is ${minZones}, but the pods' node pools run in ${zones.length} zone(s) (${zones.join(', ')}), where at most ${maxSkew * zones.length} of the ${this.replicas} pods could ever schedule${zonalDisks ? ' (and zonal disks keep each pod in its first zone)' : ''}`,
          `lower 'minZones' to ${zones.length}, raise 'maxSkew', or run the pools in more zones`,
        );
    }
    return [
      {
        maxSkew,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: required ? 'DoNotSchedule' : 'ScheduleAnyway',
        minDomains: minZones,
        labelSelector: { matchLabels: { ...this.selector } },
      },
      {
        // Nodes: preferred only, so that a small pool never leaves a pod Pending.
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { ...this.selector } },
      },
    ];
  }
}
