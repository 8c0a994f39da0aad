/* What a container is declared with (ContainerSpec) and what rendering it needs and gives. */
import type { PerEnv } from '../../core/per-env';
import type { SecretManagerSecret } from '../../platform/secret';
import type { k8s } from '../chart/kube';
import type { NodeFit } from './node-fit';
import type { ContainerMount } from './mount-layout';
import type { HealthCheck, RenderedProbes } from './probes';
import type { ImageRepository } from './image';

/** CPU and memory for one container. Requests are what the scheduler reserves. */
export interface ResourceSpec {
  /** CPU request. @default '100m' */
  readonly cpu?: string;
  /**
   * CPU limit, or `false` for none (no CFS throttling; the container may use idle CPU).
   * @default twice the CPU request
   */
  readonly cpuLimit?: string | false;
  /** Memory request. @default '128Mi' */
  readonly memory?: string;
  /** Memory limit. @default the memory request (memory cannot be taken back without a kill) */
  readonly memoryLimit?: string;
  /**
   * Local disk the scheduler reserves for the container's writable layer, logs and disk-backed
   * emptyDir volumes (`scratchPaths`, shared volumes), a size such as '2Gi'.
   * @default none (the pod may use what the node has, and is evicted first under disk pressure)
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
   */
  readonly ephemeralStorage?: string;
  /**
   * Local disk the container may use before the kubelet evicts the pod.
   * @default the `ephemeralStorage` request, when one is given
   */
  readonly ephemeralStorageLimit?: string;
}

/** A mount of one of the workload's `sharedVolumes` into a container. */
export interface SharedMount {
  /** The name of a volume of the workload's `sharedVolumes`. */
  readonly volume: string;
  /** Mount it read-only (e.g. a web server serving what the app writes). @default false */
  readonly readOnly?: boolean;
}

/** A mount of an existing PersistentVolumeClaim of the workload's namespace into a container. */
export interface ClaimMount {
  /** The name of the PersistentVolumeClaim, e.g. a Filestore share's claim. */
  readonly claim: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
}

/**
 * An object of the environment by its handle rather than its name: a cdk8s-plus `ConfigMap`
 * or `Secret` created in the same environment chart, or any construct that knows the name of
 * the object it emits.
 */
export interface NamedObject {
  /** The object's `metadata.name`. */
  readonly name: string;
}

/** An environment variable read from a key of an existing Secret (never inlined). */
export interface SecretKeyRef {
  /**
   * The Secret, in the workload's namespace: its name, or its handle (a cdk8s-plus `Secret`
   * created in the environment chart).
   */
  readonly secret: string | NamedObject;
  /** The key of the Secret whose value the variable gets. */
  readonly key: string;
  /** Whether the container starts when the Secret or its key is missing. @default false */
  readonly optional?: boolean;
}

/**
 * An environment variable from a Secret Manager secret that the platform declares (its
 * `secrets`), by name. GKE's secret synchronization copies the secret's latest version into
 * the workload's Kubernetes Secret `<workload>-env` (a SecretSync and its SecretProviderClass,
 * emitted beside the workload), under a key named after the secret, which the variable reads.
 * The workload needs `workloadIdentity: true` and must be one of the secret's `readers`.
 * A new version reaches the Secret at the cluster's rotation interval, and the variable when
 * the pods restart.
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
export interface SecretManagerEnvRef {
  /** The name of a secret under the platform's (or environment's) `secrets`. */
  readonly secretManager: string;
}

/** An environment variable read from a key of an existing ConfigMap. */
export interface ConfigMapKeyRef {
  /**
   * The ConfigMap, in the workload's namespace: its name, or its handle (a cdk8s-plus
   * `ConfigMap` created in the environment chart).
   */
  readonly configMap: string | NamedObject;
  /** The key of the ConfigMap whose value the variable gets. */
  readonly key: string;
  /** Whether the container starts when the ConfigMap or its key is missing. @default false */
  readonly optional?: boolean;
}

/**
 * One container of a workload. The same model serves WebService, CronTask and DaemonAgent.
 * The root filesystem is read-only: give `scratchPaths` for anything the process writes.
 */
