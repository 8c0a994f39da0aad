import { NetworkPolicies } from './network/network-policies';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkGcpName } from '../gke/common';
import { FrontendConfig } from '../gke/frontend-config';
import { ManagedCertificate } from '../gke/managed-certificate';
import { fail } from '../core/errors';
import { checkDnsLabel, checkHostName } from '../core/naming';
import type { PerEnv } from '../core/per-env';
import { freeId } from '../core/construct-id';
import { entrypointScope } from './front-door/entrypoint-scope';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import {
  type FrontDoor,
  GatewayFrontDoor,
  type GatewayFrontDoorOptions,
} from './front-door/gateway-front-door';
import { healthCheck } from './front-door/backend-config-builder';
import type { ServicePort } from './network/connections';
import { gatewayBackendOptions } from './front-door/gateway-backend-options';
import { k8s } from './chart/kube';
import { standardLabels } from './chart/labels';
import {
  BACKEND_OPTION_NAMES,
  type BackendOptions,
  mergeBackendOptions,
  type ResolvedBackendOptions,
} from './front-door/route-options';
import type { WebService } from './web-service';

/**
 * The Ingress annotation listing Compute Engine SSL certificates (made outside Kubernetes)
 * that the load balancer serves.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 */
export const PRE_SHARED_CERT_ANNOTATION = 'ingress.gcp.kubernetes.io/pre-shared-cert';

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
  readonly defaultBackend?: WebService;
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
   * @default 'ingress'
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api
   */
  readonly frontDoor?: PerEnv<FrontDoor, E>;
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
}

interface Route {
  readonly host?: string;
  readonly path: string;
  readonly service: WebService;
  /** The Service port the route sends to. */
  readonly port: number;
}

/**
 * A GKE Ingress shared by several WebServices, routed by host and path (`/` to the main
 * app, `/sub-app/` to a second one). It is right for GKE by construction: the `gce` class
 * by annotation (GKE ignores `ingressClassName`), container-native load balancing (NEG) on
 * every backend Service, a BackendConfig whose health check is the backend's readiness
 * probe, a static IP by name, Google-managed certificates and an HTTPS redirect.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress
 */
export class WebEntrypoint<E extends string = string> extends Construct {
  readonly name: string;
  /** The Ingress, on the ingress front door. */
  readonly ingress?: k8s.KubeIngress;
  /** The Gateway and its routes and policies, on the gateway front door. */
  readonly gateway?: GatewayFrontDoor;
  readonly certificate?: ManagedCertificate;
  readonly frontendConfig?: FrontendConfig;
  private readonly chart: EnvironmentChart<E>;
  private readonly where: string;
  private readonly hosts: readonly string[];
  private readonly routes: Route[] = [];
  private readonly internal: boolean;
  private readonly backendDefaults: BackendOptions<E>;

