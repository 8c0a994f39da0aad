import { list, quote, record, text, type Json } from './edge-fields';
import type { EnvironmentIndex, PodTemplate, ReferenceCheck } from './environment-index';
import { selectedByLabelSelector } from './label-selection';
import type { ObjectReport } from './problem';

/*
 * What workloads and their companions name within the environment: the autoscaler's target,
 * the disruption budget's pods, the pod's ServiceAccount, and the keys of the ConfigMaps and
 * Secrets the environment itself defines. A name that resolves to nothing applies cleanly
 * and then fails at run time (pods stuck in ContainerCreating, an HPA with "FailedGetScale").
 * References to ConfigMaps and Secrets the environment does not define are allowed: users
 * create their own Secrets.
 */

/** The kinds an autoscaler scales that an environment defines itself. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** `spec.template.spec.x`, or `spec.x` for a bare Pod. */
function within(template: PodTemplate, path: string): string {
  return template.at === '' ? `spec.${path}` : `${template.at}.spec.${path}`;
}

/** HorizontalPodAutoscaler `spec.scaleTargetRef` names a workload of the environment. */
export const checkScaleTargets: ReferenceCheck = (index, reportOf) => {
  for (const hpa of index.all('HorizontalPodAutoscaler')) {
    const ref = record(record(hpa.spec)?.scaleTargetRef) ?? {};
    const kind = text(ref.kind) ?? '';
    const name = text(ref.name) ?? '';
    if (!SCALABLE.has(kind) || index.find(kind, name)) continue;
    reportOf(hpa).add(
      'spec.scaleTargetRef.name',
      `is ${quote(name)}, but the environment has no ${kind} of that name: the autoscaler scales nothing`,
      `name the ${kind} to scale`,
      'references: HorizontalPodAutoscaler scaleTargetRef',
    );
  }
};

/** PodDisruptionBudget `spec.selector` selects at least one pod template of the environment. */
export const checkDisruptionBudgets: ReferenceCheck = (index, reportOf) => {
  for (const pdb of index.all('PodDisruptionBudget')) {
    const selector = record(record(pdb.spec)?.selector);
    // policy/v1: a null selector selects no pod, an empty one every pod of the namespace.
    if (selector && selectedByLabelSelector(index, selector).length > 0) continue;
    reportOf(pdb).add(
      'spec.selector',
      selector
        ? `is ${JSON.stringify(selector)}, which selects no pod template of the environment: the budget protects nothing`
        : 'is missing, so the budget selects no pod',
      "use the labels of the workload's pod template (spec.template.metadata.labels)",
      'references: PodDisruptionBudget selector',
    );
  }
};

/** A pod template's `serviceAccountName` (other than `default`) is a ServiceAccount of the environment. */
export const checkServiceAccounts: ReferenceCheck = (index, reportOf) => {
  for (const template of index.templates) {
    const field =
      template.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
    const name = text(template.spec[field]);
    if (!name || name === 'default' || index.find('ServiceAccount', name)) continue;
    reportOf(template.object).add(
      within(template, field),
      `is ${quote(name)}, which is not a ServiceAccount of the environment: the pods are refused until it exists`,
      'create the ServiceAccount in the same namespace, or leave the field out for the default one',
      'references: pod serviceAccountName (ServiceAccount admission)',
    );
  }
};

/**
 * The keys of a ConfigMap or Secret of the environment, or undefined when it has none such. A
 * SecretSync defines the Secret of its name, with its `targetKey`s as keys.
 * @see https://cloud.google.com/secret-manager/docs/sync-k8-secrets
 */
function keysOf(
  index: EnvironmentIndex,
  kind: 'ConfigMap' | 'Secret',
  name: unknown,
): Set<string> | undefined {
  const object = typeof name === 'string' ? index.find(kind, name) : undefined;
  if (!object) {
    const sync = kind === 'Secret' && typeof name === 'string' && index.find('SecretSync', name);
    if (!sync) return undefined;
    const data = list(record(record(sync.spec)?.secretObject)?.data);
    return new Set(data.map((d) => text(record(d)?.targetKey) ?? ''));
  }
  const fields = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  return new Set(fields.flatMap((f) => Object.keys(record(object[f]) ?? {})));
}

function keyList(keys: ReadonlySet<string>): string {
  const all = [...keys].map((k) => quote(k));
  return all.length === 0
    ? 'none'
    : all.length > 5
      ? `${all.slice(0, 5).join(', ')}, …`
      : all.join(', ');
}

/** A volume source of keys: a configMap or secret volume, or one source of a projected one. */
interface KeySource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: unknown;
  readonly source: Json;
  readonly at: string;
}

