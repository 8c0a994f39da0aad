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
    validate = createAjv({ allErrors: true }).compile(strictSchema(schema));
    validators.set(key, validate);
  }
  return validate(object)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${key} ${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`,
      );
}
