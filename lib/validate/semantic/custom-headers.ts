import type { Violation } from './problem';

/*
 * What the Compute Engine API refuses in a backend service's custom request and response
 * headers (the BackendConfig's customRequestHeaders and customResponseHeaders): names
 * Google Cloud reserves, hop-by-hop headers, and more headers than a backend service holds.
 * @see https://cloud.google.com/load-balancing/docs/https/custom-headers
 * @see https://cloud.google.com/load-balancing/docs/quotas#backend_services
 */

/** Custom request headers, and custom response headers, per backend service. */
export const MAX_CUSTOM_HEADERS = 16;

/** Header names Google Cloud keeps for itself. */
const RESERVED = ['x-user-ip', 'cdn-loop'];
/** Prefixes of the headers Google's load balancers set themselves. */
const RESERVED_PREFIXES = ['x-google', 'x-goog-', 'x-gfe', 'x-amz-'];
/** Hop-by-hop headers (RFC 2616 13.5.1), which the target proxies neither keep nor pass on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * Why a backend service refuses a custom header called `name` (`problem` says what the name
 * is), or undefined when it takes it.
 */
export function customHeaderNameProblem(name: string): Violation | undefined {
  const lower = name.toLowerCase();
  const prefix = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (RESERVED.includes(lower) || prefix !== undefined)
    return {
      problem: `a header name Google Cloud reserves${prefix === undefined ? '' : ` (names starting with '${prefix}')`}`,
      fix: 'give the header a name of your own, e.g. X-Client-Region',
    };
  if (HOP_BY_HOP.includes(lower))
    return {
      problem: 'a hop-by-hop header, which the load balancer does not pass on',
      fix: 'leave it out: the load balancer manages the connection headers itself',
    };
  return undefined;
}
