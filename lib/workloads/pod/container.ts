import { createHash } from 'node:crypto';
import { checkOneOf, fail } from '../../core/errors';
import { checkDnsLabel } from '../../core/naming';
import type { SecretManagerSecret } from '../../platform/secret';
import { SECRET_MANAGER_CSI_DRIVER } from '../../platform/secret';
import { SECRET_SYNC_KEY } from '../../gke/secret-sync';
import {
  checkFormat,
  isConfigMapKey,
  isDns1123Subdomain,
  MAX_INT32,
} from '../../core/apimachinery';
import { checkImage } from './image';
import { claimMount } from './claim-mounts';
import { addMount, type ContainerMount } from './mount-layout';
import { k8s } from '../chart/kube';
import { checkPlaintextSecrets } from './plaintext-secrets';
import type {
  ResourceSpec,
  SharedMount,
  ContainerSpec,
  ContainerContext,
  SecretProviderClassNeed,
  RenderedContainer,
  NamedObject,
} from './container-spec';
import { type RenderedProbes, renderProbes } from './probes';
import {
  MIN_CPU_LIMIT_MILLIS,
  MIN_CPU_REQUEST_MILLIS,
  MIN_MEMORY_BYTES,
  parseCpu,
  parseMemory,
} from './quantity';
import { bytes, checkContainerFit, type NodeFit } from './node-fit';
import { scaledRequest } from './preview-requests';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * The name of a volume of container `container`: `<container><suffix>`, shortened with a
 * hash where that would pass 63 characters (volume names are DNS-1123 labels).
 */
function volumeName(container: string, suffix: string): string {
  const name = `${container}${suffix}`;
  if (name.length <= 63) return name;
  return `${container.slice(0, 63 - suffix.length - 9)}-${shortHash(container)}${suffix}`;
}

/**
 * The ConfigMap key of a config file: the container name and the path with '/' as '.'
 * (`web.etc.nginx.conf`), other characters as '_'. Two paths that map to one key
 * ('/etc/a.b' and '/etc/a/b'), or a key past 253 characters, get a hash of the path.
 */
function configKey(container: string, path: string, taken: Record<string, unknown>): string {
  const plain = `${container}${path.replace(/\//g, '.')}`.replace(/[^-._a-zA-Z0-9]/g, '_');
  if (!(plain in taken) && plain.length <= 253) return plain;
  return `${plain.slice(0, 253 - 9)}.${shortHash(path)}`;
}

/** Checks a port number and returns it. */
export function checkPort(where: string, prop: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(
      where,
      prop,
      `is ${port}, which is not a port number`,
      'use a whole number from 1 to 65535',
    );
  }
  return port;
}

/** Checks a mount path: absolute, without '..' or a trailing '/'; `example` shows a good one. */
export function checkAbsolutePath(
  where: string,
  prop: string,
  path: string,
  example = '/etc/app/config.yaml',
): string {
  if (!path.startsWith('/') || path.includes('..') || (path.endsWith('/') && path !== '/')) {
    fail(
      where,
      prop,
      `has path '${path}'`,
      `use an absolute path without '..' or a trailing '/', e.g. '${example}'`,
    );
  }
  // '/etc//app' and '/etc/./app' are '/etc/app' to the runtime: one spelling per folder, so
  // that mounts inside one another are found.
  if (path.includes('//') || /\/\.(\/|$)/.test(path)) {
    fail(
      where,
      prop,
      `has path '${path}', which contains '//' or '/./'`,
      `write the path without them, e.g. '${path.replace(/\/(\.\/)+|\/\/+/g, '/').replace(/\/\.$/, '') || '/'}'`,
    );
  }
  return path;
}

/** A container's requests and limits, and its memory limit in bytes. */
interface RenderedResources {
  readonly requirements: k8s.ResourceRequirements;
  readonly memoryLimitBytes: number;
}

