import { fail } from '../../core/errors';
import { checkHostName } from '../../core/naming';
import type { PerEnv } from '../../core/per-env';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { ServicePort } from '../network/connections';
import type { ResolvedBackend, FrontDoorRoute, FrontDoorRoutes } from './front-door';
import { isLoadBalancerBackend, type LoadBalancerBackend } from './load-balancer-backend';
import { BACKEND_OPTION_NAMES, type BackendOptions, mergeBackendOptions } from './route-options';

/*
 * The rules of a WebEntrypoint's routes, the same on both front doors: paths and what they
 * match, hosts and their precedence, the backend and its port, the route's load balancer
 * options, and when HTTP is redirected to HTTPS.
 */

/**
 * What a Prefix path matches: Kubernetes ignores a trailing '/', so `/api` and `/api/` are
 * the same route.
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
export function prefixKey(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * An entrypoint's routes, with the precedence both front doors give them: a host's own route
 * before a route of the same path for any host.
 */
export class RouteTable implements FrontDoorRoutes {
  private readonly routes: FrontDoorRoute[] = [];

  /** @param where the entrypoint, for errors */
  constructor(private readonly where: string) {}

  /** Every route, in the order they were added. */
  get all(): readonly FrontDoorRoute[] {
    return this.routes;
  }

  /** The hosts that routes name, each once, in the order they first appear. */
  get routedHosts(): readonly string[] {
    return [...new Set(this.routes.flatMap((r) => (r.host === undefined ? [] : [r.host])))];
  }

  /** Fails when a route of `host` already matches the requests of `path`. */
  checkFree(host: string | undefined, path: string): void {
    const match = prefixKey(path);
    const twin = this.routes.find((r) => r.host === host && prefixKey(r.path) === match);
    if (twin)
      fail(
        this.where,
        'route',
        `has '${host ?? '*'}${path}' twice${twin.path === path ? '' : ` ('${twin.path}' matches the same requests)`}`,
        'route each host and path to one service',
      );
  }

  add(route: FrontDoorRoute): void {
    this.checkFree(route.host, route.path);
    this.routes.push(route);
  }

  /**
   * The routes that serve `host` (`undefined`: any other host): its own routes, then the
   * host-less routes of other paths. Both GKE's Ingress (one rule per host, where ingress-gce
   * keeps one of two equal paths) and a Gateway (the most specific host wins before the
   * longest path) need the host-less paths repeated for a host that has routes of its own.
   */
  routesFor(host: string | undefined): FrontDoorRoute[] {
    const anyHost = this.routes.filter((r) => r.host === undefined);
    if (host === undefined) return anyHost;
    const own = this.routes.filter((r) => r.host === host);
    const ownPaths = new Set(own.map((r) => prefixKey(r.path)));
    return [...own, ...anyHost.filter((r) => !ownPaths.has(prefixKey(r.path)))];
  }
}

/**
 * The path rules of a Prefix path: validateIngressHTTPIngressPath (kubernetes
 * pkg/apis/networking/validation) refuses '//', '/./', '/../', '%2f' and a trailing '/.' or
 * '/..'; and '*' is a wildcard only in GKE's ImplementationSpecific paths, not in a Prefix.
 */
export function checkRoutePath(where: string, path: string): void {
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

/** A route's `host`, checked: a DNS name, and one of the entrypoint's `hosts` when it has any. */
export function routeHost(
  where: string,
  hosts: readonly string[],
  host: string | undefined,
): string | undefined {
  if (host === undefined) return undefined;
  checkHostName(where, 'route', host);
  if (hosts.length > 0 && !hosts.includes(host))
    fail(
      where,
      'route',
      `has host '${host}', which is not one of the entrypoint's hosts`,
      `use one of ${hosts.join(', ')} or add it to 'hosts'`,
    );
  return host;
}

/**
 * `service`, checked as a route's backend: something a load balancer can send to (the types
 * refuse anything else; plain JavaScript gets this error), in the entrypoint's environment.
 */
export function routeBackend(
  where: string,
  chart: EnvironmentChart,
  service: unknown,
  path: string,
): LoadBalancerBackend {
  if (!isLoadBalancerBackend(service)) {
    const what =
      typeof service === 'object' && service !== null && 'where' in service
        ? service.where
        : undefined;
    fail(
      where,
      'route',
      `sends '${path}' to ${typeof what === 'string' ? what : JSON.stringify(service)}, which has no Service to route to`,
      'route to a WebService (a Worker serves no requests)',
    );
  }
  if (service.chart !== chart)
    fail(
      where,
      'route',
      `sends '${path}' to ${service.where}, which is in another environment`,
      'route to a service of the same environment',
    );
  return service;
}

/** The entrypoint's `defaultBackend`, checked: in the entrypoint's environment. */
export function checkDefaultBackend(
  where: string,
  chart: EnvironmentChart,
  service: LoadBalancerBackend,
): LoadBalancerBackend {
  if (service.chart !== chart)
    fail(
      where,
      'defaultBackend',
      `is ${service.where}, which is in another environment`,
      'use a service of the same environment',
    );
  return service;
}

/** The Service port of `service` called `name` (its first port when `name` is undefined). */
export function backendPort(
  where: string,
  service: LoadBalancerBackend,
  name: string | undefined,
): ServicePort {
  const ports = service.servicePorts;
  const port = name === undefined ? ports[0] : ports.find((p) => p.name === name);
  if (!port)
    fail(
      where,
      'route.port',
      `is '${name}', which is not a port of ${service.where}`,
      `use one of its ports: ${ports.map((p) => `'${p.name}'`).join(', ')}`,
    );
  return port;
}

/**
 * A route's load balancer options: the entrypoint's `backend` with the route's own fields
 * over it, resolved for the environment, and the prop each came from (for errors).
 * @param prefix the prop the route's own options are under (`route.`)
 */
export function resolveRouteOptions<E extends string>(
  where: string,
  chart: EnvironmentChart<E>,
  defaults: BackendOptions<E>,
  own: BackendOptions<E>,
  prefix: string,
): Pick<ResolvedBackend, 'options' | 'propOf'> {
  const resolve = <T>(value: PerEnv<T, E>, prop: string) => chart.resolve(value, where, prop);
  const options = mergeBackendOptions(defaults, own, resolve, {
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
 * Whether HTTP is redirected to HTTPS, and the checks of that decision on either front door:
 * on by default when there is a certificate; refused without one, and with `allowHttp: false`
 * (the redirect is served on HTTP).
 * @param certificates how this front door gets a certificate, for the error's fix
 */
export function httpsRedirect(
  where: string,
  given: { readonly redirectToHttps?: boolean; readonly allowHttp?: boolean },
  tls: boolean,
  certificates: string,
): boolean {
  const redirect = given.redirectToHttps ?? tls;
  if (redirect && !tls)
    fail(
      where,
      'redirectToHttps',
      'is true, but there is no certificate to redirect to',
      `give ${certificates}, or set 'redirectToHttps: false'`,
    );
  if (redirect && given.allowHttp === false)
    fail(
      where,
      'allowHttp',
      'is false, but the HTTPS redirect is served on HTTP',
      "leave 'allowHttp' on, or set 'redirectToHttps: false'",
    );
  return redirect;
}
