import { isConfigMapKey, isDns1123Label, isDns1123Subdomain } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import type { ObjectReport } from './problem';
import { parseQuantity, signOf } from '../../core/quantity';

/*
 * Pod volumes: `ValidateVolumes` → `validateVolumeSource` and the source validators
 * (pkg/apis/core/validation) that the emitted kinds of volume go through.
 */

/** Every volume source of `core.VolumeSource`, as `validateVolumeSource` counts them. */
const SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

const HOST_PATH_TYPES = new Set([
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
]);

const FILE_MODE_MAX = 0o777;

/** `validatePathNoBacksteps`: no '..' element. */
export function hasBackstep(path: string): boolean {
  return path.split('/').includes('..');
}

/**
 * `validateLocalDescendingPath` (subPath, item paths): relative, no '..' element; with
 * `ValidateLocalNonReservedPath` also not starting with '..'.
 */
export function checkLocalPath(
  report: ObjectReport,
  value: string,
  path: string,
  rule: string,
  nonReserved = false,
): void {
  if (value.startsWith('/'))
    report.add(
      path,
      `is ${quote(value)}, an absolute path`,
      'use a path relative to the volume (no leading /)',
      rule,
    );
  if (hasBackstep(value))
    report.add(
      path,
      `is ${quote(value)}, which contains '..'`,
      "use a path below the volume, without '..'",
      rule,
    );
  else if (nonReserved && value.startsWith('..'))
    report.add(
      path,
      `is ${quote(value)}, which starts with '..'`,
      'start the path with another character',
      rule,
    );
}

function checkMode(report: ObjectReport, mode: unknown, path: string, rule: string): void {
  if (mode === undefined || mode === null) return;
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > FILE_MODE_MAX)
    report.add(
      path,
      `is ${quote(mode)}, not a file mode`,
      'use a number from 0 to 0777 (octal; 511 in decimal), e.g. 0o644 = 420',
      rule,
    );
}

/** `validateKeyToPath`: the items of a configMap, secret or projected source. */
function checkItems(report: ObjectReport, items: unknown, path: string): void {
  arrayOf(items).forEach((item, i) => {
    if (!isObject(item)) return;
    const at = `${path}[${i}]`;
    const key = str(item.key) ?? '';
    if (key === '')
      report.add(`${at}.key`, 'is missing', 'name the key to project', 'validateKeyToPath');
    else report.check(`${at}.key`, key, isConfigMapKey(key), 'validateKeyToPath (IsConfigMapKey)');
    const target = str(item.path) ?? '';
    if (target === '')
      report.add(
        `${at}.path`,
        'is missing',
        'give the file name to write the key to',
        'validateKeyToPath',
      );
    else
      checkLocalPath(
        report,
        target,
        `${at}.path`,
        'validateKeyToPath (ValidateLocalNonReservedPath)',
        true,
      );
    checkMode(report, item.mode, `${at}.mode`, 'validateKeyToPath');
  });
}

/**
 * The name a secret or configMap volume refers to. The API server only asks for one, but no
 * object can have a name that is not a DNS-1123 subdomain, so the pod would wait for it
 * forever (ContainerCreating).
 */
function checkReferencedName(
  report: ObjectReport,
  name: unknown,
  path: string,
  what: string,
  rule: string,
): void {
  const value = str(name) ?? '';
  if (value === '') {
    report.add(path, 'is missing', `name the ${what}`, rule);
    return;
  }
  for (const v of isDns1123Subdomain(value))
    report.add(
      path,
      `is ${quote(value)}, which ${v.problem}, so no ${what} can have that name and the pod never starts`,
      v.fix,
      `${rule} (ValidateSecretName)`,
    );
}

