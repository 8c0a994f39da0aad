import type { IConstruct } from 'constructs';

/**
 * A workload as the environment's NetworkPolicies see it: the construct that owns its pods,
 * their labels, and whether they use Workload Identity (and so reach the metadata server).
 */
export interface PolicyMember extends IConstruct {
  /** The workload's name: its policy's name. */
  readonly name: string;
  /** The labels its policy carries. */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels that select its pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Set when its pods use Workload Identity. */
  readonly identity?: object;
}

/**
 * A workload that load balancers send to: a WebService (routes, a LoadBalancer Service) or a
 * StatefulService with a LoadBalancer client Service.
 */
export interface BalancedMember extends PolicyMember {
  /** The main container's port, where the load balancer sends unless told other ports. */
  readonly containerPort: number;
  /** The load balancer's health check port, where it checks over HTTP. */
  readonly httpHealthCheck?: { readonly port: number };
}