export interface ContainerSpec<E extends string = string> {
  /**
   * A pinned image (a tag other than `latest`, or a digest), or only its repository
   * (`{ repository }`), whose version each environment's release file records.
   */
  readonly image: string | ImageRepository;
  /** Accept an untagged or `:latest` image. @default false */
  readonly allowMutableTag?: boolean;
  /**
   * When the kubelet pulls the image. `'Always'` (a registry check at every container start)
   * only with `allowMutableTag: true`, where a moving tag is meant to be followed; a pinned
   * image never changes, so a pull per start would buy nothing.
   * @default 'IfNotPresent'
   * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
   */
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always';
  /** The port the process listens on. @default none */
  readonly port?: number;
  /** Overrides the image's ENTRYPOINT. @default the image's */
  readonly command?: readonly string[];
  /** Overrides the image's CMD. @default the image's */
  readonly args?: readonly string[];
  /** Literal environment variables, per environment if needed. @default none */
  readonly env?: Readonly<Record<string, PerEnv<string, E>>>;
  /**
   * Environment variables from keys of existing Secrets (`{ secret, key }`), or from Secret
   * Manager secrets that the platform declares (`{ secretManager: 'db-password' }`).
   * @default none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef | SecretManagerEnvRef>>;
  /** Environment variables from ConfigMap keys. @default none */
  readonly configMapEnv?: Readonly<Record<string, ConfigMapKeyRef>>;
  /**
   * The values of this container that may be written to the manifests in plain text although
   * they look like secrets, by the prop path that the error names: `'env.DB_PASS'`,
   * `'configFiles./etc/app/dev.pem'`, `'args'`, `'command'`, `'health.command'`, and for the
   * main container the pod's `'podAnnotations.<key>'`. Any other value whose name looks like
   * a credential (`DB_PASS`, `REDIS_AUTH`, `JWT_SIGNING_KEY`), that assigns one
   * (`password: …` in a config file, `Authorization: Bearer …`) or that holds secret material
   * (a private key, a password in a URL, a known token format) is an error. Per environment if needed: `{ dev: ['env.DATABASE_URL'], prod: [] }`.
   * @default none
   */
  readonly allowPlaintextSecrets?: PerEnv<readonly string[], E>;
  /**
   * Files to mount read-only, by absolute path, with their content (per environment if
   * needed). They are kept in the workload's ConfigMap; a change rolls the pods.
   * @default none
   */
  readonly configFiles?: Readonly<Record<string, PerEnv<string, E>>>;
  /** Existing Kubernetes Secrets to mount read-only as folders, by absolute path. @default none */
  readonly secretMounts?: Readonly<Record<string, string>>;
  /**
   * Secret Manager secrets that the platform declares (its `secrets`), mounted read-only as
   * files by GKE's Secret Manager add-on: a folder (absolute path) → the declared secrets it
   * holds, each as the file `<folder>/<secret name>` with the secret's latest version, which
   * the add-on's rotation refreshes in place. The workload needs `workloadIdentity: true` and
   * must be one of each secret's `readers`. For an environment variable, read the file:
   * `sh -c 'export DB_PASSWORD="$(cat /etc/db/db-password)"; exec app'`, or let the app read
   * `<folder>/<secret name>` itself.
   * @default none
   * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
   */
  readonly secretFiles?: Readonly<Record<string, string | readonly string[]>>;
  /** Writable empty folders (emptyDir) on the otherwise read-only root filesystem. @default ['/tmp'] */
  readonly scratchPaths?: readonly string[];
  /**
   * The size of an in-memory `/dev/shm` (an emptyDir of medium Memory with this `sizeLimit`),
   * for software that needs more shared memory than the runtime's 64 MiB (browsers, PyTorch
   * data loaders, PostgreSQL). Files written there count against the container's memory
   * limit, so the size may not exceed `resources.memoryLimit`.
   * @default none (the container runtime's 64 MiB /dev/shm)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  readonly shmSize?: PerEnv<string, E>;
  /**
   * The workload's `sharedVolumes` this container mounts, by absolute path: a volume name, or
   * `{ volume, readOnly }`. Every container of the pod that mounts a volume sees the same files.
   * @default none
   */
  readonly sharedMounts?: Readonly<Record<string, string | SharedMount>>;
  /**
   * Existing PersistentVolumeClaims of the workload's namespace to mount, by absolute path: a
   * claim name, or `{ claim, readOnly }`. For files that several pods share, such as a
   * Filestore instance (a ReadWriteMany claim of the `standard-rwx` class, or a
   * PersistentVolume bound to an existing instance); a claim of a disk that only one node
   * attaches (ReadWriteOnce) suits a single pod only. The claim is not created here.
   * @default none
   * @see https://cloud.google.com/filestore/docs/csi-driver
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/filestore-csi-driver
   */
  readonly claimMounts?: Readonly<Record<string, string | ClaimMount>>;
  /**
   * CPU and memory requests and limits, in Kubernetes quantities.
   * @default { cpu: '100m', cpuLimit: '200m', memory: '128Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: PerEnv<ResourceSpec, E>;
  /** Health checks; `false` for none (only for sidecars and batch work). @default HTTP on '/healthz' where a port is declared */
  readonly health?: HealthCheck | false;
}

