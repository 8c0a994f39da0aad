import {
  isConfigMapKey,
  isDns1123Subdomain,
  isEnvVarName,
  isQualifiedName,
} from '../../core/apimachinery';
import { arrayOf, isObject, type Json, quote, str } from './json';
import type { ObjectReport } from './problem';

/*
 * A container's environment: `ValidateEnv`, `validateEnvVarValueFrom` and `ValidateEnvFrom`
 * (pkg/apis/core/validation).
 */

const ENV_FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const SUBSCRIPTED_FIELD = /^metadata\.(labels|annotations)\['(.*)'\]$/;
const RESOURCE_FIELDS = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);

/** `validateConfigMapKeySelector` / `validateSecretKeySelector`. */
function checkKeySelector(report: ObjectReport, selector: Json, path: string, what: string): void {
  const rule = what === 'Secret' ? 'validateSecretKeySelector' : 'validateConfigMapKeySelector';
  const name = str(selector.name) ?? '';
  report.check(`${path}.name`, name, isDns1123Subdomain(name), `${rule} (ValidateSecretName)`);
  const key = str(selector.key) ?? '';
  if (key === '') report.add(`${path}.key`, 'is missing', `name the key of the ${what}`, rule);
  else report.check(`${path}.key`, key, isConfigMapKey(key), `${rule} (IsConfigMapKey)`);
}

/** `validateEnvVarValueFrom`: exactly one source, and no `value` next to it. */
function checkValueFrom(report: ObjectReport, env: Json, path: string): void {
  const from = env.valueFrom;
  if (!isObject(from)) return;
  const rule = 'validateEnvVarValueFrom';
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) =>
    isObject(from[k]),
  );
  if (sources.length === 0)
    report.add(
      path,
      'has no source',
      'set one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef',
      rule,
    );
  else if (typeof env.value === 'string' && env.value !== '')
    report.add(
      path,
      'is set next to a value',
      'keep either value or valueFrom',
      `${rule} (may not be specified when value is not empty)`,
    );
  else if (sources.length > 1)
    report.add(
      path,
      `has ${sources.join(' and ')}`,
      'keep one source',
      `${rule} (may not have more than one field specified at a time)`,
    );
  if (isObject(from.secretKeyRef))
    checkKeySelector(report, from.secretKeyRef, `${path}.secretKeyRef`, 'Secret');
  if (isObject(from.configMapKeyRef))
    checkKeySelector(report, from.configMapKeyRef, `${path}.configMapKeyRef`, 'ConfigMap');
  if (isObject(from.fieldRef)) {
    const field = str(from.fieldRef.fieldPath) ?? '';
    const at = `${path}.fieldRef.fieldPath`;
    const subscript = SUBSCRIPTED_FIELD.exec(field);
    if (subscript) {
      const key = subscript[1] === 'annotations' ? subscript[2].toLowerCase() : subscript[2];
      report.check(
        at,
        field,
        isQualifiedName(key),
        'validateObjectFieldSelector (ValidateQualifiedName)',
      );
    } else if (!ENV_FIELD_PATHS.has(field))
      report.add(
        at,
        field === '' ? 'is missing' : `is ${quote(field)}`,
        `use one of ${[...ENV_FIELD_PATHS].join(', ')}, or metadata.labels['<key>'] / metadata.annotations['<key>']`,
        'validateObjectFieldSelector',
      );
  }
  if (isObject(from.resourceFieldRef)) {
    const resource = str(from.resourceFieldRef.resource) ?? '';
    if (!RESOURCE_FIELDS.has(resource) && !/^(limits|requests)\.hugepages-/.test(resource))
      report.add(
        `${path}.resourceFieldRef.resource`,
        resource === '' ? 'is missing' : `is ${quote(resource)}`,
        `use one of ${[...RESOURCE_FIELDS].join(', ')}`,
        'validateContainerResourceFieldSelector',
      );
  }
}

/** `ValidateEnv`. */
export function checkEnv(report: ObjectReport, env: unknown, path: string): void {
  arrayOf(env).forEach((variable, i) => {
    if (!isObject(variable)) return;
    const at = `${path}[${i}]`;
    const name = str(variable.name) ?? '';
    if (name === '') report.add(`${at}.name`, 'is missing', 'name the variable', 'ValidateEnv');
    else report.check(`${at}.name`, name, isEnvVarName(name), 'ValidateEnv (IsEnvVarName)');
    checkValueFrom(report, variable, `${at}.valueFrom`);
  });
}

/** `ValidateEnvFrom`. */
export function checkEnvFrom(report: ObjectReport, envFrom: unknown, path: string): void {
  arrayOf(envFrom).forEach((source, i) => {
    if (!isObject(source)) return;
    const at = `${path}[${i}]`;
    if (typeof source.prefix === 'string' && source.prefix !== '')
      report.check(
        `${at}.prefix`,
        source.prefix,
        isEnvVarName(source.prefix),
        'ValidateEnvFrom (IsEnvVarName)',
      );
    const kinds = ['configMapRef', 'secretRef'].filter((k) => isObject(source[k]));
    if (kinds.length !== 1)
      report.add(
        at,
        kinds.length === 0 ? 'has no source' : 'has both configMapRef and secretRef',
        'set one of configMapRef or secretRef',
        'ValidateEnvFrom',
      );
    for (const k of kinds) {
      const name = str((source[k] as Json).name) ?? '';
      const rule =
        k === 'secretRef'
          ? 'validateSecretEnvSource (ValidateSecretName)'
          : 'validateConfigMapEnvSource (ValidateConfigMapName)';
      if (name === '') report.add(`${at}.${k}.name`, 'is missing', 'name the object', rule);
      else report.check(`${at}.${k}.name`, name, isDns1123Subdomain(name), rule);
    }
  });
}
