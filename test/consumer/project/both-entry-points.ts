/**
 * A consumer's program: both entry points of the installed package, compiled in every module
 * mode by test/consumer/module-modes.consumer.ts and, for CommonJS and ES modules, run.
 * It imports packages only (no relative imports), so one file serves every mode.
 */
import { assertValid, definePlatform, synthesizePlatform, toYaml, WebService } from 'gke-platform';
import { GKE_PLATFORM_TYPE, GkePlatform, type GkePlatformArgs } from 'gke-platform/infra';

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: {
    dev: { project: 'shop-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
    prod: { project: 'shop-prod', nodePools: { general: { machineType: 'e2-standard-4' } } },
  },
});

const manifests = synthesizePlatform(platform, (chart) => {
  new WebService(chart, 'web', {
    image: 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2',
    port: 8080,
    health: { path: '/healthz' },
    replicas: { dev: 1, prod: 3 },
  });
});

/** Type-checked, never called: each line fails to compile, so the types are real, not any. */
export function typeErrors(): void {
  synthesizePlatform(platform, (chart) => {
    // @ts-expect-error 'qa' is not an environment of this platform
    new WebService(chart, 'web', { image: 'web:1.0.0', port: 8080, replicas: { dev: 1, qa: 2 } });
  });
  // @ts-expect-error 'masterAuthorizedNetworks' is required
  const incomplete: GkePlatformArgs = {
    platform,
    environment: 'dev',
    region: 'europe-west1',
  };
  void incomplete;
}

/** Type-checked, never called: creating the stack needs the Pulumi engine. */
export function stack(): GkePlatform {
  const args: GkePlatformArgs = {
    platform,
    environment: 'dev',
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
  };
  return new GkePlatform('shop-dev', args);
}

// Validation reads the schemas/ folder shipped in the package.
for (const { objects } of manifests) assertValid(objects);

if (typeof GkePlatform !== 'function')
  throw new Error('gke-platform/infra: GkePlatform is not a class');
console.log(
  JSON.stringify({
    type: GKE_PLATFORM_TYPE,
    environments: manifests.map((m) => m.environment),
    kinds: manifests[0].objects.map((o) => o.kind),
    yamlDocuments: toYaml(manifests[0].objects).split('\n---\n').length,
  }),
);
