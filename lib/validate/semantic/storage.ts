import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isQualifiedName } from '../../core/apimachinery';
import { isObject, type Json, quote, str } from './json';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * StorageClass: pkg/apis/storage/validation (ValidateStorageClass); VolumeSnapshotClass:
 * kubernetes-csi/external-snapshotter; the PD CSI driver's parameters.
 */

/** validateParameters: at most 512 parameters of at most 256 KiB in all (keys and values). */
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

/** supportedReclaimPolicy of a StorageClass (`Recycle` is for PersistentVolumes only). */
const RECLAIM_POLICIES = ['Delete', 'Retain'];
/** supportedVolumeBindingModes. */
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

/**
 * The `csi.storage.k8s.io/` parameters the CSI sidecars read themselves; any other key with
 * that prefix makes them fail the operation (`removePrefixedParameters` in
 * external-provisioner and external-snapshotter: "found unknown parameter key … with reserved
 * namespace csi.storage.k8s.io/").
 */
const RESERVED_PREFIX = 'csi.storage.k8s.io/';
const PROVISIONER_KEYS = new Set(
  [
    'fstype',
    'provisioner-secret-name',
    'provisioner-secret-namespace',
    'controller-publish-secret-name',
    'controller-publish-secret-namespace',
    'node-stage-secret-name',
    'node-stage-secret-namespace',
    'node-publish-secret-name',
    'node-publish-secret-namespace',
    'controller-expand-secret-name',
    'controller-expand-secret-namespace',
    'node-expand-secret-name',
    'node-expand-secret-namespace',
  ].map((k) => RESERVED_PREFIX + k),
);
const SNAPSHOTTER_KEYS = new Set(
  [
    'snapshotter-secret-name',
    'snapshotter-secret-namespace',
    'snapshotter-list-secret-name',
    'snapshotter-list-secret-namespace',
  ].map((k) => RESERVED_PREFIX + k),
);

/** GKE's PD CSI driver, and the `replication-type` values it takes (pkg/common/parameters.go). */
const PD_CSI_DRIVER = 'pd.csi.storage.gke.io';
const PD_REPLICATION_TYPES = ['none', 'regional-pd'];

/** `validateParameters`: count, total size, no empty key; reserved keys as the sidecars read them. */
function checkParameters(
  report: ObjectReport,
  parameters: unknown,
  rule: string,
  reserved: ReadonlySet<string>,
  sidecar: string,
): void {
  if (parameters === undefined || parameters === null) return;
  if (!isObject(parameters)) {
    report.add('parameters', `is ${quote(parameters)}`, 'give a map of strings', rule);
    return;
  }
  const entries = Object.entries(parameters);
  if (entries.length > MAX_PARAMETERS)
    report.add(
      'parameters',
      `has ${entries.length} entries`,
      `keep at most ${MAX_PARAMETERS}`,
      `${rule} (validateParameters)`,
    );
  let bytes = 0;
  for (const [key, value] of entries) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
    if (key === '')
      report.add(
        'parameters',
        'has an empty key',
        'name every parameter',
        `${rule} (validateParameters)`,
      );
    if (key.toLowerCase().startsWith(RESERVED_PREFIX) && !reserved.has(key.toLowerCase()))
      report.add(
        `parameters[${quote(key)}]`,
        `uses the reserved prefix ${RESERVED_PREFIX} with a key the CSI sidecar does not know`,
        `use one of ${[...reserved].join(', ')}, or a key of the driver's own`,
        `${sidecar} removePrefixedParameters`,
      );
  }
  if (bytes > MAX_PARAMETER_BYTES)
    report.add(
      'parameters',
      `hold ${bytes} bytes`,
      `keep keys and values under ${MAX_PARAMETER_BYTES} bytes in all`,
      `${rule} (validateParameters)`,
    );
}

