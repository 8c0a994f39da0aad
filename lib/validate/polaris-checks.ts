import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv-instance';
import type { KubernetesObject } from '../k8s/kubernetes-object';
import {
  type JsonSchema,
  type PolarisCheckDefinition,
  type PolarisSeverity,
  polarisFile,
} from './schema-files';

/**
 * Polaris checks that the runner does not run at all, with the reason. Their logic lives in
 * Go templates or Go code, which a JSON Schema validator cannot run.
 */
export const POLARIS_SKIPPED_CHECKS: Readonly<Record<string, string>> = {
  hpaMaxAvailability: 'schemaString is a Go template (compares maxReplicas with minReplicas)',
  linuxHardening:
    'schemaString is a Go template (reads the pod seccomp/SELinux settings and AppArmor annotations)',
  pdbMinAvailableGreaterThanHPAMinReplicas: 'implemented in Polaris Go code, no schema',
};

/**
 * Polaris checks whose own-object schema runs but whose cross-object part
 * (`additionalSchemaStrings`, a Go template over other objects) does not. A finding from one
 * is a real failure; passing does not prove that the other object is there or safe.
 */
export const POLARIS_PARTIAL_CHECKS: Readonly<Record<string, string>> = {
  automountServiceAccountToken: 'does not look at the ServiceAccount',
  missingPodDisruptionBudget: 'does not look for a PodDisruptionBudget selecting the pods',
  clusterrolebindingClusterAdmin: 'does not look at the bound ClusterRole',
  clusterrolebindingPodExecAttach: 'does not look at the bound ClusterRole',
  rolebindingClusterAdminClusterRole: 'does not look at the bound ClusterRole',
  rolebindingClusterAdminRole: 'does not look at the bound Role',
  rolebindingClusterRolePodExecAttach: 'does not look at the bound ClusterRole',
  rolebindingRolePodExecAttach: 'does not look at the bound Role',
};

/**
 * Polaris checks whose cross-object part runs too, in code that mirrors its Go template
 * (lib/validate/polaris-network-policy.ts): the objects of the same run are the "other
 * objects", as a cluster's are for Polaris.
 */
export const POLARIS_CROSS_OBJECT_CHECKS: Readonly<Record<string, string>> = {
  missingNetworkPolicy:
    "looks for a NetworkPolicy of the pod's namespace whose matchLabels match exactly one pod label, with ingress and egress rules",
};

/** A Polaris check ready to run. */
export interface PolarisCheck {
  readonly id: string;
  readonly severity: Exclude<PolarisSeverity, 'ignore'>;
  readonly definition: PolarisCheckDefinition;
  /** The validator for `obj` (the controller or object the check is about). */
  validatorFor(obj: KubernetesObject): ValidateFunction;
}

/** A Go template action that only reads a field of the object: `{{ .metadata.name }}`. */
const FIELD_REFERENCE = /\{\{\s*\.([\w.-]+)\s*\}\}/g;
const ANY_ACTION = /\{\{.*?\}\}/;

function lookup(obj: unknown, path: string): string {
  let value: unknown = obj;
  for (const name of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as never)[name] : undefined;
  }
  // What Go's text/template prints for a missing map key.
  return value === undefined || value === null ? '<no value>' : String(value);
}

/** Fills `{{ .path }}` references in the schema's strings from the object. */
function render(schema: unknown, obj: KubernetesObject): unknown {
  if (typeof schema === 'string') {
    return schema.replace(FIELD_REFERENCE, (_match, path: string) => lookup(obj, path));
  }
  if (Array.isArray(schema)) return schema.map((s) => render(s, obj));
  if (schema !== null && typeof schema === 'object') {
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, render(v, obj)]));
  }
  return schema;
}

let ajv: ReturnType<typeof createAjv> | undefined;
let checks: PolarisCheck[] | undefined;

function compile(schema: unknown): ValidateFunction {
  ajv ??= createAjv({ $data: true });
  return ajv.compile(schema as JsonSchema);
}

const WHOLE_REFERENCE = /^\{\{\s*\.([\w.-]+)\s*\}\}$/;

/**
 * `const: "{{ .metadata.name }}"` → `const: { $data: "/metadata/name" }`: the same test as
 * filling in the template, but compiled once instead of once per object. Only valid when the
 * validated data is the object the template reads (Controller and kind targets). Returns
 * undefined when some reference is not a whole `const` value.
 */
function asDataReferences(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    const items = schema.map(asDataReferences);
    return items.includes(undefined) ? undefined : items;
  }
  if (typeof schema === 'string') return ANY_ACTION.test(schema) ? undefined : schema;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const whole = typeof value === 'string' ? WHOLE_REFERENCE.exec(value) : null;
    if (key === 'const' && whole) {
      out[key] = { $data: `/${whole[1].split('.').join('/')}` };
      continue;
    }
    const converted = asDataReferences(value);
    if (converted === undefined) return undefined;
    out[key] = converted;
  }
  return out;
}

function prepare(id: string, definition: PolarisCheckDefinition, severity: PolarisSeverity) {
  const schema = definition.schema;
  if (schema === undefined || severity === 'ignore') return undefined;
  const text = JSON.stringify(schema);
  const actions = text.match(new RegExp(ANY_ACTION.source, 'g')) ?? [];
  const readsItself = !['PodSpec', 'PodTemplate', 'Container'].includes(definition.target);
  const withData = actions.length > 0 && readsItself ? asDataReferences(schema) : undefined;
  if (actions.length === 0 || withData !== undefined) {
    let validate: ValidateFunction | undefined;
    return {
      id,
      severity,
      definition,
      validatorFor: () => {
        validate ??= compile(withData ?? schema);
        return validate;
      },
    };
  }
  if (!actions.every((a) => new RegExp(FIELD_REFERENCE.source).test(a))) {
    throw new Error(`Polaris check ${id} has template actions the runner cannot fill in`);
  }
  // Compiled once per distinct rendering (e.g. once per object name).
  const compiled = new Map<string, ValidateFunction>();
  return {
    id,
    severity,
    definition,
    validatorFor: (obj: KubernetesObject) => {
      const rendered = render(schema, obj);
      const key = JSON.stringify(rendered);
      let validate = compiled.get(key);
      if (validate === undefined) {
        validate = compile(rendered);
        compiled.set(key, validate);
      }
      return validate;
    },
  };
}

/**
 * The Polaris checks that run, with their default severities (checks at `ignore` and those
 * in {@link POLARIS_SKIPPED_CHECKS} left out), in the order of their IDs.
 */
export function polarisChecks(): readonly PolarisCheck[] {
  if (checks === undefined) {
    const file = polarisFile();
    checks = [];
    for (const id of Object.keys(file.checks).sort()) {
      if (POLARIS_SKIPPED_CHECKS[id] !== undefined) continue;
      const severity = file.severities[id] ?? 'ignore';
      const check = prepare(id, file.checks[id], severity);
      if (check !== undefined) checks.push(check);
    }
  }
  return checks;
}
