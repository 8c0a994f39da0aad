/**
 * claimMounts: existing PersistentVolumeClaims (a Filestore share, a ReadWriteMany claim)
 * mounted into the containers of a Deployment or a Job.
 */
import {
  definePlatform,
  type EnvironmentChart,
  OneOffJob,
  PlatformError,
  synthesizePlatform,
  WebService,
  type WebServiceProps,
} from 'gke-platform';
import { validateObjects } from '#lib/validate/validate-object';

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: {
    dev: { project: 'shop-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
  },
});
type Define = (chart: EnvironmentChart<'dev'>) => void;
type Json = any;

const IMAGE = 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2';
const web = (chart: EnvironmentChart<'dev'>, props: Partial<WebServiceProps<'dev'>> = {}) =>
  new WebService(chart, 'web', { image: IMAGE, port: 8080, ...props });

const objectsOf = (define: Define): Json[] => [...synthesizePlatform(platform, define)[0].objects];
const podOf = (objects: Json[], kind: string): Json =>
  objects.find((o) => o.kind === kind).spec.template.spec;

function refusal(define: Define): string {
  try {
    synthesizePlatform(platform, define);
  } catch (error) {
    if (error instanceof PlatformError) return error.message;
    throw error;
  }
  throw new Error('synthesized without a PlatformError');
}

describe('claimMounts', () => {
  it('mounts an existing claim into a Deployment, read-write by default', () => {
    const objects = objectsOf((c) => web(c, { claimMounts: { '/data': 'shared-files' } }));
    const pod = podOf(objects, 'Deployment');
    expect(pod.volumes).toContainEqual({
      name: 'claim-shared-files',
      persistentVolumeClaim: { claimName: 'shared-files' },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'claim-shared-files',
      mountPath: '/data',
    });
    // The claim is the user's: nothing creates or claims it here.
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  it('mounts a claim read-only into a Job', () => {
    const objects = objectsOf(
      (c) =>
        new OneOffJob(c, 'import', {
          image: IMAGE,
          claimMounts: { '/mnt/uploads': { claim: 'uploads', readOnly: true } },
        }),
    );
    const pod = podOf(objects, 'Job');
    expect(pod.volumes).toContainEqual({
      name: 'claim-uploads',
      persistentVolumeClaim: { claimName: 'uploads', readOnly: true },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'claim-uploads',
      mountPath: '/mnt/uploads',
      readOnly: true,
    });
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  it('gives a claim that several containers mount one volume, read-only only if every mount is', () => {
    const objects = objectsOf((c) =>
      web(c, {
        claimMounts: { '/srv/media': 'media' },
        sidecars: [
          {
            name: 'nginx',
            image: IMAGE,
            claimMounts: { '/usr/share/nginx/media': { claim: 'media', readOnly: true } },
          },
        ],
        initContainers: [
          {
            name: 'thumbs',
            image: IMAGE,
            claimMounts: { '/media': { claim: 'media', readOnly: true } },
          },
        ],
      }),
    );
    const pod = podOf(objects, 'Deployment');
    expect(pod.volumes.filter((v: Json) => v.persistentVolumeClaim)).toEqual([
      { name: 'claim-media', persistentVolumeClaim: { claimName: 'media' } },
    ]);
    expect(pod.containers[1].volumeMounts).toContainEqual({
      name: 'claim-media',
      mountPath: '/usr/share/nginx/media',
      readOnly: true,
    });
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  it('names the volumes of claims with dots or long names apart, within 63 characters', () => {
    const long = `files-${'x'.repeat(100)}`;
    const objects = objectsOf((c) =>
      web(c, { claimMounts: { '/a': 'files.shop', '/b': 'files-shop', '/c': long } }),
    );
    const names = podOf(objects, 'Deployment')
      .volumes.filter((v: Json) => v.persistentVolumeClaim)
      .map((v: Json) => v.name);
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    expect(names[1]).toBe('claim-files-shop');
    expect(names.every((n: string) => n.length <= 63)).toBe(true);
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  it('fails on a claim name that is no DNS-1123 subdomain', () => {
    expect(refusal((c) => web(c, { claimMounts: { '/data': 'Shared_Files' } }))).toMatch(
      /^WebService 'dev\/web': 'claimMounts.\/data.claim' is "Shared_Files", which /,
    );
  });

  it('fails on a relative mount path', () => {
    expect(refusal((c) => web(c, { claimMounts: { data: 'shared' } }))).toBe(
      "WebService 'dev/web': 'claimMounts' has path 'data'; use an absolute path without '..' or a trailing '/', e.g. '/etc/app/config.yaml'",
    );
  });

  it('fails on a path another mount has', () => {
    expect(
      refusal((c) => web(c, { scratchPaths: ['/data'], claimMounts: { '/data': 'shared' } })),
    ).toBe(
      "WebService 'dev/web': 'claimMounts./data' mounts '/data', which 'scratchPaths[0]' mounts too; mount each path once",
    );
  });

  it('fails on a missing claim name, as plain JavaScript may pass it', () => {
    const claimMounts = { '/data': {} } as unknown as WebServiceProps<'dev'>['claimMounts'];
    expect(refusal((c) => web(c, { claimMounts }))).toBe(
      `WebService 'dev/web': 'claimMounts./data' is {}; name an existing PersistentVolumeClaim, e.g. 'shared-files' or { claim: 'shared-files', readOnly: true }`,
    );
  });
});