function keySources(volume: Json, at: string): KeySource[] {
  const sources: KeySource[] = [];
  const configMap = record(volume.configMap);
  if (configMap)
    sources.push({
      kind: 'ConfigMap',
      name: configMap.name,
      source: configMap,
      at: `${at}.configMap`,
    });
  const secret = record(volume.secret);
  if (secret)
    sources.push({ kind: 'Secret', name: secret.secretName, source: secret, at: `${at}.secret` });
  list(record(volume.projected)?.sources).forEach((value, k) => {
    const projected = record(value) ?? {};
    const cm = record(projected.configMap);
    if (cm)
      sources.push({
        kind: 'ConfigMap',
        name: cm.name,
        source: cm,
        at: `${at}.projected.sources[${k}].configMap`,
      });
    const s = record(projected.secret);
    if (s)
      sources.push({
        kind: 'Secret',
        name: s.name,
        source: s,
        at: `${at}.projected.sources[${k}].secret`,
      });
  });
  return sources;
}

function missingKey(
  report: ObjectReport,
  at: string,
  key: string,
  kind: string,
  name: unknown,
  keys: ReadonlySet<string>,
  consequence: string,
): void {
  report.add(
    at,
    `is ${quote(key)}, but ${kind} ${quote(name)} has no such key: ${consequence}`,
    `use one of its keys (${keyList(keys)}), or mark the reference optional`,
    `references: ${kind} keys`,
  );
}

/** Volume items and subPath mounts of one pod template. */
function checkVolumeKeys(
  index: EnvironmentIndex,
  template: PodTemplate,
  report: ObjectReport,
): void {
  // Volume name → the files it shows (its keys, or its items' paths), for subPath mounts.
  const files = new Map<string, { kind: string; name: unknown; files: Set<string> }>();
  list(template.spec.volumes).forEach((value, v) => {
    const volume = record(value) ?? {};
    for (const source of keySources(volume, within(template, `volumes[${v}]`))) {
      const keys = keysOf(index, source.kind, source.name);
      if (!keys) continue;
      const items = list(source.source.items).map((i) => record(i) ?? {});
      items.forEach((item, i) => {
        const key = text(item.key) ?? '';
        if (!keys.has(key) && source.source.optional !== true)
          missingKey(
            report,
            `${source.at}.items[${i}].key`,
            key,
            source.kind,
            source.name,
            keys,
            'the pods cannot start',
          );
      });
      // subPath is checked for plain configMap/secret volumes, whose files are known here.
      if (
        volume.projected === undefined &&
        typeof volume.name === 'string' &&
        source.source.optional !== true
      )
        files.set(volume.name, {
          kind: source.kind,
          name: source.name,
          files: items.length > 0 ? new Set(items.map((i) => String(i.path).split('/')[0])) : keys,
        });
    }
  });
  if (files.size === 0) return;
  for (const [group, containers] of [
    ['initContainers', template.spec.initContainers],
    ['containers', template.spec.containers],
  ] as const)
    list(containers).forEach((value, c) =>
      list(record(value)?.volumeMounts).forEach((mount, m) => {
        const subPath = text(record(mount)?.subPath);
        const volume = files.get(String(record(mount)?.name));
        if (!subPath || !volume || volume.files.has(subPath.split('/')[0])) return;
        missingKey(
          report,
          within(template, `${group}[${c}].volumeMounts[${m}].subPath`),
          subPath,
          volume.kind,
          volume.name,
          volume.files,
          'the mount fails and the container cannot start',
        );
      }),
    );
}

/** `env[].valueFrom.configMapKeyRef` and `secretKeyRef` of one pod template. */
function checkEnvKeys(index: EnvironmentIndex, template: PodTemplate, report: ObjectReport): void {
  for (const [group, containers] of [
    ['initContainers', template.spec.initContainers],
    ['containers', template.spec.containers],
  ] as const)
    list(containers).forEach((value, c) =>
      list(record(value)?.env).forEach((env, e) => {
        const from = record(record(env)?.valueFrom);
        for (const [field, kind] of [
          ['configMapKeyRef', 'ConfigMap'],
          ['secretKeyRef', 'Secret'],
        ] as const) {
          const ref = record(from?.[field]);
          if (!ref || ref.optional === true) continue;
          const keys = keysOf(index, kind, ref.name);
          const key = text(ref.key) ?? '';
          if (keys && !keys.has(key))
            missingKey(
              report,
              within(template, `${group}[${c}].env[${e}].valueFrom.${field}.key`),
              key,
              kind,
              ref.name,
              keys,
              'the container cannot start (CreateContainerConfigError)',
            );
        }
      }),
    );
}

/**
 * Keys named by configMap and secret volumes (items, subPath mounts) and by env references
 * exist in the ConfigMaps and Secrets that the environment itself defines (or that its
 * SecretSyncs make).
 */
export const checkConfigKeys: ReferenceCheck = (index, reportOf) => {
  if (['ConfigMap', 'Secret', 'SecretSync'].every((kind) => index.all(kind).length === 0)) return;
  for (const template of index.templates) {
    const report = reportOf(template.object);
    checkVolumeKeys(index, template, report);
    checkEnvKeys(index, template, report);
  }
};
