import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, numeric, quote, record, text, type Json } from './edge-fields';
import { customHeaderNameProblem, MAX_CUSTOM_HEADERS } from './custom-headers';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * GKE BackendConfig (cloud.google.com/v1): what ingress-gce (pkg/backendconfig/validation.go,
 * pkg/translator/healthchecks.go) and the Compute Engine health check API refuse. A refused
 * BackendConfig leaves the Service's backend without its settings (the controller reports
 * the error on the Ingress and keeps the old backend service).
 */

const HEALTH_CHECK_TYPES = ['HTTP', 'HTTPS', 'HTTP2'];
const AFFINITY_TYPES = ['NONE', 'CLIENT_IP', 'GENERATED_COOKIE'];
const HEALTH_CHECK_DOCS = 'compute health checks';

/** Adds a problem when `value` is set and is not a whole number from `min` to `max`. */
function checkRange(
  report: ObjectReport,
  at: string,
  value: unknown,
  min: number,
  max: number,
  rule: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = numeric(value);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    report.add(
      at,
      `is ${quote(value)}, outside ${min} to ${max}`,
      `use a whole number from ${min} to ${max}`,
      rule,
    );
    return undefined;
  }
  return n;
}

/**
 * `spec.healthCheck`: a type ingress-gce builds (HTTP, HTTPS, HTTP2), a port, an absolute
 * request path, and the Compute Engine limits on interval, timeout (at most the interval)
 * and thresholds.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health
 * @see https://cloud.google.com/load-balancing/docs/health-check-concepts
 */
function checkHealthCheck(hc: Json, report: ObjectReport): void {
  const at = 'spec.healthCheck';
  if (hc.type !== undefined && !HEALTH_CHECK_TYPES.includes(String(hc.type)))
    report.add(
      `${at}.type`,
      `is ${quote(hc.type)}, which ingress-gce cannot build a health check of`,
      `use one of ${HEALTH_CHECK_TYPES.join(', ')} (the protocol the serving container speaks)`,
      'ingress-gce translator.HealthCheck (healthchecks.go)',
    );
  checkRange(report, `${at}.port`, hc.port, 1, 65535, HEALTH_CHECK_DOCS);
  const path = hc.requestPath;
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)))
    report.add(
      `${at}.requestPath`,
      `is ${quote(path)}, which is not an absolute URL path`,
      "start it with '/' and leave out spaces, scheme and host (e.g. '/healthz')",
      HEALTH_CHECK_DOCS,
    );
  const interval = checkRange(
    report,
    `${at}.checkIntervalSec`,
    hc.checkIntervalSec,
    1,
    300,
    HEALTH_CHECK_DOCS,
  );
  const timeout = checkRange(report, `${at}.timeoutSec`, hc.timeoutSec, 1, 300, HEALTH_CHECK_DOCS);
  if (interval !== undefined && timeout !== undefined && timeout > interval)
    report.add(
      `${at}.timeoutSec`,
      `is ${timeout}, more than checkIntervalSec (${interval}), which Compute Engine refuses`,
      'make the timeout at most the check interval',
      HEALTH_CHECK_DOCS,
    );
  checkRange(report, `${at}.healthyThreshold`, hc.healthyThreshold, 1, 10, HEALTH_CHECK_DOCS);
  checkRange(report, `${at}.unhealthyThreshold`, hc.unhealthyThreshold, 1, 10, HEALTH_CHECK_DOCS);
}

/** ingress-gce `validateSessionAffinity`: a known affinity type, a cookie TTL of 0 to 86400. */
function checkSessionAffinity(affinity: Json, report: ObjectReport): void {
  const type = affinity.affinityType;
  if (type !== undefined && type !== '' && !AFFINITY_TYPES.includes(String(type)))
    report.add(
      'spec.sessionAffinity.affinityType',
      `is ${quote(type)}`,
      `use one of ${AFFINITY_TYPES.join(', ')}`,
      'ingress-gce backendconfig.validateSessionAffinity',
    );
  checkRange(
    report,
    'spec.sessionAffinity.affinityCookieTtlSec',
    affinity.affinityCookieTtlSec,
    0,
    86400,
    'ingress-gce backendconfig.validateSessionAffinity',
  );
}

