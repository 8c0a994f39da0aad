import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/backendconfig-cloud.google.com';
import { checkDnsSubdomain } from '../core/naming';
import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import { checkGcpName, checkMetadata, checkUrlPath, type GkeObjectProps } from './common';
import { freeId } from '../core/construct-id';

/** The Service annotation that attaches BackendConfigs to a Service's ports. */
export const BACKEND_CONFIG_ANNOTATION = 'cloud.google.com/backend-config';

/** The protocol of the load balancer's health check. */
export type HealthCheckType = 'HTTP' | 'HTTPS' | 'HTTP2';

const HEALTH_CHECK_TYPES: readonly HealthCheckType[] = ['HTTP', 'HTTPS', 'HTTP2'];

/**
 * The load balancer's health check for the backends of a Service. Give the path of the
 * container's readiness probe, so that the load balancer and Kubernetes agree on which pods
 * are ready.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
 */
export interface BackendHealthCheck {
  /**
   * The path the health check requests; it must answer 200.
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#health_checks
   */
  readonly requestPath: string;
  /**
   * The port the health check connects to. With container-native load balancing (NEG), the
   * container's serving port.
   * @default - the serving port of each backend (GKE's default)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
   */
  readonly port?: number;
  /**
   * The health check's protocol.
   * @default 'HTTP'
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
   */
  readonly type?: HealthCheckType;
  /**
   * Seconds between two checks of one backend, 1 to 300.
   * @default - GKE's default
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts
   */
  readonly checkIntervalSec?: number;
  /**
   * Seconds to wait for an answer, 1 to 300 and at most `checkIntervalSec`.
   * @default - GKE's default
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts
   */
  readonly timeoutSec?: number;
  /**
   * Consecutive successes that mark a backend healthy, 1 to 10.
   * @default - GKE's default
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures that mark a backend unhealthy, 1 to 10.
   * @default - GKE's default
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts
   */
  readonly unhealthyThreshold?: number;
}

/** Settings of a BackendConfig: how the Google load balancer treats a Service's backends. */
export interface BackendConfigProps extends GkeObjectProps {
  /**
   * The load balancer's health check.
   * @default - none: GKE infers it from the serving container's readiness probe or checks `GET /`
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
   */
  readonly healthCheck?: BackendHealthCheck;
  /**
   * Seconds the load balancer lets in-flight requests finish on a backend being removed,
   * 0 to 3600.
   * @default - not set: GKE's default (no draining)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#draining_timeout
   */
  readonly drainingTimeoutSec?: number;
  /**
   * Seconds the load balancer waits for a backend's response (and the idle timeout of
   * WebSocket connections).
   * @default - not set: GKE's default of 30 seconds
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#timeout
   */
  readonly timeoutSec?: number;
  /**
   * The name of a Google Cloud Armor security policy to attach to the backend service.
   * @default - none: the controller leaves the backend's security policy alone
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_armor
   */
  readonly securityPolicy?: string;
  /**
   * Whether the load balancer logs the requests to these backends.
   * @default - not set: GKE's default (logging disabled for new backend services)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#http_logging
   */
  readonly logging?: boolean;
  /**
   * The fraction of requests logged, 0 to 1. Needs `logging: true`.
   * @default - not set: GKE's default of 1 (every request)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#http_logging
   */
  readonly logSampleRate?: number;
  /**
   * Whether Cloud CDN caches responses of these backends.
   * @default - not set: Cloud CDN disabled
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_cdn
   */
  readonly cdn?: boolean | BackendCdnPolicy;
  /**
   * Which pod a client's requests stick to.
   * @default - not set: GKE's default (NONE)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#session_affinity
   */
  readonly sessionAffinity?: BackendSessionAffinity;
  /**
   * Headers added to requests, each `Name:Value`.
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#request_headers
   */
  readonly customRequestHeaders?: readonly string[];
  /**
   * Headers added to responses, each `Name:Value`.
   * @default - none
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#response_headers
   */
  readonly customResponseHeaders?: readonly string[];
  /**
   * Identity-Aware Proxy, with the OAuth client read from a Kubernetes Secret (keys
   * `client_id`, `client_secret`) in the BackendConfig's namespace.
   * @default - not set: IAP off
   * @see https://cloud.google.com/iap/docs/enabling-kubernetes-howto
   */
  readonly iap?: { readonly oauthClientSecretName: string };
}

/**
 * The session affinity of a backend service.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#session_affinity
 */
export interface BackendSessionAffinity {
  /**
   * How requests stick to a pod: not at all, by client IP, or by a cookie the load balancer sets.
   */
  readonly affinityType: 'NONE' | 'CLIENT_IP' | 'GENERATED_COOKIE';
  /** For GENERATED_COOKIE: the cookie's lifetime, 0 to 86400. @default - 0 (a session cookie) */
  readonly affinityCookieTtlSec?: number;
}