/** `ValidateStorageClass`: provisioner, parameters, reclaim policy, binding mode, expansion. */
export function validateStorageClass(object: KubernetesObject, report: ObjectReport): void {
  const rule = 'ValidateStorageClass';
  const sc = object as unknown as Json;
  const provisioner = sc.provisioner;
  if (typeof provisioner !== 'string' || provisioner === '')
    report.add(
      'provisioner',
      'is missing',
      `name the CSI driver, e.g. ${PD_CSI_DRIVER}`,
      `${rule} (validateProvisioner)`,
    );
  else
    report.check(
      'provisioner',
      provisioner,
      isQualifiedName(provisioner.toLowerCase()),
      `${rule} (validateProvisioner)`,
    );
  checkParameters(report, sc.parameters, rule, PROVISIONER_KEYS, 'external-provisioner');
  if (sc.reclaimPolicy !== undefined && !RECLAIM_POLICIES.includes(String(sc.reclaimPolicy)))
    report.add(
      'reclaimPolicy',
      `is ${quote(sc.reclaimPolicy)}`,
      `use ${RECLAIM_POLICIES.join(' or ')}`,
      `${rule} (validateReclaimPolicy)`,
    );
  // SetDefaults_StorageClass writes Immediate when it is left out, so only a wrong value fails.
  if (sc.volumeBindingMode !== undefined && !BINDING_MODES.includes(String(sc.volumeBindingMode)))
    report.add(
      'volumeBindingMode',
      `is ${quote(sc.volumeBindingMode)}`,
      `use ${BINDING_MODES.join(' or ')}`,
      `${rule} (validateVolumeBindingMode)`,
    );
  if (sc.allowVolumeExpansion !== undefined && typeof sc.allowVolumeExpansion !== 'boolean')
    report.add(
      'allowVolumeExpansion',
      `is ${quote(sc.allowVolumeExpansion)}`,
      'use true or false',
      rule,
    );
  if (provisioner === PD_CSI_DRIVER && isObject(sc.parameters)) {
    // The driver reads keys case-insensitively (ExtractAndDefaultParameters lower-cases them).
    for (const [key, value] of Object.entries(sc.parameters)) {
      if (
        key.toLowerCase() === 'replication-type' &&
        !PD_REPLICATION_TYPES.includes(String(value).toLowerCase())
      )
        report.add(
          `parameters[${quote(key)}]`,
          `is ${quote(value)}`,
          `use ${PD_REPLICATION_TYPES.join(' or ')}`,
          'gcp-compute-persistent-disk-csi-driver ExtractAndDefaultParameters',
        );
      if (key.toLowerCase() === 'type' && str(value) === '')
        report.add(
          `parameters[${quote(key)}]`,
          'is empty',
          'give a disk type such as pd-balanced',
          'gcp-compute-persistent-disk-csi-driver ExtractAndDefaultParameters',
        );
    }
  }
}

/**
 * A VolumeSnapshotClass: its driver is a CSI driver name (what the snapshot controller matches
 * with the volume's driver, `ValidateCSIDriverName`), and its parameters use only the
 * snapshotter's reserved keys.
 */
export function validateVolumeSnapshotClass(object: KubernetesObject, report: ObjectReport): void {
  const vsc = object as unknown as Json;
  const driver = vsc.driver;
  if (typeof driver !== 'string' || driver === '')
    report.add(
      'driver',
      'is missing',
      `name the CSI driver that takes the snapshots, e.g. ${PD_CSI_DRIVER}`,
      'external-snapshotter (driver required)',
    );
  else if (
    driver.length > 63 ||
    !/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*$/.test(
      driver,
    )
  )
    report.add(
      'driver',
      `is ${quote(driver)}, which is not a CSI driver name`,
      "use at most 63 letters, digits, '-' and '.', starting and ending with a letter or digit",
      'ValidateCSIDriverName',
    );
  checkParameters(
    report,
    vsc.parameters,
    'external-snapshotter',
    SNAPSHOTTER_KEYS,
    'external-snapshotter',
  );
}

/** Rules of the storage kinds. */
export const STORAGE_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {
  StorageClass: [validateStorageClass],
  VolumeSnapshotClass: [validateVolumeSnapshotClass],
};
