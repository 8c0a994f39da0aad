/** Small readers for synthesized objects, which are plain JSON of unknown shape. */
export type Json = Record<string, unknown>;

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object at `key` of `value`, or undefined. */
export function objectAt(value: unknown, key: string): Json | undefined {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : undefined;
}

const NONE: readonly unknown[] = [];

/** The array `value`, or an empty one. */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}

/** `value` when it is a string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a number, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A value quoted for a message: `"web"`, `8080`, `true`. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Bytes of `text` in UTF-8 (Go's `len` of a string). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