function checkSource(report: ObjectReport, kind: string, source: Json, path: string): void {
  switch (kind) {
    case 'emptyDir': {
      if (source.sizeLimit === undefined || source.sizeLimit === null) break;
      const q = parseQuantity(source.sizeLimit);
      if (!q || signOf(q) < 0)
        report.add(
          `${path}.sizeLimit`,
          `is ${quote(source.sizeLimit)}, not a size`,
          "write a size such as '512Mi' or '1Gi'",
          'validateVolumeSource (emptyDir.sizeLimit)',
        );
      break;
    }
    case 'hostPath': {
      const target = str(source.path) ?? '';
      if (target === '')
        report.add(
          `${path}.path`,
          'is missing',
          'give the path on the node',
          'validateHostPathVolumeSource',
        );
      else if (hasBackstep(target))
        report.add(
          `${path}.path`,
          `is ${quote(target)}, which contains '..'`,
          "write the path without '..'",
          'validateHostPathVolumeSource (validatePathNoBacksteps)',
        );
      if (source.type !== undefined && !HOST_PATH_TYPES.has(String(source.type)))
        report.add(
          `${path}.type`,
          `is ${quote(source.type)}`,
          `use one of ${[...HOST_PATH_TYPES].filter(Boolean).join(', ')}`,
          'validateHostPathType',
        );
      break;
    }
    case 'secret':
      checkReferencedName(
        report,
        source.secretName,
        `${path}.secretName`,
        'Secret',
        'validateSecretVolumeSource',
      );
      checkMode(report, source.defaultMode, `${path}.defaultMode`, 'validateSecretVolumeSource');
      checkItems(report, source.items, `${path}.items`);
      break;
    case 'configMap':
      checkReferencedName(
        report,
        source.name,
        `${path}.name`,
        'ConfigMap',
        'validateConfigMapVolumeSource',
      );
      checkMode(report, source.defaultMode, `${path}.defaultMode`, 'validateConfigMapVolumeSource');
      checkItems(report, source.items, `${path}.items`);
      break;
    case 'persistentVolumeClaim':
      checkReferencedName(
        report,
        source.claimName,
        `${path}.claimName`,
        'PersistentVolumeClaim',
        'validatePersistentClaimVolumeSource',
      );
      break;
    case 'downwardAPI':
      checkMode(
        report,
        source.defaultMode,
        `${path}.defaultMode`,
        'validateDownwardAPIVolumeSource',
      );
      arrayOf(source.items).forEach((item, i) => {
        if (!isObject(item)) return;
        const target = str(item.path) ?? '';
        if (target === '')
          report.add(
            `${path}.items[${i}].path`,
            'is missing',
            'give the file name',
            'validateDownwardAPIVolumeFile',
          );
        else
          checkLocalPath(
            report,
            target,
            `${path}.items[${i}].path`,
            'validateDownwardAPIVolumeFile',
            true,
          );
        checkMode(report, item.mode, `${path}.items[${i}].mode`, 'validateDownwardAPIVolumeFile');
      });
      break;
    case 'projected': {
      checkMode(report, source.defaultMode, `${path}.defaultMode`, 'validateProjectedVolumeSource');
      const paths = new Set<string>();
      arrayOf(source.sources).forEach((projection, i) => {
        if (!isObject(projection)) return;
        const at = `${path}.sources[${i}]`;
        const kinds = [
          'secret',
          'configMap',
          'downwardAPI',
          'serviceAccountToken',
          'clusterTrustBundle',
        ].filter((k) => isObject(projection[k]));
        if (kinds.length > 1)
          report.add(
            at,
            `has ${kinds.join(' and ')}`,
            'give one source per entry',
            'validateProjectionSources (may not specify more than 1 volume type per source)',
          );
        for (const k of ['secret', 'configMap']) {
          const part = projection[k];
          if (!isObject(part)) continue;
          checkItems(report, part.items, `${at}.${k}.items`);
          for (const item of arrayOf(part.items)) {
            const p = isObject(item) ? str(item.path) : undefined;
            if (!p) continue;
            if (paths.has(p))
              report.add(
                `${at}.${k}.items`,
                `writes ${quote(p)} a second time`,
                'give every projected file its own path',
                'validateProjectionSources (conflicting duplicate paths)',
              );
            paths.add(p);
          }
        }
        const token = projection.serviceAccountToken;
        if (isObject(token)) {
          const seconds = num(token.expirationSeconds);
          if (seconds !== undefined && (seconds < 600 || seconds > 2 ** 32))
            report.add(
              `${at}.serviceAccountToken.expirationSeconds`,
              `is ${seconds}`,
              'use 600 (10 minutes) to 4294967296 seconds',
              'validateProjectionSources',
            );
          const target = str(token.path) ?? '';
          if (target === '')
            report.add(
              `${at}.serviceAccountToken.path`,
              'is missing',
              'give the file name',
              'validateProjectionSources',
            );
          else
            checkLocalPath(
              report,
              target,
              `${at}.serviceAccountToken.path`,
              'validateProjectionSources (ValidateLocalNonReservedPath)',
              true,
            );
        }
      });
      break;
    }
    case 'csi':
      if (!str(source.driver))
        report.add(
          `${path}.driver`,
          'is missing',
          'name the CSI driver',
          'validateCSIVolumeSource',
        );
      break;
  }
}

/**
 * `ValidateVolumes`: each volume a unique DNS-1123 label with exactly one source. Returns the
 * declared volume names, which volume mounts must refer to (a mount of a volume that is itself
 * wrong is reported once, at the volume).
 */
export function checkVolumes(report: ObjectReport, volumes: unknown, path: string): Set<string> {
  const names = new Set<string>();
  arrayOf(volumes).forEach((volume, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(volume)) return;
    const name = str(volume.name) ?? '';
    if (name === '') {
      report.add(`${at}.name`, 'is missing', 'name the volume', 'ValidateVolumes');
    } else {
      report.check(
        `${at}.name`,
        name,
        isDns1123Label(name),
        'ValidateVolumes (ValidateDNS1123Label)',
      );
      if (names.has(name))
        report.add(
          `${at}.name`,
          `is ${quote(name)}, the name of an earlier volume`,
          'give every volume its own name',
          'ValidateVolumes (Duplicate)',
        );
      names.add(name);
    }
    const kinds = SOURCES.filter((k) => volume[k] !== undefined && volume[k] !== null);
    if (kinds.length === 0)
      report.add(
        at,
        'has no volume source',
        'set one source, e.g. emptyDir, configMap or secret',
        'validateVolumeSource (must specify a volume type)',
      );
    for (const extra of kinds.slice(1))
      report.add(
        `${at}.${extra}`,
        `is set next to ${kinds[0]}`,
        'give each volume one source',
        'validateVolumeSource (may not specify more than 1 volume type)',
      );
    if (kinds.length > 0 && isObject(volume[kinds[0]]))
      checkSource(report, kinds[0], volume[kinds[0]] as Json, `${at}.${kinds[0]}`);
  });
  return names;
}
