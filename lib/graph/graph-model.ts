/*
 * The picture of one environment, as `gke-platform graph` draws it: read from the synthesized
 * objects alone (not from constructs), so that any synth output, a folder on disk included,
 * can be drawn. Plain data: the renderers (HTML, Mermaid, JSON) read nothing else.
 */

/** How traffic enters the environment: an Ingress, a Gateway or a LoadBalancer Service. */
export interface EntryPoint {
  readonly kind: 'Ingress' | 'Gateway' | 'Service';
  readonly name: string;
  /** What serves it: `Ingress gce`, `Gateway gke-l7-global-external-managed`, `LoadBalancer external`. */
  readonly frontDoor: string;
  /** The host names it answers (empty: any host). */
  readonly hosts: readonly string[];
  /** The names of the reserved static IP addresses it uses. */
  readonly staticIps: readonly string[];
}

/** Where one request of an entry point goes: a host and path to Services, or a redirect. */
export interface Route {
  /** The entry point's name. */
  readonly entry: string;
  /** The host the route matches, `*` for any. */
  readonly host: string;
  /** The path prefix, `*` for every path (a default backend, a LoadBalancer Service). */
  readonly path: string;
  readonly backends: readonly RouteBackend[];
  /** Set when the route answers with a redirect instead (`https 301`). */
  readonly redirect?: string;
}

/** One Service a route sends requests to. */
export interface RouteBackend {
  readonly service: string;
  readonly port?: number | string;
  /** The share of the route's requests, where the route weighs its backends. */
  readonly weight?: number;
}

/** A Service and the workloads whose pods it selects. */
export interface ServiceNode {
  readonly name: string;
  /** `ClusterIP`, `ClusterIP (headless)`, `LoadBalancer`, `ExternalName`, … */
  readonly type: string;
  /** `80 → 8080` per port. */
  readonly ports: readonly string[];
  readonly workloads: readonly string[];
}

/** How many pods a workload runs, or when. */
export type Scale =
  | { readonly kind: 'fixed'; readonly replicas: number }
  | { readonly kind: 'autoscaled'; readonly min: number; readonly max: number }
  | { readonly kind: 'per-node' }
  | {
      readonly kind: 'scheduled';
      readonly schedule: string;
      readonly timeZone?: string;
      readonly suspended: boolean;
    }
  | { readonly kind: 'run'; readonly completions: number; readonly parallelism: number };

/** One container of a workload's pod. */
export interface ContainerNode {
  readonly name: string;
  readonly image: string;
  /** Set for an init container (a native sidecar included). */
  readonly init: boolean;
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

/** The nodes a workload's pods may land on, from its nodeSelector, affinity and tolerations. */
export interface Placement {
  /** The node pools named on `cloud.google.com/gke-nodepool`; empty: not pinned to a pool. */
  readonly pools: readonly string[];
  /** The GPU type required on `cloud.google.com/gke-accelerator`. */
  readonly gpuType?: string;
  /** GPUs per pod (`nvidia.com/gpu` limits). */
  readonly gpus: number;
  /** Whether the pods tolerate Spot or preemptible nodes' taint, or prefer those nodes. */
  readonly spot: boolean;
  /** A sentence: `pool general`, `Spot or preemptible nodes (preferred)`, `any pool without taints`. */
  readonly summary: string;
}

/** A Deployment, StatefulSet, DaemonSet, CronJob or Job. */
export interface WorkloadNode {
  readonly kind: string;
  readonly name: string;
  readonly scale: Scale;
  readonly containers: readonly ContainerNode[];
  readonly placement: Placement;
  /** The Kubernetes ServiceAccount its pods run as. */
  readonly serviceAccount?: string;
  /** The names of the secrets its pods mount or read (never their values). */
  readonly secrets: readonly string[];
}

/** One end of a connection: a workload, or a peer outside the environment. */
export type Peer =
  | { readonly kind: 'workload'; readonly name: string }
  | { readonly kind: 'external'; readonly name: string };

/** Stands for every port in a connection's ports, where a policy's rule lists none. */
export const ANY_PORT = 0;

/** A connection the NetworkPolicies allow, on these TCP ports. */
export interface GraphConnection {
  readonly from: Peer;
  readonly to: Peer;
  readonly ports: readonly number[];
}

/** A secret the workloads read: from Secret Manager (by the CSI driver) or a Secret object. */
export interface SecretNode {
  readonly name: string;
  readonly source: 'Secret Manager' | 'Secret';
  /** The Secret Manager project, where the resource name says it. */
  readonly project?: string;
  readonly usedBy: readonly string[];
}

/** A Kubernetes ServiceAccount the workloads run as, and the Google identity it acts as. */
export interface IdentityNode {
  readonly serviceAccount: string;
  /** `iam.gke.io/gcp-service-account`: the Google service account of Workload Identity. */
  readonly gcpServiceAccount?: string;
  readonly usedBy: readonly string[];
}

/** Everything the picture of one environment shows. */
export interface EnvironmentGraph {
  readonly environment: string;
  readonly namespaces: readonly string[];
  readonly entryPoints: readonly EntryPoint[];
  readonly routes: readonly Route[];
  readonly services: readonly ServiceNode[];
  readonly workloads: readonly WorkloadNode[];
  readonly connections: readonly GraphConnection[];
  readonly secrets: readonly SecretNode[];
  readonly identities: readonly IdentityNode[];
}

/** How a workload's scale reads: `3 replicas`, `2–6 (autoscaled)`, `0 5 * * * Asia/Tokyo`. */
export function describeScale(scale: Scale): string {
  switch (scale.kind) {
    case 'fixed':
      return `${scale.replicas} ${scale.replicas === 1 ? 'replica' : 'replicas'}`;
    case 'autoscaled':
      return `${scale.min}–${scale.max} replicas (autoscaled)`;
    case 'per-node':
      return 'one per node';
    case 'scheduled':
      return `${scale.schedule}${scale.timeZone ? ` ${scale.timeZone}` : ''}${scale.suspended ? ' (suspended)' : ''}`;
    case 'run':
      return `${scale.completions} ${scale.completions === 1 ? 'run' : 'runs'}, ${scale.parallelism} at once`;
  }
}

/** A connection's ports as they read: `80, 988`, or `any port`. */
export function describePorts(ports: readonly number[]): string {
  return ports.includes(ANY_PORT) ? 'any port' : ports.join(', ');
}
