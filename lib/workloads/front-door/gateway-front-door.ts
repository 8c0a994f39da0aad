import { Construct } from 'constructs';
import { type GcpBackendPolicy, MAX_RATE_PER_ENDPOINT } from '../../gke/gcp-backend-policy';
import { GcpGatewayPolicy } from '../../gke/gcp-gateway-policy';
import { Gateway, type GatewayClassName, type GatewayListener } from '../../gke/gateway';
import { HttpRoute, type HttpRouteBackend, type HttpRouteRule } from '../../gke/http-route';
import { checkWholeNumber, fail } from '../../core/errors';
import { describeConstruct } from '../../core/construct-id';
import { HTTP_ROUTE_LIMITS } from '../../validate/semantic/gateway-api';
import { healthCheck } from './backend-config-builder';
import type { FrontDoor, FrontDoorRoute, FrontDoorSettings, ResolvedRoute } from './front-door';
import { type GatewayBackendOptions, gatewayBackendOptions } from './gateway-backend-options';
import {
  type PolicyPlacement,
  type PolicyRequester,
  serviceBackendPolicy,
  serviceHealthCheckPolicy,
} from './gateway-service-policies';
import { clusterServiceName } from './cluster-services';
import {
  exportRoutedService,
  isFleetChart,
  multiClusterBackends,
  multiClusterGatewayClass,
} from './multi-cluster-gateway';
import { hostNamePart } from './host-name-part';
import type { RoutedService } from './routed-service';
import type { LoadBalancerBackend } from './load-balancer-backend';
import { httpsRedirect } from './route-rules';

export type { GatewayBackendOptions } from './gateway-backend-options';

/**
 * The external class: a global external Application Load Balancer (Envoy-based), the
 * counterpart of the Ingress class `gce`; the internal one is the regional internal
 * Application Load Balancer, the counterpart of `gce-internal`.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api#gatewayclass
 */
export const EXTERNAL_GATEWAY_CLASS: GatewayClassName = 'gke-l7-global-external-managed';
/** @see EXTERNAL_GATEWAY_CLASS */
export const INTERNAL_GATEWAY_CLASS: GatewayClassName = 'gke-l7-rilb';

/** Listener names, which HTTPRoutes name in `sectionName`. */
const HTTP_LISTENER = 'http';
const HTTPS_LISTENER = 'https';

/** Settings that only the gateway front door has (`WebEntrypointProps.gateway`). */
export interface GatewayFrontDoorOptions {
  /**
   * A Certificate Manager certificate map, by name, for HTTPS (external entrypoints only:
   * maps attach to global load balancers). GKE's Gateway does not take ManagedCertificates.
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-certificate-manager
   */
  readonly certificateMap?: string;
  /**
   * Compute Engine SSL certificates by name, for HTTPS (global ones for an external
   * entrypoint, regional ones in the cluster's region for an internal one).
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#secure-using-ssl-certificate
   */
  readonly preSharedCertificates?: readonly string[];
  /**
   * For an internal entrypoint: accept clients from every region of the VPC.
   * @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_global_access
   */
  readonly globalAccess?: boolean;
}

/** What the gateway front door takes: the entrypoint's settings and its `gateway` options. */
export interface GatewayFrontDoorSettings extends FrontDoorSettings {
  /** The entrypoint's `gateway` options (certificate map, global access, …). */
  readonly options: GatewayFrontDoorOptions;
}

/**
 * The gateway front door of a WebEntrypoint: a Gateway of GKE's class, HTTPRoutes with the
 * entrypoint's host and path routes, a HealthCheckPolicy per backend Service from its
 * readiness probe, an HTTP-to-HTTPS redirect route, and a GCPGatewayPolicy for the SSL
 * policy and global access.
 *
 * The routes keep the Ingress front door's meaning. A Gateway prefers the route with the
 * most specific host before the longest path, so a host's route holds its own paths and
 * the host-less routes of other paths (as the Ingress's rule for that host does): with
 * `hosts`, one HTTPRoute per host (`<name>-<host>`, `<name>-wildcard-example-com` for
 * `*.example.com`); without, `<name>` for any host plus one per host that has routes of its
 * own. Routes to one Service share a rule.
 *
 * In an environment of several clusters it is the multi-cluster Gateway, made on the config
 * cluster only (see `multi-cluster-gateway`): its rules send to ServiceImports and its
 * policies target them.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways
 */
