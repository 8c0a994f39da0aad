import type * as pulumi from '@pulumi/pulumi';
import type { Platform } from '../platform/platform';
import type { WorkloadSource } from '../platform/workload-source';
import type { DeliveryArgs } from './delivery-args';

/**
 * The PEM certificate chain and private key of a `self-managed` certificate the platform
 * declares. Pass them from Pulumi secrets (`config.requireSecret`), never from the definition.
 */
export interface CertificatePem {
  /** The certificate chain in PEM, the server's certificate first. */
  readonly certificate: pulumi.Input<string>;
  /** The certificate's private key in PEM. */
  readonly privateKey: pulumi.Input<string>;
}

/**
 * A network allowed to reach the cluster's control plane (its public endpoint).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
 */
export interface AuthorizedNetwork {
  /** An IPv4 CIDR block, e.g. '203.0.113.0/24' (an office) or '198.51.100.7/32' (a CI runner). */
  readonly cidrBlock: string;
  /** A label shown in the console. @default the CIDR block */
  readonly displayName?: string;
}

/** A stack's override of a declared pool's autoscaling bounds (per zone). */
export interface NodePoolSize {
  /** Autoscaling lower bound, in nodes per zone. @default the platform's `minNodes` */
  readonly minNodes?: number;
  /** Autoscaling upper bound, in nodes per zone. @default the platform's `maxNodes` */
  readonly maxNodes?: number;
}

/**
 * The VPC-native address ranges: the subnetwork's primary range for nodes and its two
 * secondary ranges for Pods and Services. They must not overlap each other or the
 * environment's `proxyOnlySubnet`.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips
 */
export interface IpRanges {
  /** The subnetwork's primary range, for the nodes (CIDR). @default '10.0.0.0/20' */
  readonly nodes?: string;
  /** The secondary range for Pods (CIDR). @default '10.4.0.0/14' */
  readonly pods?: string;
  /** The secondary range for Services (CIDR). @default '10.8.0.0/20' */
  readonly services?: string;
  /**
   * The proxy-only subnet's range. The platform declares it (the environment's
   * `proxyOnlySubnet`), because the NetworkPolicies need it too; here it may only repeat that
   * declaration, and a different range is an error.
   * @default the environment's `proxyOnlySubnet`
   * @deprecated declare `proxyOnlySubnet` on the environment in the platform instead
   * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
   */
  readonly proxyOnly?: string;
}

/**
 * A recurring maintenance window, as RFC 3339 start and end times (only their time of day
 * and length matter) and an RFC 5545 RRULE. GKE wants at least 48 hours of windows in any
 * 32 days, each at least 4 hours long.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
 */
export interface MaintenanceWindow {
  /** e.g. '2025-01-01T03:00:00Z' */
  readonly startTime: string;
  /** e.g. '2025-01-01T07:00:00Z' */
  readonly endTime: string;
  /** e.g. 'FREQ=DAILY' or 'FREQ=WEEKLY;BYDAY=SA,SU' */
  readonly recurrence: string;
}

/** GKE release channels. @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels */
export type ReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';

