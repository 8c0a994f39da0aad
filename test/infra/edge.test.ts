import { find, installMocks, ofType, registered, resetRegistered, settle } from './mocks';

/*
 * The load balancer's cloud side under Pulumi's mocks: the Cloud Armor policies and SSL
 * certificates a platform declares, created with the names the manifests reference.
 */

installMocks();

type Infra = typeof import('gke-platform/infra');
type PlatformModule = typeof import('gke-platform');
let infra: Infra;
let lib: PlatformModule;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const POLICY = 'gcp:compute/securityPolicy:SecurityPolicy';
const MANAGED = 'gcp:compute/managedSslCertificate:ManagedSslCertificate';
const SELF = 'gcp:compute/sSLCertificate:SSLCertificate';

function platformWith(env: Record<string, unknown>) {
  return lib.definePlatform({
    name: 'acme',
    environments: {
      prod: {
        project: 'acme-prod-project',
        nodePools: { general: { machineType: 'e2-standard-4' } },
        ...env,
      },
    },
  });
}

async function up(env: Record<string, unknown>, args: Record<string, unknown> = {}) {
  const gke = new infra.GkePlatform('acme-prod', {
    platform: platformWith(env),
    environment: 'prod',
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
    ...args,
  });
  await settle(gke);
  return gke;
}

const allowAll = { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } };

describe('Cloud Armor policies', () => {
  test('WAF rules, IP lists, a rate-based ban and the default rule, in order', async () => {
    const gke = await up({
      securityPolicies: {
        edge: {
          wafRules: ['sqli-v33-stable', 'xss-v33-stable'],
          allowIps: ['198.51.100.0/24'],
          denyIps: ['203.0.113.0/24'],
          rateLimit: { action: 'ban', requests: 100, intervalSeconds: 60, banSeconds: 300 },
        },
      },
    });
    const policy = find(POLICY, 'acme-prod-edge').inputs;
    expect(policy.name).toBe('acme-prod-edge');
    expect(policy.project).toBe('acme-prod-project');
    expect(policy.type).toBe('CLOUD_ARMOR');
    const rules = policy.rules.map(({ description: _, ...rule }: Record<string, unknown>) => rule);
    expect(rules).toEqual([
      {
        priority: 1000,
        action: 'allow',
        match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['198.51.100.0/24'] } },
      },
      {
        priority: 2000,
        action: 'deny(403)',
        match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['203.0.113.0/24'] } },
      },
      {
        priority: 3000,
        action: 'deny(403)',
        match: { expr: { expression: "evaluatePreconfiguredWaf('sqli-v33-stable')" } },
      },
      {
        priority: 3001,
        action: 'deny(403)',
        match: { expr: { expression: "evaluatePreconfiguredWaf('xss-v33-stable')" } },
      },
      {
        priority: 4000,
        action: 'rate_based_ban',
        match: allowAll,
        rateLimitOptions: {
          conformAction: 'allow',
          exceedAction: 'deny(429)',
          enforceOnKey: 'IP',
          rateLimitThreshold: { count: 100, intervalSec: 60 },
          banDurationSec: 300,
        },
      },
      { priority: 2147483647, action: 'allow', match: allowAll },
    ]);
    expect(gke.securityPolicies.map((p) => p.declared.key)).toEqual(['edge']);
  });

  test('a throttle, a named policy denying by default, and IP lists split by ten', async () => {
    const ranges = Array.from({ length: 11 }, (_, i) => `10.0.${i}.0/24`);
    await up({
      securityPolicies: {
        throttled: { rateLimit: { requests: 50 } },
        closed: { name: 'acme-closed', allowIps: ranges, defaultAction: 'deny' },
      },
    });
    const throttled = find(POLICY, 'acme-prod-throttled').inputs.rules;
    expect(throttled[0]).toMatchObject({
      action: 'throttle',
      rateLimitOptions: { rateLimitThreshold: { count: 50, intervalSec: 60 } },
    });
    expect(throttled[0].rateLimitOptions.banDurationSec).toBeUndefined();
    const closed = find(POLICY, 'acme-closed').inputs.rules;
    expect(closed.map((r: { priority: number }) => r.priority)).toEqual([1000, 1001, 2147483647]);
    expect(closed[0].match.config.srcIpRanges).toEqual(ranges.slice(0, 10));
    expect(closed[1].match.config.srcIpRanges).toEqual(ranges.slice(10));
    expect(closed[2].action).toBe('deny(403)');
  });

  test('no policy declared, none created', async () => {
    await up({});
    expect(ofType(POLICY)).toEqual([]);
    expect(ofType(MANAGED)).toEqual([]);
    expect(ofType(SELF)).toEqual([]);
  });
});

