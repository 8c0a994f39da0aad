/*
 * The run-time check of props against their declared shape, for the code that no compiler
 * checks: JavaScript, and props read from a JSON file. It reports what the types would have
 * refused and the constructs would have ignored or misread: an unknown key (with the known
 * key it most likely meant), a value of the wrong kind where the kind tells (a string where a
 * number goes), a near miss of a string in a union of literals (with the string meant).
 * Everything else is the constructs' own checks' business; what the shape cannot judge
 * (functions, class instances such as a `Duration` or a construct, a per-environment map with
 * a stray key) passes.
 */
import { PlatformError } from './errors';
import type { Shape } from './prop-shape';
import { type PropsName, SHAPES } from './prop-shapes.generated';
import { closestMatch } from './spelling';

interface Problem {
  readonly prop: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Checks `props` against the declared shape of the interface `name`.
 * @param where the construct path, as the construct's own errors name it
 * @param environments the platform's environment names, the keys of a per-environment map
 * @param prefix the prop path of `props` itself, when it is part of a construct's props
 * @throws a PlatformError listing every problem found, each with its prop path
 */
export function checkProps(
  where: string,
  name: PropsName,
  props: unknown,
  environments: readonly string[] = [],
  prefix = '',
): void {
  const problems: Problem[] = [];
  if (props === undefined || props === null)
    problems.push({
      prop: prefix || 'props',
      problem: `is ${String(props)}`,
      fix: `give an object of ${name}`,
    });
  else new Walk(environments, problems).check(props, { ref: name }, prefix);
  if (problems.length === 0) return;
  const [first, ...more] = problems.map((p) => new PlatformError(where, p.prop, p.problem, p.fix));
  throw new PlatformError(first.where, first.prop, first.problem, first.fix, more);
}

/** How a value is told apart from another: the kinds of {@link Shape}. */
type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The kind of a value, or undefined for what no shape can judge (a class instance, a function). */
function kindOf(value: unknown): Kind | undefined {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  if (Array.isArray(value)) return 'array';
  return isPlainObject(value) ? 'object' : undefined;
}

/** The kinds a shape takes; undefined when it takes anything. */
function kindsOf(shape: Shape): readonly Kind[] | undefined {
  if (shape === 'any') return undefined;
  if (typeof shape === 'string') return [shape];
  if ('ref' in shape) return kindsOf(SHAPES[shape.ref]);
  if ('enum' in shape) return [...new Set(shape.enum.map((v) => typeof v as Kind))];
  if ('array' in shape) return ['array'];
  if ('props' in shape) return ['object'];
  if ('perEnv' in shape) return undefined; // a map or the value: see Walk.perEnv
  const kinds: Kind[] = [];
  for (const member of shape.oneOf) {
    const own = kindsOf(member);
    if (own === undefined) return undefined;
    kinds.push(...own);
  }
  return kinds;
}

const ARTICLES: Record<Kind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** `"text"`, `42`, `true`, `a list`, `an object`: a value as a problem names it. */
function describe(value: unknown): string {
  const kind = kindOf(value);
  return kind === 'array' || kind === 'object' ? ARTICLES[kind] : JSON.stringify(value);
}

/** `'a'`, `'a' or false`, `'a', 'b' or 'c'`. */
function choices(values: readonly (string | number | boolean)[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/**
 * A value this many edits from a choice is a typo of it; farther, it may be another thing
 * altogether ('nvidia-tesla-k80' is a GPU, not a typo of 'nvidia-tesla-t4').
 */
const MAX_VALUE_EDITS = 2;

/** Props that were removed, which the constructs still recognize to say what replaced them. */
const RETIRED_PROPS: ReadonlySet<string> = new Set(['allowPlaintextSecretEnv']);

/** What a shape of these kinds takes, as a fix says it: `'a' or 'b'`, `a number`, `{ a, b }`. */
function takesOf(shape: Shape, kinds: readonly Kind[]): string {
  if (typeof shape === 'object' && 'enum' in shape) return choices(shape.enum);
  const object = typeof shape === 'object' && 'ref' in shape ? SHAPES[shape.ref] : shape;
  if (typeof object === 'object' && 'props' in object && object.values === undefined) {
    const keys = Object.keys(object.props);
    if (keys.length > 0 && keys.length <= 4) return `{ ${keys.join(', ')} }`;
  }
  return ARTICLES[kinds[0] ?? 'object'];
}

class Walk {
  constructor(
    private readonly environments: readonly string[],
    private readonly problems: Problem[],
  ) {}

  check(value: unknown, shape: Shape, path: string, name?: string): void {
    if (value === undefined || value === null || shape === 'any') return;
    if (typeof shape === 'string') {
      if (kindOf(value) !== undefined && typeof value !== shape)
        this.report(path, `is ${describe(value)}`, `use ${ARTICLES[shape]}`);
      return;
    }
    if ('ref' in shape) return this.check(value, SHAPES[shape.ref], path, shape.ref);
    if ('enum' in shape) return this.literal(value, shape.enum, path);
    if ('perEnv' in shape) return this.perEnv(value, shape.perEnv, path);
    if ('oneOf' in shape) return this.oneOf(value, shape.oneOf, path);
    const kind = kindOf(value);
    if ('array' in shape) {
      if (kind === 'array')
        (value as unknown[]).forEach((element, i) =>
          this.check(element, shape.array, `${path}[${i}]`),
        );
      else if (kind !== undefined) this.report(path, `is ${describe(value)}`, 'use a list');
      return;
    }
    if (kind === 'object') this.object(value as Record<string, unknown>, shape, path, name);
    else if (kind !== undefined) this.report(path, `is ${describe(value)}`, 'use an object');
  }

  private report(prop: string, problem: string, fix: string): void {
    this.problems.push({ prop: prop || 'props', problem, fix });
  }

  /**
   * A value outside a union of literals is reported here when it is a near miss (a typo):
   * any other the constructs refuse with their own reasons (which a Job's pods cannot have,
   * which GKE does not boot from), or the API server's rules do.
   */
  private literal(value: unknown, allowed: readonly (string | number | boolean)[], path: string) {
    if (typeof value !== 'string' || allowed.includes(value)) return;
    const strings = allowed.filter((v): v is string => typeof v === 'string');
    const meant = closestMatch(value, strings, MAX_VALUE_EDITS);
    if (meant !== undefined) this.report(path, `is ${describe(value)}`, `did you mean '${meant}'?`);
  }

  private object(
    value: Record<string, unknown>,
    shape: { readonly props: Readonly<Record<string, Shape>>; readonly values?: Shape },
    path: string,
    name: string | undefined,
  ): void {
    for (const [key, field] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const known = Object.hasOwn(shape.props, key) ? shape.props[key] : shape.values;
      if (known !== undefined) {
        this.check(field, known, at);
        continue;
      }
      if (RETIRED_PROPS.has(key)) continue;
      const meant = closestMatch(key, Object.keys(shape.props));
      this.report(
        at,
        `is not a prop${name === undefined ? '' : ` of ${name}`}`,
        meant === undefined
          ? `leave it out; the props are ${choices(Object.keys(shape.props))}`
          : `did you mean '${meant}'?`,
      );
    }
  }

  /**
   * A per-environment value: a map whose keys are all environments holds one value each; a
   * map with some keys that are not is resolvePerEnv's to refuse, with the environments.
   */
  private perEnv(value: unknown, shape: Shape, path: string): void {
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      const envs = keys.filter((key) => this.environments.includes(key));
      if (envs.length > 0) {
        if (envs.length === keys.length)
          for (const env of envs) this.check(value[env], shape, `${path}.${env}`);
        return;
      }
    }
    this.check(value, shape, path);
  }

  /** A union: the member that takes the value's kind judges it. */
  private oneOf(value: unknown, members: readonly Shape[], path: string): void {
    const kind = kindOf(value);
    if (kind === undefined) return;
    const kinds = members.map(kindsOf);
    if (kinds.some((k) => k === undefined)) return;
    const member = members.find((_, i) => kinds[i]?.includes(kind));
    if (member !== undefined) return this.check(value, member, path);
    const takes = members.map((m, i) => takesOf(m, kinds[i] ?? []));
    this.report(path, `is ${describe(value)}`, `use ${takes.join(' or ')}`);
  }
}
