import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAjv } from '#lib/validate/ajv-instance';
import type { JsonSchema } from '#lib/validate/schema-files';
import { strictSchema } from '#lib/validate/strict-schema';

/**
 * The vendored CRD schemas of the GitOps objects (Argo CD's Application and ApplicationSet,
 * Flux's GitRepository and Kustomization; scripts/vendor-schemas.js), by `apiVersion/kind`.
 */
const crds = JSON.parse(readFileSync(join(__dirname, 'gitops-crd-schemas.json'), 'utf8')) as {
  kinds: Record<string, JsonSchema>;
};

type Validator = ReturnType<ReturnType<typeof createAjv>['compile']>;

/**
 * Each kind's compiled validator, compiled once per jest worker (a CRD schema takes seconds):
 * kept in the worker's Map of test/support/environment.js, as the Kubernetes validators are.
 * Each is compiled by an Ajv of the file that first needs it; later files only call it.
 */
const perWorker = (globalThis as { __gkePlatformPerWorker?: Map<string, unknown> })
  .__gkePlatformPerWorker;
const validators =
  (perWorker?.get(__filename) as Map<string, Validator> | undefined) ??
  new Map<string, Validator>();
perWorker?.set(__filename, validators);

/**
 * The schema problems of a GitOps object (`<apiVersion/kind> <path>: <message> <params>`), unknown
 * fields rejected; a kind without a vendored schema is a problem too.
 */
export function gitopsSchemaProblems(object: Record<string, unknown>): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const schema = crds.kinds[key];
  if (schema === undefined) return [`no CRD schema for ${key}`];
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = createAjv({ allErrors: true }).compile(withSharedSubschemas(strictSchema(schema)));
    validators.set(key, validate);
  }
  return validate(object)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${key} ${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`,
      );
}

/** Keywords whose value is one schema, a list of schemas, or a map of name → schema. */
const ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];
const LIST = ['allOf', 'anyOf', 'oneOf'];
const MAP = ['properties', 'patternProperties'];

/** `f` applied to each subschema of `schema` (one level down), other keywords kept. */
function mapSubschemas(schema: JsonSchema, f: (s: JsonSchema) => unknown): JsonSchema {
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      const object = typeof value === 'object' && value !== null;
      if (ONE.includes(key) && object && !Array.isArray(value))
        return [key, f(value as JsonSchema)];
      if (LIST.includes(key) && Array.isArray(value)) return [key, value.map((v) => f(v))];
      if (MAP.includes(key) && object)
        return [key, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]))];
      return [key, value];
    }),
  );
}

/**
 * `schema` with every large subschema that occurs more than once moved to `$defs` and
 * referenced: the same checks, compiled once each. The ApplicationSet's schema repeats the
 * Application template in every generator kind, nested; Ajv compiles each copy apart
 * (3.3 s), and once each here (0.2 s).
 */
function withSharedSubschemas(schema: JsonSchema, minChars = 2000): JsonSchema {
  const counts = new Map<string, number>();
  const count = (s: JsonSchema): JsonSchema => {
    const text = JSON.stringify(s);
    if (text.length >= minChars) counts.set(text, (counts.get(text) ?? 0) + 1);
    return mapSubschemas(s, (sub) => count(sub as JsonSchema));
  };
  count(schema);
  const defs: Record<string, unknown> = {};
  const rewrite = (s: JsonSchema, top: boolean): unknown => {
    const text = JSON.stringify(s);
    if (!top && (counts.get(text) ?? 0) > 1) {
      const name = `shared-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
      if (!(name in defs)) {
        defs[name] = {};
        defs[name] = rewrite(s, true);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return mapSubschemas(s, (sub) => rewrite(sub as JsonSchema, false));
  };
  return { ...(rewrite(schema, true) as JsonSchema), $defs: defs };
}
