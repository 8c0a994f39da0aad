import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isConfigMapKey, TOTAL_ANNOTATION_SIZE_MAX } from '../../core/apimachinery';
import { isObject, type Json, quote, utf8Length } from './json';
import type { ObjectReport } from './problem';

/*
 * ConfigMaps and Secrets: `ValidateConfigMap` and `ValidateSecret`
 * (pkg/apis/core/validation), and what `kubectl apply` adds to them.
 */

/** `core.MaxSecretSize`: the data of one ConfigMap or Secret, 1 MiB. */
export const MAX_DATA_SIZE = 1024 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Below this much data, the object cannot reach the annotation limit, so it is not measured. */
const LAST_APPLIED_THRESHOLD = 128 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded bytes of a base64 value (Go decodes `[]byte` fields with StdEncoding), or -1. */
function base64Length(value: string): number {
  const text = value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, '') : value;
  if (text.length % 4 !== 0 || !BASE64.test(text)) return -1;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

function checkKeys(report: ObjectReport, bag: Json, path: string, rule: string): void {
  for (const key in bag)
    report.check(`${path}[${quote(key)}]`, key, isConfigMapKey(key), `${rule} (IsConfigMapKey)`);
}

function checkTotal(
  report: ObjectReport,
  size: number,
  path: string,
  kind: string,
  rule: string,
): void {
  if (size > MAX_DATA_SIZE)
    report.add(
      path,
      `holds ${size} bytes, more than the ${MAX_DATA_SIZE} bytes (1 MiB) a ${kind} may hold`,
      `split the data into several ${kind}s or mount it from elsewhere`,
      `${rule} (MaxSecretSize)`,
    );
}

/**
 * `kubectl apply` (client-side, also Argo CD's default) keeps the whole object in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, which counts against the
 * 256 KiB of annotations (`ValidateAnnotations`): a ConfigMap of 300 KiB is valid, but
 * `kubectl apply` of it is refused.
 */
function checkLastApplied(report: ObjectReport, object: KubernetesObject, dataSize: number): void {
  if (dataSize < LAST_APPLIED_THRESHOLD) return;
  let annotations = utf8Length(LAST_APPLIED) + utf8Length(JSON.stringify(object));
  const existing = object.metadata?.annotations;
  if (isObject(existing))
    for (const key in existing)
      annotations +=
        utf8Length(key) +
        (typeof existing[key] === 'string' ? utf8Length(existing[key] as string) : 0);
  if (annotations > TOTAL_ANNOTATION_SIZE_MAX)
    report.add(
      'data',
      `makes the object ${annotations} bytes as kubectl's last-applied-configuration annotation, more than the ${TOTAL_ANNOTATION_SIZE_MAX} bytes (256 KiB) of annotations an object may carry, so \`kubectl apply\` fails`,
      'keep the data under about 250 KiB per object (split it), or apply with --server-side',
      'kubectl apply (last-applied-configuration, TotalAnnotationSizeLimitB)',
    );
}

/** `ValidateConfigMap`: keys, no key in both data and binaryData, at most 1 MiB. */
export function validateConfigMap(object: KubernetesObject, report: ObjectReport): void {
  const rule = 'ValidateConfigMap';
  const data = isObject(object.data) ? object.data : {};
  const binary = isObject(object.binaryData) ? object.binaryData : {};
  checkKeys(report, data, 'data', rule);
  checkKeys(report, binary, 'binaryData', rule);
  let size = 0;
  for (const key in data) {
    const value = data[key];
    size += typeof value === 'string' ? utf8Length(value) : 0;
    if (key in binary)
      report.add(
        `data[${quote(key)}]`,
        'is also a key of binaryData',
        'keep each key in one of data and binaryData',
        `${rule} (duplicate of key present in binaryData)`,
      );
  }
  for (const key in binary) {
    const value = binary[key];
    const bytes = typeof value === 'string' ? base64Length(value) : -1;
    if (bytes < 0)
      report.add(
        `binaryData[${quote(key)}]`,
        'is not base64',
        'encode the bytes in base64 (padded)',
        `${rule} (base64 []byte)`,
      );
    else size += bytes;
  }
  checkTotal(report, size, 'data', 'ConfigMap', rule);
  checkLastApplied(report, object, size);
}

/** Keys each Secret type must carry (`ValidateSecret`). */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

const REQUIRED_KEY_TYPES: Readonly<Record<string, string>> = {
  '.dockerconfigjson': 'kubernetes.io/dockerconfigjson',
  '.dockercfg': 'kubernetes.io/dockercfg',
};

/** `ValidateSecret`: keys (of data and stringData), at most 1 MiB, the keys its type needs. */
export function validateSecret(object: KubernetesObject, report: ObjectReport): void {
  const rule = 'ValidateSecret';
  const data = isObject(object.data) ? object.data : {};
  const stringData = isObject(object.stringData) ? object.stringData : {};
  checkKeys(report, data, 'data', rule);
  checkKeys(report, stringData, 'stringData', rule);
  let size = 0;
  for (const key in data) {
    const value = data[key];
    const bytes = typeof value === 'string' ? base64Length(value) : -1;
    if (bytes < 0)
      report.add(
        `data[${quote(key)}]`,
        'is not base64',
        'encode the value in base64 (padded), or put it in stringData',
        `${rule} (base64 []byte)`,
      );
    else if (!(key in stringData)) size += bytes;
  }
  // stringData is merged into data (and wins) before validation.
  for (const key in stringData) {
    const value = stringData[key];
    size += typeof value === 'string' ? utf8Length(value) : 0;
  }
  checkTotal(report, size, 'data', 'Secret', rule);
  const type = typeof object.type === 'string' ? object.type : 'Opaque';
  const keys = new Set([...Object.keys(data), ...Object.keys(stringData)]);
  if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password'))
    report.add(
      'data',
      'has neither username nor password, which a basic-auth Secret needs',
      'add username and password',
      `${rule} (SecretTypeBasicAuth)`,
    );
  if (
    type === 'kubernetes.io/service-account-token' &&
    !object.metadata?.annotations?.['kubernetes.io/service-account.name']
  )
    report.add(
      'metadata.annotations',
      "has no 'kubernetes.io/service-account.name'",
      'name the ServiceAccount the token is for',
      `${rule} (SecretTypeServiceAccountToken)`,
    );
  for (const key of REQUIRED_KEYS[type] ?? [])
    if (!keys.has(key))
      report.add(
        `data[${quote(key)}]`,
        `is missing, which a ${type} Secret needs`,
        `add the ${key} key`,
        `${rule} (${type})`,
      );
  for (const key of ['.dockerconfigjson', '.dockercfg']) {
    if (type !== REQUIRED_KEY_TYPES[key] || !keys.has(key)) continue;
    const text =
      typeof stringData[key] === 'string'
        ? (stringData[key] as string)
        : typeof data[key] === 'string'
          ? Buffer.from(data[key] as string, 'base64').toString('utf8')
          : '';
    try {
      JSON.parse(text);
    } catch {
      report.add(
        `data[${quote(key)}]`,
        'is not JSON',
        'give the Docker config as JSON',
        `${rule} (${type}: well-formed json)`,
      );
    }
  }
  checkLastApplied(report, object, size);
}
