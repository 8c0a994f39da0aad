import { NetworkPolicies } from './network/network-policies';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { checkDnsLabel } from '../core/naming';
import { checkFormat, isValidLabelValue, isValidPortName } from '../core/apimachinery';
import type { PerEnv } from '../core/per-env';
import type { Environment, WorkloadIdentity } from '../platform/platform';
import { renderContainer } from './pod/container';
import {
  type ContainerContext,
  type ContainerSpec,
  type NamedContainerSpec,
  type RenderedContainer,
  type SecretProviderClassNeed,
} from './pod/container-spec';
import { freeId } from '../core/construct-id';
import type { SecretManagerSecret } from '../platform/secret';
import { SecretManagerProviderClass } from '../gke/secret-provider-class';
import { SecretManagerSync } from '../gke/secret-sync';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import { checkDigest, checkRecordedImage, imageVersion } from './pod/image';
import { k8s } from './chart/kube';
import { type EgressRule, renderEgress } from './network/egress';
import {
  type Connection,
  connectionEnv,
  type CheckedConnection,
  checkConnections,
  reachAcrossClusters,
} from './network/connections';
import { type LabelSource, selectorLabels, standardLabels } from './chart/labels';
import {
  type PlacementSpec,
  type RenderedPlacement,
  renderPlacement,
  withOnePodPerNode,
} from './pod/placement';
import { PodTemplate } from './pod/pod-template';
import { checkPodFit, largestNodes } from './pod/node-fit';
import { candidatePools } from './storage/storage-classes';
import { gracePeriodSeconds, podSecurityContext } from './pod/pod-security';
import { checkConfigSize, configHash } from './pod/config-files';
import { checkPodLabels } from './pod/pod-labels';
import { type SharedVolumeSpec, sharedVolumes } from './pod/shared-volumes';
import { mergeClaimVolumes } from './pod/claim-mounts';
import {
  declaredImageRegistry,
  declaredSecret,
  declaredWorkloadIdentity,
} from '../platform/lookups';
import { previewPlacement } from './pod/preview-placement';
import {
  type ClusterChoice,
  type ClusterPlacement,
  type ClusterPlacementRules,
  chartPools,
  placeOnClusters,
} from './pod/cluster-placement';

export type { SharedVolumeSpec } from './pod/shared-volumes';
// The pod model a subclass contributes to (RenderedPod.template), named for its users.
export type { PodContainer, PodSpecField, PodTemplate } from './pod/pod-template';

