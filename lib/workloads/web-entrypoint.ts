import { Construct } from 'constructs';
import { checkGcpName } from '../gke/common';
import { freeId } from '../core/construct-id';
import { checkOneOf, fail } from '../core/errors';
import { checkDnsLabel, checkHostName } from '../core/naming';
import type { PerEnv } from '../core/per-env';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import { standardLabels } from './chart/labels';
import type { k8s } from './chart/kube';
import type { ServicePort } from './network/connections';
import { NetworkPolicies } from './network/network-policies';
import { readinessCheck } from './front-door/load-balancer-health';
import { entrypointScope } from './front-door/entrypoint-scope';
import {
  FRONT_DOOR_KINDS,
  type FrontDoor,
  type FrontDoorKind,
  type FrontDoorSettings,
  type ResolvedBackend,
} from './front-door/front-door';
import { GatewayFrontDoor, type GatewayFrontDoorOptions } from './front-door/gateway-front-door';
import { FleetMemberFrontDoor } from './front-door/fleet-member-front-door';
import { checkClusterWeights } from './front-door/cluster-services';
import type { FrontendConfig } from '../gke/frontend-config';
import type { ManagedCertificate } from '../gke/managed-certificate';
import { IngressFrontDoor } from './front-door/ingress-front-door';
import { PreviewFrontDoor } from './front-door/preview-front-door';
import type { LoadBalancerBackend } from './front-door/load-balancer-backend';
import type { BackendOptions } from './front-door/route-options';
import {
  backendPort,
  checkDefaultBackend,
  resolveRouteOptions,
  routeBackend,
  checkRoutePath,
  routeHost,
  RouteTable,
} from './front-door/route-rules';
import { declaredStaticIp, requireInternalLoadBalancing } from '../platform/lookups';
import { checkConstructProps } from './chart/construct-props';

/** Props of {@link WebEntrypoint}. */
export interface WebEntrypointProps<E extends string = string> {
  /** The Ingress's name, and the prefix of its certificate and frontend config. @default the construct id */
  readonly name?: string;
  /**
   * A declared static IP, by key: global for an external load balancer, regional for an
   * internal one. @default an ephemeral IP (it changes if the Ingress is recreated)
   */
  readonly staticIp?: PerEnv<string | undefined, E>;
  /** The host names served. Routes without a host serve all of them. @default any host */
  readonly hosts?: PerEnv<readonly string[], E>;
  /**
   * A Google-managed certificate for `hosts` (a ManagedCertificate; external load balancers only).
   * @default true when hosts are given and `certificates` are not
   */
  readonly managedCertificate?: boolean;
  /**
   * Certificates the platform declares for the environment (`certificates` of the
   * environment), by key: the stack creates them as Compute Engine SSL certificates and the
   * Ingress serves them by name (`ingress.gcp.kubernetes.io/pre-shared-cert`). External load
   * balancers only.
   * @default none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
   */
  readonly certificates?: PerEnv<readonly string[], E>;
  /**
   * Load balancer options of every route (and of the default backend); a route's own
   * options replace them field by field.
   * @default GKE's defaults, with the health check from each backend's readiness probe
   */
  readonly backend?: BackendOptions<E>;
  /**
   * The service for requests no route matches (the Ingress's `defaultBackend`).
   * @default GKE's default backend, which answers 404
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#default_backend
   */
  readonly defaultBackend?: LoadBalancerBackend;
  /** Redirect HTTP to HTTPS (external load balancers only). @default true with a certificate */
  readonly redirectToHttps?: boolean;
  /** Serve plain HTTP at all; `false` closes port 80. @default true */
  readonly allowHttp?: boolean;
  /** An internal Application Load Balancer (`gce-internal`) instead of an external one. @default false */
  readonly internal?: boolean;
  /** A Compute Engine SSL policy by name, e.g. one that requires TLS 1.2. @default GKE's default policy */
  readonly sslPolicy?: string;
  /**
   * What serves the routes: a GKE Ingress, or a Gateway (Gateway API, class
   * `gke-l7-global-external-managed`, or `gke-l7-rilb` when internal) with HTTPRoutes.
   *
   * In an environment of several clusters only the gateway serves: one multi-cluster Gateway
   * (`gke-l7-global-external-managed-mc`, or `gke-l7-rilb-mc` when internal, for clusters of
   * one region) with its HTTPRoutes and policies on the config cluster, whose backends are the
   * routed services' ServiceImports; each routed service is exported from the clusters it
   * runs on.
   * @default 'ingress'
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways
   */
  readonly frontDoor?: PerEnv<FrontDoorKind, E>;
  /** Settings of the gateway front door only (certificates, global access). @default none */
  readonly gateway?: GatewayFrontDoorOptions;
}

