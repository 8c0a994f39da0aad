import type { JsonSchema } from './schema-files';

const ONE_SCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'definitions'];

/** `[{type: 'string'}, {type: 'integer'}]` → `['string', 'integer']`, else undefined. */
function typeAlternatives(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const types: string[] = [];
  for (const branch of branches) {
    const keys = Object.keys(branch ?? {});
    if (keys.length !== 1 || keys[0] !== 'type' || typeof branch.type !== 'string') {
      return undefined;
    }
    types.push(branch.type);
  }
  return types;
}

/**
 * Returns a copy of a Kubernetes (OpenAPI or CRD) schema made strict the way kubeconform's
 * `-strict` is: every object schema that lists `properties` and says nothing about
 * `additionalProperties` rejects unknown fields (unless it has
 * `x-kubernetes-preserve-unknown-fields: true`). It also turns Kubernetes' type unions into
 * JSON Schema: `oneOf`/`anyOf` of bare types (IntOrString, Quantity) and
 * `x-kubernetes-int-or-string` become `type: [..]`, which keeps error messages short.
 */
export function strictSchema(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ONE_SCHEMA.includes(key) && value !== null && typeof value === 'object') {
      out[key] = strictSchema(value as JsonSchema);
    } else if (SCHEMA_LIST.includes(key) && Array.isArray(value)) {
      const types = typeAlternatives(value);
      if (types && out.type === undefined && schema.type === undefined) out.type = types;
      // A structural schema's junctors only constrain fields the structural part declares
      // (apiextensions' structural schema rules), so a branch listing some properties says
      // nothing about the others: left as it is, not made strict (the Gateway API's
      // addresses[] branches list `type` only, next to a `value`).
      // https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
      else out[key] = value;
    } else if (SCHEMA_MAP.includes(key) && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, strictSchema(s as JsonSchema)]),
      );
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true && out.type === undefined) {
    out.type = ['integer', 'string'];
  }
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}
