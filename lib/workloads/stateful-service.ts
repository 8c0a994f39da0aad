import { checkWholeNumber, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import { checkFormat, isDns1035Label } from '../core/apimachinery';
import { checkPort } from './pod/container';
import { type ContainerSpec } from './pod/container-spec';
import type { Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import { type LoadBalancerServiceSpec, previewReach } from './network/load-balancer-service';
import type { ConnectionTarget, ServicePort } from './network/connections';
import { candidatePools, knownZones, StorageClasses } from './storage/storage-classes';
import { type SnapshotSchedule, VolumeSnapshots } from './volume-snapshots';
import { createDisruptionBudget, type DisruptionBudgetSpec } from './pod/disruption-budget';
import { type ZoneSpread, zoneSpreadConstraints } from './pod/zone-spread';
import { type VolumeClaims, volumeClaims, type VolumeSpec } from './stateful/claims';
import { createStatefulServices } from './stateful/services';
import { checkPeerPorts, type PeerPort } from './stateful/peer-ports';
import { NetworkPolicies } from './network/network-policies';
import { exportServiceNamed } from './network/cross-cluster';
import { statefulSetSettings } from './stateful/stateful-set';
import { Workload, type WorkloadProps } from './workload';
import { checkConstructProps } from './chart/construct-props';
import { type ClusterChoice, chartPools } from './pod/cluster-placement';

export type { VolumeSpec } from './stateful/claims';
export type { PeerPort } from './stateful/peer-ports';
export type { ZoneSpreadSpec } from './pod/zone-spread';

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
  /**
   * Ports the pods use only among themselves, beside `port`: a cluster bus or a transport
   * between nodes, e.g. `[{ name: 'cluster-bus', port: 16379 }]` for Redis Cluster or
   * `[{ name: 'transport', port: 9300 }]` for Elasticsearch. Each is a port of the main
   * container and of the headless Service (so peers find it by DNS SRV), never of the client
   * Service, and the NetworkPolicy admits only this StatefulService's own pods on it.
   * Whatever this says, replicas reach each other on `port` when more than one runs.
   * @default none
   */
  readonly peerPorts?: readonly PeerPort[];
  /** Pods, each with its own disks. @default 1 */
  readonly replicas?: PerEnv<number, E>;
  /**
   * In an environment of several clusters: the clusters it runs on, `'all'`, a list of names,
   * or a pod count per cluster (which replaces `replicas` there). Each cluster it runs on has
   * its own pods and disks, holding their own data; a cluster left out gets none of its
   * objects, and its clients there reach it across clusters. In an environment of one
   * cluster only `'all'` is valid.
   * @default only the config cluster: the data lives in one place, and the workloads of
   *   the other clusters connect to it there
   */
  readonly clusters?: PerEnv<ClusterChoice, E>;
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
   * `true` is the default spread; `false` turns it off.
   * @default { required: true, maxSkew: 1 }
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
   */
  readonly zoneSpread?: ZoneSpread;
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
  readonly service?: LoadBalancerServiceSpec<E>;
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

/**
 * A replicated service that keeps data: a StatefulSet whose pods each get their own disks,
 * with two Services.
 *
 * - `<name>-client` (ClusterIP, or `LoadBalancer` with `service`) is what clients use: `host` is its DNS name
 *   (`<name>-client.<namespace>.svc.cluster.local`), and `connections` of other workloads
 *   point there. It routes to Ready pods only.
 * - `<name>` (headless, the StatefulSet's `serviceName`) gives each pod a stable DNS name,
 *   `<name>-<ordinal>.<name>.<namespace>.svc.cluster.local` (`podHost(i)`), for peers and
 *   replication; it also carries the `peerPorts`.
 *
 * The replicas reach each other on `port` and the `peerPorts` (the NetworkPolicy admits the
 * StatefulService's own pods there); clients reach `port` only.
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
  /** The StatefulSet (apps/v1) whose pods each get their own disks. */
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The ClusterIP Service clients use, `<name>-client`. */
  readonly service: k8s.KubeService;
  /** The headless Service that names the pods, `<name>`. */
  readonly headlessService: k8s.KubeService;
  /** The PodDisruptionBudget, where more than one pod runs and `disruptionBudget` is not false. */
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The snapshot job, where `snapshots` is set. */
  readonly snapshots?: VolumeSnapshots;
  /** The names of the StorageClasses the disks use, by mount path. */
  readonly storageClassNames: Readonly<Record<string, string>>;
  /** The pod count in this environment. */
  readonly replicas: number;
  /** The port clients use: the client Service's one port. */
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
  /** The ports the pods use only among themselves, on the headless Service. */
  readonly peerPorts: readonly Required<PeerPort>[];

  constructor(scope: Scope<E>, id: string, props: StatefulServiceProps<NoInfer<E>>) {
    checkConstructProps('StatefulService', scope, id, props);
    const portName = props.portName ?? 'tcp';
    const peerPorts = checkPeerPorts(
      `StatefulService '${[scope.node.path, id].filter(Boolean).join('/')}'`,
      props.peerPorts,
      { name: portName, port: props.port },
    );
    super(
      scope,
      id,
      { ...props, portName, health: props.health ?? { type: 'tcp' } },
      {
        kind: 'StatefulService',
        component: 'database',
        probes: 'default',
        // Time to flush and close files.
        gracePeriodSeconds: 60,
        clusters: { defaultClusters: 'config', counts: true },
        additionalPorts: peerPorts.map((p) => ({
          name: p.name,
          containerPort: p.port,
          protocol: p.protocol,
        })),
      },
    );
    this.peerPorts = peerPorts;
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
    // A count per cluster (`clusters`) replaces `replicas` on its cluster.
    this.replicas =
      this.clusterPlacement?.replicas ??
      checkWholeNumber(where, 'replicas', this.resolve(props.replicas ?? 1, 'replicas'), 0);

    const template = this.pod.template;
    const disks = this.addDisks(props);
    this.storageClassNames = disks.classNames;

    this.statefulSet = new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata: this.metadata(),
      spec: {
        replicas: this.replicas,
        serviceName: this.headlessServiceName,
        selector: { matchLabels: { ...this.selector } },
        ...statefulSetSettings(where, {
          ...props,
          partition:
            props.partition === undefined ? undefined : this.resolve(props.partition, 'partition'),
        }),
        template: template.lazy(),
        volumeClaimTemplates: disks.claims.length > 0 ? [...disks.claims] : undefined,
      },
    });
    this.claim('StatefulSet');

    const services = createStatefulServices(this, {
      where,
      chart: this.chart,
      metadata: (annotations, name) => this.metadata(annotations, name),
      selector: this.selector,
      headlessName: this.headlessServiceName,
      clientName,
      port: {
        name: this.portName,
        port: this.servicePort,
        targetPort: k8s.IntOrString.fromNumber(this.containerPort),
        protocol: 'TCP',
      },
      peerPorts: peerPorts.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.port),
        protocol: p.protocol,
      })),
      publishNotReadyAddresses: props.publishNotReadyAddresses ?? true,
      reach: previewReach(this.chart, props.service ?? {}),
      claim: (kind, name) => this.claim(kind, name),
    });
    this.headlessService = services.headless;
    this.service = services.client;
    // Replicas replicate and form clusters: each pod reaches the others on the client port and
    // the peer ports, and only they reach it on the peer ports.
    if (this.replicas > 1 || peerPorts.length > 0)
      NetworkPolicies.of(this.chart).addPeers(this, [
        { port: this.containerPort, protocol: 'TCP' },
        ...peerPorts,
      ]);

    this.disruptionBudget = createDisruptionBudget(this, {
      where,
      pods: this.replicas,
      budget: this.resolve(props.disruptionBudget ?? { maxUnavailable: 1 }, 'disruptionBudget'),
      metadata: this.metadata(),
      selector: this.selector,
    });
    if (this.disruptionBudget) this.claim('PodDisruptionBudget');
    this.snapshots = this.createSnapshots(props, disks.claims);
  }

  /**
   * Exports the client Service (`<name>-client`) to the other clusters of its environment
   * (its ServiceExport), once: clients on clusters the StatefulService does not run on reach
   * it there.
   */
  exportToClusters(): void {
    exportServiceNamed(this, this.service.name);
  }

  /**
   * Contributes the disks to the pod (claim templates mounted in the main container, an
   * fsGroup that changes ownership only when needed) and the zone spread, which decides where
   * zonal disks live.
   */
  private addDisks(props: StatefulServiceProps<E>): VolumeClaims {
    const template = this.pod.template;
    const placement = this.resolve(props.placement ?? {}, 'placement');
    const pools = candidatePools(chartPools(this.chart), placement);
    const zones = knownZones(pools);
    const disks = volumeClaims(props.volumes ?? {}, {
      where: this.where,
      resolve: (value, prop) => this.resolve(value as PerEnv<never, E>, prop),
      template,
      selector: this.selector,
      pools,
      zones,
      classes: StorageClasses.of(this.chart),
    });
    template.addTopologySpread(
      ...zoneSpreadConstraints(this.where, props.zoneSpread ?? true, this.selector, {
        required: true,
        pods: this.replicas,
        zones,
        zonalDisks: disks.anyZonal,
      }),
    );
    // The kubelet chowns the volume to fsGroup only when its root does not match already,
    // instead of on every mount (slow for large disks).
    // @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods
    template.addSecurityContext({ fsGroupChangePolicy: 'OnRootMismatch' });
    return disks;
  }

  /** The scheduled VolumeSnapshots of every claim of every pod, where `snapshots` is set. */
  private createSnapshots(
    props: StatefulServiceProps<E>,
    claims: readonly k8s.KubePersistentVolumeClaimProps[],
  ): VolumeSnapshots | undefined {
    const snapshots = this.resolve(props.snapshots ?? false, 'snapshots');
    if (snapshots === false) return undefined;
    if (claims.length === 0)
      fail(
        this.where,
        'snapshots',
        'is set, but there are no volumes to snapshot',
        "declare 'volumes', or leave 'snapshots' out",
      );
    return new VolumeSnapshots(
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

  /** The stable DNS name of pod `ordinal`: `<name>-<ordinal>.<name>.<namespace>.svc.cluster.local`. */
  podHost(ordinal: number): string {
    return `${this.name}-${ordinal}.${this.headlessServiceName}.${this.chart.namespaceName}.svc.cluster.local`;
  }
}
