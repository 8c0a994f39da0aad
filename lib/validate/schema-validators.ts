import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv-instance';
import {
  gkeSchemaFile,
  type JsonSchema,
  type KubernetesVersion,
  kubernetesSchemaFile,
} from './schema-files';
import { strictSchema } from './strict-schema';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const K8S_ID = 'kubernetes';

interface VersionValidators {
  readonly ajv: Ajv;
  readonly compiled: Map<string, ValidateFunction | null>;
}

const byVersion = new Map<KubernetesVersion, VersionValidators>();

function validatorsFor(version: KubernetesVersion): VersionValidators {
  let entry = byVersion.get(version);
  if (entry === undefined) {
    // allErrors: report every unknown field and wrong type of an object at once.
    const ajv = createAjv({ allErrors: true });
    const { definitions } = kubernetesSchemaFile(version);
    // The OpenAPI Quantity is any string or number; check its string form the way the API
    // server parses it, so that `memory: 1GB` fails here and not at `kubectl apply`.
    const quantity = { type: ['string', 'number'], format: 'quantity' };
    ajv.addSchema(
      strictSchema({ $id: K8S_ID, definitions: { ...definitions, [QUANTITY]: quantity } }),
      K8S_ID,
    );
    entry = { ajv, compiled: new Map() };
    byVersion.set(version, entry);
  }
  return entry;
}

/**
 * A GKE CRD schema with `metadata` (only `type: object` in the CRD) replaced by the
 * Kubernetes ObjectMeta definition, so that a typo under metadata is caught there too, and
 * with `apiVersion` and `kind` declared (the ManagedCertificate schema leaves them out, and
 * the API server adds them to every CRD's schema).
 */
function gkeSchema(schema: JsonSchema): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return strictSchema({
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...properties,
      metadata: { $ref: `${K8S_ID}#/definitions/${OBJECT_META}` },
    },
  });
}

/**
 * The compiled validator for `apiVersion/kind` (e.g. `apps/v1/Deployment`) in a Kubernetes
 * version, built the first time it is asked for and cached; undefined when neither that
 * version's schema nor the GKE CRD schemas know the kind.
 */
export function schemaValidator(
  key: string,
  version: KubernetesVersion,
): ValidateFunction | undefined {
  const entry = validatorsFor(version);
  let validate = entry.compiled.get(key);
  if (validate === undefined) {
    const definition = kubernetesSchemaFile(version).kinds[key];
    const gke = gkeSchemaFile().kinds[key];
    if (definition !== undefined) {
      validate = entry.ajv.compile({ $ref: `${K8S_ID}#/definitions/${definition}` });
    } else if (gke !== undefined) {
      validate = entry.ajv.compile(gkeSchema(gke));
    } else {
      validate = null;
    }
    entry.compiled.set(key, validate);
  }
  return validate ?? undefined;
}

/** Every `apiVersion/kind` that a Kubernetes version's schemas (with GKE's) can validate. */
export function knownKinds(version: KubernetesVersion): string[] {
  return [
    ...Object.keys(kubernetesSchemaFile(version).kinds),
    ...Object.keys(gkeSchemaFile().kinds),
  ].sort();
}