/**
 * Where one route sends requests, and how the load balancer treats its backend (over the
 * entrypoint's `backend` options, field by field). GKE attaches load balancer settings to a
 * Service port, so two routes to one service port must agree on them.
 */
export interface RouteOptions<E extends string = string> extends BackendOptions<E> {
  /** Only requests for this host. @default every host of the entrypoint */
  readonly host?: string;
  /** The name of the Service port to send to (see `additionalPorts`). @default its first port */
  readonly port?: string;
  /**
   * In an environment of several clusters (gateway front door): the share of the route's
   * requests each cluster gets, relative to the others, e.g. `{ euw1: 90, ane1: 10 }` to shift
   * traffic, `{ euw1: 0, ane1: 1 }` to drain `euw1`. Each weighed cluster gets a Service
   * `<service>-<cluster>` of its own, exported, and the route's rule sends to those
   * ServiceImports by weight (GKE's multi-cluster blue-green pattern); a cluster left out gets
   * none of the route's requests. Not with a canary. Give it per environment where others are
   * one cluster (`{ dev: undefined, prod: { … } }`).
   * @default the multi-cluster Gateway sends each request to the nearest cluster that runs
   *   the service and has healthy capacity, spilling over to the next nearest
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways#blue-green
   */
  readonly clusters?: PerEnv<Readonly<Record<string, number>> | undefined, E>;
}

/**
 * A Google load balancer shared by several WebServices, routed by host and path (`/` to the
 * main app, `/sub-app/` to a second one), on one of two front doors: a GKE Ingress (the
 * default) or a GKE Gateway. The routes mean the same on both, and both are right for GKE by
 * construction: container-native load balancing, a health check that is each backend's
 * readiness probe, a static IP by name, certificates and an HTTPS redirect.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api
 */
export class WebEntrypoint<E extends string = string> extends Construct {
  /** The name of the entrypoint's objects (a DNS label of at most 50 characters). */
  readonly name: string;
  /** `WebEntrypoint '<construct path>'`, as errors name it. */
  readonly where: string;
  /** What serves the routes in this environment. */
  readonly frontDoor: FrontDoor;
  /** The Ingress, on the ingress front door. */
  readonly ingress?: k8s.KubeIngress;
  /** The Gateway and its routes and policies, on the gateway front door. */
  readonly gateway?: GatewayFrontDoor;
  /** The Google-managed certificate, on the ingress front door when there is one. */
  readonly certificate?: ManagedCertificate;
  /** The FrontendConfig (HTTPS redirect, SSL policy), on the ingress front door when needed. */
  readonly frontendConfig?: FrontendConfig;
  private readonly chart: EnvironmentChart<E>;
  private readonly hosts: readonly string[];
  private readonly internal: boolean;
  private readonly routes: RouteTable;
  private readonly backendDefaults: BackendOptions<E>;