/**
 * The Cloud CDN policy of a backend service, as the BackendConfig CRD spells it.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_cdn
 */
export interface BackendCdnPolicy {
  /** Which responses Cloud CDN caches. @default - Cloud CDN's (CACHE_ALL_STATIC) */
  readonly cacheMode?: string;
  /** How long responses without caching headers are cached, in seconds. @default - Cloud CDN's */
  readonly defaultTtl?: number;
  /**
   * The longest a response is cached whatever its headers say, in seconds.
   * @default - Cloud CDN's
   */
  readonly maxTtl?: number;
  /** The longest a client may cache a response, in seconds. @default - Cloud CDN's */
  readonly clientTtl?: number;
  /** Whether error responses (404, 410, …) are cached too. @default - false */
  readonly negativeCaching?: boolean;
  /** TTLs per status code. @default - Cloud CDN's defaults per code */
  readonly negativeCachingPolicy?: readonly { readonly code: number; readonly ttl: number }[];
  /** The cache key. @default - host, protocol and query string */
  readonly cachePolicy?: {
    readonly includeHost?: boolean;
    readonly includeProtocol?: boolean;
    readonly includeQueryString?: boolean;
    readonly queryStringWhitelist?: readonly string[];
    readonly queryStringBlacklist?: readonly string[];
  };
}

/**
 * Which BackendConfig applies to which port of a Service: `default` for every port not listed
 * in `ports`, `ports` by Service port name or number.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#associating_backendconfig_with_your_ingress
 */
export interface BackendConfigRefs {
  /**
   * The BackendConfig for every port of the Service that `ports` does not list.
   * @default - none
   */
  readonly default?: BackendConfig | string;
  /**
   * BackendConfigs per Service port, keyed by port name or number.
   * @default - none
   */
  readonly ports?: Readonly<Record<string, BackendConfig | string>>;
}

/**
 * A GKE BackendConfig (cloud.google.com/v1): the health check, timeouts, connection
 * draining, Cloud Armor policy, logging and CDN of the load balancer's backend service for a
 * Service. Attach it to the Service with `serviceAnnotations()`.
 *
 * The generated object is `apiObject`, for anything these props do not cover
 * (`ApiObject.of(x).addJsonPatch()` also works on it).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#configuring_ingress_features_through_backendconfig_parameters
 */
export class BackendConfig extends Construct {
  /**
   * The `cloud.google.com/backend-config` Service annotation for the given BackendConfigs
   * (objects or names), e.g. `{ default: 'web' }` gives
   * `{ 'cloud.google.com/backend-config': '{"default":"web"}' }`.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#associating_backendconfig_with_your_ingress
   */
  public static serviceAnnotations(refs: BackendConfigRefs): Record<string, string> {
    const nameOf = (ref: BackendConfig | string) => (typeof ref === 'string' ? ref : ref.name);
    const ports = Object.entries(refs.ports ?? {});
    if (refs.default === undefined && ports.length === 0) {
      fail(
        'BackendConfig.serviceAnnotations',
        'refs',
        'names no BackendConfig',
        "give 'default' or at least one entry in 'ports'",
      );
    }
    const value: { default?: string; ports?: Record<string, string> } = {};
    if (refs.default !== undefined) value.default = nameOf(refs.default);
    if (ports.length > 0) {
      value.ports = Object.fromEntries(ports.map(([port, ref]) => [port, nameOf(ref)]));
    }
    return { [BACKEND_CONFIG_ANNOTATION]: JSON.stringify(value) };
  }

  /** The generated BackendConfig object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name, as the Service annotation references it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: BackendConfigProps = {}) {
    super(scope, freeId(scope, id, 'BackendConfig'));
    const where = `BackendConfig '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);

    this.apiObject = new imported.BackendConfig(this, 'Resource', {
      metadata,
      spec: {
        healthCheck: props.healthCheck && healthCheckSpec(where, props.healthCheck),
        connectionDraining:
          props.drainingTimeoutSec === undefined
            ? undefined
            : {
                drainingTimeoutSec: checkWholeNumber(
                  where,
                  'drainingTimeoutSec',
                  props.drainingTimeoutSec,
                  0,
                  3600,
                ),
              },
        timeoutSec:
          props.timeoutSec === undefined
            ? undefined
            : checkWholeNumber(where, 'timeoutSec', props.timeoutSec, 1, 2147483647),
        securityPolicy:
          props.securityPolicy === undefined
            ? undefined
            : { name: checkGcpName(where, 'securityPolicy', props.securityPolicy) },
        logging: loggingSpec(where, props.logging, props.logSampleRate),
        cdn: cdnSpec(props.cdn),
        sessionAffinity: props.sessionAffinity && { ...props.sessionAffinity },
        customRequestHeaders: props.customRequestHeaders && {
          headers: [...props.customRequestHeaders],
        },
        customResponseHeaders: props.customResponseHeaders && {
          headers: [...props.customResponseHeaders],
        },
        iap: props.iap && {
          enabled: true,
          oauthclientCredentials: {
            secretName: checkDnsSubdomain(
              where,
              'iap.oauthClientSecretName',
              props.iap.oauthClientSecretName,
            ),
          },
        },
      },
    });
    this.name = this.apiObject.name;
  }

  /**
   * The Service annotation that makes this BackendConfig apply to every port of a Service
   * (`ports` not given) or to the listed Service ports only (by name or number).
   */
  public serviceAnnotations(ports?: ReadonlyArray<string | number>): Record<string, string> {
    if (ports === undefined) return BackendConfig.serviceAnnotations({ default: this });
    if (ports.length === 0) {
      fail(
        `BackendConfig '${this.node.path}'`,
        'ports',
        'is empty',
        'list Service port names or numbers, or leave it out for every port',
      );
    }
    return BackendConfig.serviceAnnotations({
      ports: Object.fromEntries(ports.map((port) => [String(port), this])),
    });
  }
}