/** ingress-gce `validateLogging`: a sample rate from 0 to 1, and only with logging on. */
function checkLogging(logging: Json, report: ObjectReport): void {
  const rate = logging.sampleRate;
  if (rate === undefined) return;
  const n = numeric(rate);
  if (n === undefined || n < 0 || n > 1)
    report.add(
      'spec.logging.sampleRate',
      `is ${quote(rate)}, outside 0.0 to 1.0`,
      'use a fraction from 0 to 1 (1 logs every request)',
      'ingress-gce backendconfig.validateLogging',
    );
  else if (logging.enable !== true)
    report.add(
      'spec.logging.sampleRate',
      `is ${n}, but logging is not enabled`,
      'set spec.logging.enable: true, or leave the sample rate out',
      'backendconfig LogConfig (sampleRate only with logging enabled)',
    );
}

const CACHE_MODES = ['CACHE_ALL_STATIC', 'USE_ORIGIN_HEADERS', 'FORCE_CACHE_ALL'];
const NEGATIVE_CACHING_CODES = [300, 301, 302, 307, 308, 404, 405, 410, 421, 451, 501];
const CDN_RULE = 'compute backendServices cdnPolicy';

/**
 * `spec.cdn`, as the Compute Engine API checks a backend service's cdnPolicy (ingress-gce
 * copies it as it is): a known cache mode, TTLs of at most a year, no TTLs with
 * USE_ORIGIN_HEADERS, a maxTtl only with CACHE_ALL_STATIC, default and client TTLs under
 * it, negative caching of the supported codes (each once, at most 1800 s), and a cache key
 * with an allow or a deny list of query parameters, not both.
 * @see https://cloud.google.com/compute/docs/reference/rest/v1/backendServices
 * @see https://cloud.google.com/cdn/docs/using-cache-modes
 */
function checkCdn(cdn: Json, report: ObjectReport): void {
  const at = 'spec.cdn';
  const mode = cdn.cacheMode === undefined ? 'CACHE_ALL_STATIC' : String(cdn.cacheMode);
  if (!CACHE_MODES.includes(mode))
    report.add(
      `${at}.cacheMode`,
      `is ${quote(cdn.cacheMode)}`,
      `use one of ${CACHE_MODES.join(', ')}`,
      CDN_RULE,
    );
  const ttls: Record<string, number | undefined> = {};
  for (const field of ['defaultTtl', 'maxTtl', 'clientTtl']) {
    ttls[field] = checkRange(report, `${at}.${field}`, cdn[field], 0, 31622400, CDN_RULE);
    if (cdn[field] === undefined) continue;
    if (mode === 'USE_ORIGIN_HEADERS')
      report.add(
        `${at}.${field}`,
        'is set with cacheMode USE_ORIGIN_HEADERS, which Compute Engine refuses',
        'leave the TTLs to the origin, or use CACHE_ALL_STATIC',
        CDN_RULE,
      );
    else if (field === 'maxTtl' && mode === 'FORCE_CACHE_ALL')
      report.add(
        `${at}.maxTtl`,
        'is set with cacheMode FORCE_CACHE_ALL, which Compute Engine refuses',
        'leave it out, or use CACHE_ALL_STATIC',
        CDN_RULE,
      );
  }
  const max = ttls.maxTtl;
  for (const field of ['defaultTtl', 'clientTtl'])
    if (max !== undefined && ttls[field] !== undefined && (ttls[field] as number) > max)
      report.add(
        `${at}.${field}`,
        `is ${ttls[field]}, more than maxTtl (${max})`,
        'keep it at most maxTtl',
        CDN_RULE,
      );
  const seen = new Set<number>();
  list(cdn.negativeCachingPolicy).forEach((entry, i) => {
    const policy = record(entry) ?? {};
    const code = numeric(policy.code);
    if (code === undefined || !NEGATIVE_CACHING_CODES.includes(code) || seen.has(code))
      report.add(
        `${at}.negativeCachingPolicy[${i}].code`,
        code !== undefined && seen.has(code)
          ? `is ${code} a second time`
          : `is ${quote(policy.code)}`,
        `use each of ${NEGATIVE_CACHING_CODES.join(', ')} at most once`,
        CDN_RULE,
      );
    if (code !== undefined) seen.add(code);
    checkRange(report, `${at}.negativeCachingPolicy[${i}].ttl`, policy.ttl, 0, 1800, CDN_RULE);
  });
  const key = record(cdn.cachePolicy);
  if (key && list(key.queryStringWhitelist).length > 0 && list(key.queryStringBlacklist).length > 0)
    report.add(
      `${at}.cachePolicy.queryStringWhitelist`,
      'is given together with queryStringBlacklist, which Compute Engine refuses',
      'give one of the two lists',
      CDN_RULE,
    );
  if (
    key?.includeQueryString === false &&
    (list(key.queryStringWhitelist).length > 0 || list(key.queryStringBlacklist).length > 0)
  )
    report.add(
      `${at}.cachePolicy.includeQueryString`,
      'is false, but a query string list is given, which Compute Engine refuses',
      'leave the list out, or include the query string',
      CDN_RULE,
    );
}