  constructor(scope: Scope<E>, id: string, props: WebEntrypointProps<NoInfer<E>> = {}) {
    const parent = entrypointScope(scope);
    checkConstructProps('WebEntrypoint', parent, id, props);
    super(parent, freeId(parent, id, 'WebEntrypoint'));
    this.chart = EnvironmentChart.of(this) as EnvironmentChart<E>;
    const where = `WebEntrypoint '${this.node.path}'`;
    this.where = where;
    this.name = checkDnsLabel(where, 'name', props.name ?? id, 50);
    this.routes = new RouteTable(where);
    const env = this.chart.environment.name;
    const resolve = <T>(value: PerEnv<T, E>, prop: string) =>
      this.chart.resolve(value, where, prop);
    this.hosts = resolve<readonly string[]>(props.hosts ?? [], 'hosts').map((h) =>
      checkHostName(where, 'hosts', h),
    );
    this.internal = props.internal ?? false;
    if (this.internal) requireInternalLoadBalancing(this.chart.platform, env, where, 'internal');
    const preview = this.chart.preview;
    if (preview && this.internal)
      fail(
        where,
        'internal',
        'is true, but previews are served on the shared preview Gateway, an external load balancer, which would publish what the environment keeps inside the VPC',
        'make the entrypoint external in the environment previews derive from, or do not use previews',
      );
    // A preview has no address of its own: it is served on the shared preview Gateway's.
    const ipKey =
      props.staticIp === undefined || preview ? undefined : resolve(props.staticIp, 'staticIp');
    const ip =
      ipKey === undefined
        ? undefined
        : declaredStaticIp(
            this.chart.platform,
            env,
            ipKey,
            this.internal ? 'regional' : 'global',
            where,
            'staticIp',
          );
    // An internal Application Load Balancer takes an internal regional address of the
    // cluster's subnetwork; an external regional address is refused when the load balancer
    // is created. (An external one takes a global address: declaredStaticIp checks the scope.)
    // @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress#static_ip_addressing
    // @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#gateway_ip_addressing
    if (ip !== undefined && this.internal && !ip.internal)
      fail(
        where,
        'staticIp',
        `is '${ipKey}', an external regional address, but an internal load balancer needs an internal one`,
        "declare the address with 'internal: true' (an address in the cluster's subnetwork), or make the entrypoint external",
      );
    this.backendDefaults = props.backend ?? {};
    this.node.addValidation({
      validate: () =>
        this.routes.all.length > 0 || props.defaultBackend
          ? []
          : fail(where, 'route', 'was never called', 'route at least one path to a WebService'),
    });
    const settings: FrontDoorSettings = {
      chart: this.chart,
      name: this.name,
      labels: standardLabels({
        name: this.name,
        environment: env,
        partOf: this.chart.platform.name,
        component: 'entrypoint',
      }),
      hosts: this.hosts,
      internal: this.internal,
      addressName: ip?.name,
      managedCertificate: props.managedCertificate,
      redirectToHttps: props.redirectToHttps,
      allowHttp: props.allowHttp,
      sslPolicy:
        props.sslPolicy === undefined
          ? undefined
          : checkGcpName(where, 'sslPolicy', props.sslPolicy),
      routes: this.routes,
    };
    const kind = resolve(props.frontDoor ?? 'ingress', 'frontDoor');
    if (preview) {
      const fallback = props.defaultBackend;
      checkOneOf(where, 'frontDoor', kind, FRONT_DOOR_KINDS);
      this.frontDoor = new PreviewFrontDoor(this, 'preview', {
        ...settings,
        preview,
        defaultBackend: fallback && this.defaultBackend(fallback),
      });
      return;
    }
    if (checkOneOf(where, 'frontDoor', kind, FRONT_DOOR_KINDS) === 'gateway') {
      refuseIngressOnly(where, props);
      // The multi-cluster Gateway is written on the config cluster only.
      if (this.chart.cluster?.config === false) {
        this.frontDoor = new FleetMemberFrontDoor(this, 'gateway', this.chart);
        return;
      }
      this.gateway = new GatewayFrontDoor(this, 'gateway', {
        ...settings,
        options: props.gateway ?? {},
      });
      this.frontDoor = this.gateway;
      return;
    }
    refuseFleetIngress(where, this.chart);
    if (props.gateway !== undefined && !mayUseGateway(props.frontDoor))
      fail(
        where,
        'gateway',
        "is set, but 'frontDoor' is 'ingress' in every environment",
        "set 'frontDoor: \"gateway\"', or leave 'gateway' out",
      );
    const fallback = props.defaultBackend;
    const door = new IngressFrontDoor(this, 'ingress', {
      ...settings,
      certificates: props.certificates && resolve(props.certificates, 'certificates'),
      defaultBackend: fallback && this.defaultBackend(fallback),
    });
    this.frontDoor = door;
    this.ingress = door.ingress;
    this.certificate = door.certificate;
    this.frontendConfig = door.frontendConfig;
  }

