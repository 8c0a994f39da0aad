import { credentialFlags, isPlaintextCredential, mayAssignCredential } from './credential-names';
import type { KubernetesObject } from '../k8s/kubernetes-object';
import { mayHoldSecretMaterial } from './secret-material';
import { textProblem } from './plaintext-rule';
import type { SemanticProblem } from './semantic/problem';

type Segment = string | number;

const NO_VALUES: ReadonlySet<string> = new Set();
const IN_PLAIN_TEXT = 'which would be written in plain text to dist/';
const LOOKS_LIKE_CREDENTIAL =
  'which looks like a credential and would be written in plain text to dist/';
const ALLOW = "or allow this one value with 'chart.allowPlaintext(value)'";
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `spec.containers[0].env[2].value`, `metadata.annotations["example.com/key"]`. */
function fieldPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

const CONTAINER_LISTS = new Set<Segment>(['containers', 'initContainers', 'ephemeralContainers']);

/** Whether `path` is inside a container (or init container) of a pod template. */
const inContainer = (path: readonly Segment[]): boolean => path.some((s) => CONTAINER_LISTS.has(s));

/**
 * Whether `path` ends with `containers[n].<field>` followed by `tail` more segments: the
 * container's own `env` or `args`, not a probe's `exec.command`.
 */
function containerField(
  path: readonly Segment[],
  fields: readonly string[],
  tail: number,
): boolean {
  const i = path.length - 1 - tail;
  return (
    i >= 2 &&
    fields.includes(String(path[i])) &&
    typeof path[i - 1] === 'number' &&
    CONTAINER_LISTS.has(path[i - 2])
  );
}

/** The first half of a fix: where the value belongs instead, from where it was found. */
function keepInstead(kind: string, path: readonly Segment[]): string {
  if (kind === 'Secret')
    return "create the Secret outside dist/ (kubectl, Secret Manager, External Secrets) and read it with 'secretEnv' or 'secretMounts'";
  if (containerField(path, ['env'], 2)) return "read it from a Secret with 'secretEnv'";
  if (containerField(path, ['args', 'command'], 1))
    return "read it from a Secret with 'secretEnv' and write '$(NAME)' in its place, which Kubernetes expands";
  if (kind === 'ConfigMap' && (path[0] === 'data' || path[0] === 'binaryData'))
    return "keep the file in a Secret and mount it with 'secretMounts'";
  return "keep it in a Secret and read it with 'secretEnv' or 'secretMounts'";
}

/** Reports at most one problem per field: the first thing found there. */
class Scan {
  readonly problems: SemanticProblem[] = [];
  private readonly path: Segment[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly object: KubernetesObject,
    private readonly kind: string,
    private readonly allowed: ReadonlySet<string>,
  ) {}

  run(): void {
    for (const key in this.object) {
      const value = this.object[key];
      if (this.kind === 'Secret' && (key === 'data' || key === 'stringData')) {
        this.secretValues(key, value);
      } else if (this.kind === 'ConfigMap' && key === 'binaryData') {
        this.binaryData(value);
      } else {
        this.visit(key, value);
      }
    }
  }

  private report(segment: Segment, problem: string, rule: string): void {
    const field = fieldPath([...this.path, segment]);
    if (this.reported.has(field)) return;
    this.reported.add(field);
    const fix = `${keepInstead(this.kind, [...this.path, segment])}, ${ALLOW}`;
    this.problems.push({ object: this.object, field, problem, fix, rule });
  }

  /** `list` is the key of the array that holds `value`, when an array does. */
  private visit(segment: Segment, value: unknown, list?: Segment): void {
    if (typeof value === 'string') {
      if (mayHoldSecretMaterial(value) || mayAssignCredential(value)) this.text(segment, value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    this.path.push(segment);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(i, value[i], segment);
      if ((segment === 'args' || segment === 'command') && inContainer(this.path))
        this.commandLine(value);
    } else {
      const entry = value as Record<string, unknown>;
      if ((list === 'env' || list === 'httpHeaders') && this.isCredential(entry)) {
        this.report(
          'value',
          `is the literal value of ${list === 'env' ? 'variable' : 'header'} '${String(entry.name)}', ${LOOKS_LIKE_CREDENTIAL}`,
          'secret-scan/credential-name',
        );
      }
      for (const key in entry) this.visit(key, entry[key]);
    }
    this.path.pop();
  }

  /** Whether a `{ name, value }` entry puts a credential in plain text. */
  private isCredential(entry: Record<string, unknown>): boolean {
    const { name, value } = entry;
    return (
      typeof name === 'string' &&
      typeof value === 'string' &&
      !this.allowed.has(value) &&
      isPlaintextCredential(name, value)
    );
  }

  private text(segment: Segment, value: string, decoded = value): void {
    if (this.allowed.has(value) || this.allowed.has(decoded)) return;
    const found = textProblem(decoded);
    if (found) this.report(segment, found.problem, found.rule);
  }

  private commandLine(argv: readonly unknown[]): void {
    if (!argv.every((a): a is string => typeof a === 'string')) return;
    for (const { flag, index } of credentialFlags(argv)) {
      if (this.allowed.has(argv[index])) continue;
      this.report(
        index,
        `is the literal value of flag '${flag}', ${LOOKS_LIKE_CREDENTIAL}`,
        'secret-scan/credential-name',
      );
    }
  }

  /** ConfigMap `binaryData` is base64: the detectors read what it decodes to. */
  private binaryData(values: unknown): void {
    if (values === null || typeof values !== 'object') return;
    this.path.push('binaryData');
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string')
        this.text(name, value, Buffer.from(value, 'base64').toString('utf8'));
    }
    this.path.pop();
  }

  /** A Secret's values are secret whatever they look like; `data` is only base64-encoded. */
  private secretValues(key: string, values: unknown): void {
    if (values === null || typeof values !== 'object') return;
    this.path.push(key);
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string' || value === '') continue;
      const decoded = key === 'data' ? Buffer.from(value, 'base64').toString('utf8') : value;
      if (this.allowed.has(value) || this.allowed.has(decoded)) continue;
      this.report(
        name,
        key === 'data'
          ? 'is a value of a Secret, which would be written to dist/ in base64, which is not encryption'
          : `is a value of a Secret, ${IN_PLAIN_TEXT}`,
        'secret-scan/secret-object',
      );
    }
    this.path.pop();
  }
}

/**
 * The secret material in one environment's objects, as the problems of its fields: every
 * string value (env values, args, command, ConfigMap data, annotations, labels, probe
 * headers, GKE objects' fields, …) goes through the rule that the containers' props do
 * (plaintext-rule.ts: private keys, passwords in URLs, signed URLs, Google credential files,
 * known token formats, and credentials a text assigns such as `password: …`); variables,
 * flags and HTTP headers named like credentials (isCredentialName) and the values of a
 * Secret object are refused too. A value in `allowed` (the chart's `allowedPlaintext`:
 * what the user allowed, exactly) passes.
 *
 * Linear in the size of the objects: one cheap prefilter per string, detectors only on the
 * rare strings that pass it.
 *
 * @param objects every object of one environment
 * @param allowed strings allowed in plain text, e.g. `chart.allowedPlaintext`
 * @returns the problems, in object order, at most one per field; empty when all is well
 */
export function scanSecretMaterial(
  objects: readonly KubernetesObject[],
  allowed: ReadonlySet<string> = NO_VALUES,
): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  for (const object of objects) {
    if (object === null || typeof object !== 'object') continue;
    const scan = new Scan(object, String(object.kind), allowed);
    scan.run();
    problems.push(...scan.problems);
  }
  return problems;
}
