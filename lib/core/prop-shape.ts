/**
 * The shape of a props interface as the run-time check reads it (lib/core/prop-check.ts),
 * written by scripts/generate-prop-shapes.js from the TypeScript interfaces. It says only
 * what a value can be told by: its kind, the values of a literal union, the known props of an
 * object; `'any'` accepts everything (functions, class instances, what a shape cannot say).
 */
export type Shape =
  | 'any'
  | 'string'
  | 'number'
  | 'boolean'
  /** One of these values (a union of literals). */
  | { readonly enum: readonly (string | number | boolean)[] }
  /** An array of elements of this shape. */
  | { readonly array: Shape }
  /** `PerEnv<T>`: the value, or a map of environment name → the value. */
  | { readonly perEnv: Shape }
  /** One of these shapes, at most one per kind of value (string, number, object…). */
  | { readonly oneOf: readonly Shape[] }
  /** A plain object with these props; other keys only with `values` (an index signature). */
  | { readonly props: Readonly<Record<string, Shape>>; readonly values?: Shape }
  /** The shape of that name in the generated table. */
  | { readonly ref: string };
