import { definePlatform, type NodePoolSpec, type PlatformSpec } from '../lib';

/**
 * The example platform "shop": a storefront, its API and their batch work, in three
 * environments. The workloads (apps/main.ts) and the cluster (apps/infra.ts) both read it.
 * Every environment pulls its images from one Artifact Registry repository in a project of
 * its own, `europe-docker.pkg.dev/shop-artifacts/shop`; each stack lets its nodes read it.
 */

const general = (minNodes: number, maxNodes: number): NodePoolSpec => ({
  machineType: 'e2-standard-4',
  minNodes,
  maxNodes,
});

/** Cheap Spot capacity for batch work; tainted so that only workloads that accept it land there. */
const spot: NodePoolSpec = {
  machineType: 'e2-standard-4',
  capacity: 'spot',
  minNodes: 0,
  maxNodes: 5,
  taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }],
};

/** The workloads' Google identities: the storefront's traces, and every secret reader. */
const workloadIdentities = {
  storefront: { roles: ['roles/cloudtrace.agent'] },
  admin: {},
  'fetch-rates': {},
  'sales-report': {},
};

/** The example's definition, which apps/fleet/platform.ts reuses with prod on two regions. */
export const shopSpec = {
  name: 'shop',
  // The zone of every CronTask that names none: the redis snapshots run at 03:00 UTC; the
  // batch jobs of apps/batch.ts run on Tokyo time, which they set themselves.
  timeZone: 'Etc/UTC',
  registries: { shop: { location: 'europe', project: 'shop-artifacts' } },
  // A preview of dev per developer or pull request (`gke-platform preview synth pr-123`), all
  // behind one shared Gateway in dev's namespace at <preview>.preview.shop.example.com.
  previews: { from: 'dev', domain: 'preview.shop.example.com' },
  // Secret Manager secrets in each environment's project, read as files by the workloads of
  // the same names (apps/main.ts, apps/batch.ts). The stacks create the secrets and grant
  // access; values are added with `gcloud secrets versions add`, never through this definition.
  secrets: {
    'storefront-db-password': { readers: ['storefront'] },
    'storefront-session-secret': { readers: ['storefront'] },
    'admin-database-url': { readers: ['admin'] },
    'admin-secret-key-base': { readers: ['admin'] },
    'fetch-rates-api-key': { readers: ['fetch-rates'] },
    'reporting-database-url': { readers: ['sales-report'] },
  },
  environments: {
    dev: {
      project: 'shop-dev-project',
      nodePools: { general: general(1, 3), spot },
      staticIps: { web: { scope: 'global' } },
      workloadIdentities,
    },
    staging: {
      project: 'shop-staging-project',
      nodePools: { general: general(1, 4), spot },
      staticIps: { web: { scope: 'global' }, 'api-lb': { scope: 'regional' } },
      workloadIdentities,
    },
    prod: {
      project: 'shop-prod-project',
      nodePools: {
        general: general(2, 10),
        spot,
        gpu: {
          machineType: 'g2-standard-8',
          gpu: { type: 'nvidia-l4', driverVersion: 'LATEST' },
          // prod is a regional cluster in europe-west1 (Pulumi.prod.yaml): its GPU pool must
          // name the zones that have L4 GPUs. This is the example's choice; check yours with
          // `gcloud compute accelerator-types list --filter="name=nvidia-l4 AND zone~europe-west1"`.
          zones: ['europe-west1-b', 'europe-west1-c'],
          minNodes: 0,
          maxNodes: 2,
        },
      },
      staticIps: { web: { scope: 'global' }, 'api-lb': { scope: 'regional' } },
      workloadIdentities,
      // Cloud Armor in front of the shop's Ingress (apps/main.ts): OWASP SQL injection and XSS
      // rules, and a ban of 10 minutes for a client above 600 requests a minute.
      securityPolicies: {
        edge: {
          wafRules: ['sqli-v33-stable', 'xss-v33-stable'],
          rateLimit: { action: 'ban', requests: 600, intervalSeconds: 60, banSeconds: 600 },
        },
      },
      // Watched from outside: an HTTPS uptime check per public host and route of apps/main.ts
      // (which the stack synthesizes), each alerting the on-call address and PagerDuty. The
      // PagerDuty integration key is a Secret Manager secret that only the stack reads; add its
      // value with `gcloud secrets versions add pagerduty-service-key --data-file=-`.
      secrets: { 'pagerduty-service-key': { readers: [] } },
      monitoring: {
        uptimeChecks: true,
        notify: {
          email: ['oncall@shop.example.com'],
          pagerDuty: { secret: 'pagerduty-service-key' },
        },
      },
    },
  },
} satisfies PlatformSpec<'dev' | 'staging' | 'prod'>;

export const platform = definePlatform(shopSpec);

export type ShopEnv = (typeof platform.environmentNames)[number];