/** Props every workload shares: its main container, its pod and its identity. */
export interface WorkloadProps<E extends string = string> extends ContainerSpec<E> {
  /** The name of every object the workload emits. @default the construct id */
  readonly name?: string;
  /** The `app.kubernetes.io/version` label. @default the image tag */
  readonly version?: string;
  /** Containers beside the main one (e.g. an nginx in front of the app). @default none */
  readonly sidecars?: readonly NamedContainerSpec<E>[];
  /** Containers that run to completion before the others start. @default none */
  readonly initContainers?: readonly NamedContainerSpec<E>[];
  /** Which node pools the pods may run on. @default pools without taints */
  readonly placement?: PerEnv<PlacementSpec, E>;
  /** The UID the containers run as (never 0). @default 10001 */
  readonly runAsUser?: number;
  /** The GID the containers run as, and the owner group of mounted volumes. @default 10001 */
  readonly runAsGroup?: number;
  /**
   * Seconds between SIGTERM and SIGKILL. On Spot or preemptible nodes at most 25.
   * @default 30, or 25 where the pods may land on Spot or preemptible nodes
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Run as the platform's Workload Identity of the same name as this workload, so that
   * the pods act as its GCP service account. @default false
   */
  readonly workloadIdentity?: boolean;
  /** Mount the Kubernetes API token into the pods (only for workloads that call the API). @default false */
  readonly automountServiceAccountToken?: boolean;
  /** The name of the main container's port (protocol-aware proxies read it). @default 'http' */
  readonly portName?: string;
  /** Extra annotations on the pod template. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Extra labels on the pods (per environment if needed), e.g. for a cost report or a
   * PodMonitoring selector. They never replace the labels the library sets (the
   * `app.kubernetes.io/*` labels and `environment`), which select the pods.
   * @default none
   */
  readonly podLabels?: PerEnv<Readonly<Record<string, string>>, E>;
  /**
   * Empty folders shared by the containers of one pod (e.g. assets the app writes and an
   * nginx sidecar serves), by volume name; each container mounts them with `sharedMounts`.
   * @default none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  readonly sharedVolumes?: Readonly<Record<string, SharedVolumeSpec>>;
  /**
   * Give the containers Kubernetes' service-link variables for every Service of the
   * namespace (`REDIS_SERVICE_HOST`, `REDIS_SERVICE_PORT`, and the Docker-link style
   * `REDIS_PORT=tcp://10.0.0.11:6379`), for apps written against them. Off by default: they
   * name only Services that existed when the pod started, and `<NAME>_PORT` as a URL breaks
   * apps that read it as a number. `connections` set `<PREFIX>_HOST` and `<PREFIX>_PORT`
   * explicitly, and a container's own variables win over service links.
   * @default false
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#environment-variables
   */
  readonly serviceLinks?: boolean;
  /**
   * Services this workload talks to, by environment-variable prefix: `{ REDIS: redis }` sets
   * `REDIS_HOST` (the Service's cluster DNS name) and `REDIS_PORT` (its first port), and the
   * NetworkPolicies let the connection through. A WebService or an {@link ExternalService};
   * `{ service: api, port: 'grpc' }` picks a port by name.
   * @default none
   */
  readonly connections?: Readonly<Record<string, Connection>>;
  /**
   * Destinations outside the cluster the pods may connect to (kube-dns, the `connections`
   * and, with `workloadIdentity`, the metadata server are allowed without it).
   * @default none
   * @see {@link EgressRule}
   */
  readonly egress?: PerEnv<readonly EgressRule[], E>;
  /**
   * Whether the pods get a NetworkPolicy derived from the definition. `false` emits a policy
   * that allows all traffic to and from them instead, so the opt-out shows in the output.
   * @default true (where the environment declares `networkPolicies`)
   */
  readonly networkPolicy?: boolean;
}

/** What a subclass tells the base about itself. */
export interface WorkloadKind {
  /** 'WebService', 'CronTask', … for error messages. */
  readonly kind: string;
  /** The `app.kubernetes.io/component` label. */
  readonly component: string;
  /** Whether containers get probes by default (services) or only when asked (batch). */
  readonly probes: 'default' | 'explicit';
  /**
   * Works out where the pods run instead of `props.placement` (a DaemonAgent runs on every
   * pool, or on the pools it names). The spot grace-period rule applies to the result.
   * @default `renderPlacement` of `props.placement`
   */
  readonly placement?: (where: string, environment: Environment) => RenderedPlacement;
  /** Whether the pods use the node's network, which NetworkPolicies do not cover. @default false */
  readonly hostNetwork?: boolean;
  /**
   * Named ports of the main container beside its `port` (a WebService's `additionalPorts`, a
   * StatefulService's `peerPorts`), TCP unless they say otherwise. @default none
   */
  readonly additionalPorts?: readonly {
    readonly name: string;
    readonly containerPort: number;
    readonly protocol?: 'TCP' | 'UDP';
  }[];
  /**
   * The default of `terminationGracePeriodSeconds` off Spot and preemptible nodes (a
   * StatefulService takes longer, to flush its files).
   * @default 30
   */
  readonly gracePeriodSeconds?: number;
  /**
   * Whether `sidecars` run as Kubernetes' native sidecars (init containers with
   * `restartPolicy: Always`, started before the regular init containers), so that a Job's
   * pod completes when its main container does.
   * @default false: sidecars are app containers beside the main one
   */
  readonly nativeSidecars?: boolean;
  /**
   * The release file's key of the main container's image, which also gives the version (a
   * blue-green pair's active colour, `web.blue`).
   * @default the workload's name
   */
  readonly releaseKey?: string;
  /**
   * Where the workload runs in an environment of several clusters when `clusters` is left
   * out, and whether `clusters` may give replica counts.
   * @default every cluster, no counts
   */
  readonly clusters?: ClusterPlacementRules;
}