/** The arguments of {@link GkePlatform}. Library code reads no configuration: `apps/` passes it here. */
export interface GkePlatformArgs extends HardeningArgs {
  /** The platform definition (the same one the workloads are synthesized from). */
  readonly platform: Platform;
  /** Which of the platform's environments this stack is. */
  readonly environment: string;
  /**
   * The GCP project. Must equal the environment's `project` when the platform declares one,
   * since the workloads' Workload Identity annotations name it.
   * @default the environment's `project`
   */
  readonly project?: string;
  /**
   * The GCP region, e.g. 'europe-west1'. Network, NAT, registry and regional IPs live here.
   * Required for an environment of one cluster. An environment of several (`clusters` in the
   * platform) puts each cluster's subnetwork, Cloud NAT and Secrets key in that cluster's
   * region, so it needs none: given, it must be a region, and stays the GCP provider's default.
   */
  readonly region?: string;
  /**
   * A zone of `region` for a zonal cluster (cheaper, no control-plane redundancy). Not for an
   * environment of several clusters, which declares each cluster's zone in the platform.
   * @default none: a regional cluster with nodes in the region's zones
   */
  readonly zone?: string;
  /**
   * Networks allowed to reach the control plane's IP endpoints. The nodes are private either
   * way; an empty list leaves only the VPC able to reach the control plane. With
   * `privateEndpoint` they must be internal ranges (RFC 1918 or RFC 6598), since GKE then
   * refuses public ones.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
   */
  readonly masterAuthorizedNetworks: readonly AuthorizedNetwork[];
  /**
   * Per-pool overrides of the platform's autoscaling bounds, by pool name. Not for an
   * environment of several clusters, which sizes its pools per cluster in the platform
   * (`clusters.<name>.nodePools`). @default none
   */
  readonly nodePoolSizes?: Readonly<Record<string, NodePoolSize>>;
  /**
   * The VPC-native address ranges of nodes, Pods and Services. Not for an environment of
   * several clusters, which declares them per cluster (`clusters.<name>.ipRanges`).
   * @default { nodes: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.8.0.0/20' }
   */
  readonly ipRanges?: IpRanges;
  /**
   * The GKE release channel, which sets how soon the cluster gets new versions.
   * @default 'REGULAR'
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Whether this environment is production: deletion protection is then always on.
   * @default true when the environment is named 'prod' or 'production'
   */
  readonly production?: boolean;
  /**
   * Whether `pulumi destroy` refuses to delete the cluster. Cannot be false in production.
   * @default true in production, false elsewhere
   */
  readonly deletionProtection?: boolean;
  /** When GKE may upgrade and repair the cluster. @default daily, 03:00 to 07:00 UTC */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * The environment's workloads, synthesized in-process from the definition `npm run synth`
   * runs: `workloadSource(platform, define)` from `gke-platform`, with the `define` your
   * cdk8s app passes to `synthesizePlatform`. They are checked as the synth checks them, then
   * against the stack (pools, static IPs, identities, registries); they give the uptime checks
   * their hosts and routes, and `deployWorkloads` applies them. Nothing is written to `dist/`.
   * Give this or `manifestsDir`, not both; an environment that declares uptime checks needs one.
   * @default none: the stack knows no workloads (unless `manifestsDir` is set)
   */
  readonly workloads?: WorkloadSource;
  /**
   * A directory of manifests synthesized before (`dist/<env>`), read instead of `workloads`:
   * for manifests that a pipeline synthesized and reviewed, or that come from elsewhere. For
   * an environment of several clusters, each cluster's are read from `<dir>/<cluster>/`.
   * @default none
   */
  readonly manifestsDir?: string;
  /**
   * Whether the stack applies its manifests (`workloads` or `manifestsDir`) to the new
   * cluster with @pulumi/kubernetes. They depend on the node pools and static IPs, so that
   * `pulumi destroy` deletes Ingresses and LoadBalancer Services (and the Google load
   * balancers they own) before the node pools and the cluster. `false` only reads them: they
   * are still checked against the platform and give the uptime checks their hosts and
   * routes, while the manifests are deployed some other way (`kubectl apply`, a CD tool).
   * @default true when `workloads` or `manifestsDir` is given
   */
  readonly deployWorkloads?: boolean;
  /**
   * The PEM files of the environment's `self-managed` certificates, by certificate key.
   * @default none: the environment may declare no self-managed certificate
   */
  readonly certificatePems?: Readonly<Record<string, CertificatePem>>;
  /**
   * A Google Cloud Deploy pipeline in this stack's project and region that promotes releases
   * through the environments, with approvals where asked. Give it to one stack only (a
   * pipeline has one home): its targets name the other environments' clusters.
   * @default none: no Cloud Deploy resource
   * @see https://cloud.google.com/deploy/docs/overview
   */
  readonly delivery?: DeliveryArgs;
}

/**
 * The cluster's hardening options beyond what every stack has, each serving an item of the
 * CIS Google Kubernetes Engine (GKE) Benchmark v1.6.0 (section numbers as in kube-bench's
 * `cfg/gke-1.6.0`). Production gets the secure setting unless told otherwise.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/cis-benchmarks
 */
export interface HardeningArgs {
  /**
   * Disables the control plane's public IP endpoint (`privateClusterConfig.enablePrivateEndpoint`):
   * kubectl then reaches it from the VPC (a bastion, a VPN or Interconnect on an authorized
   * internal range) or through the DNS-based endpoint. CIS GKE Benchmark 5.6.4.
   * @default true in production, false elsewhere
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
   */
  readonly privateEndpoint?: boolean;
  /**
   * Lets users reach the control plane through its DNS-based endpoint
   * (`gke-<hash>.<region>.gke.goog`), which checks IAM (`container.clusters.connect`) before
   * Kubernetes RBAC, from any network that reaches Google APIs. The stack's kubeconfig uses
   * it when `privateEndpoint` is on.
   * @default the value of `privateEndpoint`
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
   */
  readonly dnsEndpoint?: boolean;
  /**
   * Binary Authorization: enforce the project's policy on every Pod. CIS GKE Benchmark 5.1.4
   * and 5.10.4.
   * @default { enforce: true } in production, { enforce: false } elsewhere; no policy resource
   * @see https://cloud.google.com/binary-authorization/docs/setting-up
   */
  readonly binaryAuthorization?: BinaryAuthorizationArgs;
  /**
   * Application-layer Secrets encryption with a Cloud KMS key the stack creates. CIS GKE
   * Benchmark 5.3.1.
   * @default { enabled: true, rotationDays: 90 } in production, { enabled: false } elsewhere
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
   */
  readonly secretsEncryption?: SecretsEncryptionArgs;
  /**
   * VPC Flow Logs on the nodes' subnetwork (`logConfig`). CIS GKE Benchmark 5.6.1.
   * @default on in production (5-second aggregation, sampling 0.5, all metadata: the API's
   * defaults), off elsewhere
   * @see https://cloud.google.com/vpc/docs/using-flow-logs
   */
  readonly flowLogs?: FlowLogsArgs;
  /**
   * Intranode visibility: Pod-to-Pod traffic on one node goes through the VPC, so flow logs
   * and firewall rules see it. CIS GKE Benchmark 5.6.1.
   * @default true in production, false elsewhere
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility
   */
  readonly intranodeVisibility?: boolean;
  /**
   * The GKE security posture dashboard: workload configuration audit and workload
   * vulnerability scanning. CIS GKE Benchmark 5.10.5 (and 5.1.1 for running images).
   * @default { mode: 'BASIC', vulnerabilityMode: 'VULNERABILITY_BASIC' } in production,
   * { mode: 'BASIC', vulnerabilityMode: 'VULNERABILITY_DISABLED' } elsewhere
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/about-security-posture-dashboard
   */
  readonly securityPosture?: SecurityPostureArgs;
  /**
   * Google Groups for RBAC: the `gke-security-groups@<your domain>` group whose member groups
   * RoleBindings may name. CIS GKE Benchmark 5.8.2.
   * @default none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac
   */
  readonly rbacSecurityGroup?: string;
  /**
   * The project's number, which names the GKE service agent
   * (`service-<number>@container-engine-robot.iam.gserviceaccount.com`) granted the Secrets key.
   * @default looked up with `gcp.organizations.getProject` when Secrets encryption is on
   */
  readonly projectNumber?: string;
}

