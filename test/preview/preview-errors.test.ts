import { synthesizePlatform } from '#lib/output/synthesize';
import { definePlatform, type EnvironmentChart, PlatformError, Worker } from 'gke-platform';

/*
 * A preview's errors say which preview they are about (the constructs' paths are the base
 * environment's), and an environment cannot be called like the previews' output folder.
 */

const pools = { general: { machineType: 'e2-standard-4' } };
const previews = { from: 'dev', domain: 'preview.acme.example.com' } as const;
// From a registry the platform does not declare: an error of the Worker.
const image = 'europe-docker.pkg.dev/acme/acme/worker@sha256:' + 'a'.repeat(64);

describe("a preview's errors", () => {
  const platform = definePlatform({
    name: 'acme',
    environments: { dev: { nodePools: pools } },
    previews,
  });
  const undeclaredRegistry = (chart: EnvironmentChart) => {
    new Worker(chart, 'jobs', { image });
  };
  const errorOf = (run: () => unknown): PlatformError => {
    try {
      run();
    } catch (e) {
      if (e instanceof PlatformError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  test("name the preview before the base environment's construct", () => {
    const error = errorOf(() =>
      synthesizePlatform(platform, undeclaredRegistry, {
        preview: 'pr-123',
        previewTime: new Date(),
      }),
    );
    expect(error.where).toBe("preview 'pr-123' of Worker 'dev/jobs'");
    expect(error.prop).toBe('image');
    expect(error.message).toMatch(/^preview 'pr-123' of Worker 'dev\/jobs': 'image' is /);
  });

  test("the base environment's own errors stay as they were", () => {
    const error = errorOf(() =>
      synthesizePlatform(platform, undeclaredRegistry, { environments: ['dev'] }),
    );
    expect(error.where).toBe("Worker 'dev/jobs'");
  });
});

describe('an environment called previews', () => {
  test('is refused beside previews: it would share dist/previews/', () => {
    expect(() =>
      definePlatform({
        name: 'acme',
        environments: { dev: { nodePools: pools }, previews: { nodePools: pools } },
        previews,
      }),
    ).toThrow(
      new PlatformError(
        "Platform 'acme'",
        'environments.previews',
        "is declared beside previews, whose output folder 'dist/previews/' it would share",
        "rename the environment, e.g. 'preview' or 'staging'",
      ),
    );
  });

  test('is a legitimate name when the platform declares no previews', () => {
    expect(() =>
      definePlatform({ name: 'acme', environments: { previews: { nodePools: pools } } }),
    ).not.toThrow();
  });
});
