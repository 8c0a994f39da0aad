import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { definePlatform, PlatformError, synthesizePlatform, WebService } from 'gke-platform';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('a workload in a plain cdk8s Chart', () => {
  it('fails with a PlatformError that says to use an EnvironmentChart, not a TypeError', () => {
    const chart = new Chart(Testing.app(), 'plain');
    const error = thrown(
      () =>
        new WebService(chart, 'web', {
          image: 'europe-docker.pkg.dev/shop/apps/web:1.0.0',
          port: 8080,
        }),
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).where).toBe("'plain/web'");
    expect((error as PlatformError).fix).toContain('create it in an EnvironmentChart');
  });

  it('the same inside a construct of a plain Chart of a plain App', () => {
    const chart = new Chart(new App({ outdir: 'unused' }), 'plain', { namespace: 'team' });
    const error = thrown(() => new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080 }));
    expect(error).toBeInstanceOf(PlatformError);
  });
});

describe('cdk8s-plus ConfigMaps and Secrets by handle', () => {
  const platform = definePlatform({
    name: 'shop',
    registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
    environments: { dev: { nodePools: { general: { machineType: 'e2-standard-2' } } } },
  });

  it('give their names to configMapEnv and secretEnv', () => {
    const [dev] = synthesizePlatform(
      platform,
      (chart) => {
        const settings = new kplus.ConfigMap(chart, 'settings', { data: { mode: 'fast' } });
        const token = kplus.Secret.fromSecretName(chart, 'token', 'api-token');
        new WebService(chart, 'web', {
          image: 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.0.0',
          port: 8080,
          configMapEnv: { MODE: { configMap: settings, key: 'mode' } },
          secretEnv: { TOKEN: { secret: token, key: 'token' } },
        });
      },
      { releases: '/nonexistent' },
    );
    const deployment = dev.objects.find((o) => o.kind === 'Deployment') as {
      spec: { template: { spec: { containers: { env: unknown[] }[] } } };
    };
    const configMap = dev.objects.find((o) => o.kind === 'ConfigMap') as {
      metadata: { name: string };
    };
    expect(configMap.metadata.name).toBe('dev-settings');
    expect(deployment.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        {
          name: 'MODE',
          valueFrom: {
            configMapKeyRef: { name: configMap.metadata.name, key: 'mode', optional: false },
          },
        },
        {
          name: 'TOKEN',
          valueFrom: { secretKeyRef: { name: 'api-token', key: 'token', optional: false } },
        },
      ]),
    );
  });
});