  constructor(scope: Scope<E>, id: string, props: WebEntrypointProps<NoInfer<E>> = {}) {
    const parent = entrypointScope(scope);
    super(parent, freeId(parent, id, 'WebEntrypoint'));
    this.chart = EnvironmentChart.of(this) as EnvironmentChart<E>;
    this.where = `WebEntrypoint '${this.node.path}'`;
    const where = this.where;
    this.name = checkDnsLabel(where, 'name', props.name ?? id, 50);
    const env = this.chart.environment.name;
    const resolve = <T>(value: PerEnv<T, E>, prop: string) =>
      this.chart.resolve(value, where, prop);
    this.hosts = (resolve(props.hosts ?? [], 'hosts') as readonly string[]).map((h) =>
      checkHostName(where, 'hosts', h),
    );
    const internal = props.internal ?? false;
    this.internal = internal;
    if (internal) this.chart.platform.requireInternalLoadBalancing(env, where, 'internal');
    const labels = standardLabels({
      name: this.name,
      environment: env,
      partOf: this.chart.platform.name,
      component: 'entrypoint',
    });
    const ipKey = props.staticIp === undefined ? undefined : resolve(props.staticIp, 'staticIp');
    const ip =
      ipKey === undefined
        ? undefined
        : this.chart.platform.staticIp(
            env,
            ipKey,
            internal ? 'regional' : 'global',
            where,
            'staticIp',
          );
    this.backendDefaults = props.backend ?? {};
    this.node.addValidation({
      validate: () =>
        this.routes.length > 0 || props.defaultBackend
          ? []
          : fail(where, 'route', 'was never called', 'route at least one path to a WebService'),
    });
    if (resolve(props.frontDoor ?? 'ingress', 'frontDoor') === 'gateway') {
      refuseIngressOnly(where, props);
      this.gateway = new GatewayFrontDoor(this, 'gateway', {
        ...props,
        where,
        chart: this.chart,
        name: this.name,
        labels,
        hosts: this.hosts,
        internal,
        addressName: ip?.name,
        options: props.gateway ?? {},
        routes: () => this.routes,
      });
      return;
    }
    if (props.gateway !== undefined && !mayUseGateway(props.frontDoor))
      fail(
        where,
        'gateway',
        "is set, but 'frontDoor' is 'ingress' in every environment",
        "set 'frontDoor: \"gateway\"', or leave 'gateway' out",
      );
    const preShared = (resolve(props.certificates ?? [], 'certificates') as readonly string[]).map(
      (key) => this.chart.platform.certificate(env, key, where, 'certificates'),
    );
    if (internal && preShared.length > 0)
      fail(
        where,
        'certificates',
        'is set, but the declared certificates are global and an internal load balancer takes regional ones',
        "leave 'certificates' out, or make the entrypoint external",
      );
    const certificate =
      props.managedCertificate ?? (this.hosts.length > 0 && preShared.length === 0);
    const redirect = props.redirectToHttps ?? (certificate || preShared.length > 0);
    if (certificate && this.hosts.length === 0)
      fail(
        where,
        'managedCertificate',
        'is true, but no hosts are given',
        "list the host names in 'hosts'",
      );
    if (internal && (certificate || redirect)) {
      fail(
        where,
        'internal',
        'is true, but Google-managed certificates and the HTTPS redirect exist only for external load balancers',
        "set 'managedCertificate: false' and 'redirectToHttps: false', or make the entrypoint external",
      );
    }
    if (redirect && !certificate && preShared.length === 0)
      fail(
        where,
        'redirectToHttps',
        'is true, but there is no certificate to redirect to',
        "give 'hosts' for a managed certificate or 'certificates', or set 'redirectToHttps: false'",
      );
    if (redirect && props.allowHttp === false)
      fail(
        where,
        'allowHttp',
        'is false, but the HTTPS redirect is served on HTTP',
        "leave 'allowHttp' on, or set 'redirectToHttps: false'",
      );

    const metadata = (suffix: string) => ({
      name: `${this.name}${suffix}`,
      namespace: this.chart.namespaceName,
      labels,
    });
    const annotations: Record<string, string> = {
      // GKE acts on the annotation only; with just spec.ingressClassName it creates no load balancer.
      // @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
      'kubernetes.io/ingress.class': internal ? 'gce-internal' : 'gce',
    };
    if (ip !== undefined) {
      annotations[
        internal
          ? 'kubernetes.io/ingress.regional-static-ip-name'
          : 'kubernetes.io/ingress.global-static-ip-name'
      ] = ip.name;
    }
    if (certificate) {
      this.certificate = new ManagedCertificate(this, 'certificate', {
        metadata: metadata('-cert'),
        domains: this.hosts,
      });
      this.chart.claimName('ManagedCertificate', this.certificate.name, this);
      Object.assign(annotations, this.certificate.ingressAnnotations());
    }
    if (preShared.length > 0)
      annotations[PRE_SHARED_CERT_ANNOTATION] = preShared.map((c) => c.name).join(',');
    if (props.sslPolicy !== undefined) checkGcpName(where, 'sslPolicy', props.sslPolicy);
    if (redirect || props.sslPolicy) {
      this.frontendConfig = new FrontendConfig(this, 'frontend', {
        metadata: metadata('-frontend'),
        redirectToHttps: redirect,
        sslPolicy: props.sslPolicy,
      });
      this.chart.claimName('FrontendConfig', this.frontendConfig.name, this);
      Object.assign(annotations, FrontendConfig.ingressAnnotations(this.frontendConfig));
    }
    if (props.allowHttp === false) annotations['kubernetes.io/ingress.allow-http'] = 'false';

    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { ...metadata(''), annotations },
      spec: {
        defaultBackend: props.defaultBackend && this.defaultBackend(props.defaultBackend),
        rules: Lazy.any({ produce: () => this.renderRules() }) as unknown as k8s.IngressRule[],
      },
    });
    this.chart.claimName('Ingress', this.name, this);
  }

  /**
   * Sends requests for `path` (a prefix: `/sub-app` also matches `/sub-app/x`) to `service`.
   * The service needs an HTTP readiness probe on a declared port: it becomes the load
   * balancer's health check. A route with a `host` takes precedence, for that host, over a
   * route of the same path without one.
   */
  route(path: string, service: WebService, options: RouteOptions<NoInfer<E>> = {}): void {
    const where = this.where;
    if (typeof (service as Partial<WebService> | undefined)?.asLoadBalancerBackend !== 'function')
      fail(
        where,
        'route',
        `sends '${path}' to ${(service as { where?: string } | undefined)?.where ?? JSON.stringify(service)}, which has no Service to route to`,
        'route to a WebService (a Worker serves no requests)',
      );
    if (service.chart !== this.chart)
      fail(
        where,
        'route',
        `sends '${path}' to ${service.where}, which is in another environment`,
        'route to a service of the same environment',
      );
    checkRoutePath(where, path);
    const host =
      options.host === undefined ? undefined : checkHostName(where, 'route', options.host);
    if (host && this.hosts.length > 0 && !this.hosts.includes(host))
      fail(
        where,
        'route',
        `has host '${host}', which is not one of the entrypoint's hosts`,
        `use one of ${this.hosts.join(', ')} or add it to 'hosts'`,
      );
    const match = prefixKey(path);
    const twin = this.routes.find((r) => r.host === host && prefixKey(r.path) === match);
    if (twin)
      fail(
        where,
        'route',
        `has '${host ?? '*'}${path}' twice${twin.path === path ? '' : ` ('${twin.path}' matches the same requests)`}`,
        'route each host and path to one service',
      );
    const port = service.servicePortNamed(where, 'route.port', options.port);
    if (this.gateway) this.attachToGateway(this.gateway, { host, path, service, port }, options);
    else this.attach(service, path, options, 'route.', port.name);
    // A Gateway's backends are reached from the same proxies and health checkers as an
    // Ingress's (the load balancer type is the same), so the network policies are too.
    NetworkPolicies.of(this.chart).addLoadBalancer(
      service,
      { kind: this.internal ? 'internal-application' : 'external-application' },
      [port.targetPort],
    );
    this.routes.push({ host, path, service, port: port.port });
  }

  /**
   * A route's load balancer options over the entrypoint's `backend`, field by field, resolved
   * for the environment, and the prop each came from (for errors).
   */
  private backendOptions(
    own: BackendOptions<E>,
    prefix: string,
  ): {
    options: ResolvedBackendOptions;
    propOf: (option: keyof ResolvedBackendOptions) => string;
  } {
    const resolve = <T>(value: PerEnv<T, E>, prop: string) =>
      this.chart.resolve(value, this.where, prop);
    const options = mergeBackendOptions(this.backendDefaults, own, resolve, {
      defaults: 'backend.',
      own: prefix,
    });
    const fromRoute = new Set(BACKEND_OPTION_NAMES.filter((n) => own[n] !== undefined));
    return {
      options,
      propOf: (option) => `${fromRoute.has(option) ? prefix : 'backend.'}${option}`,
    };
  }

  /**
   * The route's load balancer options on the gateway front door: a GCPBackendPolicy for the
   * service, where any option is set (one per Service, as GKE applies them).
   */
  private attachToGateway(
    gateway: GatewayFrontDoor,
    route: { host?: string; path: string; service: WebService; port: ServicePort },
    own: BackendOptions<E>,
  ): void {
    const { host, path, service, port } = route;
    const { options, propOf } = this.backendOptions(own, 'route.');
    // The HealthCheckPolicy: the readiness probe with its timing, as behind an Ingress.
    const readiness = service.readinessCheck(this.where, path);
    const check = healthCheck(options, { where: this.where, propOf, readiness }, 'HTTP');
    gateway.addRoute({ host, path, service, port: port.port, healthCheck: check });
    const mapped = gatewayBackendOptions(this.chart, this.where, options, propOf);
    if (Object.values(mapped).some((v) => v !== undefined))
      gateway.configureBackend(service, mapped, 'route');
  }

  /** Makes `service`'s port a backend of this load balancer with the given route options. */
  private attach(
    service: WebService,
    path: string,
    own: BackendOptions<E>,
    prefix: string,
    portName?: string,
  ): void {
    const { options, propOf } = this.backendOptions(own, prefix);
    service.asLoadBalancerBackend(this.where, path, {
      options,
      propOf,
      internal: this.internal,
      portName,
    });
  }

  /** The Ingress's default backend: `service`, with the entrypoint's `backend` options. */
  private defaultBackend(service: WebService): k8s.IngressBackend {
    if (service.chart !== this.chart)
      fail(
        this.where,
        'defaultBackend',
        `is ${service.where}, which is in another environment`,
        'use a service of the same environment',
      );
    this.attach(service, '(default backend)', {}, 'backend.');
    NetworkPolicies.of(this.chart).addLoadBalancer(service, {
      kind: this.internal ? 'internal-application' : 'external-application',
    });
    return { service: { name: service.name, port: { number: service.servicePort } } };
  }

  /**
   * One rule per host. Without `hosts`, routes with a host get a rule of their own and the
   * others a catch-all rule. A host's rule holds its own routes and the host-less routes of
   * other paths: ingress-gce keeps only one of two equal paths in a rule, so the host's own
   * route must be the only one.
   */
  private renderRules(): k8s.IngressRule[] {
    const routedHosts = this.routes.flatMap((r) => (r.host === undefined ? [] : [r.host]));
    const hosts = this.hosts.length > 0 ? this.hosts : [...new Set(routedHosts)];
    const anyHost = this.routes.filter((r) => r.host === undefined);
    const rules: { host?: string; routes: Route[] }[] = hosts.map((host) => {
      const own = this.routes.filter((r) => r.host === host);
      const ownPaths = new Set(own.map((r) => prefixKey(r.path)));
      const inherited = anyHost.filter((r) => !ownPaths.has(prefixKey(r.path)));
      return { host, routes: [...own, ...inherited] };
    });
    if (this.hosts.length === 0 && anyHost.length > 0) rules.push({ routes: anyHost });
    return rules
      .filter((rule) => rule.routes.length > 0)
      .map(({ host, routes }) => ({
        host,
        http: {
          paths: routes.map((r) => ({
            path: r.path,
            pathType: 'Prefix',
            backend: {
              service: { name: r.service.name, port: { number: r.port } },
            },
          })),
        },
      }));
  }
}