function renderResources(
  where: string,
  spec: ResourceSpec,
  gpus: number,
  nodes: NodeFit | undefined,
  requestsPercent = 100,
): RenderedResources {
  const cpu = spec.cpu ?? '100m';
  const memory = spec.memory ?? '128Mi';
  const cpuMillis = parseCpu(where, 'resources.cpu', cpu);
  const cpuLimit = spec.cpuLimit === undefined ? `${cpuMillis * 2}m` : spec.cpuLimit;
  const memoryLimit = spec.memoryLimit ?? memory;
  if (cpuLimit !== false && parseCpu(where, 'resources.cpuLimit', cpuLimit) < cpuMillis) {
    fail(
      where,
      'resources.cpu',
      `('${cpu}') is above 'cpuLimit' ('${cpuLimit}')`,
      "raise 'cpuLimit', lower 'cpu', or set 'cpuLimit: false' for no CPU limit",
    );
  }
  const memoryBytes = parseMemory(where, 'resources.memory', memory);
  const memoryLimitBytes = parseMemory(where, 'resources.memoryLimit', memoryLimit);
  if (memoryLimitBytes < memoryBytes) {
    fail(
      where,
      'resources.memory',
      `('${memory}') is above 'memoryLimit' ('${memoryLimit}')`,
      "raise 'memoryLimit' or lower 'memory'",
    );
  }
  checkMinimums(where, {
    cpu,
    cpuMillis,
    cpuLimit,
    // The runtime's minimum applies to the memory limit, which follows the request by default.
    memoryProp: spec.memoryLimit === undefined ? 'resources.memory' : 'resources.memoryLimit',
    memoryLimit,
    memoryLimitBytes,
  });
  checkContainerFit(
    where,
    {
      cpu,
      cpuMillis,
      memory,
      memoryBytes,
      // A limit left at its default follows the request, which is checked already.
      cpuLimit:
        typeof spec.cpuLimit === 'string'
          ? { text: spec.cpuLimit, millis: parseCpu(where, 'resources.cpuLimit', spec.cpuLimit) }
          : undefined,
      memoryLimit:
        spec.memoryLimit === undefined
          ? undefined
          : { text: spec.memoryLimit, bytes: memoryLimitBytes },
    },
    nodes,
  );
  const requests: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(scaledRequest('cpu', cpu, cpuMillis, requestsPercent)),
    memory: k8s.Quantity.fromString(scaledRequest('memory', memory, memoryBytes, requestsPercent)),
  };
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(memoryLimit) };
  if (cpuLimit !== false) limits.cpu = k8s.Quantity.fromString(cpuLimit);
  if (gpus > 0) {
    // Extended resources go in limits; Kubernetes sets the request to the limit.
    limits['nvidia.com/gpu'] = k8s.Quantity.fromNumber(gpus);
  }
  const storage = spec.ephemeralStorage;
  const storageLimit = spec.ephemeralStorageLimit ?? storage;
  if (storage !== undefined) {
    parseMemory(where, 'resources.ephemeralStorage', storage);
    requests['ephemeral-storage'] = k8s.Quantity.fromString(storage);
  }
  if (storageLimit !== undefined) {
    const limitBytes = parseMemory(where, 'resources.ephemeralStorageLimit', storageLimit);
    // ValidateResourceRequirements: a request above its limit is refused.
    if (
      storage !== undefined &&
      limitBytes < parseMemory(where, 'resources.ephemeralStorage', storage)
    )
      fail(
        where,
        'resources.ephemeralStorage',
        `('${storage}') is above 'ephemeralStorageLimit' ('${storageLimit}')`,
        "raise 'ephemeralStorageLimit' or lower 'ephemeralStorage'",
      );
    limits['ephemeral-storage'] = k8s.Quantity.fromString(storageLimit);
  }
  return { requirements: { requests, limits }, memoryLimitBytes };
}

/**
 * Refuses requests and limits below what a container runs with: most often a unit left out
 * (`cpu: '500'` meant as 500m is caught by the node's size; `memory: '500'` is 500 bytes).
 */
function checkMinimums(
  where: string,
  r: {
    cpu: string;
    cpuMillis: number;
    cpuLimit: string | false;
    memoryProp: string;
    memoryLimit: string;
    memoryLimitBytes: number;
  },
): void {
  if (r.cpuMillis < MIN_CPU_REQUEST_MILLIS)
    fail(
      where,
      'resources.cpu',
      `is '${r.cpu}', below 1m, the smallest CPU amount Kubernetes counts`,
      "ask for at least '1m', e.g. '100m'",
    );
  if (r.cpuLimit !== false) {
    const millis = parseCpu(where, 'resources.cpuLimit', r.cpuLimit);
    if (millis < MIN_CPU_LIMIT_MILLIS)
      fail(
        where,
        'resources.cpuLimit',
        `is '${r.cpuLimit}', below 10m, the smallest CPU limit the kernel enforces (the kubelet raises a smaller one to 10m)`,
        "give at least '10m', or 'cpuLimit: false' for none",
      );
  }
  if (r.memoryLimitBytes < MIN_MEMORY_BYTES)
    fail(
      where,
      r.memoryProp,
      `is '${r.memoryLimit}' (${bytes(r.memoryLimitBytes)}), below the 6 MiB a container runtime needs to start a container with that memory limit`,
      `write a size with a binary unit, e.g. '${/^\d+$/.test(String(r.memoryLimit)) ? `${r.memoryLimit}Mi` : '64Mi'}'`,
    );
}