/** The workload's pod, its containers checked and contributed, and what was learned doing so. */
export interface RenderedPod {
  /**
   * The pod template the workload's constructs contribute to (its subclass adds disks, host
   * paths, spread, a restart policy, …), rendered at synth.
   */
  readonly template: PodTemplate;
  /** The main container, rendered. */
  readonly main: RenderedContainer;
  /** The pod fields the placement decides (node selector, tolerations, affinity). */
  readonly placement: RenderedPlacement;
  /** ConfigMap data for the config files of all containers. */
  readonly configData: Record<string, string>;
  /** The SecretProviderClasses that the pod's Secret Manager volumes name. */
  readonly secretProviderClasses: readonly SecretProviderClassNeed[];
  /** The declared secrets that the containers' `secretManager` variables read, each once. */
  readonly syncedSecrets: readonly SecretManagerSecret[];
  /** The names of the sidecars that are init containers with `restartPolicy: Always`. */
  readonly nativeSidecars: readonly string[];
}

/**
 * The part every workload shares: names, labels, its ServiceAccount, its ConfigMap of
 * config files and the rendering of a hardened pod template placed on the platform's pools.
 */
export abstract class Workload<E extends string = string> extends Construct {
  /** The name of every object this workload emits. */
  readonly name: string;
  /** The environment chart the workload belongs to. */
  readonly chart: EnvironmentChart<E>;
  /** `<Kind> '<construct path>'`: the prefix of every error about this workload. */
  readonly where: string;
  /** Labels on every object of this workload. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels that select this workload's pods; they never change. */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The ServiceAccount the pods run as (annotated with the GCP service account for Workload
   * Identity).
   */
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** The name of the main container's port, also the Service port's name. */
  readonly portName: string;
  /** The ConfigMap of config files, when any container has some. */
  readonly configMap?: k8s.KubeConfigMap;
  /** The Workload Identity the pods run as, when asked for. */
  readonly identity?: WorkloadIdentity;
  /** The pods' NetworkPolicy, unless the environment has none or the pods use the node's network. */
  readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The SecretProviderClasses of the containers' `secretFiles`, one per mounted folder. */
  readonly secretProviderClasses: readonly SecretManagerProviderClass[];
  /** The checked `connections`, in the order given. */
  readonly connections: readonly CheckedConnection[];
  /**
   * The clusters the workload runs on, in an environment of several clusters (undefined in
   * one of a single cluster).
   */
  readonly clusterPlacement?: ClusterPlacement;
  /**
   * The SecretSync that copies the Secret Manager secrets of the containers' `secretEnv`
   * into the Kubernetes Secret {@link syncedSecretName}, when any variable reads one.
   */
  readonly secretSync?: SecretManagerSync;
  /** The pod model, which subclasses add their parts to. */
  protected readonly pod: RenderedPod;

