/**
 * The mounts of one container as the runtime lays them out: nothing at '/', and nothing
 * inside a read-only mount (the runtime cannot create the mount point there); inside a
 * writable folder a mount works. Every place that mounts a volume goes through one check.
 */
import {
  DaemonAgent,
  definePlatform,
  type EnvironmentChart,
  OneOffJob,
  PlatformError,
  StatefulService,
  synthesizePlatform,
  WebService,
  type WebServiceProps,
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
type Define = (chart: EnvironmentChart<'dev'>) => void;

const IMAGE = 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2';
const web = (chart: EnvironmentChart<'dev'>, props: Partial<WebServiceProps<'dev'>> = {}) =>
  new WebService(chart, 'web', { image: IMAGE, port: 8080, workloadIdentity: true, ...props });

function refusal(define: Define): string {
  try {
    synthesizePlatform(platform, define);
  } catch (error) {
    if (error instanceof PlatformError) return error.message;
    throw error;
  }
  throw new Error('synthesized without a PlatformError');
}

const objectsOf = (define: Define) => synthesizePlatform(platform, define)[0].objects;

const W = "WebService 'dev/web'";
const CANNOT =
  'so the container cannot start: the runtime cannot create a mount point in a read-only volume';
const WRITABLE =
  'a mount inside a writable folder (scratchPaths, a writable shared volume or disk) works';

describe('mounts inside a read-only mount', () => {
  const refused: [string, Define, string][] = [
    [
      'a config file in a folder of Secret Manager files',
      (c) =>
        web(c, {
          secretFiles: { '/etc/app': 'db-password' },
          configFiles: { '/etc/app/x.yaml': 'a: 1\n' },
        }),
      `${W}: 'configFiles./etc/app/x.yaml' mounts '/etc/app/x.yaml' inside '/etc/app', which 'secretFiles./etc/app' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/etc/app-x.yaml'); ${WRITABLE}`,
    ],
    [
      'a config file in a mounted Secret',
      (c) =>
        web(c, {
          secretMounts: { '/etc/app': 'app-tls' },
          configFiles: { '/etc/app/x.yaml': 'a: 1\n' },
        }),
      `${W}: 'configFiles./etc/app/x.yaml' mounts '/etc/app/x.yaml' inside '/etc/app', which 'secretMounts./etc/app' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/etc/app-x.yaml'); ${WRITABLE}`,
    ],
    [
      'a mounted Secret inside a config file',
      (c) =>
        web(c, {
          configFiles: { '/etc/app.conf': 'a\n' },
          secretMounts: { '/etc/app.conf/tls': 'app-tls' },
        }),
      `${W}: 'secretMounts./etc/app.conf/tls' mounts '/etc/app.conf/tls' inside '/etc/app.conf', which 'configFiles./etc/app.conf' mounts as a read-only file, ${CANNOT}; mount one of them outside the other (e.g. '/etc/app.conf-tls'); ${WRITABLE}`,
    ],
    [
      'a scratch folder in a read-only shared volume',
      (c) =>
        web(c, {
          sharedVolumes: { assets: {} },
          sharedMounts: { '/srv': 'assets' },
          sidecars: [
            {
              name: 'nginx',
              image: IMAGE,
              sharedMounts: { '/srv': { volume: 'assets', readOnly: true } },
              scratchPaths: ['/srv/cache'],
            },
          ],
        }),
      `${W} sidecars 'nginx': 'scratchPaths[0]' mounts '/srv/cache' inside '/srv', which 'sharedMounts./srv' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/srv-cache'); ${WRITABLE}`,
    ],
    [
      'a config file in a read-only claim',
      (c) =>
        web(c, {
          claimMounts: { '/shared': { claim: 'shared-files', readOnly: true } },
          configFiles: { '/shared/app.yaml': 'a: 1\n' },
        }),
      `${W}: 'configFiles./shared/app.yaml' mounts '/shared/app.yaml' inside '/shared', which 'claimMounts./shared' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/shared-app.yaml'); ${WRITABLE}`,
    ],
    [
      "a scratch folder in a read-only host path (the host path is mounted after the container's own)",
      (c) =>
        new DaemonAgent(c, 'agent', {
          image: IMAGE,
          scratchPaths: ['/var/log/agent'],
          hostPaths: { '/var/log': {} },
        }),
      `DaemonAgent 'dev/agent': 'scratchPaths[0]' mounts '/var/log/agent' inside '/var/log', which 'hostPaths./var/log' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/var/log-agent'); ${WRITABLE}`,
    ],
    [
      'a disk in a mounted Secret',
      (c) =>
        new StatefulService(c, 'db', {
          image: IMAGE,
          port: 5432,
          secretMounts: { '/var/lib': 'db-tls' },
          volumes: { '/var/lib/postgresql': { size: '10Gi' } },
        }),
      `StatefulService 'dev/db': 'volumes./var/lib/postgresql' mounts '/var/lib/postgresql' inside '/var/lib', which 'secretMounts./var/lib' mounts read-only, ${CANNOT}; mount one of them outside the other (e.g. '/var/lib-postgresql'); ${WRITABLE}`,
    ],
  ];

  it.each(refused)('fails on %s, naming both mounts', (_, define, message) => {
    expect(refusal(define)).toBe(message);
  });

  it('accepts mounts inside writable folders, and folders that only share a prefix', () => {
    const objects = objectsOf((c) => {
      web(c, {
        scratchPaths: ['/tmp', '/etc/app'],
        configFiles: { '/etc/app/x.yaml': 'a: 1\n', '/etc/application.yaml': 'b: 2\n' },
        secretMounts: { '/etc/app/tls': 'app-tls' },
        sharedVolumes: { assets: {} },
        sharedMounts: { '/srv': 'assets' },
        claimMounts: { '/srv/uploads': 'uploads' },
      });
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        hostPaths: { '/var/lib/agent': { writable: true } },
        secretMounts: { '/var/lib/agent/keys': 'agent-keys' },
      });
      new StatefulService(c, 'db', {
        image: IMAGE,
        port: 5432,
        volumes: { '/var/lib/postgresql': { size: '10Gi' } },
        configFiles: { '/var/lib/postgresql/conf.d/extra.conf': 'max_connections = 50\n' },
      });
    });
    const web0 = objects.find((o) => o.kind === 'Deployment') as {
      spec: { template: { spec: { containers: { volumeMounts: { mountPath: string }[] }[] } } };
    };
    expect(web0.spec.template.spec.containers[0].volumeMounts.map((m) => m.mountPath)).toEqual([
      '/tmp',
      '/etc/app',
      '/srv',
      '/etc/app/x.yaml',
      '/etc/application.yaml',
      '/etc/app/tls',
      '/srv/uploads',
    ]);
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });
});