describe('SSL certificates', () => {
  test('Google-managed and self-managed certificates, with the key kept secret', async () => {
    const gke = await up(
      {
        certificates: {
          shop: { type: 'google-managed', domains: ['shop.example.com', 'www.shop.example.com'] },
          legacy: { type: 'self-managed', name: 'legacy-cert' },
        },
      },
      { certificatePems: { legacy: { certificate: 'CERT-PEM', privateKey: 'KEY-PEM' } } },
    );
    expect(find(MANAGED, 'acme-prod-shop').inputs).toMatchObject({
      name: 'acme-prod-shop',
      project: 'acme-prod-project',
      type: 'MANAGED',
      managed: { domains: ['shop.example.com', 'www.shop.example.com'] },
    });
    // Secrets reach the engine wrapped in Pulumi's secret signature (runtime rpc.ts
    // specialSigKey / specialSecretSig); the provider marks the certificate secret as well.
    const secret = (value: string) => ({
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      value,
    });
    const self = find(SELF, 'legacy-cert').inputs;
    expect(self.name).toBe('legacy-cert');
    expect(self.privateKey).toEqual(secret('KEY-PEM'));
    expect(self.certificate).toEqual(secret('CERT-PEM'));
    expect(gke.certificates.map((c) => c.declared.key)).toEqual(['shop', 'legacy']);
  });

  test('fails on a self-managed certificate without its PEM files', () => {
    expect(
      () =>
        new infra.GkePlatform('acme-prod', {
          platform: platformWith({ certificates: { legacy: { type: 'self-managed' } } }),
          environment: 'prod',
          region: 'europe-west1',
          masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
        }),
    ).toThrow(
      "GkePlatform 'acme-prod' (prod): 'certificatePems' has no PEM files for the self-managed certificate 'legacy'; pass { legacy: { certificate, privateKey } } from Pulumi secrets",
    );
    expect(registered).toEqual([]);
  });

  test('fails on PEM files for a certificate that is not self-managed', () => {
    expect(
      () =>
        new infra.GkePlatform('acme-prod', {
          platform: platformWith({
            certificates: { shop: { type: 'google-managed', domains: ['shop.example.com'] } },
          }),
          environment: 'prod',
          region: 'europe-west1',
          masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
          certificatePems: { shop: { certificate: 'C', privateKey: 'K' } },
        }),
    ).toThrow(
      "GkePlatform 'acme-prod' (prod): 'certificatePems' has 'shop', which is not a self-managed certificate of the environment",
    );
  });
});

describe('declarations', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'an unknown WAF rule set',
      { securityPolicies: { edge: { wafRules: ['sqli-v99'] } } },
      "Platform 'acme' environment 'prod' security policy 'edge': 'wafRules[0]' is \"sqli-v99\", which is not a preconfigured Cloud Armor WAF rule set; use 'sqli-v33-stable', 'xss-v33-stable',",
    ],
    [
      'a rate limit interval Cloud Armor does not take',
      { securityPolicies: { edge: { rateLimit: { requests: 10, intervalSeconds: 45 } } } },
      "'rateLimit.intervalSeconds' is 45; use one of 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600",
    ],
    [
      'an unknown rate limit action',
      { securityPolicies: { edge: { rateLimit: { requests: 10, action: 'block' } } } },
      "'rateLimit.action' is \"block\"; use 'throttle' or 'ban'",
    ],
    [
      'an unknown default action',
      { securityPolicies: { edge: { defaultAction: 'drop' } } },
      "'defaultAction' is \"drop\"; use 'allow' or 'deny'",
    ],
    [
      'a ban duration on a throttle',
      { securityPolicies: { edge: { rateLimit: { requests: 10, banSeconds: 60 } } } },
      "'rateLimit.banSeconds' is set, but the action is 'throttle'",
    ],
    [
      'zero requests',
      { securityPolicies: { edge: { rateLimit: { requests: 0 } } } },
      "'rateLimit.requests' is 0",
    ],
    [
      'a rate limit on a deny-by-default policy',
      { securityPolicies: { edge: { defaultAction: 'deny', rateLimit: { requests: 10 } } } },
      "'rateLimit' is set with 'defaultAction: deny'",
    ],
    [
      'an IP list entry that is no CIDR',
      { securityPolicies: { edge: { denyIps: ['example.com'] } } },
      '\'denyIps\' has "example.com"; give CIDR ranges',
    ],
    [
      'a policy name GCP refuses',
      { securityPolicies: { edge: { name: 'Edge_Policy' } } },
      "security policy 'edge': 'name'",
    ],
    [
      'a managed certificate without domains',
      { certificates: { shop: { type: 'google-managed', domains: [] } } },
      "certificate 'shop': 'domains' has 0 entries; give 1 to 100 domain names",
    ],
    [
      'a wildcard in a managed certificate',
      { certificates: { shop: { type: 'google-managed', domains: ['*.example.com'] } } },
      "certificate 'shop': 'domains' has the wildcard \"*.example.com\"",
    ],
    [
      'an unknown certificate type',
      { certificates: { shop: { type: 'certificate-map' } } },
      "certificate 'shop': 'type' is \"certificate-map\"; use 'google-managed' or 'self-managed'",
    ],
  ])('fails on %s', (_, env, message) => {
    expect(() => platformWith(env)).toThrow(lib.PlatformError);
    expect(() => platformWith(env)).toThrow(message);
  });
});
