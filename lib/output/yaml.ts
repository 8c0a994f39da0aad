import { numberValue, stringKey, stringValue } from './yaml-scalar';

/**
 * The last forms of keys and one-line strings, by their text: manifests repeat the same keys
 * and many of the same values thousands of times. Bounded, so a long-running process that
 * serializes many different strings does not grow without limit.
 */
const keyForms = new Map<string, string>();
const valueForms = new Map<string, string>();
const MAX_REMEMBERED = 20_000;

function remember(forms: Map<string, string>, text: string, form: string): string {
  if (forms.size >= MAX_REMEMBERED) forms.clear();
  forms.set(text, form);
  return form;
}

function key(text: string, topLevel: boolean): string {
  // Only root keys starting with `---` or `...` depend on where they are.
  if (topLevel && (text.startsWith('---') || text.startsWith('...'))) return stringKey(text, true);
  return keyForms.get(text) ?? remember(keyForms, text, stringKey(text, false));
}

/** A value that is not JSON data, and the keys and indexes that lead to it. */
class NotJsonData extends TypeError {
  readonly path: (string | number)[] = [];
  constructor(readonly kind: string) {
    super(kind);
  }
}

/** Non-JSON values are a bug upstream: say where, rather than write something kubectl misreads. */
function unsupported(value: unknown): never {
  throw new NotJsonData(typeof value);
}

/** Adds `step` to the path of a NotJsonData error on its way out. */
function rethrowAt(error: unknown, step: string | number): never {
  if (error instanceof NotJsonData) error.path.unshift(step);
  throw error;
}

/** Indentation by depth, and a line break followed by it: built once, not per line. */
const INDENT: string[] = [''];
const BREAK: string[] = ['\n'];
function indentAt(depth: number): string {
  while (INDENT.length <= depth) {
    INDENT.push(`${INDENT[INDENT.length - 1]}  `);
    BREAK.push(`\n${INDENT[INDENT.length - 1]}`);
  }
  return INDENT[depth];
}

/**
 * A scalar, or an empty collection in flow style; `undefined` when `value` is a collection
 * with entries (written as a block by the caller). `depth` is the depth of the value's own
 * lines (a block scalar's content, a quoted scalar's continuations).
 */
function scalar(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      if (value.includes('\n')) return stringValue(value, indentAt(depth));
      return valueForms.get(value) ?? remember(valueForms, value, stringValue(value, ''));
    case 'number':
      return numberValue(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
      return hasEntries(value as Record<string, unknown>) ? undefined : '{}';
    default:
      return unsupported(value);
  }
}

function hasEntries(map: Record<string, unknown>): boolean {
  for (const k in map) if (Object.hasOwn(map, k) && plain(map[k]) !== undefined) return true;
  return false;
}

/** Objects with `toJSON` (as JSON.stringify and the `yaml` package treat them). */
function plain(value: unknown): unknown {
  return value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON(): unknown }).toJSON()
    : value;
}

/**
 * The pieces of the document being written, joined once per document: one flat string per
 * document instead of a rope per nested block keeps the garbage collector out of the way.
 */
const parts: string[] = [];

/**
 * Writes the block of a mapping with entries, its first line where the writer is and the
 * others at `depth`. Entries whose value is `undefined` are left out, as JSON.stringify does.
 */
function writeMap(map: Record<string, unknown>, depth: number): void {
  let first = true;
  for (const k in map) {
    if (!Object.hasOwn(map, k)) continue;
    const value = plain(map[k]);
    if (value === undefined) continue;
    if (first) first = false;
    else parts.push(BREAK[depth]);
    const name = key(k, depth === 0);
    try {
      if (name.length > 1024) {
        // YAML limits implicit keys to 1024 characters: longer ones are explicit (`? key`).
        parts.push('? ', name, BREAK[depth], ': ');
        writeValue(value, depth + 1);
        continue;
      }
      const flat = scalar(value, depth + 1);
      if (flat !== undefined) {
        parts.push(name, ': ', flat);
      } else {
        indentAt(depth + 1);
        parts.push(name, ':', BREAK[depth + 1]);
        writeBlock(value as object, depth + 1);
      }
    } catch (error) {
      rethrowAt(error, k);
    }
  }
}

/** Writes a sequence with items: `- item` lines at `depth`, the items' own lines deeper. */
function writeSequence(items: readonly unknown[], depth: number): void {
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(BREAK[depth]);
    parts.push('- ');
    try {
      writeValue(plain(items[i]), depth + 1);
    } catch (error) {
      rethrowAt(error, i);
    }
  }
}

/** Writes a value where the writer is: a scalar, or a block whose later lines are at `depth`. */
function writeValue(value: unknown, depth: number): void {
  const flat = scalar(value, depth);
  if (flat !== undefined) parts.push(flat);
  else writeBlock(value as object, depth);
}

function writeBlock(value: object, depth: number): void {
  indentAt(depth);
  if (Array.isArray(value)) writeSequence(value, depth);
  else writeMap(value as Record<string, unknown>, depth);
}

/** One document: the object's block and a final line break. */
function document(object: unknown): string {
  const value = plain(object);
  if (value === null || typeof value !== 'object') return unsupported(value);
  parts.length = 0;
  try {
    writeValue(value, 0);
    parts.push('\n');
    return parts.join('');
  } finally {
    parts.length = 0;
  }
}

/**
 * Serializes objects as one multi-document YAML stream (documents joined by `---`), byte for
 * byte the same for the same input.
 *
 * The objects are JSON data (plain objects, arrays, strings, finite numbers, booleans, null),
 * as cdk8s synthesizes them. The output is block style with two-space indentation, and each
 * string is plain only where a YAML 1.1 reader reads it back as that string: kubectl reads
 * YAML 1.1, where an unquoted `no`, `on`, `0755` or `1e3` in `args` would reach the API
 * server as a boolean or a number. Multi-line strings are literal blocks that keep their exact
 * text. The bytes are those the `yaml` package writes with `{ version: '1.1', lineWidth: 0 }`,
 * except for strings it left plain or unescaped and go-yaml reads differently (`0o17`, `0X1F`,
 * DEL and C1 control characters, U+2028, U+2029, U+FEFF), which are quoted or escaped here.
 *
 * @throws TypeError for a function, symbol or bigint anywhere in an object
 */
export function toYaml(objects: readonly Record<string, unknown>[]): string {
  let out = '';
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) out += '---\n';
    try {
      out += document(objects[i]);
    } catch (error) {
      if (!(error instanceof NotJsonData)) throw error;
      const path = error.path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`));
      throw new TypeError(
        `toYaml: object ${i}, at ${path.join('') || 'its root'}: a ${error.kind} is not JSON data`,
      );
    }
  }
  return out;
}