/** A container next to the main one, with its own name. */
export interface NamedContainerSpec<E extends string = string> extends ContainerSpec<E> {
  /** The container's name, unique in the pod (a DNS label). */
  readonly name: string;
  /**
   * The UID this container runs as, where it needs another one than the pod's (an image
   * whose files belong to its own user, e.g. nginx-unprivileged's 101). Never 0.
   * @default the workload's `runAsUser`
   */
  readonly runAsUser?: number;
  /** The GID this container runs as. Never 0. @default the workload's `runAsGroup` */
  readonly runAsGroup?: number;
}

/** What rendering a container needs from the workload around it. */
export interface ContainerContext {
  /** The construct path and environment, for error messages. */
  readonly where: string;
  readonly resolve: <T>(value: PerEnv<T>, prop: string) => T;
  /** The ConfigMap that holds config files, when there are any. */
  readonly configMapName: string;
  /** Whether probes are rendered (init containers and batch containers have none). */
  readonly probes: 'default' | 'explicit' | 'none';
  /** The image to run: the literal, or the one the release file records for the repository. */
  readonly image: (source: string | ImageRepository) => string;
  /**
   * Checks that the environment's nodes can pull `image` (a declared registry) and that it is
   * named as the environment requires (by digest).
   */
  readonly checkRegistry: (image: string) => void;
  /**
   * Records a value that the container may write in plain text (`allowPlaintextSecrets`), so
   * that the secret scan of the output lets it through: `EnvironmentChart.allowPlaintext`.
   */
  readonly allowPlaintext: (value: string) => void;
  /**
   * The Secret Manager secret `name` that the platform declares for the environment, checked
   * to be readable by this workload; fails naming `prop` otherwise.
   */
  readonly declaredSecret: (name: string, prop: string) => SecretManagerSecret;
  /** The name of the SecretProviderClass of the CSI volume `volume`. */
  readonly secretProviderClassName: (volume: string) => string;
  /**
   * The pod volume of the workload's shared volume `name`; fails naming `prop` when the
   * workload declares none of that name.
   */
  readonly sharedVolume?: (name: string, prop: string) => string;
  /** The Kubernetes Secret that the workload's `secretManager` variables read. */
  readonly syncedSecretName: string;
  /** The largest nodes the pod can land on, which requests must fit; undefined: unknown. */
  readonly nodes?: NodeFit;
  /** CPU and memory requests as a percentage of those given (a preview's size). @default 100 */
  readonly requestsPercent?: number;
}

/** A SecretProviderClass that a container's CSI volume needs. */
export interface SecretProviderClassNeed {
  /** The SecretProviderClass's name, which the CSI volume references. */
  readonly name: string;
  /** The declared secrets it mounts, each as the file named after the secret. */
  readonly secrets: readonly SecretManagerSecret[];
}

/** A rendered container with the volumes it needs and the config files it keeps. */
export interface RenderedContainer {
  /** The container as the pod spec takes it. */
  readonly container: k8s.Container;
  /** The pod volumes the container mounts (config files, secret files, scratch space, …). */
  readonly volumes: k8s.Volume[];
  /** The container's volume mounts, each with the prop that asked for it. */
  readonly mounts: readonly ContainerMount[];
  /** ConfigMap data (key → content) for this container's config files. */
  readonly configData: Record<string, string>;
  /** The container's probes; undefined when it has none. */
  readonly probes?: RenderedProbes;
  /** The SecretProviderClasses of this container's `secretFiles` volumes. */
  readonly secretProviderClasses: readonly SecretProviderClassNeed[];
  /** The declared secrets that this container's `secretManager` variables read. */
  readonly syncedSecrets: readonly SecretManagerSecret[];
}
