import * as compute from '@pulumi/gcp/compute';
import type { input } from '@pulumi/gcp/types';
import * as pulumi from '@pulumi/pulumi';
import type { Certificate } from '../platform/certificate';
import type { SecurityPolicy } from '../platform/security-policy';
import type { CertificatePem } from './args';
import type { GkePlatformPlan } from './plan';

/** A created Cloud Armor policy and the platform's declaration of it. */
export interface SecurityPolicyResult {
  /** The policy as the platform declares it. */
  readonly declared: SecurityPolicy;
  /** The Cloud Armor security policy. */
  readonly policy: compute.SecurityPolicy;
}

/** A created SSL certificate and the platform's declaration of it. */
export interface CertificateResult {
  /** The certificate as the platform declares it. */
  readonly declared: Certificate;
  /**
   * The Compute Engine SSL certificate: Google-managed, or the uploaded PEM of a self-managed one.
   */
  readonly certificate: compute.ManagedSslCertificate | compute.SSLCertificate;
}

type Rule = input.compute.SecurityPolicyRule;

/** Cloud Armor takes at most 10 source ranges per `SRC_IPS_V1` match. */
const RANGES_PER_RULE = 10;
/** The default rule's priority: the lowest, which every policy must have. */
const DEFAULT_PRIORITY = 2147483647;

const sourceRanges = (ranges: string[]): Rule['match'] => ({
  versionedExpr: 'SRC_IPS_V1',
  config: { srcIpRanges: ranges },
});

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += RANGES_PER_RULE)
    out.push(items.slice(i, i + RANGES_PER_RULE));
  return out;
}

/**
 * The rules of a declared policy, in evaluation order (lowest priority number first): the
 * allow list, the deny list, one rule per preconfigured WAF rule set, the rate limit, and
 * the default rule.
 * @see https://cloud.google.com/armor/docs/security-policy-overview#rules
 * @see https://cloud.google.com/armor/docs/waf-rules
 * @see https://cloud.google.com/armor/docs/rate-limiting-overview
 */
export function securityPolicyRules(policy: SecurityPolicy): Rule[] {
  const rules: Rule[] = [
    ...chunks(policy.allowIps).map((ranges, i) => ({
      priority: 1000 + i,
      action: 'allow',
      description: 'allow list',
      match: sourceRanges(ranges),
    })),
    ...chunks(policy.denyIps).map((ranges, i) => ({
      priority: 2000 + i,
      action: 'deny(403)',
      description: 'deny list',
      match: sourceRanges(ranges),
    })),
    ...policy.wafRules.map((rule, i) => ({
      priority: 3000 + i,
      action: 'deny(403)',
      description: `WAF ${rule}`,
      match: { expr: { expression: `evaluatePreconfiguredWaf('${rule}')` } },
    })),
  ];
  const limit = policy.rateLimit;
  if (limit)
    rules.push({
      priority: 4000,
      action: limit.action === 'ban' ? 'rate_based_ban' : 'throttle',
      description: 'rate limit per client IP',
      match: sourceRanges(['*']),
      rateLimitOptions: {
        conformAction: 'allow',
        exceedAction: 'deny(429)',
        enforceOnKey: 'IP',
        rateLimitThreshold: { count: limit.requests, intervalSec: limit.intervalSeconds },
        banDurationSec: limit.action === 'ban' ? limit.banSeconds : undefined,
      },
    });
  rules.push({
    priority: DEFAULT_PRIORITY,
    action: policy.defaultAction === 'deny' ? 'deny(403)' : 'allow',
    description: 'default rule',
    match: sourceRanges(['*']),
  });
  return rules;
}

/**
 * One Cloud Armor backend security policy per policy the environment declares, named as the
 * BackendConfigs of its routes reference it (`spec.securityPolicy.name`).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_armor
 */
export function createSecurityPolicies(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): SecurityPolicyResult[] {
  return plan.securityPolicies.map((declared) => ({
    declared,
    policy: new compute.SecurityPolicy(
      declared.name,
      {
        name: declared.name,
        project: plan.project,
        type: 'CLOUD_ARMOR',
        description: `Security policy '${declared.key}' of platform ${plan.platform} (${plan.environment})`,
        rules: securityPolicyRules(declared),
      },
      opts,
    ),
  }));
}

/**
 * One global Compute Engine SSL certificate per certificate the environment declares, named
 * as entrypoints reference it (`ingress.gcp.kubernetes.io/pre-shared-cert`): Google-managed
 * for its domains, or self-managed from the PEM files given (the key kept secret).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 * @see https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs
 */
export function createCertificates(
  plan: GkePlatformPlan,
  pems: Readonly<Record<string, CertificatePem>>,
  opts: pulumi.CustomResourceOptions,
): CertificateResult[] {
  return plan.certificates.map((declared) => {
    const description = `Certificate '${declared.key}' of platform ${plan.platform} (${plan.environment})`;
    const certificate =
      declared.type === 'google-managed'
        ? new compute.ManagedSslCertificate(
            declared.name,
            {
              name: declared.name,
              project: plan.project,
              type: 'MANAGED',
              managed: { domains: [...declared.domains] },
              description,
            },
            opts,
          )
        : new compute.SSLCertificate(
            declared.name,
            {
              name: declared.name,
              project: plan.project,
              certificate: pems[declared.key].certificate,
              privateKey: pulumi.secret(pems[declared.key].privateKey),
              description,
            },
            // A certificate in use by a load balancer cannot be deleted: make the new one first.
            { ...opts, deleteBeforeReplace: false },
          );
    return { declared, certificate };
  });
}
