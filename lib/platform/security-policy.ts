import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import { checkDnsLabel } from '../core/naming';

/**
 * Cloud Armor's preconfigured WAF rule sets (ModSecurity CRS 3.3), by the name a rule's
 * `evaluatePreconfiguredWaf()` expression takes.
 * @see https://cloud.google.com/armor/docs/waf-rules
 */
export const PRECONFIGURED_WAF_RULES = [
  'sqli-v33-stable',
  'xss-v33-stable',
  'lfi-v33-stable',
  'rfi-v33-stable',
  'rce-v33-stable',
  'methodenforcement-v33-stable',
  'scannerdetection-v33-stable',
  'protocolattack-v33-stable',
  'php-v33-stable',
  'sessionfixation-v33-stable',
  'java-v33-stable',
  'nodejs-v33-stable',
  'cve-canary',
  'json-sqli-canary',
] as const;

/** The name of a preconfigured WAF rule set. */
export type PreconfiguredWafRule = (typeof PRECONFIGURED_WAF_RULES)[number];

/**
 * The intervals (and ban durations) Cloud Armor rate limiting accepts, in seconds.
 * @see https://cloud.google.com/armor/docs/rate-limiting-overview
 */
export const RATE_LIMIT_INTERVALS = [
  10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600,
] as const;

/**
 * Per-client rate limiting: `throttle` answers 429 above `requests` per `intervalSeconds`;
 * `ban` (Cloud Armor's `rate_based_ban`) also blocks the client for `banSeconds`.
 * @see https://cloud.google.com/armor/docs/rate-limiting-overview
 */
export interface RateLimitSpec {
  /**
   * Answer 429 above the limit (`throttle`), or also block the client for a while (`ban`).
   * @default 'throttle'
   */
  readonly action?: 'throttle' | 'ban';
  /** Requests a client may make per interval. */
  readonly requests: number;
  /** One of 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600. @default 60 */
  readonly intervalSeconds?: number;
  /** For `ban`: how long a client stays blocked (one of the interval values). @default 600 */
  readonly banSeconds?: number;
}

/**
 * A Cloud Armor security policy the Pulumi stack creates and routes name by key
 * (`securityPolicy: 'edge'`). Rules are evaluated in this order: the allow list, the deny
 * list, the WAF rule sets (each denies with 403), the rate limit, then the default action.
 * @see https://cloud.google.com/armor/docs/security-policy-overview
 */
export interface SecurityPolicySpec {
  /** The policy's name in GCP. @default `<platform>-<environment>-<key>` */
  readonly name?: string;
  /** Preconfigured WAF rule sets that deny matching requests. @default none */
  readonly wafRules?: readonly PreconfiguredWafRule[];
  /** Source ranges (CIDR) always let through, before any other rule. @default none */
  readonly allowIps?: readonly string[];
  /** Source ranges (CIDR) denied with 403. @default none */
  readonly denyIps?: readonly string[];
  /** Per-client rate limiting. @default none */
  readonly rateLimit?: RateLimitSpec;
  /** What happens to a request no rule matched. @default 'allow' */
  readonly defaultAction?: 'allow' | 'deny';
}

/** A declared security policy with its defaults applied. */
export interface SecurityPolicy {
  /** The key it is declared under, which routes' `securityPolicy` names. */
  readonly key: string;
  /** The name in GCP, which BackendConfigs reference (`spec.securityPolicy.name`). */
  readonly name: string;
  /** Preconfigured WAF rule sets that deny matching requests with 403; empty for none. */
  readonly wafRules: readonly PreconfiguredWafRule[];
  /** Source ranges (CIDR) always let through, before any other rule; empty for none. */
  readonly allowIps: readonly string[];
  /** Source ranges (CIDR) denied with 403; empty for none. */
  readonly denyIps: readonly string[];
  /** Per-client rate limiting with its defaults applied; undefined for none. */
  readonly rateLimit?: Required<RateLimitSpec>;
  /** What happens to a request no rule matched. */
  readonly defaultAction: 'allow' | 'deny';
}

const CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;

function checkRanges(where: string, prop: string, ranges: readonly string[]): readonly string[] {
  for (const range of ranges)
    if (typeof range !== 'string' || !CIDR.test(range))
      fail(where, prop, `has ${JSON.stringify(range)}`, "give CIDR ranges, e.g. '203.0.113.0/24'");
  return ranges;
}

/** Checks one declared policy and applies its defaults. */
export function parseSecurityPolicy(
  where: string,
  key: string,
  spec: SecurityPolicySpec,
  defaultName: string,
): SecurityPolicy {
  const at = `${where} security policy '${key}'`;
  (spec.wafRules ?? []).forEach((rule, i) =>
    checkOneOf(
      at,
      `wafRules[${i}]`,
      rule,
      PRECONFIGURED_WAF_RULES,
      'is not a preconfigured Cloud Armor WAF rule set',
    ),
  );
  const limit = spec.rateLimit;
  let rateLimit: Required<RateLimitSpec> | undefined;
  if (limit) {
    const action = limit.action ?? 'throttle';
    checkOneOf(at, 'rateLimit.action', action, ['throttle', 'ban']);
    const interval = limit.intervalSeconds ?? 60;
    const ban = limit.banSeconds ?? 600;
    for (const [prop, value] of [
      ['rateLimit.intervalSeconds', interval],
      ['rateLimit.banSeconds', ban],
    ] as const)
      if (!(RATE_LIMIT_INTERVALS as readonly number[]).includes(value))
        fail(at, prop, `is ${value}`, `use one of ${RATE_LIMIT_INTERVALS.join(', ')}`);
    if (limit.banSeconds !== undefined && action !== 'ban')
      fail(at, 'rateLimit.banSeconds', "is set, but the action is 'throttle'", "set 'action: ban'");
    rateLimit = {
      action,
      requests: checkWholeNumber(at, 'rateLimit.requests', limit.requests, 1),
      intervalSeconds: interval,
      banSeconds: ban,
    };
  }
  const defaultAction = spec.defaultAction ?? 'allow';
  checkOneOf(at, 'defaultAction', defaultAction, ['allow', 'deny']);
  if (rateLimit && defaultAction === 'deny')
    // A throttle or rate_based_ban rule lets every request under the limit through
    // (conformAction allow), so it would open a policy that denies by default.
    fail(
      at,
      'rateLimit',
      "is set with 'defaultAction: deny', but the rate limit rule would let every client under the limit through",
      "use 'defaultAction: allow' with 'denyIps' and WAF rules, or leave the rate limit out",
    );
  return {
    key,
    name: checkDnsLabel(at, 'name', spec.name ?? defaultName),
    wafRules: [...(spec.wafRules ?? [])],
    allowIps: checkRanges(at, 'allowIps', spec.allowIps ?? []),
    denyIps: checkRanges(at, 'denyIps', spec.denyIps ?? []),
    rateLimit,
    defaultAction,
  };
}
