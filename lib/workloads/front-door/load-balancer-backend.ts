import type { ApiObject } from 'cdk8s';
import type { BackendConfig, BackendConfigProps } from '../../gke/backend-config';
import type { ServicePort } from '../network/connections';
import type { BalancedMember } from '../network/policy-member';
import type { BackendRoute } from './backend-route';
import type { HealthCheckedService } from './load-balancer-health';
import type { RoutedService } from './routed-service';
import type { BackendProtocol } from './route-options';

/**
 * A backend's BackendConfig settings and the protocol of its Service port, as the ingress
 * front door works them out from a route's options and the readiness probe.
 */
export interface BuiltBackend {
  /**
   * The BackendConfig's spec for the backend Service (health check, timeouts, CDN, security policy,
   * …).
   */
  readonly config: Omit<BackendConfigProps, 'metadata'>;
  /** The protocol the load balancer speaks to the Service port (HTTP, HTTPS or HTTP/2). */
  readonly protocol: BackendProtocol;
}

/** A second version of a backend: its Service and its share of the requests, in percent. */
export interface WeightedVersion extends RoutedService {
  /** The percentage of the requests it gets, 0 to 100; the stable Service gets the rest. */
  readonly weight: number;
}

/**
 * A Service that a Google load balancer sends to (a {@link WebService}), as both front doors
 * see it: its ports, its readiness probe (the load balancer's health check), the construct
 * its load balancer policies belong to, and the workload whose pods the NetworkPolicies open.
 */
export interface LoadBalancerBackend extends RoutedService, HealthCheckedService, BalancedMember {
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The labels its policies carry. */
  readonly labels: Readonly<Record<string, string>>;
  /** The readiness probe over HTTP, if the serving container has one. */
  readonly httpHealthCheck?: { readonly path: string; readonly port: number };
  /** The Service's ports, by name; the first one is where a route sends unless it names another. */
  readonly servicePorts: readonly ServicePort[];
  /**
   * The Service in front of the pods. A multi-cluster Gateway that weighs clusters gives each
   * weighed cluster a Service of its own with this one's selector and ports.
   */
  readonly service: ApiObject;
  /**
   * In an environment of several clusters, the clusters the service runs on; undefined when it
   * runs on every one (or the environment is one cluster). A route that weighs clusters may
   * weigh only these.
   */
  readonly runsOnClusters?: readonly string[];
  /**
   * A canary version of the service: a Service of its own, with the same ports, that a
   * gateway front door sends `weight` percent of the requests to.
   */
  readonly canary?: WeightedVersion;
  /**
   * Makes the Service a backend of a GKE Ingress, once however many routes lead to it:
   * container-native load balancing (NEG) and a BackendConfig with `backend`'s settings. A
   * second route with other settings is an error (GKE keeps one BackendConfig per Service port).
   * @param route who routes here, for errors
   */
  addIngressBackend(route: BackendRoute, backend: BuiltBackend): BackendConfig;
}

/**
 * Whether `value` can be routed to: the types refuse anything else, but plain JavaScript may
 * pass any construct (a Worker serves no requests).
 */
export function isLoadBalancerBackend(value: unknown): value is LoadBalancerBackend {
  return (
    typeof value === 'object' &&
    value !== null &&
    'addIngressBackend' in value &&
    typeof value.addIngressBackend === 'function'
  );
}