/** Checks a UID or GID of one container: a whole number, never 0 (root). */
function checkContainerId(where: string, prop: string, id: number | undefined): number | undefined {
  if (id === undefined) return undefined;
  if (!Number.isInteger(id) || id < 1 || id > MAX_INT32)
    fail(where, prop, `is ${id}`, `run as a non-root ID (1 to ${MAX_INT32}), e.g. 101`);
  return id;
}

function renderEnv<E extends string>(
  where: string,
  spec: ContainerSpec<E>,
  ctx: ContainerContext,
  extra: readonly k8s.EnvVar[],
  synced: SecretManagerSecret[],
): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [];
  const seen = new Set<string>();
  const add = (name: string, prop: string, variable: k8s.EnvVar) => {
    if (!ENV_NAME.test(name))
      fail(
        where,
        prop,
        `has variable name '${name}'`,
        "use letters, digits, '_', '-' and '.', not starting with a digit",
      );
    if (seen.has(name))
      fail(where, prop, `sets '${name}' twice`, 'set each environment variable in one place only');
    seen.add(name);
    env.push(variable);
  };
  for (const [name, ref] of Object.entries(spec.secretEnv ?? {})) {
    if ('secretManager' in ref) {
      const secret = ctx.declaredSecret(ref.secretManager, `secretEnv.${name}`);
      if (!SECRET_SYNC_KEY.test(secret.name)) {
        fail(
          where,
          `secretEnv.${name}`,
          `names secret '${secret.name}', which the SecretSync CRD does not accept as a key of the synchronized Secret`,
          `declare it under a name such as '${secret.name.replace(/[^-A-Za-z0-9]/g, '-')}' with 'secretId: "${secret.secretId}"'`,
        );
      }
      if (!synced.includes(secret)) synced.push(secret);
      // Not optional: until the first sync the container waits (CreateContainerConfigError
      // is retried) rather than starting without its secret.
      add(name, `secretEnv.${name}`, {
        name,
        valueFrom: {
          secretKeyRef: { name: ctx.syncedSecretName, key: secret.name, optional: false },
        },
      });
      continue;
    }
    const secretName = nameOf(ref.secret);
    checkFormat(where, `secretEnv.${name}.secret`, secretName, isDns1123Subdomain);
    checkFormat(where, `secretEnv.${name}.key`, ref.key, isConfigMapKey);
    add(name, `secretEnv.${name}`, {
      name,
      valueFrom: {
        secretKeyRef: { name: secretName, key: ref.key, optional: ref.optional ?? false },
      },
    });
  }
  for (const [name, ref] of Object.entries(spec.configMapEnv ?? {})) {
    const configMapName = nameOf(ref.configMap);
    checkFormat(where, `configMapEnv.${name}.configMap`, configMapName, isDns1123Subdomain);
    checkFormat(where, `configMapEnv.${name}.key`, ref.key, isConfigMapKey);
    add(name, `configMapEnv.${name}`, {
      name,
      valueFrom: {
        configMapKeyRef: { name: configMapName, key: ref.key, optional: ref.optional ?? false },
      },
    });
  }
  for (const variable of extra) add(variable.name, 'env', variable);
  // Literal values last: Kubernetes expands '$(NAME)' only to variables defined before it,
  // so 'postgres://app:$(DB_PASSWORD)@db/app' can use a secretEnv or a connection.
  // @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    const resolved = ctx.resolve(value, `env.${name}`);
    add(name, `env.${name}`, { name, value: resolved });
  }
  return env;
}

