import type { PerEnv } from '../../core/per-env';

/**
 * The protocol the load balancer speaks to the backend pods. `HTTPS` and `HTTP2` are TLS to
 * the pods (they accept any certificate), and the health check uses the same protocol.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_backend
 */
export type BackendProtocol = 'HTTP' | 'HTTPS' | 'HTTP2';

/**
 * Which backend pod a client's requests stick to.
 * - `none`: every request is balanced on its own (GKE's default).
 * - `client-ip`: by the client's IP address.
 * - `generated-cookie`: by a cookie the load balancer sets (`GCLB`), valid for
 *   `cookieTtlSeconds` (0 to 86400; 0 makes it a session cookie).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#session_affinity
 */
export type SessionAffinity =
  | { readonly type: 'none' }
  | { readonly type: 'client-ip' }
  | { readonly type: 'generated-cookie'; readonly cookieTtlSeconds?: number };

/**
 * The load balancer's health check. Its path and port are always the readiness probe's; these
 * fields tune its timing.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
 */
export interface HealthCheckOptions {
  /** Seconds between two checks, 1 to 300. @default the readiness probe's periodSeconds */
  readonly intervalSeconds?: number;
  /** Seconds to wait for an answer, 1 to 300, at most the interval. @default the readiness probe's timeoutSeconds */
  readonly timeoutSeconds?: number;
  /** Successes that mark a pod healthy, 1 to 10. @default the readiness probe's successThreshold (1) */
  readonly healthyThreshold?: number;
  /** Failures that mark a pod unhealthy, 1 to 10. @default the readiness probe's failureThreshold, at most 10 */
  readonly unhealthyThreshold?: number;
}

/** What goes into Cloud CDN's cache key. @see https://cloud.google.com/cdn/docs/caching#cache-keys */
export interface CacheKeyOptions {
  /** Whether the host name is part of the cache key. @default true */
  readonly includeHost?: boolean;
  /** Whether the protocol (HTTP or HTTPS) is part of the cache key. @default true */
  readonly includeProtocol?: boolean;
  /** Whether the query string is part of the cache key. @default true */
  readonly includeQueryString?: boolean;
  /** Only these query parameters go into the key (not with a deny list). @default all */
  readonly queryStringAllowlist?: readonly string[];
  /** These query parameters stay out of the key (not with an allow list). @default none */
  readonly queryStringDenylist?: readonly string[];
}

/**
 * Cloud CDN in front of a backend.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_cdn
 * @see https://cloud.google.com/cdn/docs/using-cache-modes
 */
export interface CdnOptions {
  /**
   * `CACHE_ALL_STATIC` caches static content and what the origin marks cacheable;
   * `USE_ORIGIN_HEADERS` only what the origin marks; `FORCE_CACHE_ALL` everything (never for
   * per-user content).
   * @default 'CACHE_ALL_STATIC'
   */
  readonly cacheMode?: 'CACHE_ALL_STATIC' | 'USE_ORIGIN_HEADERS' | 'FORCE_CACHE_ALL';
  /** TTL of responses without one, 0 to 31622400 (not with USE_ORIGIN_HEADERS). @default Cloud CDN's (3600) */
  readonly defaultTtlSeconds?: number;
  /** Cap on TTLs, 0 to 31622400 (CACHE_ALL_STATIC only). @default Cloud CDN's (86400) */
  readonly maxTtlSeconds?: number;
  /** Cap on the TTL sent to browsers, 0 to 31622400 (not with USE_ORIGIN_HEADERS). @default Cloud CDN's */
  readonly clientTtlSeconds?: number;
  /**
   * Caching of error and redirect responses: `true` for Cloud CDN's default TTLs, or a TTL in
   * seconds (at most 1800) per status code (300, 301, 302, 307, 308, 404, 405, 410, 421, 451, 501).
   * @default false
   */
  readonly negativeCaching?: boolean | Readonly<Record<number, number>>;
  /** What goes into Cloud CDN's cache key. @default host, protocol and the whole query string */
  readonly cacheKey?: CacheKeyOptions;
}

/**
 * Identity-Aware Proxy: only users IAM allows reach the backend. The OAuth client's ID and
 * secret are read from a Kubernetes Secret in the namespace (keys `client_id` and
 * `client_secret`); the secret never appears in the manifests.
 * @see https://cloud.google.com/iap/docs/enabling-kubernetes-howto
 */
