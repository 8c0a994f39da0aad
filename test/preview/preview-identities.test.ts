import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform, PlatformError } from 'gke-platform';

/*
 * A preview's Kubernetes service accounts name the previews' Google service accounts
 * (`<accountId>-pv`, which the base environment's stack creates and binds to the base
 * cluster), never the base environment's, whose binding covers the base namespace only; the
 * base environment's output keeps its own accounts.
 */

type Obj = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
};
const GSA = 'iam.gke.io/gcp-service-account';
const time = new Date('2025-03-10T15:30:00Z');
const accountsOf = (objects: readonly unknown[]) =>
  Object.fromEntries(
    (objects as Obj[])
      .filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.[GSA])
      .map((o) => [o.metadata.name, o.metadata.annotations?.[GSA]]),
  );

describe("a preview's Google identities", () => {
  test('each ServiceAccount with a workload identity names the preview account <accountId>-pv', () => {
    const [preview] = synthesizePlatform(platform, defineShop, {
      preview: 'alice',
      previewTime: time,
    });
    expect(accountsOf(preview.objects)).toEqual({
      storefront: 'storefront-dev-pv@shop-dev-project.iam.gserviceaccount.com',
      admin: 'admin-dev-pv@shop-dev-project.iam.gserviceaccount.com',
      'fetch-rates': 'fetch-rates-dev-pv@shop-dev-project.iam.gserviceaccount.com',
      'sales-report': 'sales-report-dev-pv@shop-dev-project.iam.gserviceaccount.com',
    });
  });

  test("the base environment's ServiceAccounts keep its own accounts", () => {
    const [dev] = synthesizePlatform(platform, defineShop, { environments: ['dev'] });
    expect(accountsOf(dev.objects)).toEqual({
      storefront: 'storefront-dev@shop-dev-project.iam.gserviceaccount.com',
      admin: 'admin-dev@shop-dev-project.iam.gserviceaccount.com',
      'fetch-rates': 'fetch-rates-dev@shop-dev-project.iam.gserviceaccount.com',
      'sales-report': 'sales-report-dev@shop-dev-project.iam.gserviceaccount.com',
    });
  });
});

describe("the previews' account IDs at platform definition", () => {
  const define = (identities: Record<string, { accountId?: string }>) => () =>
    definePlatform({
      name: 'acme',
      environments: {
        dev: {
          project: 'acme-dev-project',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          workloadIdentities: identities,
        },
      },
      previews: { from: 'dev', domain: 'preview.acme.example.com' },
    });

  test('an accountId with no room for -pv is refused, naming the identity', () => {
    expect(define({ web: { accountId: 'a-service-account-of-28-char' } })).toThrow(
      new PlatformError(
        "Platform 'acme' environment 'dev'",
        'workloadIdentities.web.accountId',
        "is 'a-service-account-of-28-char', so its previews' service account 'a-service-account-of-28-char-pv' has 31 characters, over the 30 of a service account ID",
        'give an accountId of at most 27 characters',
      ),
    );
    expect(define({ web: { accountId: 'a-service-account-of-27-chr' } })).not.toThrow();
  });

  test("a preview account that is another identity's account is refused", () => {
    expect(define({ web: { accountId: 'web-dev' }, other: { accountId: 'web-dev-pv' } })).toThrow(
      /'workloadIdentities.web.accountId' is 'web-dev', whose previews' service account 'web-dev-pv' is another workload identity's account/,
    );
  });
});
