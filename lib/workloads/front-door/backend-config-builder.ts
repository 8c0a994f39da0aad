import type { BackendCdnPolicy, BackendConfigProps } from '../../gke/backend-config';
import { checkOneOf, checkWholeNumber, fail } from '../../core/errors';
import { checkDnsSubdomain } from '../../core/naming';
import {
  customHeaderNameProblem,
  MAX_CUSTOM_HEADERS,
} from '../../validate/semantic/custom-headers';
import type { BuiltBackend } from './load-balancer-backend';
import type { ReadinessCheck } from './load-balancer-health';
import type {
  BackendProtocol,
  CdnOptions,
  ResolvedBackendOptions,
  SessionAffinity,
} from './route-options';

/** What a backend's options need from the rest of the platform. */
export interface BackendContext {
  /** The construct at fault, for errors. */
  readonly where: string;
  /** The prop each option came from (`route.cdn`, `backend.cdn`), for errors. */
  readonly propOf: (option: keyof ResolvedBackendOptions) => string;
  readonly readiness: ReadinessCheck;
  /** Whether the load balancer is an internal one (no CDN, Cloud Armor or custom headers). */
  readonly internal: boolean;
  /** The GCP name of a declared Cloud Armor policy, by key. */
  readonly securityPolicyName: (key: string, prop: string) => string;
}

const PROTOCOLS: readonly BackendProtocol[] = ['HTTP', 'HTTPS', 'HTTP2'];
const AFFINITY_TYPES: readonly SessionAffinity['type'][] = [
  'none',
  'client-ip',
  'generated-cookie',
];
const CACHE_MODES = ['CACHE_ALL_STATIC', 'USE_ORIGIN_HEADERS', 'FORCE_CACHE_ALL'] as const;
/** compute BackendServiceCdnPolicy: TTLs are at most 31,622,400 s (a year). */
const MAX_TTL = 31622400;
/** compute BackendServiceCdnPolicyNegativeCachingPolicy: the codes and the 1800 s cap. */
const NEGATIVE_CACHING_CODES = [300, 301, 302, 307, 308, 404, 405, 410, 421, 451, 501];
const MAX_NEGATIVE_TTL = 1800;
/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The BackendConfig settings of one backend, from its resolved options and its readiness
 * probe; every option is checked here, so errors name the entrypoint and the prop.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration
 */
export function buildBackend(options: ResolvedBackendOptions, ctx: BackendContext): BuiltBackend {
  const { where, propOf } = ctx;
  const protocol = checkOneOf(where, propOf('protocol'), options.protocol ?? 'HTTP', PROTOCOLS);
  if (ctx.internal) {
    for (const option of ['cdn', 'securityPolicy', 'requestHeaders', 'responseHeaders'] as const) {
      const value = options[option];
      if (value === undefined || value === false) continue;
      const headers = option === 'requestHeaders' || option === 'responseHeaders';
      if (headers && Object.keys(value).length === 0) continue;
      // Internal Application Load Balancers have none of these (GKE Ingress feature comparison).
      // @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#feature_comparison
      fail(
        where,
        propOf(option),
        'is set, but internal Application Load Balancers have no Cloud CDN, Cloud Armor or custom headers',
        'leave it out, or route through an external entrypoint',
      );
    }
  }
  if (options.cdn && options.iap)
    // ingress-gce backendconfig.validateIAP: "iap and cdn cannot be enabled at the same time".
    fail(
      where,
      propOf('iap'),
      'is set together with Cloud CDN, which ingress-gce refuses',
      "turn off 'cdn' or 'iap' for this backend",
    );

  const accessLog = options.accessLog;
  const sampleRate = typeof accessLog === 'object' ? accessLog.sampleRate : undefined;
  if (
    sampleRate !== undefined &&
    !(Number.isFinite(sampleRate) && sampleRate >= 0 && sampleRate <= 1)
  )
    fail(
      where,
      `${propOf('accessLog')}.sampleRate`,
      `is ${sampleRate}`,
      'use a fraction from 0 to 1',
    );

  const policyKey = options.securityPolicy;
  return {
    protocol,
    config: {
      healthCheck: healthCheck(options, ctx, protocol),
      timeoutSec:
        options.timeoutSeconds === undefined
          ? undefined
          : checkWholeNumber(where, propOf('timeoutSeconds'), options.timeoutSeconds, 1, 86400),
      drainingTimeoutSec:
        options.drainingSeconds === undefined
          ? undefined
          : checkWholeNumber(where, propOf('drainingSeconds'), options.drainingSeconds, 0, 3600),
      sessionAffinity:
        options.sessionAffinity &&
        sessionAffinity(where, propOf('sessionAffinity'), options.sessionAffinity),
      customRequestHeaders:
        options.requestHeaders && headers(where, propOf('requestHeaders'), options.requestHeaders),
      customResponseHeaders:
        options.responseHeaders &&
        headers(where, propOf('responseHeaders'), options.responseHeaders),
      logging: accessLog === undefined ? undefined : accessLog !== false,
      logSampleRate: sampleRate,
      cdn:
        options.cdn === undefined
          ? undefined
          : options.cdn && cdn(where, propOf('cdn'), options.cdn),
      iap: options.iap
        ? {
            oauthClientSecretName: checkDnsSubdomain(
              where,
              `${propOf('iap')}.oauthClientSecret`,
              options.iap.oauthClientSecret,
            ),
          }
        : undefined,
      securityPolicy:
        policyKey === undefined
          ? undefined
          : ctx.securityPolicyName(policyKey, propOf('securityPolicy')),
    },
  };
}

