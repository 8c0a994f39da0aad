import { stringify } from 'yaml';

/**
 * Serializes objects as one multi-document YAML stream, byte for byte the same for the same
 * input. YAML 1.1 quoting, because kubectl reads YAML 1.1: an unquoted `no` or `on` in
 * `args` would reach the API server as a boolean.
 */
export function toYaml(objects: readonly Record<string, unknown>[]): string {
  return objects
    .map((o) => stringify(o, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false }))
    .join('---\n');
}