export class GatewayFrontDoor extends Construct implements FrontDoor {
  /** Which front door this is: the Gateway API's. */
  readonly kind = 'gateway';
  /** The Gateway. */
  readonly gateway: Gateway;
  /** The GCPGatewayPolicy, when an SSL policy or global access is declared. */
  readonly gatewayPolicy?: GcpGatewayPolicy;
  /** The (first) HTTPRoute that redirects HTTP to HTTPS, when the redirect is on. */
  readonly redirectRoute?: HttpRoute;
  /**
   * The HTTPRoutes that redirect HTTP to HTTPS, when the redirect is on: `<name>-redirect`,
   * then `<name>-redirect-2`, … for the hosts beyond the 16 that one HTTPRoute holds, in the
   * order of `hosts`.
   */
  readonly redirectRoutes: readonly HttpRoute[] = [];
  private readonly where: string;
  private readonly entrypoint: Construct;
  private readonly routes = new Map<string | undefined, HttpRoute>();
  private readonly redirect: boolean;
  /** Whether this is the multi-cluster Gateway of an environment of several clusters. */
  private readonly multiCluster: boolean;

  constructor(
    scope: Construct,
    id: string,
    private readonly settings: GatewayFrontDoorSettings,
  ) {
    super(scope, id);
    const { options, internal, chart } = settings;
    this.where = describeConstruct(scope);
    this.entrypoint = scope;
    this.multiCluster = isFleetChart(chart);
    const { certificates, redirect, allowHttp } = checkTls(this.where, settings);
    this.redirect = redirect;
    const listeners: GatewayListener[] = [];
    if (allowHttp) listeners.push({ name: HTTP_LISTENER, protocol: 'HTTP' });
    if (options.certificateMap !== undefined || certificates.length > 0)
      listeners.push({
        name: HTTPS_LISTENER,
        protocol: 'HTTPS',
        preSharedCertificates: certificates.length > 0 ? certificates : undefined,
      });
    this.gateway = new Gateway(this, 'gateway', {
      metadata: this.metadata(''),
      className: this.multiCluster
        ? multiClusterGatewayClass(this.where, chart, internal)
        : internal
          ? INTERNAL_GATEWAY_CLASS
          : EXTERNAL_GATEWAY_CLASS,
      listeners,
      namedAddress: settings.addressName,
      certificateMap: options.certificateMap,
    });
    chart.claimName('Gateway', this.gateway.name, scope);

    if (settings.sslPolicy !== undefined || options.globalAccess !== undefined) {
      this.gatewayPolicy = new GcpGatewayPolicy(this, 'policy', {
        metadata: this.metadata(''),
        gateway: this.gateway.name,
        sslPolicy: settings.sslPolicy,
        allowGlobalAccess: options.globalAccess,
      });
      chart.claimName('GCPGatewayPolicy', this.gatewayPolicy.name, scope);
    }
    if (redirect) {
      this.redirectRoutes = redirectHostGroups(settings.hosts).map((hostnames, i) => {
        const suffix = i === 0 ? '' : `-${i + 1}`;
        const route = new HttpRoute(this, `redirect${suffix}`, {
          metadata: this.metadata(`-redirect${suffix}`),
          gateway: this.gateway.name,
          sectionName: HTTP_LISTENER,
          hostnames,
          rules: [{ matches: [{ path: '/' }], redirectToHttps: true }],
        });
        chart.claimName('HTTPRoute', route.name, scope);
        return route;
      });
      this.redirectRoute = this.redirectRoutes[0];
    }
    // With declared hosts every host has its route from the start; a host without any route
    // is an error rather than a route that matches nothing.
    for (const host of settings.hosts) this.routeFor(host);
    this.node.addValidation({ validate: () => this.checkRoutes() });
  }

  /** The HTTPRoutes, by host (`undefined`: the route for any host). */
  get httpRoutes(): ReadonlyMap<string | undefined, HttpRoute> {
    return this.routes;
  }

  /**
   * Makes `route.service` a backend of this Gateway (once per Service: its HealthCheckPolicy
   * from the readiness probe with the route's timing, and a GCPBackendPolicy where the route
   * has options for one) and makes sure an HTTPRoute holds the route.
   */
  addRoute(route: ResolvedRoute): void {
    const { service, options, propOf } = route;
    const check = healthCheck(
      options,
      { where: this.where, propOf, readiness: route.readiness },
      'HTTP',
    );
    const by = { where: this.where, path: route.path };
    const chart = this.settings.chart;
    if (this.multiCluster) exportRoutedService(chart, service, route.clusters);
    // A canary's Service is a backend of its own, which GKE health-checks and configures apart;
    // so is each per-cluster ServiceImport of a route that weighs clusters.
    const targets = this.policyTargets(service, route.clusters);
    for (const [version, placement] of targets)
      serviceHealthCheckPolicy(chart, version, check, by, placement);
    // With declared hosts, each host's route exists already and holds the host-less routes too.
    if (this.settings.hosts.length === 0) this.routeFor(route.host);
    const mapped = gatewayBackendOptions(chart, this.where, options, propOf);
    if (Object.values(mapped).some((v) => v !== undefined))
      for (const [version, placement] of targets)
        this.backendPolicy(version, mapped, 'route', by, placement);
  }

