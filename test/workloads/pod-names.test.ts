/**
 * Names the library derives inside a pod: volume names (DNS-1123 labels, at most 63
 * characters) from long container names, and ConfigMap keys (at most 253 characters of
 * [-._a-zA-Z0-9]) from config file paths, never colliding.
 */
import {
  definePlatform,
  type EnvironmentChart,
  synthesizePlatform,
  WebService,
} from 'gke-platform';
import { validateObjects } from '#lib/validate/validate-object';

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  secrets: { 'db-password': { readers: ['web'] } },
  environments: {
    dev: {
      project: 'shop-dev',
      nodePools: { general: { machineType: 'e2-standard-2' } },
      workloadIdentities: { web: {} },
    },
  },
});
type Json = any;

const IMAGE = 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2';

function synth(define: (chart: EnvironmentChart<'dev'>) => void) {
  const objects: Json[] = [...synthesizePlatform(platform, define)[0].objects];
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  return objects;
}
const podOf = (objects: Json[]) => objects.find((o) => o.kind === 'Deployment').spec.template.spec;
const configOf = (objects: Json[]) => objects.find((o) => o.kind === 'ConfigMap').data;

describe('names derived inside a pod', () => {
  it('keeps the volumes of two 63-character sidecars within 63 characters and apart', () => {
    const long = (tail: string) => `log-shipper-${'x'.repeat(50)}${tail}`;
    const sidecar = (name: string) => ({
      name,
      image: IMAGE,
      scratchPaths: ['/tmp', '/var/cache'],
      shmSize: '64Mi',
      secretMounts: { '/etc/tls': 'shipper-tls' },
      secretFiles: { '/etc/db': 'db-password' },
      configFiles: { '/etc/shipper/shipper.conf': 'level = info\n' },
    });
    const objects = synth(
      (c) =>
        new WebService(c, 'web', {
          image: IMAGE,
          port: 8080,
          workloadIdentity: true,
          sidecars: [sidecar(long('a')), sidecar(long('b'))],
        }),
    );
    expect(long('a')).toHaveLength(63);
    const names: string[] = podOf(objects).volumes.map((v: Json) => v.name);
    // Per sidecar two scratch folders, /dev/shm, a Secret and Secret Manager files; the
    // main container's /tmp; the ConfigMap.
    expect(names.length).toBe(12);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.length > 63)).toEqual([]);
    for (const c of podOf(objects).containers)
      for (const m of c.volumeMounts ?? []) expect(names).toContain(m.name);
    const classes = objects.filter((o) => o.kind === 'SecretProviderClass');
    expect(classes).toHaveLength(2);
  });

  it('gives config files whose plain keys are equal a key each', () => {
    const files = {
      '/etc/a b': 'space',
      '/etc/a_b': 'underscore',
      '/etc/a.b': 'dot',
      '/etc/a/b': 'slash',
    };
    const objects = synth(
      (c) => new WebService(c, 'web', { image: IMAGE, port: 8080, configFiles: files }),
    );
    const data = configOf(objects);
    expect(Object.keys(data)).toHaveLength(4);
    const mounts = podOf(objects).containers[0].volumeMounts.filter(
      (m: Json) => m.name === 'config',
    );
    expect(Object.fromEntries(mounts.map((m: Json) => [m.mountPath, data[m.subPath]]))).toEqual(
      files,
    );
  });

  it('keeps the keys of config paths too long for a key within 253 characters and apart', () => {
    const folder = `/etc/${'deep/'.repeat(60)}`;
    const files = { [`${folder}a.yaml`]: 'a', [`${folder}b.yaml`]: 'b' };
    const objects = synth(
      (c) => new WebService(c, 'web', { image: IMAGE, port: 8080, configFiles: files }),
    );
    const keys = Object.keys(configOf(objects));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[-._a-zA-Z0-9]{1,253}$/);
    expect(new Set(keys).size).toBe(2);
  });
});
