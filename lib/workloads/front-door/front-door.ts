import type { IConstruct } from 'constructs';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { ServicePort } from '../network/connections';
import type { LoadBalancerBackend } from './load-balancer-backend';
import type { ReadinessCheck } from './load-balancer-health';
import type { ResolvedBackendOptions } from './route-options';

/** The front doors there are: a GKE Ingress, or a GKE Gateway (Gateway API). */
export const FRONT_DOOR_KINDS = ['ingress', 'gateway'] as const;

/** Which GKE object serves a WebEntrypoint's routes. */
export type FrontDoorKind = (typeof FRONT_DOOR_KINDS)[number];

/** One route as the entrypoint records it. */
export interface FrontDoorRoute {
  /** Only requests for this host. @default every host */
  readonly host?: string;
  /** The path prefix the route matches, e.g. `/` or `/sub-app/`. */
  readonly path: string;
  /** The Service the route sends to. */
  readonly service: LoadBalancerBackend;
  /** The Service port the route sends to. */
  readonly port: number;
  /**
   * In an environment of several clusters: the share of the route's requests each cluster
   * gets, by cluster name. @default the nearest healthy cluster gets each request
   */
  readonly clusters?: Readonly<Record<string, number>>;
}

/** A backend with the load balancer options of its route, resolved for the environment. */
export interface ResolvedBackend {
  /** The Service that serves the route. */
  readonly service: LoadBalancerBackend;
  /** The Service port sent to. */
  readonly port: ServicePort;
  /**
   * The load balancer options (timeouts, CDN, security policy, …) of the route and the entrypoint's
   * `backend`, for this environment.
   */
  readonly options: ResolvedBackendOptions;
  /** The prop each option came from (`route.<option>` or `backend.<option>`), for errors. */
  readonly propOf: (option: keyof ResolvedBackendOptions) => string;
  /** The service's readiness probe, checked as a load balancer's health check. */
  readonly readiness: ReadinessCheck;
}

/** A route whose rules are checked, as a front door serves it. */
export interface ResolvedRoute extends ResolvedBackend {
  /** Only requests for this host; undefined for every host. */
  readonly host?: string;
  /** The path prefix the route matches, checked. */
  readonly path: string;
  /** The weights between clusters, checked (see {@link FrontDoorRoute.clusters}). */
  readonly clusters?: Readonly<Record<string, number>>;
}

/** An entrypoint's routes, as its front door renders them. */
export interface FrontDoorRoutes {
  /** Every route, in the order they were added. */
  readonly all: readonly FrontDoorRoute[];
  /** The hosts that routes name, each once, in the order they first appear. */
  readonly routedHosts: readonly string[];
  /**
   * The routes that serve `host` (`undefined`: any other host): its own routes, then the
   * host-less routes of other paths.
   */
  routesFor(host: string | undefined): FrontDoorRoute[];
}

/** What a WebEntrypoint has resolved for this environment, for either front door. */
export interface FrontDoorSettings {
  /** The environment chart of the entrypoint. */
  readonly chart: EnvironmentChart;
  /** The name of the front door's objects, and the prefix of its other objects' names. */
  readonly name: string;
  /** The standard labels of the entrypoint, on every object of the front door. */
  readonly labels: Readonly<Record<string, string>>;
  /** The host names served; empty for any host. */
  readonly hosts: readonly string[];
  /** Whether the load balancer is internal (only reachable from the VPC). */
  readonly internal: boolean;
  /** The name of the static IP's Compute Engine address, when one is declared. */
  readonly addressName?: string;
  /** As given: each front door has its own certificates, and so its own default. */
  readonly managedCertificate?: boolean;
  /** As given: on by default with a certificate (see `httpsRedirect`). */
  readonly redirectToHttps?: boolean;
  /** Whether the load balancer also serves plain HTTP (port 80). @default true */
  readonly allowHttp?: boolean;
  /** A Compute Engine SSL policy by name, checked. @default GKE's default policy */
  readonly sslPolicy?: string;
  /** The entrypoint's routes, read when the front door's objects are rendered. */
  readonly routes: FrontDoorRoutes;
}

/**
 * The GKE objects that serve a WebEntrypoint's routes: an Ingress ({@link IngressFrontDoor})
 * or a Gateway ({@link GatewayFrontDoor}). The entrypoint checks each route by the same
 * rules (`route-rules`) and records it in the route table, then hands it here; the front door
 * makes the service its backend, with the route's options and health check, and renders the
 * table into its own objects at synth.
 */
export interface FrontDoor extends IConstruct {
  /** Which front door this is. */
  readonly kind: FrontDoorKind;
  /** Makes `route`'s service a backend of this front door, with the route's options. */
  addRoute(route: ResolvedRoute): void;
}