  /**
   * The backends of `service` that get their own policies, and where each policy goes: on one
   * cluster, the Service (and its canary's), each policy under its service; behind a
   * multi-cluster Gateway, the ServiceImports the rules send to, each policy under this front
   * door (the service need not run on the config cluster).
   */
  private policyTargets(
    service: LoadBalancerBackend,
    weights: Readonly<Record<string, number>> | undefined,
  ): (readonly [RoutedService, PolicyPlacement | undefined])[] {
    const versions: RoutedService[] = service.canary ? [service, service.canary] : [service];
    if (!this.multiCluster) return versions.map((v) => [v, undefined] as const);
    const placed = (version: RoutedService, name: string) =>
      [version, { scope: this, serviceImport: name }] as const;
    if (weights === undefined) return versions.map((v) => placed(v, v.name));
    return Object.keys(weights).map((cluster) =>
      placed(service, clusterServiceName(service, cluster)),
    );
  }

  /**
   * The extension point for backend settings (timeouts, draining, Cloud Armor, logging,
   * IAP, the capacity per Pod `maxRatePerEndpoint`): a GCPBackendPolicy for `service`, which must be routed here. GKE applies one
   * GCPBackendPolicy per Service, on every Gateway that routes to it, so a second call (from
   * this entrypoint or another) with other settings is an error, and so is a setting the
   * Gateway cannot express (`cdn`). A service's canary gets the same settings.
   */
  configureBackend(service: RoutedService, options: GatewayBackendOptions): GcpBackendPolicy {
    const by = { where: this.where };
    const canary = (service as Partial<LoadBalancerBackend>).canary;
    const placement = (version: RoutedService) =>
      this.multiCluster ? { scope: this, serviceImport: version.name } : undefined;
    const policy = this.backendPolicy(service, options, 'backend', by, placement(service));
    if (canary) this.backendPolicy(canary, options, 'backend', by, placement(canary));
    return policy;
  }

  /** {@link configureBackend}, with errors that name `prop` (`backend`, or `route`). */
  private backendPolicy(
    service: RoutedService,
    options: GatewayBackendOptions,
    prop: 'backend' | 'route',
    by: PolicyRequester,
    placement?: PolicyPlacement,
  ): GcpBackendPolicy {
    if (options.cdn !== undefined)
      fail(
        this.where,
        `${prop}.cdn`,
        'is set, but the gateway front door cannot express Cloud CDN yet (GCPBackendPolicy has no CDN setting)',
        "leave 'cdn' out, or use frontDoor 'ingress' for this entrypoint",
      );
    if (options.maxRatePerEndpoint !== undefined)
      checkWholeNumber(
        this.where,
        `${prop}.maxRatePerEndpoint`,
        options.maxRatePerEndpoint,
        1,
        MAX_RATE_PER_ENDPOINT,
      );
    return serviceBackendPolicy(this.settings.chart, service, options, by, prop, placement);
  }

  private metadata(suffix: string) {
    return {
      name: `${this.settings.name}${suffix}`,
      namespace: this.settings.chart.namespaceName,
      labels: { ...this.settings.labels },
    };
  }

  /** The HTTPRoute of `host` (or of any host), made the first time it is needed. */
  private routeFor(host: string | undefined): HttpRoute {
    let route = this.routes.get(host);
    if (route) return route;
    route = new HttpRoute(this, host === undefined ? 'route' : `route-${host}`, {
      metadata: this.metadata(host === undefined ? '' : `-${hostNamePart(host)}`),
      gateway: this.gateway.name,
      sectionName: this.redirect ? HTTPS_LISTENER : undefined,
      hostnames: host === undefined ? undefined : [host],
      rules: () => this.rulesFor(host),
    });
    this.settings.chart.claimName('HTTPRoute', route.name, this.entrypoint);
    this.routes.set(host, route);
    return route;
  }

  /** The rules of the HTTPRoute of `host` (see {@link httpRouteRules}). */
  private rulesFor(host: string | undefined): HttpRouteRule[] {
    return httpRouteRules(this.settings.routes.routesFor(host), this.multiCluster);
  }

  /** The HTTPRoute CRD's limits and routes for every declared host, before rendering. */
  private checkRoutes(): string[] {
    for (const host of this.routes.keys()) {
      const routes = this.settings.routes.routesFor(host);
      const hostText = host === undefined ? 'any host' : `host '${host}'`;
      if (routes.length === 0)
        fail(
          this.where,
          'route',
          `was never called for ${hostText}, so its HTTPRoute would have no rule`,
          'route at least one path for it, or a path without a host',
        );
      const services = new Set(routes.map((r) => r.service)).size;
      if (services > HTTP_ROUTE_LIMITS.rules)
        fail(
          this.where,
          'route',
          `sends ${hostText} to ${services} services, more than the ${HTTP_ROUTE_LIMITS.rules} rules of an HTTPRoute`,
          'split the routes over several entrypoints',
        );
      if (routes.length >= HTTP_ROUTE_LIMITS.matches)
        fail(
          this.where,
          'route',
          `has ${routes.length} paths for ${hostText}, an HTTPRoute matches fewer than ${HTTP_ROUTE_LIMITS.matches}`,
          'split the routes over several entrypoints',
        );
    }
    return [];
  }
}

