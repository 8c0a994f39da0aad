import type { ErrorObject } from 'ajv';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** A short, readable rendering of a value for error messages. */
export function showValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/**
 * Turns a JSON pointer into the path users write: `/spec/containers/0/ports` →
 * `spec.containers[0].ports`, and a label key → `metadata.labels["app.kubernetes.io/name"]`.
 * `root` is the validated object, read to tell array indexes from map keys.
 */
export function readablePath(pointer: string, root: unknown, extra?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  if (extra !== undefined) segments.push(extra);
  let text = '';
  let value: unknown = root;
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
    value = value !== null && typeof value === 'object' ? (value as never)[segment] : undefined;
  }
  return text === '' ? '(the object)' : text;
}

function valueAt(pointer: string, root: unknown): unknown {
  let value: unknown = root;
  if (pointer === '') return value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = value !== null && typeof value === 'object' ? (value as never)[segment] : undefined;
  }
  return value;
}

/** One schema violation: where (a readable path) and what is wrong. */
export interface SchemaViolation {
  /** Readable path into the object, e.g. `spec.template.spec.containers[0].foo`. */
  readonly path: string;
  /** What is wrong, e.g. `unknown field` or `must be integer, got string "3"`. */
  readonly problem: string;
}

function describe(error: ErrorObject, root: unknown): SchemaViolation {
  const value = valueAt(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: readablePath(error.instancePath, root, String(params.additionalProperty)),
        problem: 'unknown field',
      };
    case 'required':
      return {
        path: readablePath(error.instancePath, root, String(params.missingProperty)),
        problem: 'required field is missing',
      };
    case 'type': {
      const types = String(params.type).split(',').join(' or ');
      return {
        path: readablePath(error.instancePath, root),
        problem: `must be ${types}, got ${showValue(value)}`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return {
        path: readablePath(error.instancePath, root),
        problem: `must be one of ${allowed.join(', ')}, got ${showValue(value)}`,
      };
    }
    case 'format':
      return {
        path: readablePath(error.instancePath, root),
        problem: `must be a valid ${String(params.format)}, got ${showValue(value)}`,
      };
    default:
      return {
        path: readablePath(error.instancePath, root),
        problem: `${error.message ?? `fails ${error.keyword}`}, got ${showValue(value)}`,
      };
  }
}

/**
 * Readable violations from Ajv's errors. Errors inside the branches of a failed
 * `oneOf`/`anyOf` are folded into one line for that union, so that a union mismatch reads as
 * one problem rather than one per branch.
 */
export function schemaViolations(
  errors: readonly ErrorObject[] | null | undefined,
  root: unknown,
): SchemaViolation[] {
  const all = errors ?? [];
  const unions = all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  for (const error of all) {
    const inUnion = unions.some(
      (u) => u !== error && error.schemaPath.startsWith(`${u.schemaPath}/`),
    );
    if (inUnion) continue;
    let violation = describe(error, root);
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      const branches = all
        .filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/`))
        .map((e) => describe(e, root))
        .map((v) => `${v.path}: ${v.problem}`);
      violation = {
        path: violation.path,
        problem: `matches none of the allowed forms (${[...new Set(branches)].join('; ')})`,
      };
    }
    const key = `${violation.path}\u0000${violation.problem}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(violation);
    }
  }
  return out;
}