/** Binary Authorization for the cluster and, optionally, the project's policy. */
export interface BinaryAuthorizationArgs {
  /**
   * `evaluationMode: PROJECT_SINGLETON_POLICY_ENFORCE` (else `DISABLED`). Without a policy of
   * your own the project's default policy allows every image.
   * @default true in production, false elsewhere
   */
  readonly enforce?: boolean;
  /**
   * Also create the project's (single) policy: deny every image except those of the
   * platform's declared registries, `allowedImages`, and Google's system images
   * (`globalPolicyEvaluationMode: ENABLE`). Only for a project that this stack alone uses.
   * @default false
   * @see https://cloud.google.com/binary-authorization/docs/policy-yaml-reference
   */
  readonly projectPolicy?: boolean;
  /**
   * More allowed image name patterns (`registry/path/image`, a trailing `*` or `**`).
   * @default none
   */
  readonly allowedImages?: readonly string[];
  /**
   * `DRYRUN_AUDIT_LOG_ONLY` logs what the policy would block, to try it before enforcing.
   * @default 'ENFORCED_BLOCK_AND_AUDIT_LOG'
   */
  readonly enforcementMode?: 'ENFORCED_BLOCK_AND_AUDIT_LOG' | 'DRYRUN_AUDIT_LOG_ONLY';
}

/** Application-layer Secrets encryption. */
export interface SecretsEncryptionArgs {
  /**
   * Whether Secrets are encrypted in etcd with a Cloud KMS key the stack creates.
   * @default true in production, false elsewhere
   */
  readonly enabled?: boolean;
  /**
   * How often Cloud KMS makes a new primary key version, in whole days (1 to 36500: KMS takes
   * 24 hours to 876,000 hours). New Secrets use the new version; old ones stay readable.
   * @default 90
   * @see https://cloud.google.com/kms/docs/key-rotation
   */
  readonly rotationDays?: number;
}

/** VPC Flow Logs settings. @see https://cloud.google.com/vpc/docs/flow-logs */
export interface FlowLogsArgs {
  /**
   * Whether the nodes' subnetwork has VPC Flow Logs.
   * @default true in production, false elsewhere
   */
  readonly enabled?: boolean;
  /** How long a flow's packets are aggregated before it is reported. @default 'INTERVAL_5_SEC' */
  readonly aggregationInterval?: FlowLogsInterval;
  /** The share of flows reported, 0 to 1. @default 0.5 */
  readonly flowSampling?: number;
  /**
   * Whether the logs include metadata (VM, Pod and region names).
   * @default 'INCLUDE_ALL_METADATA'
   */
  readonly metadata?: 'INCLUDE_ALL_METADATA' | 'EXCLUDE_ALL_METADATA';
}

/** How long VPC Flow Logs aggregate a flow's packets before they report it. */
export type FlowLogsInterval =
  | 'INTERVAL_5_SEC'
  | 'INTERVAL_30_SEC'
  | 'INTERVAL_1_MIN'
  | 'INTERVAL_5_MIN'
  | 'INTERVAL_10_MIN'
  | 'INTERVAL_15_MIN';

/** `securityPostureConfig`. ENTERPRISE tiers need GKE Enterprise. */
export interface SecurityPostureArgs {
  /** Workload configuration audit: off, basic, or with GKE Enterprise. @default 'BASIC' */
  readonly mode?: 'DISABLED' | 'BASIC' | 'ENTERPRISE';
  /**
   * Workload vulnerability scanning: off, basic, or with GKE Enterprise.
   * @default 'VULNERABILITY_BASIC' in production, 'VULNERABILITY_DISABLED' elsewhere
   */
  readonly vulnerabilityMode?:
    'VULNERABILITY_DISABLED' | 'VULNERABILITY_BASIC' | 'VULNERABILITY_ENTERPRISE';
}