  /**
   * Sends requests for `path` (a prefix: `/sub-app` also matches `/sub-app/x`) to `service`.
   * The service needs an HTTP readiness probe on a declared port: it becomes the load
   * balancer's health check. A route with a `host` takes precedence, for that host, over a
   * route of the same path without one.
   */
  route(path: string, service: LoadBalancerBackend, options: RouteOptions<NoInfer<E>> = {}): void {
    const where = this.where;
    routeBackend(where, this.chart, service, path);
    checkRoutePath(where, path);
    const host = routeHost(where, this.hosts, options.host);
    this.routes.checkFree(host, path);
    const port = backendPort(where, service, options.port);
    const weights =
      options.clusters === undefined
        ? undefined
        : this.chart.resolve(options.clusters, where, 'route.clusters');
    const clusters =
      weights === undefined ? undefined : checkClusterWeights(where, this.chart, service, weights);
    this.frontDoor.addRoute({
      host,
      path,
      clusters,
      ...this.backend(service, port, options, path),
    });
    // A Gateway's backends are reached from the same proxies and health checkers as an
    // Ingress's (the load balancer type is the same), so the network policies are too.
    NetworkPolicies.of(this.chart).addLoadBalancer(
      service,
      { kind: this.internal ? 'internal-application' : 'external-application' },
      [port.targetPort],
    );
    this.routes.add({ host, path, service, port: port.port, clusters });
  }

  /**
   * `service` as a backend of this entrypoint: its port, the options of the route (over the
   * entrypoint's `backend`, resolved for the environment) and its readiness probe, checked.
   */
  private backend(
    service: LoadBalancerBackend,
    port: ServicePort,
    own: BackendOptions<E>,
    path: string | undefined,
  ): ResolvedBackend {
    const prefix = path === undefined ? 'backend.' : 'route.';
    const resolved = resolveRouteOptions(this.where, this.chart, this.backendDefaults, own, prefix);
    const readiness = readinessCheck(service, { entrypoint: this, path });
    return { service, port, ...resolved, readiness };
  }

  /** The Ingress's default backend: `service`'s first port, with the entrypoint's `backend` options. */
  private defaultBackend(service: LoadBalancerBackend): ResolvedBackend {
    checkDefaultBackend(this.where, this.chart, service);
    const backend = this.backend(service, service.servicePorts[0], {}, undefined);
    NetworkPolicies.of(this.chart).addLoadBalancer(service, {
      kind: this.internal ? 'internal-application' : 'external-application',
    });
    return backend;
  }
}

/**
 * The ingress front door in an environment of several clusters, refused: GKE's multi-cluster
 * Ingress (MultiClusterIngress, MultiClusterService) publishes no CRDs to check its objects
 * against, and Google recommends the multi-cluster Gateway in its place.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-ingress
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways
 */
function refuseFleetIngress(where: string, chart: EnvironmentChart): void {
  if (chart.cluster === undefined) return;
  const env = chart.environment.name;
  fail(
    where,
    'frontDoor',
    `is 'ingress' in '${env}', which runs on several clusters: GKE's multi-cluster Ingress has no published CRDs to check its objects against, and Google recommends the multi-cluster Gateway`,
    `set 'frontDoor: "gateway"' (or { ..., ${env}: 'gateway' }): one multi-cluster Gateway on the config cluster serves every cluster`,
  );
}

/** Whether a `frontDoor` prop selects the gateway in at least one environment. */
function mayUseGateway(frontDoor: PerEnv<FrontDoorKind> | undefined): boolean {
  if (frontDoor === undefined || typeof frontDoor === 'string') return frontDoor === 'gateway';
  return Object.values(frontDoor).includes('gateway');
}

/**
 * Props the gateway front door does not take (yet): refused rather than dropped. Its
 * certificates and global access are in `gateway`.
 */
function refuseIngressOnly(where: string, props: WebEntrypointProps<string>): void {
  const given = (['certificates', 'defaultBackend'] as const).find(
    (prop) => props[prop] !== undefined,
  );
  if (given !== undefined)
    fail(
      where,
      given,
      "is set, but 'frontDoor' is 'gateway', which serves certificates from 'gateway' and has no default backend",
      "use 'gateway.certificateMap' or 'gateway.preSharedCertificates', or the ingress front door",
    );
}