  protected constructor(
    scope: Scope<E>,
    id: string,
    // Each kind declares `clusters` with its own default (and whether it takes counts).
    props: WorkloadProps<E> & { readonly clusters?: PerEnv<ClusterChoice, E> },
    kind: WorkloadKind,
    extraEnv: readonly k8s.EnvVar[] = [],
  ) {
    super(scope, freeId(scope, id, kind.kind));
    this.chart = EnvironmentChart.of(this) as EnvironmentChart<E>;
    this.where = `${kind.kind} '${this.node.path}'`;
    this.name = checkDnsLabel(this.where, 'name', props.name ?? id, 52);
    const source: LabelSource = {
      name: this.name,
      environment: this.chart.environment.name,
      partOf: this.chart.platform.name,
      component: kind.component,
      version:
        props.version === undefined
          ? imageVersion(
              typeof props.image === 'string'
                ? props.image
                : this.chart.recordedImage(kind.releaseKey ?? this.name, this.where, 'image').image,
            )
          : checkFormat(this.where, 'version', props.version, isValidLabelValue),
    };
    this.labels = standardLabels(source);
    this.portName = checkFormat(this.where, 'portName', props.portName ?? 'http', isValidPortName);
    this.selector = selectorLabels(source);
    this.clusterPlacement = placeOnClusters(
      this,
      this.where,
      this.chart,
      props.clusters === undefined ? undefined : this.resolve(props.clusters, 'clusters'),
      kind.clusters ?? { defaultClusters: 'all', counts: false },
    );

    if (props.workloadIdentity) {
      this.identity = declaredWorkloadIdentity(
        this.chart.platform,
        this.chart.environment.name,
        this.name,
        this.where,
      );
    }
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: this.metadata(
        this.identity
          ? {
              'iam.gke.io/gcp-service-account':
                this.chart.preview?.accountEmail(this.identity) ?? this.identity.email,
            }
          : undefined,
      ),
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    });
    this.claim('ServiceAccount');
    this.networkPolicy = this.registerNetworkPolicy(props, kind);
    this.connections = checkConnections(this.where, this.chart, props.connections);
    for (const { prefix, target, port } of this.connections) {
      reachAcrossClusters(this.chart, this, target);
      const egress = target.connectionEgress?.(port);
      if (egress !== undefined && 'problem' in egress)
        fail(this.where, `connections.${prefix}`, egress.problem, egress.fix);
      const refused = NetworkPolicies.of(this.chart).connect(this, target, port, egress?.rules);
      if (refused !== undefined)
        fail(this.where, `connections.${prefix}`, refused.problem, refused.fix);
    }

    this.pod = this.renderPod(props, kind, [...connectionEnv(this.connections), ...extraEnv]);
    if (Object.keys(this.pod.configData).length > 0) {
      this.configMap = new k8s.KubeConfigMap(this, 'config', {
        metadata: this.metadata(undefined, this.configName),
        data: this.pod.configData,
      });
      this.claim('ConfigMap', this.configName);
    }
    const project = this.chart.environment.project;
    const versionOf = (s: SecretManagerSecret) =>
      `projects/${project}/secrets/${s.secretId}/versions/latest`;
    this.secretProviderClasses = this.pod.secretProviderClasses.map((need) => {
      this.claim('SecretProviderClass', need.name);
      return new SecretManagerProviderClass(this, `secrets-${need.name}`, {
        metadata: this.metadata(undefined, need.name),
        files: need.secrets.map((s) => ({ resourceName: versionOf(s), path: s.name })),
      });
    });
    this.secretSync = this.registerSecretSync(versionOf);
  }

  /** The Kubernetes Secret that GKE's secret synchronization fills for `secretEnv`. */
  get syncedSecretName(): string {
    return `${this.name}-env`;
  }

  /**
   * GKE's secret synchronization for the containers' Secret Manager variables: a
   * SecretProviderClass listing the secrets' latest versions, each as the file named after
   * the secret, and a SecretSync that copies each file to the key of the same name in the
   * Secret {@link syncedSecretName}, read with the workload's own service account (its
   * Workload Identity, a reader of each secret), so no other identity gets access.
   * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
   */
  private registerSecretSync(
    versionOf: (s: SecretManagerSecret) => string,
  ): SecretManagerSync | undefined {
    const secrets = this.pod.syncedSecrets;
    if (secrets.length === 0) return undefined;
    const name = this.syncedSecretName;
    this.claim('SecretProviderClass', name);
    this.claim('SecretSync', name);
    // The synchronized Secret is an object of the namespace too: nothing else may take its name.
    this.claim('Secret', name);
    const providerClass = new SecretManagerProviderClass(this, 'secret-env-class', {
      metadata: this.metadata(undefined, name),
      files: secrets.map((s) => ({ resourceName: versionOf(s), path: s.name })),
    });
    return new SecretManagerSync(this, 'secret-env', {
      metadata: this.metadata(undefined, name),
      secretProviderClassName: providerClass.name,
      serviceAccountName: this.name,
      data: secrets.map((s) => ({ sourcePath: s.name, targetKey: s.name })),
    });
  }

  /**
   * The declared secret `name`, checked to be readable by this workload: it runs with a
   * Workload Identity that is one of the secret's readers.
   */
  private declaredSecret(name: string, where: string, prop: string): SecretManagerSecret {
    const secret = declaredSecret(
      this.chart.platform,
      this.chart.environment.name,
      name,
      where,
      prop,
    );
    if (!this.identity) {
      fail(
        where,
        prop,
        `names Secret Manager secret '${name}', but the workload runs without a Workload Identity, which the Secret Manager add-on reads secrets with`,
        "set 'workloadIdentity: true'",
      );
    }
    if (!secret.readers.includes(this.identity.serviceAccountName)) {
      fail(
        where,
        prop,
        `names Secret Manager secret '${name}', whose readers (${secret.readers.join(', ')}) do not include '${this.identity.serviceAccountName}'`,
        `add '${this.identity.serviceAccountName}' to 'secrets.${name}.readers' in the platform`,
      );
    }
    return secret;
  }

  private registerNetworkPolicy(
    props: WorkloadProps<E>,
    kind: WorkloadKind,
  ): k8s.KubeNetworkPolicy | undefined {
    const egress = this.resolve(props.egress ?? [], 'egress');
    const declared = egress.length > 0;
    if (kind.hostNetwork && declared)
      fail(
        this.where,
        'egress',
        "is set, but the pods use the node's network ('hostNetwork'), which NetworkPolicies do not apply to",
        "leave 'egress' out, or run the pods on the pod network",
      );
    if (props.networkPolicy === false && declared)
      fail(
        this.where,
        'egress',
        "is set, but 'networkPolicy' is false, so all egress is allowed anyway",
        "leave 'egress' out, or let the workload have its NetworkPolicy",
      );
    const mode = kind.hostNetwork
      ? 'host-network'
      : props.networkPolicy === false
        ? 'allow-all'
        : 'derived';
    return NetworkPolicies.of(this.chart).register(this, mode, renderEgress(this.where, egress));
  }

  /** The name of this workload's ConfigMap of config files. */
  get configName(): string {
    return `${this.name}-config`;
  }

  /** Namespaced metadata with this workload's labels. */
  protected metadata(annotations?: Record<string, string>, name = this.name): k8s.ObjectMeta {
    return { name, namespace: this.chart.namespaceName, labels: { ...this.labels }, annotations };
  }

  /** Records an object name in the environment, failing on a clash. */
  protected claim(kind: string, name = this.name): void {
    this.chart.claimName(kind, name, this);
  }

  /** The value of a per-environment prop in this workload's environment. */
  protected resolve<T>(value: PerEnv<T, E>, prop: string): T {
    return this.chart.resolve(value, this.where, prop);
  }

  private renderPod(
    props: WorkloadProps<E>,
    kind: WorkloadKind,
    extraEnv: readonly k8s.EnvVar[],
  ): RenderedPod {
    const env = this.chart.environment;
    const placementSpec = previewPlacement(
      this.chart.preview,
      this.resolve(props.placement ?? {}, 'placement'),
      props.terminationGracePeriodSeconds,
    );
    // In an environment of several clusters, the pools have this cluster's sizes and zones.
    const pools = chartPools(this.chart);
    const placed = kind.placement
      ? kind.placement(this.where, { ...env, nodePools: pools })
      : renderPlacement(this.where, env.name, pools, placementSpec);
    const placement = placementSpec.onePodPerNode
      ? withOnePodPerNode(placed, this.selector)
      : placed;
    // The requests must fit the largest node the pods can land on (not checked for a kind
    // that places its pods itself).
    const nodes = kind.placement
      ? undefined
      : largestNodes(candidatePools(pools, placementSpec), this.chart.cluster?.name);
    const shared = sharedVolumes(this.where, props.sharedVolumes ?? {});
    const mountedShared = new Set<string>();
    // A SecretProviderClass is named after its volume, whose name starts with the container's:
    // the main container's (named like the workload) is unique in the environment as it is,
    // a sidecar's gets the workload's name in front.
    const context = (
      where: string,
      probes: ContainerContext['probes'],
      main = false,
      releaseKey = kind.releaseKey ?? this.name,
    ): ContainerContext => ({
      where,
      image: (source) =>
        typeof source === 'string'
          ? source
          : checkRecordedImage(
              where,
              'image',
              source.repository,
              this.chart.recordedImage(releaseKey, where, 'image'),
            ),
      resolve: (value, prop) => this.chart.resolve(value as PerEnv<never, E>, where, prop),
      configMapName: this.configName,
      probes,
      checkRegistry: (image) => {
        declaredImageRegistry(this.chart.platform, env.name, image, where, 'image');
        if (env.requireDigest) checkDigest(where, 'image', image, env.name, releaseKey);
      },
      allowPlaintext: (value) => this.chart.allowPlaintext(value),
      declaredSecret: (name, prop) => this.declaredSecret(name, where, prop),
      secretProviderClassName: (volume) => (main ? volume : `${this.name}-${volume}`),
      sharedVolume: (volume, prop) => {
        if (!shared.has(volume))
          fail(
            where,
            prop,
            `names the shared volume '${volume}', which the workload does not declare${shared.size > 0 ? ` (it has ${[...shared.keys()].join(', ')})` : ''}`,
            `declare it in the workload's 'sharedVolumes', e.g. { ${volume}: {} }`,
          );
        mountedShared.add(volume);
        return volume;
      },
      syncedSecretName: this.syncedSecretName,
      nodes,
      requestsPercent: this.chart.preview?.previews.size.requestsPercent,
    });
    const main = renderContainer(props, context(this.where, kind.probes, true), {
      name: this.name,
      gpus: placement.gpus,
      env: extraEnv,
      portName: this.portName,
      additionalPorts: kind.additionalPorts,
      podValues: Object.fromEntries(
        Object.entries(props.podAnnotations ?? {}).map(([key, v]) => [`podAnnotations.${key}`, v]),
      ),
    });
    const names = new Set([this.name]);
    const named = (
      spec: NamedContainerSpec<E>,
      prop: string,
      probes: ContainerContext['probes'],
    ) => {
      const where = `${this.where} ${prop} '${spec.name}'`;
      if (names.has(spec.name))
        fail(
          this.where,
          prop,
          `has a second container named '${spec.name}'`,
          'give every container in the pod its own name',
        );
      names.add(spec.name);
      return renderContainer(spec, context(where, probes, false, `${this.name}/${spec.name}`), {
        name: spec.name,
        runAsUser: spec.runAsUser,
        runAsGroup: spec.runAsGroup,
      });
    };
    const sidecars = (props.sidecars ?? []).map((s) => named(s, 'sidecars', 'explicit'));
    const inits = (props.initContainers ?? []).map((s) => named(s, 'initContainers', 'none'));
    const all = [main, ...sidecars, ...inits];
    // Native sidecars (a Job's) run beside the init containers as well as the app's.
    checkPodFit(
      this.where,
      {
        containers: (kind.nativeSidecars ? [main] : [main, ...sidecars]).map((c) => c.container),
        nativeSidecars: (kind.nativeSidecars ? sidecars : []).map((c) => c.container),
        inits: inits.map((c) => c.container),
      },
      nodes,
    );

    // One port number may serve TCP and UDP (gossip protocols do).
    const ports = all
      .flatMap((c) => c.container.ports ?? [])
      .map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    const duplicate = ports.find((p, i) => ports.indexOf(p) !== i);
    if (duplicate !== undefined)
      fail(
        this.where,
        'port',
        `${duplicate.replace(/\/TCP$/, '')} is declared by two containers of one pod`,
        'give each container its own port',
      );

    const grace = gracePeriodSeconds(
      this.where,
      props.terminationGracePeriodSeconds,
      placement.mayBePreempted,
      kind.gracePeriodSeconds ?? 30,
    );
    const security = podSecurityContext(this.where, props.runAsUser, props.runAsGroup);

    const configData = Object.assign({}, ...all.map((c) => c.configData)) as Record<string, string>;
    checkConfigSize(this.where, configData);
    for (const volume of shared.keys()) {
      if (!mountedShared.has(volume))
        fail(
          this.where,
          `sharedVolumes.${volume}`,
          'is mounted by no container',
          "mount it with 'sharedMounts' in the containers that share it, or leave it out",
        );
    }
    const volumes = mergeClaimVolumes([...all.flatMap((c) => c.volumes), ...shared.values()]);
    const volumeNames = volumes.map((v) => v.name);
    const clash = volumeNames.find((n, i) => volumeNames.indexOf(n) !== i);
    if (clash !== undefined)
      fail(
        this.where,
        `sharedVolumes.${clash}`,
        `is also the name of a volume the library gives the pod ('config', a claim's 'claim-<claim>', or a container's '<name>-scratch-<n>', '-secret-<n>', '-sm-<n>', '-shm')`,
        'give the shared volume another name',
      );
    const podLabels =
      props.podLabels === undefined
        ? {}
        : checkPodLabels(this.where, this.resolve(props.podLabels, 'podLabels'));
    const annotations: Record<string, string> = { ...(props.podAnnotations ?? {}) };
    if (Object.keys(configData).length > 0) {
      volumes.push({ name: 'config', configMap: { name: this.configName } });
      // A change of a config file changes the pod template, so the pods roll.
      annotations['gke-platform/config-hash'] = configHash(configData);
    }

    const template = new PodTemplate();
    template.addLabels({ ...podLabels, ...this.labels });
    template.addAnnotations(annotations);
    template.set('serviceAccountName', this.name);
    template.set('automountServiceAccountToken', props.automountServiceAccountToken ?? false);
    // Off unless asked for: see `serviceLinks`.
    template.set('enableServiceLinks', props.serviceLinks ?? false);
    template.set('terminationGracePeriodSeconds', grace);
    template.addSecurityContext(security);
    template.place(placement);
    // Native sidecars start first, so that the init containers may use them too (e.g. a
    // migration through a database proxy).
    const native = kind.nativeSidecars ? sidecars : [];
    for (const c of [...native, ...inits]) template.addInitContainer(c.container);
    template.addContainer(main.container, this.where, main.mounts);
    if (!kind.nativeSidecars)
      for (const c of sidecars)
        template.addContainer(
          c.container,
          `${this.where} sidecars '${c.container.name}'`,
          c.mounts,
        );
    template.addVolumes(...volumes);
    return {
      template,
      main,
      placement,
      configData,
      secretProviderClasses: all.flatMap((c) => c.secretProviderClasses),
      syncedSecrets: [...new Set(all.flatMap((c) => c.syncedSecrets))],
      nativeSidecars: native.map((c) => c.container.name),
    };
  }
}