/** The extra inputs a workload gives a container: its name, GPUs and env from the platform. */
export interface ContainerExtras {
  readonly name: string;
  readonly gpus?: number;
  readonly env?: readonly k8s.EnvVar[];
  /** The name of the container port (unique in the pod). @default none */
  readonly portName?: string;
  /** Named ports beside `port`. @default none */
  readonly additionalPorts?: readonly {
    readonly name: string;
    readonly containerPort: number;
    readonly protocol?: 'TCP' | 'UDP';
  }[];
  /** The container's own UID, where it differs from the pod's. @default the pod's */
  readonly runAsUser?: number;
  /** The container's own GID, where it differs from the pod's. @default the pod's */
  readonly runAsGroup?: number;
  /**
   * Literal values of the pod, by prop (`podAnnotations.<key>`), that this container's
   * `allowPlaintextSecrets` covers (the main container's). @default none
   */
  readonly podValues?: Readonly<Record<string, string>>;
}

/**
 * Renders one container with the library's secure defaults: non-root, read-only root
 * filesystem, no privilege escalation, every capability dropped, requests and limits, and
 * an image pulled only when not present (tags are pinned, so a pull per start buys nothing).
 */
export function renderContainer<E extends string>(
  spec: ContainerSpec<E>,
  ctx: ContainerContext,
  extras: ContainerExtras,
): RenderedContainer {
  const where = ctx.where;
  const name = checkDnsLabel(where, 'name', extras.name);
  const image = checkImage(where, 'image', ctx.image(spec.image), spec.allowMutableTag ?? false);
  ctx.checkRegistry(image);
  const pullPolicy = spec.imagePullPolicy ?? 'IfNotPresent';
  checkOneOf(where, 'imagePullPolicy', pullPolicy, ['IfNotPresent', 'Always']);
  if (pullPolicy === 'Always' && !(spec.allowMutableTag ?? false))
    fail(
      where,
      'imagePullPolicy',
      "is 'Always', but the image must be pinned ('allowMutableTag' is not set), so a pull at every start fetches nothing new and ties every start to the registry",
      "leave 'imagePullPolicy' out, or set 'allowMutableTag: true' for an image whose tag moves on purpose",
    );
  const runAsUser = checkContainerId(where, 'runAsUser', extras.runAsUser);
  const runAsGroup = checkContainerId(where, 'runAsGroup', extras.runAsGroup);
  checkPlaintextSecrets(where, spec, ctx, extras.podValues);
  const port = spec.port === undefined ? undefined : checkPort(where, 'port', spec.port);
  const { requirements: resources, memoryLimitBytes } = renderResources(
    where,
    ctx.resolve(spec.resources ?? {}, 'resources'),
    extras.gpus ?? 0,
    ctx.nodes,
    ctx.requestsPercent,
  );
  const volumes: k8s.Volume[] = [];
  const mounts: ContainerMount[] = [];
  // `prop` names the kind of path in the error about its form, `at` the mount in the others.
  const mount = (path: string, prop: string, m: k8s.VolumeMount, at = `${prop}.${path}`) => {
    checkAbsolutePath(where, prop, path);
    addMount(where, mounts, { prop: at, mount: m });
  };

  (spec.scratchPaths ?? ['/tmp']).forEach((path, i) => {
    const volume = volumeName(name, `-scratch-${i}`);
    mount(path, 'scratchPaths', { name: volume, mountPath: path }, `scratchPaths[${i}]`);
    volumes.push({ name: volume, emptyDir: {} });
  });

  if (spec.shmSize !== undefined) {
    const size = ctx.resolve(spec.shmSize, 'shmSize');
    const bytes = parseMemory(where, 'shmSize', size);
    if (bytes <= 0) fail(where, 'shmSize', `is '${size}'`, "give a size above 0, e.g. '1Gi'");
    // A memory-backed emptyDir is tmpfs: what is written there counts against the container's
    // memory limit, so a larger /dev/shm would only move the out-of-memory kill.
    // @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
    if (bytes > memoryLimitBytes)
      fail(
        where,
        'shmSize',
        `('${size}') is above the memory limit (${resources.limits?.memory?.value}), and files in /dev/shm count against that limit`,
        "raise 'resources.memoryLimit' to cover the shared memory, or lower 'shmSize'",
      );
    const volume = volumeName(name, '-shm');
    mount('/dev/shm', 'shmSize', { name: volume, mountPath: '/dev/shm' }, 'shmSize');
    volumes.push({
      name: volume,
      emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(size) },
    });
  }

  for (const [path, shared] of Object.entries(spec.sharedMounts ?? {})) {
    const prop = `sharedMounts.${path}`;
    const ref: SharedMount = typeof shared === 'string' ? { volume: shared } : shared;
    if (!ctx.sharedVolume || ref === null || typeof ref.volume !== 'string')
      fail(
        where,
        prop,
        `is ${JSON.stringify(shared)}`,
        "name one of the workload's 'sharedVolumes'",
      );
    const volume = ctx.sharedVolume(ref.volume, prop);
    mount(path, 'sharedMounts', {
      name: volume,
      mountPath: path,
      readOnly: ref.readOnly ? true : undefined,
    });
  }

  const configData: Record<string, string> = {};
  for (const [path, content] of Object.entries(spec.configFiles ?? {})) {
    const key = configKey(name, path, configData);
    configData[key] = ctx.resolve(content, `configFiles.${path}`);
    if (typeof configData[key] !== 'string')
      fail(
        where,
        `configFiles.${path}`,
        `is ${typeof configData[key]}`,
        'give the file content as a string',
      );
    mount(path, 'configFiles', { name: 'config', mountPath: path, subPath: key, readOnly: true });
  }

  Object.entries(spec.secretMounts ?? {}).forEach(([path, secret], i) => {
    const volume = volumeName(name, `-secret-${i}`);
    checkFormat(where, `secretMounts.${path}`, secret, isDns1123Subdomain);
    mount(path, 'secretMounts', { name: volume, mountPath: path, readOnly: true });
    volumes.push({ name: volume, secret: { secretName: secret, defaultMode: 0o440 } });
  });

  for (const [path, ref] of Object.entries(spec.claimMounts ?? {})) {
    const claim = claimMount(where, path, ref);
    mount(path, 'claimMounts', claim.mount);
    volumes.push(claim.volume);
  }

  const secretProviderClasses: SecretProviderClassNeed[] = [];
  Object.entries(spec.secretFiles ?? {}).forEach(([path, names], i) => {
    const prop = `secretFiles.${path}`;
    const list = typeof names === 'string' ? [names] : [...names];
    if (list.length === 0) {
      fail(where, prop, 'is empty', 'name at least one declared secret, or leave the folder out');
    }
    const secrets = list.map((secret) => ctx.declaredSecret(secret, prop));
    const duplicate = list.find((secret, j) => list.indexOf(secret) !== j);
    if (duplicate !== undefined) {
      fail(where, prop, `names '${duplicate}' twice`, 'name each secret once per folder');
    }
    const volume = volumeName(name, `-sm-${i}`);
    const className = ctx.secretProviderClassName(volume);
    mount(path, 'secretFiles', { name: volume, mountPath: path, readOnly: true });
    // The add-on's CSI volume; no subPath, so that rotated versions reach the files.
    // https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
    volumes.push({
      name: volume,
      csi: {
        driver: SECRET_MANAGER_CSI_DRIVER,
        readOnly: true,
        volumeAttributes: { secretProviderClass: className },
      },
    });
    secretProviderClasses.push({ name: className, secrets });
  });

  let probes: RenderedProbes | undefined;
  if (ctx.probes !== 'none' && spec.health !== false) {
    const wanted = spec.health !== undefined || (ctx.probes === 'default' && port !== undefined);
    if (wanted) probes = renderProbes(where, spec.health ?? {}, port);
  }

  const syncedSecrets: SecretManagerSecret[] = [];
  const env = renderEnv(where, spec, ctx, extras.env ?? [], syncedSecrets);
  const container: k8s.Container = {
    name,
    image,
    imagePullPolicy: pullPolicy,
    command: spec.command ? [...spec.command] : undefined,
    args: spec.args ? [...spec.args] : undefined,
    ports:
      port === undefined && !extras.additionalPorts?.length
        ? undefined
        : [
            ...(port === undefined
              ? []
              : [{ name: extras.portName, containerPort: port, protocol: 'TCP' }]),
            ...(extras.additionalPorts ?? []).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
          ],
    env: env.length > 0 ? env : undefined,
    resources,
    readinessProbe: probes?.readiness,
    livenessProbe: probes?.liveness,
    startupProbe: probes?.startup,
    securityContext: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: mounts.length > 0 ? mounts.map((m) => m.mount) : undefined,
  };
  return { container, volumes, mounts, configData, probes, secretProviderClasses, syncedSecrets };
}

/** The name of an object given by name or by handle (a cdk8s-plus ConfigMap or Secret). */
function nameOf(ref: string | NamedObject): string {
  return typeof ref === 'string' ? ref : ref.name;
}
