import { describeObject, type KubernetesObject, schemaKey } from '../k8s/kubernetes-object';
import { schemaViolations } from './schema-errors';
import { KUBERNETES_VERSIONS, type KubernetesVersion } from './schema-files';
import { knownKinds, schemaValidator } from './schema-validators';

/** Options of {@link validateObject}. */
export interface ValidateOptions {
  /**
   * The Kubernetes version whose OpenAPI schema the object is checked against.
   * @default '1.27'
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** One problem found in one object. */
export interface ValidationProblem {
  /** The object, as `Kind namespace/name` (e.g. `Deployment shop-prod/web`). */
  readonly object: string;
  /** Readable path into the object, e.g. `spec.template.spec.containers[0].foo`. */
  readonly path: string;
  /** What is wrong, e.g. `unknown field` or `must be integer, got string "3"`. */
  readonly problem: string;
  /** The Kubernetes version whose schema reported it. */
  readonly kubernetesVersion: KubernetesVersion;
  /** `object: path: problem`, ready to print. */
  readonly message: string;
}

function problem(
  object: string,
  path: string,
  what: string,
  kubernetesVersion: KubernetesVersion,
): ValidationProblem {
  return { object, path, problem: what, kubernetesVersion, message: `${object}: ${path}: ${what}` };
}

/**
 * Validates one Kubernetes object against the vendored Kubernetes OpenAPI schema (or, for GKE
 * kinds, the GKE CRD schema) with unknown fields rejected, as kubeconform `-strict` does.
 * An object whose apiVersion/kind no schema knows is a problem too.
 *
 * @returns the problems found; empty when the object is valid.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
export function validateObject(
  obj: KubernetesObject,
  options: ValidateOptions = {},
): ValidationProblem[] {
  const version = options.kubernetesVersion ?? '1.27';
  const object = describeObject(obj);
  const key = schemaKey(obj);
  if (key === undefined) {
    return [problem(object, '(the object)', 'apiVersion and kind must both be strings', version)];
  }
  const validate = schemaValidator(key, version);
  if (validate === undefined) {
    return [
      problem(
        object,
        'apiVersion/kind',
        `unknown kind ${key}: no Kubernetes ${version} or GKE schema for it ` +
          `(known: ${knownKinds(version).join(', ')})`,
        version,
      ),
    ];
  }
  if (validate(obj)) return [];
  return schemaViolations(validate.errors, obj).map((v) =>
    problem(object, v.path, v.problem, version),
  );
}

/**
 * Validates many objects against several Kubernetes versions' schemas.
 *
 * @param versions the Kubernetes versions to check against; @default both vendored
 *   versions, '1.27' and '1.36'
 * @returns every problem, in object order then version order
 */
export function validateObjects(
  objects: readonly KubernetesObject[],
  versions: readonly KubernetesVersion[] = KUBERNETES_VERSIONS,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const obj of objects) {
    for (const kubernetesVersion of versions) {
      problems.push(...validateObject(obj, { kubernetesVersion }));
    }
  }
  return problems;
}

/** Thrown by {@link assertValid}; `problems` holds every problem found. */
export class ManifestValidationError extends Error {
  constructor(
    /** Every problem found, in the order of the objects. */
    readonly problems: readonly ValidationProblem[],
  ) {
    super(ManifestValidationError.render(problems));
    this.name = 'ManifestValidationError';
  }

  private static render(problems: readonly ValidationProblem[]): string {
    // One line per problem, listing the versions that reported it.
    const lines = new Map<string, KubernetesVersion[]>();
    for (const p of problems) {
      const versions = lines.get(p.message) ?? [];
      versions.push(p.kubernetesVersion);
      lines.set(p.message, versions);
    }
    const body = [...lines].map(([m, v]) => `  - ${m} (Kubernetes ${v.join(', ')})`);
    const count = lines.size === 1 ? '1 problem' : `${lines.size} problems`;
    return `${count} in the Kubernetes objects:\n${body.join('\n')}`;
  }
}

/**
 * Throws a {@link ManifestValidationError} that lists every problem of every object when
 * any object fails {@link validateObjects}; returns quietly when all are valid.
 *
 * @param versions @default both vendored versions, '1.27' and '1.36'
 */
export function assertValid(
  objects: readonly KubernetesObject[],
  versions: readonly KubernetesVersion[] = KUBERNETES_VERSIONS,
): void {
  const problems = validateObjects(objects, versions);
  if (problems.length > 0) throw new ManifestValidationError(problems);
}