/**
 * A health check as a BackendConfig writes it, checked: a type the load balancer speaks,
 * interval and timeout of 1 to 300 seconds with the timeout at most the interval, thresholds
 * of 1 to 10, a URL path, a port number. The Gateway's HealthCheckPolicy takes the same.
 */
export function healthCheckSpec(
  where: string,
  hc: BackendHealthCheck,
): imported.BackendConfigSpecHealthCheck {
  const type = hc.type ?? 'HTTP';
  checkOneOf(
    where,
    'healthCheck.type',
    type,
    HEALTH_CHECK_TYPES,
    'is not a protocol a load balancer health check speaks to a container',
  );
  const interval =
    hc.checkIntervalSec === undefined
      ? undefined
      : checkWholeNumber(where, 'healthCheck.checkIntervalSec', hc.checkIntervalSec, 1, 300);
  const timeout =
    hc.timeoutSec === undefined
      ? undefined
      : checkWholeNumber(where, 'healthCheck.timeoutSec', hc.timeoutSec, 1, 300);
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    fail(
      where,
      'healthCheck.timeoutSec',
      `(${timeout}) is greater than 'healthCheck.checkIntervalSec' (${interval})`,
      'make the timeout at most the check interval',
    );
  }
  return {
    requestPath: checkUrlPath(where, 'healthCheck.requestPath', hc.requestPath),
    port:
      hc.port === undefined
        ? undefined
        : checkWholeNumber(where, 'healthCheck.port', hc.port, 1, 65535),
    type,
    checkIntervalSec: interval,
    timeoutSec: timeout,
    healthyThreshold:
      hc.healthyThreshold === undefined
        ? undefined
        : checkWholeNumber(where, 'healthCheck.healthyThreshold', hc.healthyThreshold, 1, 10),
    unhealthyThreshold:
      hc.unhealthyThreshold === undefined
        ? undefined
        : checkWholeNumber(where, 'healthCheck.unhealthyThreshold', hc.unhealthyThreshold, 1, 10),
  };
}

function cdnSpec(
  cdn: boolean | BackendCdnPolicy | undefined,
): imported.BackendConfigSpecCdn | undefined {
  if (cdn === undefined) return undefined;
  if (typeof cdn === 'boolean') return { enabled: cdn };
  const key = cdn.cachePolicy;
  return {
    enabled: true,
    cacheMode: cdn.cacheMode,
    defaultTtl: cdn.defaultTtl,
    maxTtl: cdn.maxTtl,
    clientTtl: cdn.clientTtl,
    negativeCaching: cdn.negativeCaching,
    negativeCachingPolicy: cdn.negativeCachingPolicy?.map((p) => ({ ...p })),
    cachePolicy: key && {
      ...key,
      queryStringWhitelist: key.queryStringWhitelist && [...key.queryStringWhitelist],
      queryStringBlacklist: key.queryStringBlacklist && [...key.queryStringBlacklist],
    },
  };
}

function loggingSpec(
  where: string,
  enable: boolean | undefined,
  sampleRate: number | undefined,
): imported.BackendConfigSpecLogging | undefined {
  if (sampleRate !== undefined) {
    if (enable !== true) {
      fail(
        where,
        'logSampleRate',
        'is set but logging is not enabled',
        "also set 'logging: true', or leave 'logSampleRate' out",
      );
    }
    if (!Number.isFinite(sampleRate) || sampleRate < 0 || sampleRate > 1) {
      fail(
        where,
        'logSampleRate',
        `is ${sampleRate}`,
        'use a fraction from 0 to 1 (1 logs every request)',
      );
    }
  }
  if (enable === undefined) return undefined;
  return { enable, sampleRate };
}
