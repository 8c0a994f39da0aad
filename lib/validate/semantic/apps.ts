import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Label, isDns1123Subdomain } from '../../core/apimachinery';
import { checkIntOrPercent, intOrPercentValue } from './int-or-percent';
import { arrayOf, isObject, type Json, num, objectAt, quote, str } from './json';
import { checkAnnotations, checkLabels } from './metadata';
import { checkPodTemplate } from './pod-spec';
import type { ObjectReport } from './problem';
import { parseQuantity, signOf } from '../../core/quantity';
import { checkLabelSelector, isEmptySelector, selectorMatches } from './selector';

/*
 * Deployments, ReplicaSets, DaemonSets and StatefulSets: pkg/apis/apps/validation.
 */

/** Defaults of apps/v1 (SetDefaults_Deployment, SetDefaults_DaemonSet). */
const DEFAULT_PROGRESS_DEADLINE = 600;
const DEFAULT_DEPLOYMENT_ROLLING = '25%';

function nonNegative(report: ObjectReport, spec: Json, field: string, rule: string): void {
  const value = spec[field];
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    report.add(
      `spec.${field}`,
      `is ${quote(value)}`,
      'use a whole number of at least 0',
      `${rule} (ValidateNonnegativeField)`,
    );
}

/**
 * The selector (required, valid, not empty) and that it selects the template's labels, and the
 * template itself with the restart policy a controller of long-running pods needs
 * (`ValidatePodTemplateSpecForReplicaSet` and its siblings).
 */
function checkSelectorAndTemplate(
  report: ObjectReport,
  kind: string,
  spec: Json,
  rule: string,
  extraVolumes: readonly string[] = [],
): void {
  const selector = objectAt(spec, 'selector');
  const template = objectAt(spec, 'template');
  if (!selector)
    report.add(
      'spec.selector',
      'is missing',
      "select the pod template's labels, e.g. matchLabels: {app.kubernetes.io/name: web}",
      `${rule} (selector required)`,
    );
  else {
    checkLabelSelector(report, selector, 'spec.selector');
    if (isEmptySelector(selector))
      report.add(
        'spec.selector',
        'is empty, which would select every pod of the namespace',
        "select the template's labels",
        `${rule} (empty selector is invalid for ${kind.toLowerCase()})`,
      );
    else if (template && !selectorMatches(selector, objectAt(template, 'metadata')?.labels))
      report.add(
        'spec.template.metadata.labels',
        `are ${quote(objectAt(template, 'metadata')?.labels ?? {})}, which spec.selector ${quote(selector)} does not select`,
        'give the template every label of the selector',
        `${rule} (selector does not match template labels)`,
      );
  }
  checkPodTemplate(report, template, 'spec.template', { extraVolumes });
  const podSpec = objectAt(template, 'spec');
  if (!podSpec) return;
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always')
    report.add(
      'spec.template.spec.restartPolicy',
      `is ${quote(podSpec.restartPolicy)}`,
      `use Always (or leave it out); a ${kind} restarts its pods`,
      `${rule} (RestartPolicy Always)`,
    );
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null)
    report.add(
      'spec.template.spec.activeDeadlineSeconds',
      `is set in a ${kind}`,
      'leave it out; it would kill long-running pods',
      `${rule} (activeDeadlineSeconds is not supported)`,
    );
}