/**
 * The readiness probe's path and port, with its timing: with container-native load balancing
 * ingress-gce itself copies periodSeconds and timeoutSeconds into the health check it infers
 * (healthchecks.ApplyProbeSettingsToHC, `hc.ForNEG`); the thresholds follow the probe too, so
 * the load balancer and Kubernetes take a pod out after the same failures.
 */
export function healthCheck(
  options: ResolvedBackendOptions,
  ctx: Pick<BackendContext, 'where' | 'propOf' | 'readiness'>,
  protocol: BackendProtocol,
): NonNullable<BackendConfigProps['healthCheck']> {
  const { where, readiness } = ctx;
  const at = ctx.propOf('healthCheck');
  const own = options.healthCheck ?? {};
  const interval = checkWholeNumber(
    where,
    `${at}.intervalSeconds`,
    own.intervalSeconds ?? Math.min(readiness.periodSeconds, 300),
    1,
    300,
  );
  const timeout = checkWholeNumber(
    where,
    `${at}.timeoutSeconds`,
    own.timeoutSeconds ?? Math.min(readiness.timeoutSeconds, interval),
    1,
    300,
  );
  if (timeout > interval)
    fail(
      where,
      `${at}.timeoutSeconds`,
      `(${timeout}) is greater than the check interval (${interval})`,
      'make the timeout at most the interval: Compute Engine refuses a longer one',
    );
  const threshold = (prop: 'healthyThreshold' | 'unhealthyThreshold', probe: number) =>
    checkWholeNumber(where, `${at}.${prop}`, own[prop] ?? Math.min(probe, 10), 1, 10);
  return {
    type: protocol,
    requestPath: readiness.path,
    port: readiness.port,
    checkIntervalSec: interval,
    timeoutSec: timeout,
    healthyThreshold: threshold('healthyThreshold', readiness.successThreshold),
    unhealthyThreshold: threshold('unhealthyThreshold', readiness.failureThreshold),
  };
}

/** ingress-gce backendconfig.validateSessionAffinity: a known type, a cookie TTL of 0 to 86400. */
function sessionAffinity(
  where: string,
  prop: string,
  affinity: SessionAffinity,
): NonNullable<BackendConfigProps['sessionAffinity']> {
  checkOneOf(where, `${prop}.type`, affinity?.type, AFFINITY_TYPES);
  switch (affinity.type) {
    case 'none':
      return { affinityType: 'NONE' };
    case 'client-ip':
      return { affinityType: 'CLIENT_IP' };
    case 'generated-cookie':
      return {
        affinityType: 'GENERATED_COOKIE',
        affinityCookieTtlSec:
          affinity.cookieTtlSeconds === undefined
            ? undefined
            : checkWholeNumber(
                where,
                `${prop}.cookieTtlSeconds`,
                affinity.cookieTtlSeconds,
                0,
                86400,
              ),
      };
  }
}

/**
 * `Name:Value` headers, as the BackendConfig takes them: names are HTTP tokens and not ones
 * Google Cloud reserves or hop-by-hop ones, values are one line, at most 16 headers.
 * @see https://cloud.google.com/load-balancing/docs/https/custom-headers
 */
