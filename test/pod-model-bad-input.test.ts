/**
 * Bad input to the pod-model props (ephemeral storage, /dev/shm, shared volumes, per-container
 * IDs, pod labels, image pull policy), one case per mistake with the exact message a user
 * sees, through synthesizePlatform as `npm run synth` runs it.
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

const platform = definePlatform({
  name: 'shop',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: {
    dev: { project: 'shop-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
  },
});
type Define = (chart: EnvironmentChart<'dev'>) => void;

const IMAGE = 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2';
const NGINX = 'europe-docker.pkg.dev/shop-artifacts/apps/nginx:1.27.0';
const web = (chart: EnvironmentChart<'dev'>, props: Partial<WebServiceProps<'dev'>> = {}) =>
  new WebService(chart, 'web', { image: IMAGE, port: 8080, ...props });
const untyped = <T>(value: unknown) => value as T;

function refusal(define: Define): string {
  try {
    synthesizePlatform(platform, define);
  } catch (error) {
    if (error instanceof PlatformError) return error.message;
    throw error;
  }
  throw new Error('synthesized without a PlatformError');
}

const W = "WebService 'dev/web'";

/** [what, definition, the exact message] */
const cases: [string, Define, string][] = [
  [
    'ephemeral storage that is no quantity',
    (c) => web(c, { resources: { ephemeralStorage: '2 GB' } }),
    `${W}: 'resources.ephemeralStorage' is "2 GB", which is not a memory quantity; write a size with a unit, e.g. '256Mi' or '1Gi'`,
  ],
  [
    'an ephemeral storage request above its limit',
    (c) => web(c, { resources: { ephemeralStorage: '4Gi', ephemeralStorageLimit: '1Gi' } }),
    `${W}: 'resources.ephemeralStorage' ('4Gi') is above 'ephemeralStorageLimit' ('1Gi'); raise 'ephemeralStorageLimit' or lower 'ephemeralStorage'`,
  ],
  [
    'a /dev/shm larger than the memory limit',
    (c) => web(c, { shmSize: '1Gi', resources: { memory: '512Mi' } }),
    `${W}: 'shmSize' ('1Gi') is above the memory limit (512Mi), and files in /dev/shm count against that limit; raise 'resources.memoryLimit' to cover the shared memory, or lower 'shmSize'`,
  ],
  [
    'a /dev/shm of 0',
    (c) => web(c, { shmSize: '0' }),
    `${W}: 'shmSize' is '0'; give a size above 0, e.g. '1Gi'`,
  ],
  [
    '/dev/shm also as a scratch path',
    (c) => web(c, { shmSize: '64Mi', scratchPaths: ['/dev/shm'] }),
    `${W}: 'shmSize' mounts '/dev/shm', which 'scratchPaths[0]' mounts too; mount each path once`,
  ],
  [
    'a mount of a shared volume that is not declared',
    (c) =>
      web(c, {
        sharedVolumes: { assets: {} },
        sharedMounts: { '/app/assets': 'asset' },
      }),
    `${W}: 'sharedMounts./app/assets' names the shared volume 'asset', which the workload does not declare (it has assets); declare it in the workload's 'sharedVolumes', e.g. { asset: {} }`,
  ],
  [
    'a sidecar mounting a shared volume that is not declared',
    (c) =>
      web(c, {
        sidecars: [{ name: 'nginx', image: NGINX, sharedMounts: { '/srv': 'assets' } }],
      }),
    `${W} sidecars 'nginx': 'sharedMounts./srv' names the shared volume 'assets', which the workload does not declare; declare it in the workload's 'sharedVolumes', e.g. { assets: {} }`,
  ],
  [
    'a shared volume no container mounts',
    (c) => web(c, { sharedVolumes: { assets: {} } }),
    `${W}: 'sharedVolumes.assets' is mounted by no container; mount it with 'sharedMounts' in the containers that share it, or leave it out`,
  ],
  [
    'a shared volume named like a library volume',
    (c) =>
      web(c, { sharedVolumes: { 'web-scratch-0': {} }, sharedMounts: { '/x': 'web-scratch-0' } }),
    `${W}: 'sharedVolumes.web-scratch-0' is also the name of a volume the library gives the pod ('config', a claim's 'claim-<claim>', or a container's '<name>-scratch-<n>', '-secret-<n>', '-sm-<n>', '-shm'); give the shared volume another name`,
  ],
  [
    'a shared volume name that is no DNS label',
    (c) => web(c, { sharedVolumes: { Assets: {} } }),
    `${W}: 'sharedVolumes.Assets' is "Assets", which is not a DNS-1123 label; use lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')`,
  ],
  [
    'a shared volume with a disk medium by name',
    (c) =>
      web(c, {
        sharedVolumes: { assets: { medium: untyped('Disk') } },
        sharedMounts: { '/a': 'assets' },
      }),
    `${W}: 'sharedVolumes.assets.medium' is "Disk"; use 'Memory', or leave it out for the node's disk`,
  ],
  [
    'a sidecar as root',
    (c) => web(c, { sidecars: [{ name: 'nginx', image: NGINX, runAsUser: 0 }] }),
    `${W} sidecars 'nginx': 'runAsUser' is 0; run as a non-root ID (1 to 2147483647), e.g. 101`,
  ],
  [
    'an init container in the root group',
    (c) =>
      new OneOffJob(c, 'migrate', {
        image: IMAGE,
        initContainers: [{ name: 'wait', image: NGINX, runAsGroup: 0 }],
      }),
    "OneOffJob 'dev/migrate' initContainers 'wait': 'runAsGroup' is 0; run as a non-root ID (1 to 2147483647), e.g. 101",
  ],
  [
    'a pod label that would replace the selector',
    (c) => web(c, { podLabels: { 'app.kubernetes.io/instance': 'other' } }),
    `${W}: 'podLabels' sets 'app.kubernetes.io/instance', a label the library sets to select and describe the pods; use a key of your own, e.g. 'example.com/instance'`,
  ],
  [
    'a pod label that would replace the environment',
    (c) => web(c, { podLabels: { environment: 'prod' } }),
    `${W}: 'podLabels' sets 'environment', a label the library sets to select and describe the pods; use a key of your own, e.g. 'example.com/environment'`,
  ],
  [
    'a pod label key with a space',
    (c) => web(c, { podLabels: { 'cost center': 'shop' } }),
    `${W}: 'podLabels.cost center' is "cost center", which is not a qualified name; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'MyName', 'my.name', '123-abc')`,
  ],
  [
    'a pod label value of 64 characters',
    (c) => web(c, { podLabels: { team: 'a'.repeat(64) } }),
    `${W}: 'podLabels.team' is "${'a'.repeat(64)}", which is longer than 63 characters; shorten the label value to at most 63 characters`,
  ],
  [
    "imagePullPolicy 'Always' for a pinned image",
    (c) => web(c, { imagePullPolicy: 'Always' }),
    `${W}: 'imagePullPolicy' is 'Always', but the image must be pinned ('allowMutableTag' is not set), so a pull at every start fetches nothing new and ties every start to the registry; leave 'imagePullPolicy' out, or set 'allowMutableTag: true' for an image whose tag moves on purpose`,
  ],
  [
    "imagePullPolicy 'Never'",
    (c) => web(c, { imagePullPolicy: untyped('Never') }),
    `${W}: 'imagePullPolicy' is "Never"; use 'IfNotPresent' or 'Always'`,
  ],
];

describe('bad pod-model input is a PlatformError with the exact message', () => {
  it.each(cases)('fails on %s', (_what, define, message) => {
    expect(refusal(define)).toBe(message);
  });
});
