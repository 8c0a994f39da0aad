import type { FieldChange } from './change';

/**
 * The fields that differ between two versions of an object, by path. List items that all have
 * a distinct `name` (containers, ports, env, volumes) are matched by it and written
 * `containers[web]`, so reordering a list changes nothing and a change names its item; other
 * lists are compared by index (`args[0]`).
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffPresent(before, after, key, join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const byName = namedItems(before) && namedItems(after);
    if (byName) return diffNamed(before, after, path);
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => i).flatMap((i) =>
      diffPresent(before, after, i, `${path}[${i}]`),
    );
  }
  return [{ path, before, after }];
}

/** The difference of one key or index, present on one side or both. */
function diffPresent(
  before: Record<string | number, unknown> | unknown[],
  after: Record<string | number, unknown> | unknown[],
  key: string | number,
  path: string,
): FieldChange[] {
  const inBefore = Object.hasOwn(before, key);
  const inAfter = Object.hasOwn(after, key);
  const b = (before as Record<string | number, unknown>)[key];
  const a = (after as Record<string | number, unknown>)[key];
  if (!inBefore) return [{ path, after: a }];
  if (!inAfter) return [{ path, before: b }];
  return diffFields(b, a, path);
}

function diffNamed(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const old = new Map(before.map((item) => [nameOf(item)!, item]));
  const now = new Map(after.map((item) => [nameOf(item)!, item]));
  const names = [...new Set([...old.keys(), ...now.keys()])];
  return names.flatMap((name) =>
    diffPresent(Object.fromEntries(old), Object.fromEntries(now), name, `${path}[${name}]`),
  );
}

/** Whether every item of a list is an object with a `name` of its own in the list. */
function namedItems(list: readonly unknown[]): boolean {
  const names = list.map(nameOf);
  return (
    list.length > 0 && names.every((n) => n !== undefined) && new Set(names).size === names.length
  );
}

function nameOf(item: unknown): string | undefined {
  return isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
}

/** `a.b`, or `a['kubernetes.io/name']` for a key that is not a plain identifier. */
function join(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Deep equality of JSON data. */
export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => isEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && isEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Whether a value is a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