describe("mounts at '/'", () => {
  const AT_ROOT =
    "mounts a volume at '/', which would hide the image's own files (its programs and libraries); mount it at a folder of its own, e.g. '/data'";
  it.each<[string, Define, string]>([
    ['a Secret', (c) => web(c, { secretMounts: { '/': 'app-tls' } }), `${W}: 'secretMounts./'`],
    ['a claim', (c) => web(c, { claimMounts: { '/': 'shared' } }), `${W}: 'claimMounts./'`],
    ['a scratch folder', (c) => web(c, { scratchPaths: ['/'] }), `${W}: 'scratchPaths[0]'`],
    [
      'a host path',
      (c) => new DaemonAgent(c, 'agent', { image: IMAGE, hostPaths: { '/': {} } }),
      "DaemonAgent 'dev/agent': 'hostPaths./'",
    ],
    [
      'a disk',
      (c) =>
        new StatefulService(c, 'db', {
          image: IMAGE,
          port: 5432,
          volumes: { '/': { size: '10Gi' } },
        }),
      "StatefulService 'dev/db': 'volumes./'",
    ],
    [
      'a Job',
      (c) => new OneOffJob(c, 'seed', { image: IMAGE, secretMounts: { '/': 'seed' } }),
      "OneOffJob 'dev/seed': 'secretMounts./'",
    ],
  ])('fails on %s', (_, define, start) => {
    expect(refusal(define)).toBe(`${start} ${AT_ROOT}`);
  });
});

describe('mount paths', () => {
  it.each([
    ['/etc//app', '/etc/app'],
    ['/etc/./app', '/etc/app'],
    ['/etc/app/.', '/etc/app'],
  ])('fails on %s, which names a folder in another spelling', (path, fixed) => {
    expect(refusal((c) => web(c, { secretMounts: { [path]: 'app-tls' } }))).toBe(
      `${W}: 'secretMounts' has path '${path}', which contains '//' or '/./'; write the path without them, e.g. '${fixed}'`,
    );
  });
});