export interface IapOptions {
  /** The name of the Kubernetes Secret holding `client_id` and `client_secret`. */
  readonly oauthClientSecret: string;
}

/**
 * How the Google load balancer treats one backend: given for a whole entrypoint
 * (`WebEntrypointProps.backend`) and, field by field, overridden per route. Every field may be
 * one value or one per environment.
 */
export interface BackendOptions<E extends string = string> {
  /**
   * Seconds the load balancer waits for a response (and keeps a WebSocket open), 1 to 86400.
   * @default GKE's (30)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#timeout
   */
  readonly timeoutSeconds?: PerEnv<number, E>;
  /**
   * Seconds in-flight requests may finish on a pod being removed, 0 to 3600.
   * @default GKE's (0)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#draining_timeout
   */
  readonly drainingSeconds?: PerEnv<number, E>;
  /** Which pod a client's requests stick to. @default { type: 'none' } (GKE's default) */
  readonly sessionAffinity?: PerEnv<SessionAffinity, E>;
  /**
   * Headers the load balancer adds to requests, by name; values may use its variables, e.g.
   * `{client_region}`. External load balancers only.
   * @default none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#request_headers
   */
  readonly requestHeaders?: PerEnv<Readonly<Record<string, string>>, E>;
  /**
   * Headers the load balancer adds to responses, by name. External load balancers only.
   * @default none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#response_headers
   */
  readonly responseHeaders?: PerEnv<Readonly<Record<string, string>>, E>;
  /**
   * Request logging: `true` logs every request, `{ sampleRate }` a fraction (0 to 1), `false`
   * turns it off.
   * @default not set (GKE's default: off for new backend services)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#http_logging
   */
  readonly accessLog?: PerEnv<boolean | { readonly sampleRate: number }, E>;
  /**
   * The load balancer's health check of the pods.
   * @default the readiness probe's path, port and timing
   */
  readonly healthCheck?: PerEnv<HealthCheckOptions, E>;
  /** Cloud CDN, or `false`. External load balancers only; not with IAP. @default false */
  readonly cdn?: PerEnv<CdnOptions | false, E>;
  /** Identity-Aware Proxy, or `false`. Not with Cloud CDN. @default false */
  readonly iap?: PerEnv<IapOptions | false, E>;
  /**
   * The protocol to the pods: also the health check's, and the Service's
   * `cloud.google.com/app-protocols` annotation. The pods' HTTP probes then use HTTPS.
   * @default 'HTTP'
   */
  readonly protocol?: PerEnv<BackendProtocol, E>;
  /**
   * A Cloud Armor policy the platform declares for the environment, by key. External load
   * balancers only.
   * @default none
   */
  readonly securityPolicy?: PerEnv<string | undefined, E>;
}

/** The fields of {@link BackendOptions}, for going over them in order. */
export const BACKEND_OPTION_NAMES = [
  'timeoutSeconds',
  'drainingSeconds',
  'sessionAffinity',
  'requestHeaders',
  'responseHeaders',
  'accessLog',
  'healthCheck',
  'cdn',
  'iap',
  'protocol',
  'securityPolicy',
] as const satisfies readonly (keyof BackendOptions)[];

/** {@link BackendOptions} for one environment: every value resolved. */
export type ResolvedBackendOptions = {
  readonly [K in keyof BackendOptions]?: BackendOptions[K] extends
    PerEnv<infer T, string> | undefined
    ? T
    : never;
};

/**
 * The options of one route: the entrypoint's `backend` with the route's own fields over it
 * (a field given on the route replaces the entrypoint's whole value), resolved for the
 * environment by `resolve`.
 */
export function mergeBackendOptions<E extends string>(
  defaults: BackendOptions<E>,
  own: BackendOptions<E>,
  resolve: <T>(value: PerEnv<T, E>, prop: string) => T,
  prefix: { readonly defaults: string; readonly own: string },
): ResolvedBackendOptions {
  const out: Record<string, unknown> = {};
  for (const name of BACKEND_OPTION_NAMES) {
    const fromRoute = own[name] !== undefined;
    const value = fromRoute ? own[name] : defaults[name];
    if (value === undefined) continue;
    const resolved = resolve(
      value as PerEnv<unknown, E>,
      `${fromRoute ? prefix.own : prefix.defaults}${name}`,
    );
    if (resolved !== undefined) out[name] = resolved;
  }
  return out as ResolvedBackendOptions;
}