/** `ValidateRollingUpdateDeployment` with apps/v1 defaults (25% each when left out). */
function checkDeploymentStrategy(report: ObjectReport, spec: Json): void {
  const strategy = objectAt(spec, 'strategy');
  const type = str(strategy?.type) ?? 'RollingUpdate';
  if (type === 'Recreate') {
    if (strategy?.rollingUpdate !== undefined && strategy?.rollingUpdate !== null)
      report.add(
        'spec.strategy.rollingUpdate',
        "is set with strategy type 'Recreate'",
        'leave it out, or use RollingUpdate',
        "ValidateDeploymentStrategy (may not be specified when strategy type is 'Recreate')",
      );
    return;
  }
  if (type !== 'RollingUpdate') {
    report.add(
      'spec.strategy.type',
      `is ${quote(strategy?.type)}`,
      'use RollingUpdate or Recreate',
      'ValidateDeploymentStrategy',
    );
    return;
  }
  const rolling = objectAt(strategy, 'rollingUpdate') ?? {};
  const surge = rolling.maxSurge ?? DEFAULT_DEPLOYMENT_ROLLING;
  const unavailable = rolling.maxUnavailable ?? DEFAULT_DEPLOYMENT_ROLLING;
  checkIntOrPercent(report, rolling.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
  checkIntOrPercent(report, rolling.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', false);
  if (intOrPercentValue(surge) === 0 && intOrPercentValue(unavailable) === 0)
    report.add(
      'spec.strategy.rollingUpdate.maxUnavailable',
      `is ${quote(unavailable)} while maxSurge is ${quote(surge)}, so a rollout could neither add nor remove a pod`,
      'allow at least one: maxSurge 1 (or 25%) to add a pod first, or maxUnavailable 1',
      'ValidateRollingUpdateDeployment (may not be 0 when maxSurge is 0)',
    );
}

/** `ValidateDeployment` → `ValidateDeploymentSpec`. */
export function validateDeployment(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const rule = 'ValidateDeploymentSpec';
  for (const field of [
    'replicas',
    'minReadySeconds',
    'revisionHistoryLimit',
    'progressDeadlineSeconds',
  ])
    nonNegative(report, spec, field, rule);
  checkSelectorAndTemplate(report, 'Deployment', spec, rule);
  checkDeploymentStrategy(report, spec);
  const minReady = num(spec.minReadySeconds) ?? 0;
  const deadline = num(spec.progressDeadlineSeconds) ?? DEFAULT_PROGRESS_DEADLINE;
  if (deadline <= minReady)
    report.add(
      'spec.progressDeadlineSeconds',
      `is ${deadline}${spec.progressDeadlineSeconds === undefined ? ' (the default)' : ''}, not more than minReadySeconds (${minReady})`,
      `make progressDeadlineSeconds greater than minReadySeconds, e.g. ${minReady + DEFAULT_PROGRESS_DEADLINE}`,
      `${rule} (must be greater than minReadySeconds)`,
    );
}

/** `ValidateReplicaSet` → `ValidateReplicaSetSpec`. */
export function validateReplicaSet(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  for (const field of ['replicas', 'minReadySeconds'])
    nonNegative(report, spec, field, 'ValidateReplicaSetSpec');
  checkSelectorAndTemplate(report, 'ReplicaSet', spec, 'ValidateReplicaSetSpec');
}

/**
 * `ValidateDaemonSetUpdateStrategy` → `ValidateRollingUpdateDaemonSet` with apps/v1 defaults
 * (maxUnavailable 1, maxSurge 0): exactly one of the two must be non-zero.
 */
function checkDaemonSetStrategy(report: ObjectReport, spec: Json): void {
  const strategy = objectAt(spec, 'updateStrategy');
  const type = str(strategy?.type) ?? 'RollingUpdate';
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    report.add(
      'spec.updateStrategy.type',
      `is ${quote(strategy?.type)}`,
      'use RollingUpdate or OnDelete',
      'ValidateDaemonSetUpdateStrategy',
    );
    return;
  }
  const rolling = objectAt(strategy, 'rollingUpdate') ?? {};
  const path = 'spec.updateStrategy.rollingUpdate';
  checkIntOrPercent(report, rolling.maxUnavailable, `${path}.maxUnavailable`);
  checkIntOrPercent(report, rolling.maxSurge, `${path}.maxSurge`);
  const unavailable = intOrPercentValue(rolling.maxUnavailable ?? 1) !== 0;
  const surge = intOrPercentValue(rolling.maxSurge ?? 0) !== 0;
  if (unavailable && surge)
    report.add(
      `${path}.maxSurge`,
      `is ${quote(rolling.maxSurge)} while maxUnavailable is ${quote(rolling.maxUnavailable ?? 1)}${rolling.maxUnavailable === undefined ? ' (the default)' : ''}`,
      'set maxUnavailable: 0 to surge, or leave maxSurge out',
      'ValidateRollingUpdateDaemonSet (may not be set when maxUnavailable is non-zero)',
    );
  else if (!unavailable && !surge)
    report.add(
      `${path}.maxUnavailable`,
      `is ${quote(rolling.maxUnavailable)} while maxSurge is ${quote(rolling.maxSurge ?? 0)}, so no node could be updated`,
      'allow 1 unavailable pod (or a maxSurge of 1)',
      'ValidateRollingUpdateDaemonSet (cannot be 0 when maxSurge is 0)',
    );
}

/** `ValidateDaemonSet` → `ValidateDaemonSetSpec`. */
export function validateDaemonSet(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  for (const field of ['minReadySeconds', 'revisionHistoryLimit', 'templateGeneration'])
    nonNegative(report, spec, field, 'ValidateDaemonSetSpec');
  checkSelectorAndTemplate(report, 'DaemonSet', spec, 'ValidateDaemonSetSpec');
  checkDaemonSetStrategy(report, spec);
}

const ACCESS_MODES = new Set([
  'ReadWriteOnce',
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOncePod',
]);

/** `ValidatePersistentVolumeClaimSpec` of a volume claim template. */
function checkClaimTemplate(
  report: ObjectReport,
  claim: Json,
  path: string,
  setName: string,
  lastOrdinal: number,
): void {
  const name = str(objectAt(claim, 'metadata')?.name) ?? '';
  if (name === '')
    report.add(
      `${path}.metadata.name`,
      'is missing',
      'name the claim template; pods mount it by that name',
      'ValidatePersistentVolumeClaim',
    );
  else {
    // Pods mount the claim as a volume of that name (ValidateVolumes).
    report.check(
      `${path}.metadata.name`,
      name,
      isDns1123Label(name),
      'ValidateVolumes (ValidateDNS1123Label)',
    );
    // Claims are named <template>-<set>-<ordinal> (getPersistentVolumeClaimName).
    const claimName = `${name}-${setName}-${lastOrdinal}`;
    for (const v of isDns1123Subdomain(claimName))
      report.add(
        `${path}.metadata.name`,
        `makes claims such as ${quote(claimName)}, which is ${v.problem}`,
        v.fix,
        'getPersistentVolumeClaimName (ValidatePersistentVolumeName)',
      );
  }
  checkLabels(
    report,
    objectAt(claim, 'metadata')?.labels,
    `${path}.metadata.labels`,
    'ValidateObjectMeta (ValidateLabels)',
  );
  checkAnnotations(
    report,
    objectAt(claim, 'metadata')?.annotations,
    `${path}.metadata.annotations`,
  );
  const spec = objectAt(claim, 'spec') ?? {};
  const modes = arrayOf(spec.accessModes);
  if (modes.length === 0)
    report.add(
      `${path}.spec.accessModes`,
      'is empty',
      'give an access mode, e.g. ReadWriteOnce',
      'ValidatePersistentVolumeClaimSpec (at least 1 access mode is required)',
    );
  modes.forEach((mode, i) => {
    if (!ACCESS_MODES.has(String(mode)))
      report.add(
        `${path}.spec.accessModes[${i}]`,
        `is ${quote(mode)}`,
        `use one of ${[...ACCESS_MODES].join(', ')}`,
        'ValidatePersistentVolumeClaimSpec',
      );
  });
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    report.add(
      `${path}.spec.accessModes`,
      'has ReadWriteOncePod with other modes',
      'use ReadWriteOncePod alone',
      'ValidatePersistentVolumeClaimSpec',
    );
  const storage = objectAt(objectAt(spec, 'resources'), 'requests')?.storage;
  const q = parseQuantity(storage);
  if (storage === undefined)
    report.add(
      `${path}.spec.resources.requests`,
      'has no storage',
      "request a size, e.g. storage: '10Gi'",
      'ValidatePersistentVolumeClaimSpec (storage required)',
    );
  else if (!q || signOf(q) <= 0)
    report.add(
      `${path}.spec.resources.requests.storage`,
      `is ${quote(storage)}`,
      "request a positive size such as '10Gi'",
      'ValidatePersistentVolumeClaimSpec (ValidatePositiveQuantityValue)',
    );
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    report.check(
      `${path}.spec.storageClassName`,
      spec.storageClassName,
      isDns1123Subdomain(spec.storageClassName),
      'ValidatePersistentVolumeClaimSpec (ValidateClassName)',
    );
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== 'Block' &&
    spec.volumeMode !== 'Filesystem'
  )
    report.add(
      `${path}.spec.volumeMode`,
      `is ${quote(spec.volumeMode)}`,
      'use Filesystem or Block',
      'ValidatePersistentVolumeClaimSpec',
    );
}