/**
 * One HTTPRoute rule per Service port (and weights between clusters), matching its paths as
 * PathPrefix (the Ingress's Prefix), for `routes` (what one host serves: see
 * `RouteTable.routesFor`).
 * @param multiCluster whether the rules are a multi-cluster Gateway's, sending to ServiceImports
 */
export function httpRouteRules(
  routes: readonly FrontDoorRoute[],
  multiCluster = false,
): HttpRouteRule[] {
  const byBackend = new Map<string, { route: FrontDoorRoute; paths: string[] }>();
  for (const r of routes) {
    const weights = r.clusters === undefined ? '' : JSON.stringify(r.clusters);
    const key = `${r.service.name}:${r.port}${weights}`;
    const backend = byBackend.get(key) ?? { route: r, paths: [] };
    backend.paths.push(r.path);
    byBackend.set(key, backend);
  }
  return [...byBackend.values()].map(({ route: { service, port, clusters }, paths }) => ({
    matches: paths.map((path) => ({ path, type: 'PathPrefix' as const })),
    backends: multiCluster
      ? multiClusterBackends(service, port, clusters)
      : weightedBackends(service, port),
  }));
}

/**
 * The backends of a rule to `service`: its Service, or, with a canary, the stable and the
 * canary Service weighted by the canary's percentage (the Gateway API splits by relative weight).
 * @see https://gateway-api.sigs.k8s.io/guides/traffic-splitting
 */
function weightedBackends(service: LoadBalancerBackend, port: number): HttpRouteBackend[] {
  const canary = service.canary;
  if (canary === undefined) return [{ service: service.name, port }];
  return [
    { service: service.name, port, weight: 100 - canary.weight },
    { service: canary.name, port, weight: canary.weight },
  ];
}

/**
 * The hostnames of the redirect routes: every host, at most 16 to a route (an HTTPRoute's
 * `hostnames` has maxItems 16); one route for any host when there are none.
 */
function redirectHostGroups(hosts: readonly string[]): (readonly string[] | undefined)[] {
  if (hosts.length === 0) return [undefined];
  const groups: string[][] = [];
  for (let i = 0; i < hosts.length; i += HTTP_ROUTE_LIMITS.hostnames)
    groups.push(hosts.slice(i, i + HTTP_ROUTE_LIMITS.hostnames));
  return groups;
}

/**
 * The Gateway's certificates and listeners, checked: one certificate source, certificate
 * maps on external Gateways only, global access on internal ones only, the HTTPS redirect
 * (see `httpsRedirect`), and at least one listener.
 */
function checkTls(
  where: string,
  settings: GatewayFrontDoorSettings,
): { certificates: readonly string[]; redirect: boolean; allowHttp: boolean } {
  const { options, internal } = settings;
  if (settings.managedCertificate === true)
    fail(
      where,
      'managedCertificate',
      "is true, but GKE's Gateway does not take ManagedCertificates",
      "give 'gateway.certificateMap' (Certificate Manager) or 'gateway.preSharedCertificates' instead",
    );
  const certificates = options.preSharedCertificates ?? [];
  if (options.certificateMap !== undefined && certificates.length > 0)
    fail(
      where,
      'gateway.certificateMap',
      "and 'gateway.preSharedCertificates' are both set",
      'serve the certificates from one of them',
    );
  if (internal && options.certificateMap !== undefined)
    fail(
      where,
      'gateway.certificateMap',
      'is set on an internal entrypoint, but certificate maps serve global load balancers only',
      "give 'gateway.preSharedCertificates' (regional SSL certificates) instead",
    );
  if (!internal && options.globalAccess !== undefined)
    fail(
      where,
      'gateway.globalAccess',
      'is set on an external entrypoint, which every region reaches already',
      "leave it out, or set 'internal: true'",
    );
  const tls = options.certificateMap !== undefined || certificates.length > 0;
  const sources = "'gateway.certificateMap' or 'gateway.preSharedCertificates'";
  const redirect = httpsRedirect(where, settings, tls, sources);
  const allowHttp = settings.allowHttp ?? true;
  if (!allowHttp && !tls)
    fail(
      where,
      'allowHttp',
      'is false and there is no certificate, so the Gateway would have no listener',
      `give ${sources}, or leave 'allowHttp' on`,
    );
  return { certificates, redirect, allowHttp };
}
