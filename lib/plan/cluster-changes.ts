import type { FieldChange, PlannedChange, Risk } from './change';
import { RISKS } from './change';
import { type RegisteredResource, resourceKey } from './cluster-resource';
import { type Consequence, ruleOf } from './cluster-rules';

/**
 * The cluster side of a plan: what Pulumi and GCP will do to go from the resources `before`
 * registers to those `after` registers, each change with its risk and why. Resources are the
 * same when their URN identity is (parent types, type, name); an update that touches an input
 * the provider cannot change in place is a replacement. Kubernetes objects the stack applies
 * are left to the manifests side, which compares them field by field.
 */
export function planClusterChanges(
  environment: string,
  before: readonly RegisteredResource[],
  after: readonly RegisteredResource[],
): PlannedChange[] {
  const old = byKey(before);
  const now = byKey(after);
  const changes: PlannedChange[] = [];
  for (const [key, resource] of now) {
    const previous = old.get(key);
    const change = previous
      ? updated(environment, previous, resource)
      : {
          environment,
          side: 'cluster' as const,
          action: 'create' as const,
          kind: resource.type,
          name: resource.name,
          risk: 'safe' as const,
          reasons: [`a new ${ruleOf(resource.type).what} is created`],
          fields: fieldChanges({}, resource.inputs, []),
        };
    if (change) changes.push(change);
  }
  for (const [key, resource] of old) {
    if (now.has(key)) continue;
    const deleted = ruleOf(resource.type).deleted;
    changes.push({
      environment,
      side: 'cluster',
      action: 'delete',
      kind: resource.type,
      name: resource.name,
      risk: deleted.risk,
      reasons: [
        resource.options?.retainOnDelete
          ? `the ${ruleOf(resource.type).what} leaves the stack but is kept in GCP (retainOnDelete)`
          : deleted.reason,
        ...(resource.options?.protect
          ? ['it is protected: `pulumi up` refuses until the protection is removed']
          : []),
      ],
      fields: fieldChanges(resource.inputs, {}, []),
    });
  }
  return changes;
}

/** The resources by identity, Kubernetes objects left out. */
function byKey(resources: readonly RegisteredResource[]): Map<string, RegisteredResource> {
  return new Map(
    resources.filter((r) => !r.type.startsWith('kubernetes:')).map((r) => [resourceKey(r), r]),
  );
}

/** The change of a resource in both versions, or undefined when its inputs are the same. */
function updated(
  environment: string,
  before: RegisteredResource,
  after: RegisteredResource,
): PlannedChange | undefined {
  const fields = fieldChanges(before.inputs, after.inputs, after.options?.ignoreChanges ?? []);
  if (fields.length === 0) return undefined;
  const rule = ruleOf(after.type);
  const replaceOn = [...rule.replaceOn, ...(after.options?.replaceOnChanges ?? [])];
  const forcing = fields.filter((f) => replaceOn.some((p) => under(f.path, p)));
  const base = {
    environment,
    side: 'cluster' as const,
    kind: after.type,
    name: after.name,
    fields,
  };
  if (forcing.length > 0) {
    return {
      ...base,
      action: 'replace',
      risk: rule.replaced.risk,
      reasons: [
        `${forcing.map((f) => f.path).join(', ')} cannot change in place, so the ${rule.what} is replaced`,
        rule.replaced.reason,
      ],
    };
  }
  const consequences: Consequence[] = (rule.inPlace ?? []).filter((c) =>
    fields.some((f) => c.paths.some((p) => under(f.path, p))),
  );
  const risk = consequences.reduce<Risk>((worst, c) => riskier(worst, c.risk), 'safe');
  return {
    ...base,
    action: 'update',
    risk,
    reasons:
      consequences.length > 0
        ? consequences.map((c) => c.reason)
        : [`the ${rule.what} is updated in place`],
  };
}

/** Whether `path` is `prefix` or inside it. */
function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function riskier(a: Risk, b: Risk): Risk {
  return RISKS.indexOf(a) >= RISKS.indexOf(b) ? a : b;
}

/**
 * The leaves that differ between two input objects, by path (`nodeConfig.taints[0].key`);
 * an empty list or object is a leaf, so `[]` → `[x]` shows. Paths under `ignored` (Pulumi's
 * `ignoreChanges`) are left out, as Pulumi leaves them.
 */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  ignored: readonly string[],
): FieldChange[] {
  const old = leaves(before);
  const now = leaves(after);
  const changes: FieldChange[] = [];
  for (const path of new Set([...old.keys(), ...now.keys()])) {
    if (ignored.some((p) => under(path, p))) continue;
    const a = old.get(path);
    const b = now.get(path);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes.push({
      path,
      ...(old.has(path) ? { before: a } : {}),
      ...(now.has(path) ? { after: b } : {}),
    });
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

function leaves(
  value: unknown,
  path = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, into));
  } else if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) leaves(item, path === '' ? key : `${path}.${key}`, into);
    }
  } else if (path !== '') {
    into.set(path, value);
  }
  return into;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