/**
 * `ValidateStatefulSet` → `ValidateStatefulSetSpec`, and the names the controller derives
 * from the set's name: pods `<name>-<ordinal>` (their hostname and a label value), the
 * `controller-revision-hash` label `<name>-<10-character hash>` (so at most 52 characters,
 * kubernetes#64023) and claims `<template>-<name>-<ordinal>`.
 */
export function validateStatefulSet(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const rule = 'ValidateStatefulSetSpec';
  for (const field of ['replicas', 'minReadySeconds']) nonNegative(report, spec, field, rule);
  const policy = spec.podManagementPolicy;
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel')
    report.add(
      'spec.podManagementPolicy',
      `is ${quote(policy)}`,
      'use OrderedReady or Parallel',
      rule,
    );
  const strategy = objectAt(spec, 'updateStrategy');
  const type = str(strategy?.type) ?? 'RollingUpdate';
  const rolling = objectAt(strategy, 'rollingUpdate');
  if (type === 'OnDelete' && rolling)
    report.add(
      'spec.updateStrategy.rollingUpdate',
      "is set with updateStrategy 'OnDelete'",
      'leave it out, or use RollingUpdate',
      `${rule} (only allowed for updateStrategy 'RollingUpdate')`,
    );
  else if (type !== 'OnDelete' && type !== 'RollingUpdate')
    report.add(
      'spec.updateStrategy.type',
      `is ${quote(strategy?.type)}`,
      'use RollingUpdate or OnDelete',
      rule,
    );
  else if (rolling) {
    const partition = rolling.partition;
    if (partition !== undefined && (typeof partition !== 'number' || partition < 0))
      report.add(
        'spec.updateStrategy.rollingUpdate.partition',
        `is ${quote(partition)}`,
        'use a whole number of at least 0',
        'validateRollingUpdateStatefulSet',
      );
    if (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== null) {
      checkIntOrPercent(
        report,
        rolling.maxUnavailable,
        'spec.updateStrategy.rollingUpdate.maxUnavailable',
      );
      if (intOrPercentValue(rolling.maxUnavailable) === 0)
        report.add(
          'spec.updateStrategy.rollingUpdate.maxUnavailable',
          `is ${quote(rolling.maxUnavailable)}`,
          'use at least 1 (or leave it out)',
          'validateRollingUpdateStatefulSet (cannot be 0)',
        );
    }
  }
  const retention = objectAt(spec, 'persistentVolumeClaimRetentionPolicy');
  for (const when of ['whenDeleted', 'whenScaled'])
    if (
      retention?.[when] !== undefined &&
      retention[when] !== 'Retain' &&
      retention[when] !== 'Delete'
    )
      report.add(
        `spec.persistentVolumeClaimRetentionPolicy.${when}`,
        `is ${quote(retention[when])}`,
        'use Retain or Delete',
        'ValidatePersistentVolumeClaimRetentionPolicyType',
      );
  const start = num(objectAt(spec, 'ordinals')?.start) ?? 0;
  if (start < 0)
    report.add(
      'spec.ordinals.start',
      `is ${start}`,
      'use 0 or more',
      `${rule} (ValidateNonnegativeField)`,
    );

  const name = str(object.metadata?.name) ?? '';
  const replicas = num(spec.replicas) ?? 1;
  const lastOrdinal = start + Math.max(replicas, 1) - 1;
  if (name.length > 52)
    report.add(
      'metadata.name',
      `is ${name.length} characters long, so the controller-revision-hash label of its pods (<name>-<hash>) would exceed 63 characters and no pod could be created`,
      'shorten the name to at most 52 characters',
      'ControllerRevisionName (kubernetes#64023)',
    );
  else if (name !== '' && `${name}-${lastOrdinal}`.length > 63)
    report.add(
      'metadata.name',
      `gives pods names such as ${quote(`${name}-${lastOrdinal}`)}, longer than the 63 characters of a hostname`,
      'shorten the name',
      'ValidatePodSpec (hostname, ValidateDNS1123Label)',
    );

  const serviceName = spec.serviceName;
  if (typeof serviceName === 'string' && serviceName !== '')
    report.check(
      'spec.serviceName',
      serviceName,
      isDns1123Label(serviceName),
      'ValidatePodSpec (subdomain, ValidateDNS1123Label)',
    );

  const claims: string[] = [];
  const claimNames = new Set<string>();
  arrayOf(spec.volumeClaimTemplates).forEach((claim, i) => {
    if (!isObject(claim)) return;
    const at = `spec.volumeClaimTemplates[${i}]`;
    checkClaimTemplate(report, claim, at, name, lastOrdinal);
    const claimName = str(objectAt(claim, 'metadata')?.name);
    if (!claimName) return;
    if (claimNames.has(claimName))
      report.add(
        `${at}.metadata.name`,
        `is ${quote(claimName)}, the name of an earlier claim template`,
        'give every claim template its own name',
        'ValidateVolumes (Duplicate)',
      );
    claimNames.add(claimName);
    claims.push(claimName);
  });
  checkSelectorAndTemplate(report, 'StatefulSet', spec, rule, claims);
}