/**
 * `spec.customRequestHeaders.headers` and `spec.customResponseHeaders.headers`: each
 * `Name:Value` with an HTTP token as its name, not a name Google Cloud reserves or a hop-by-hop
 * header, and at most 16 of each.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#request_headers
 * @see https://cloud.google.com/load-balancing/docs/https/custom-headers
 */
function checkHeaders(spec: Json, report: ObjectReport): void {
  const rule = 'compute backendServices customRequestHeaders';
  for (const field of ['customRequestHeaders', 'customResponseHeaders']) {
    const headers = list(record(spec[field])?.headers);
    if (headers.length > MAX_CUSTOM_HEADERS)
      report.add(
        `spec.${field}.headers`,
        `has ${headers.length} headers`,
        `give at most ${MAX_CUSTOM_HEADERS}, the most a backend service holds`,
        'Cloud Load Balancing quotas (custom headers per backend service)',
      );
    headers.forEach((header, i) => {
      const name = typeof header === 'string' ? header.slice(0, header.indexOf(':')) : '';
      if (typeof header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        report.add(
          `spec.${field}.headers[${i}]`,
          `is ${quote(header)}, which is not of the form Name:Value`,
          "write 'X-Header-Name:value'",
          rule,
        );
        return;
      }
      const problem = customHeaderNameProblem(name);
      if (problem)
        report.add(
          `spec.${field}.headers[${i}]`,
          `names ${quote(name)}, ${problem.problem}`,
          problem.fix,
          rule,
        );
    });
  }
}

/** The rules for one BackendConfig. */
function checkBackendConfig(config: KubernetesObject, report: ObjectReport): void {
  const spec = record(config.spec) ?? {};
  const hc = record(spec.healthCheck);
  if (hc) checkHealthCheck(hc, report);
  const affinity = record(spec.sessionAffinity);
  if (affinity) checkSessionAffinity(affinity, report);
  const logging = record(spec.logging);
  if (logging) checkLogging(logging, report);
  const cdn = record(spec.cdn);
  if (cdn) checkCdn(cdn, report);
  checkHeaders(spec, report);
  // ingress-gce validateIAP: "iap and cdn cannot be enabled at the same time".
  if (record(spec.iap)?.enabled === true && record(spec.cdn)?.enabled === true)
    report.add(
      'spec.iap.enabled',
      'is true together with spec.cdn.enabled, which ingress-gce refuses',
      'turn off Cloud CDN or IAP for this backend',
      'ingress-gce backendconfig.validateIAP',
    );
  // @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#draining_timeout
  checkRange(
    report,
    'spec.connectionDraining.drainingTimeoutSec',
    record(spec.connectionDraining)?.drainingTimeoutSec,
    0,
    3600,
    'GKE BackendConfig connectionDraining',
  );
  // Backend service timeout: a positive int32 (compute backendServices.timeoutSec).
  checkRange(report, 'spec.timeoutSec', spec.timeoutSec, 1, 2147483647, 'compute backendServices');
  const policy = text(record(spec.securityPolicy)?.name);
  if (policy !== undefined && policy !== '' && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(policy))
    report.add(
      'spec.securityPolicy.name',
      `is ${quote(policy)}, which is not a Cloud Armor policy name`,
      "give the policy's name: 1 to 63 lower-case letters, digits and '-', starting with a letter",
      'compute securityPolicies (RFC 1035 names)',
    );
}

/** GKE's rules for a BackendConfig. */
export const BACKEND_CONFIG_RULES: readonly ObjectRule[] = [checkBackendConfig];
