import type { Platform } from '../platform';

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
  /** @default the platform's `minNodes` */
  readonly minNodes?: number;
  /** @default the platform's `maxNodes` */
  readonly maxNodes?: number;
}

/**
 * The VPC-native address ranges: the subnetwork's primary range for nodes and its two
 * secondary ranges for Pods and Services, and the proxy-only subnet's range when the
 * environment declares `internalLoadBalancing`. They must not overlap.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips
 */
export interface IpRanges {
  /** @default '10.0.0.0/20' */
  readonly nodes?: string;
  /** @default '10.4.0.0/14' */
  readonly pods?: string;
  /** @default '10.8.0.0/20' */
  readonly services?: string;
  /**
   * The proxy-only subnet's range, at least 64 addresses (a /26 or larger), used only when
   * the environment declares `internalLoadBalancing`.
   * @default '10.129.0.0/23' (the range of Google's proxy-only subnet examples)
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
export interface GkePlatformArgs {
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
  /** The GCP region, e.g. 'europe-west1'. Network, NAT, registry and regional IPs live here. */
  readonly region: string;
  /**
   * A zone of `region` for a zonal cluster (cheaper, no control-plane redundancy).
   * @default none: a regional cluster with nodes in the region's zones
   */
  readonly zone?: string;
  /**
   * Networks allowed to reach the control plane. The nodes are private either way; an empty
   * list leaves only the VPC able to reach the control plane.
   */
  readonly masterAuthorizedNetworks: readonly AuthorizedNetwork[];
  /** Per-pool overrides of the platform's autoscaling bounds, by pool name. @default none */
  readonly nodePoolSizes?: Readonly<Record<string, NodePoolSize>>;
  /** @default { nodes: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.8.0.0/20' } */
  readonly ipRanges?: IpRanges;
  /** @default 'REGULAR' */
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
  /** @default daily, 03:00 to 07:00 UTC */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * A directory of synthesized manifests (`dist/<env>`) to apply to the new cluster with
   * @pulumi/kubernetes. They depend on the node pools and static IPs, so that
   * `pulumi destroy` deletes Ingresses and LoadBalancer Services (and the Google load
   * balancers they own) before the node pools and the cluster.
   * @default none: the stack creates the infrastructure only
   */
  readonly manifestsDir?: string;
}