function headers(where: string, prop: string, record: Readonly<Record<string, string>>): string[] {
  const seen = new Set<string>();
  const entries = Object.entries(record);
  if (entries.length > MAX_CUSTOM_HEADERS)
    fail(
      where,
      prop,
      `has ${entries.length} headers, but a backend service holds at most ${MAX_CUSTOM_HEADERS}`,
      `give at most ${MAX_CUSTOM_HEADERS}`,
    );
  return entries.map(([name, value]) => {
    if (!HEADER_NAME.test(name))
      fail(
        where,
        prop,
        `has the header name ${JSON.stringify(name)}`,
        'use letters, digits and - only, e.g. X-Client-Region',
      );
    const reserved = customHeaderNameProblem(name);
    if (reserved)
      fail(
        where,
        prop,
        `has the header ${JSON.stringify(name)}, ${reserved.problem}`,
        reserved.fix,
      );
    if (seen.has(name.toLowerCase()))
      fail(
        where,
        prop,
        `has the header ${JSON.stringify(name)} twice (names are case-insensitive)`,
        'give each header once',
      );
    seen.add(name.toLowerCase());
    if (typeof value !== 'string' || /[\r\n]/.test(value))
      fail(
        where,
        prop,
        `has a value for ${JSON.stringify(name)} that is not one line of text`,
        'give a single-line string',
      );
    return `${name}:${value}`;
  });
}

/**
 * The Cloud CDN policy, checked as the Compute Engine API checks a backend service's
 * cdnPolicy: USE_ORIGIN_HEADERS takes no TTLs, maxTtl exists only for CACHE_ALL_STATIC, the
 * default and client TTLs stay under it, negative caching names only the codes it supports,
 * and a cache key has an allow list or a deny list of query parameters, not both.
 * @see https://cloud.google.com/cdn/docs/using-cache-modes
 * @see https://cloud.google.com/compute/docs/reference/rest/v1/backendServices
 */
function cdn(where: string, prop: string, options: CdnOptions): BackendCdnPolicy {
  const mode = checkOneOf(
    where,
    `${prop}.cacheMode`,
    options.cacheMode ?? 'CACHE_ALL_STATIC',
    CACHE_MODES,
  );
  const ttl = (name: 'defaultTtlSeconds' | 'maxTtlSeconds' | 'clientTtlSeconds') => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (mode === 'USE_ORIGIN_HEADERS')
      fail(
        where,
        `${prop}.${name}`,
        "is set, but cache mode 'USE_ORIGIN_HEADERS' takes every TTL from the origin",
        `leave it out, or use cache mode 'CACHE_ALL_STATIC'`,
      );
    if (name === 'maxTtlSeconds' && mode !== 'CACHE_ALL_STATIC')
      fail(
        where,
        `${prop}.${name}`,
        `is set, but cache mode '${mode}' has no maximum TTL`,
        "leave it out, or use cache mode 'CACHE_ALL_STATIC'",
      );
    return checkWholeNumber(where, `${prop}.${name}`, value, 0, MAX_TTL);
  };
  const defaultTtl = ttl('defaultTtlSeconds');
  const maxTtl = ttl('maxTtlSeconds');
  const clientTtl = ttl('clientTtlSeconds');
  for (const [name, value] of [
    ['defaultTtlSeconds', defaultTtl],
    ['clientTtlSeconds', clientTtl],
  ] as const)
    if (value !== undefined && maxTtl !== undefined && value > maxTtl)
      fail(
        where,
        `${prop}.${name}`,
        `(${value}) is greater than 'maxTtlSeconds' (${maxTtl})`,
        'keep it at most the maximum TTL',
      );

  const negative = options.negativeCaching;
  const policy =
    typeof negative === 'object'
      ? Object.entries(negative).map(([code, seconds]) => {
          if (!NEGATIVE_CACHING_CODES.includes(Number(code)))
            fail(
              where,
              `${prop}.negativeCaching`,
              `has status code ${code}`,
              `use some of ${NEGATIVE_CACHING_CODES.join(', ')}`,
            );
          return {
            code: Number(code),
            ttl: checkWholeNumber(
              where,
              `${prop}.negativeCaching.${code}`,
              seconds,
              0,
              MAX_NEGATIVE_TTL,
            ),
          };
        })
      : undefined;

  const key = options.cacheKey;
  if (key?.queryStringAllowlist && key.queryStringDenylist)
    fail(
      where,
      `${prop}.cacheKey.queryStringAllowlist`,
      "is given together with 'queryStringDenylist'",
      'give one of the two lists',
    );
  if (key?.includeQueryString === false && (key.queryStringAllowlist || key.queryStringDenylist))
    fail(
      where,
      `${prop}.cacheKey.includeQueryString`,
      'is false, but a query string list is given',
      "leave the list out, or set 'includeQueryString: true'",
    );
  return {
    cacheMode: mode,
    defaultTtl,
    maxTtl,
    clientTtl,
    negativeCaching: negative === undefined ? undefined : negative !== false,
    negativeCachingPolicy: policy,
    cachePolicy: key && {
      includeHost: key.includeHost,
      includeProtocol: key.includeProtocol,
      includeQueryString: key.includeQueryString,
      queryStringWhitelist: key.queryStringAllowlist,
      queryStringBlacklist: key.queryStringDenylist,
    },
  };
}