/** Whether a `frontDoor` prop selects the gateway in at least one environment. */
function mayUseGateway(frontDoor: PerEnv<FrontDoor> | undefined): boolean {
  if (frontDoor === undefined || typeof frontDoor === 'string') return frontDoor === 'gateway';
  return Object.values(frontDoor).includes('gateway');
}

/**
 * What a Prefix path matches: Kubernetes ignores a trailing '/', so `/api` and `/api/` are
 * the same route.
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
function prefixKey(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * The path rules of a Prefix path: validateIngressHTTPIngressPath (kubernetes
 * pkg/apis/networking/validation) refuses '//', '/./', '/../', '%2f' and a trailing '/.' or
 * '/..'; and '*' is a wildcard only in GKE's ImplementationSpecific paths, not in a Prefix.
 */
function checkRoutePath(where: string, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    fail(
      where,
      'route',
      `has path ${JSON.stringify(path)}`,
      "give a path starting with '/', e.g. '/' or '/sub-app'",
    );
  }
  if (path.includes('*')) {
    const prefix = path.replace(/\/?\*+$/, '') || '/';
    fail(
      where,
      'route',
      `has path '${path}', but '*' is not a wildcard in a Prefix path`,
      prefix.includes('*')
        ? "leave '*' out: a path matches everything under it"
        : `write '${prefix}': it matches '${prefix}' and everything under it`,
    );
  }
  for (const sequence of ['//', '/./', '/../', '%2f', '%2F']) {
    if (path.includes(sequence))
      fail(
        where,
        'route',
        `has path '${path}', which contains '${sequence}'`,
        `write the path without '${sequence}'`,
      );
  }
  for (const suffix of ['/..', '/.']) {
    if (path.endsWith(suffix))
      fail(
        where,
        'route',
        `has path '${path}', which ends with '${suffix}'`,
        `write the path without '${suffix}'`,
      );
  }
  if (!/^\/[-A-Za-z0-9._~%!$&'()+,;=:@/]*$/.test(path)) {
    fail(
      where,
      'route',
      `has path '${path}'`,
      "use letters, digits and URL path characters only (percent-encode others), e.g. '/sub-app'",
    );
  }
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
