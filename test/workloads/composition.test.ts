import { Construct } from 'constructs';
import {
  CronTask,
  definePlatform,
  type EnvironmentChart,
  PlatformError,
  synthesizePlatform,
  WebEntrypoint,
  WebService,
} from 'gke-platform';

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } } },
    prod: { nodePools: { general: { machineType: 'e2-standard-4' } } },
  },
});
type Env = 'dev' | 'prod';

/** A team's own building block: a storefront and its nightly job, behind one entrypoint. */
class Storefront extends Construct {
  readonly web: WebService<Env>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.web = new WebService<Env>(this, 'web', {
      image: 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.0.0',
      port: 8080,
      replicas: { dev: 1, prod: 3 },
    });
    new CronTask<Env>(this, 'reindex', {
      image: 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.0.0',
      schedule: '0 3 * * *',
      timeZone: 'Europe/Berlin',
    });
    new WebEntrypoint<Env>(this, 'web').route('/', this.web);
  }
}

describe('constructs in a construct of your own', () => {
  it('synthesize like constructs placed on the chart, with paths through the composite', () => {
    const [dev, prod] = synthesizePlatform(platform, (chart: EnvironmentChart<Env>) => {
      new Storefront(chart, 'storefront');
    });
    const names = (objects: readonly Record<string, any>[]) =>
      objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names(prod.objects)).toEqual(
      expect.arrayContaining(['Deployment/web', 'CronJob/reindex', 'Ingress/web', 'Service/web']),
    );
    const deployment = (objects: readonly Record<string, any>[]) =>
      objects.find((o) => o.kind === 'Deployment');
    expect(deployment(dev.objects)?.spec.replicas).toBe(1);
    expect(deployment(prod.objects)?.spec.replicas).toBe(3);
  });

  it('errors name the path through the composite', () => {
    expect(() =>
      synthesizePlatform(platform, (chart) => {
        const team = new Construct(chart, 'team');
        new WebService(team, 'web', { image: 'web', port: 8080 });
      }),
    ).toThrow(
      new PlatformError(
        "WebService 'dev/team/web'",
        'image',
        "is 'web', which has no tag",
        "pin a version ('web:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'",
      ),
    );
  });

  it('fails outside any environment chart', () => {
    const root = new Construct(undefined as never, '');
    expect(() => new WebService(root, 'web', { image: 'web:1.0.0', port: 8080 })).toThrow(
      "'web': 'scope' is not inside an EnvironmentChart; create it in an EnvironmentChart: inside the chart that synthesizePlatform() hands you, or one you create (new EnvironmentChart(app, { platform, environment: 'dev' })), or inside a construct within it",
    );
  });

  it('fails on two workloads of one id in one scope, naming both', () => {
    expect(() =>
      synthesizePlatform(platform, (chart) => {
        new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
        new CronTask(chart, 'web', { image: 'web:1.0.0', schedule: '0 3 * * *' });
      }),
    ).toThrow(
      "CronTask 'dev/web': 'id' 'web' is already used by WebService 'dev/web' in the same scope; give each construct in one scope its own id",
    );
  });
});

describe('object order', () => {
  const kinds = (objects: readonly Record<string, any>[]) =>
    objects.filter((o) => o.metadata.name === 'web').map((o) => o.kind);

  it('is the construct tree order, Namespace first', () => {
    const [dev] = synthesizePlatform(platform, (chart) => {
      new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
    });
    expect(dev.objects[0].kind).toBe('Namespace');
    expect(kinds(dev.objects)).toEqual([
      'ServiceAccount',
      'NetworkPolicy',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
    ]);
  });

  it("follows cdk8s's dependency order where a construct declares a dependency", () => {
    const [dev] = synthesizePlatform(platform, (chart) => {
      const web = new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 });
      web.deployment.node.addDependency(web.service);
    });
    const order = kinds(dev.objects);
    expect(order.indexOf('Service')).toBeLessThan(order.indexOf('Deployment'));
  });
});
