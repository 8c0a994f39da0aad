import { synthesizePlatform } from 'gke-platform';
import { defineWorkloads } from '../src/main';
import { platform } from '../src/platform';

/** Every environment's objects, as `npm run synth` writes them (checked on the way). */
const manifests = synthesizePlatform(platform, defineWorkloads);

/** The fields of the objects these tests read. */
interface Container {
  image: string;
  securityContext: { readOnlyRootFilesystem: boolean };
  resources: { requests: Record<string, string> };
  readinessProbe: { httpGet: { path: string } };
}
interface Deployment {
  spec: {
    template: { spec: { securityContext: { runAsNonRoot: boolean }; containers: Container[] } };
  };
}
interface Ingress {
  spec: { rules: { host: string }[] };
}

function find<T>(env: string, kind: string, name: string): T {
  const objects = manifests.find((m) => m.environment === env)?.objects ?? [];
  const found = objects.find(
    (o) => o.kind === kind && (o.metadata as { name: string }).name === name,
  );
  if (!found) throw new Error(`${env} has no ${kind} ${name}`);
  return found as unknown as T;
}

describe.each(platform.environmentNames)('%s', (env) => {
  test('runs web as a non-root container with requests and a health check', () => {
    const pod = find<Deployment>(env, 'Deployment', 'web').spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toMatch(/-docker\.pkg\.dev\/.+\/web:/);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.resources.requests).toMatchObject({ cpu: '100m', memory: '256Mi' });
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
  });

  test('routes its host to web', () => {
    const ingress = find<Ingress>(env, 'Ingress', 'web');
    expect(ingress.spec.rules[0].host).toBe(`${env}.${platform.name}.example.com`);
  });
});
