#!/usr/bin/env node
/**
 * Writes lib/core/prop-shapes.generated.ts: the shape of the props of every public construct
 * (and of the platform definition), read from their TypeScript interfaces, for the run-time
 * check of props that JavaScript and JSON give without a compiler (lib/core/prop-check.ts).
 *
 *   node scripts/generate-prop-shapes.js [--check]
 *
 * A shape says only what the check can judge from a value: its kind (string, number,
 * boolean, array, object), the strings or numbers of a literal union, the props of an object
 * and the values of its index signature, and where a per-environment map may stand
 * (`PerEnv<T>`). Whatever a shape cannot say well becomes `'any'`, which accepts everything:
 * functions, class instances (`Duration`, a construct), interfaces with methods (a class
 * implements them), intersections with a primitive, and recursion deeper than MAX_DEPTH.
 *
 * With --check, it fails if the committed file differs from what it would write.
 */
const path = require('node:path');
const { writeGenerated } = require('./write-generated');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'lib/core/prop-shapes.generated.ts');

/**
 * The props checked at run time, exported from lib/index.ts; the environment names `E` are
 * `string` (the default of the constructs' props), since they are known only at run time.
 */
const ROOTS = [
  'CronTaskProps',
  'DaemonAgentProps',
  'ExternalServiceProps',
  'OneOffJobProps',
  'PlatformSpec<string>',
  'PreviewPrunerProps',
  'SnapshotSchedule',
  'StatefulServiceProps',
  'WebEntrypointProps',
  'WebServiceProps',
  'WorkerProps',
];

/** Anonymous types nested deeper than this are accepted as they are. */
const MAX_DEPTH = 12;

/** `PlatformSpec` of `PlatformSpec<string>`. */
function nameOf(root) {
  return root.replace(/<.*/, '');
}

/** A program over lib/index.ts and one file more, which instantiates each root with `string`. */
function createChecker() {
  const rootsFile = path.join(ROOT, 'lib/__prop-shape-roots.ts');
  const text = [
    `import type { ${ROOTS.map(nameOf).join(', ')} } from './index';`,
    ...ROOTS.map((root) => `export type ${nameOf(root)}Root = ${root};`),
  ].join('\n');
  const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    path.resolve(file) === rootsFile
      ? ts.createSourceFile(file, text, language)
      : getSourceFile(file, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => path.resolve(file) === rootsFile || fileExists(file);
  const program = ts.createProgram([rootsFile], options, host);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(rootsFile));
  const roots = new Map(
    checker
      .getExportsOfModule(module)
      .map((s) => [s.name.replace(/Root$/, ''), checker.getDeclaredTypeOfSymbol(s)]),
  );
  return { checker, program, roots };
}

/** The shapes of ROOTS and of every named type they reach, by name. */
function collectShapes() {
  const { checker, program, roots } = createChecker();
  const named = new Map(); // type → its name in the table
  const shapes = new Map(); // name → shape

  const isAny = (shape) => shape === 'any';
  const literal = (type) =>
    type.isStringLiteral() || type.isNumberLiteral()
      ? type.value
      : type.flags & ts.TypeFlags.BooleanLiteral
        ? checker.typeToString(type) === 'true'
        : undefined;

  /** Whether `symbol` is declared in this project or a package, not in TypeScript's lib. */
  const ownSymbol = (symbol) =>
    symbol?.declarations?.some((d) => !program.isSourceFileDefaultLibrary(d.getSourceFile())) &&
    !symbol.getName().startsWith('__');

  /** A name for an object type that has one (not `Readonly`, `Record`…), unique in the table. */
  function tableName(type) {
    if (named.has(type)) return named.get(type);
    const symbol = [type.aliasSymbol, type.getSymbol()].find(ownSymbol);
    if (!symbol) return undefined;
    const base = symbol.getName();
    const taken = new Set(named.values());
    let name = base;
    for (let n = 2; taken.has(name); n++) name = base + n;
    named.set(type, name);
    return name;
  }

  function shapeOf(type, depth) {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return 'any';
    if (flags & ts.TypeFlags.TypeParameter) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint ? shapeOf(constraint, depth) : 'any';
    }
    if (flags & ts.TypeFlags.StringLike && !(flags & ts.TypeFlags.StringLiteral)) return 'string';
    if (flags & ts.TypeFlags.NumberLike && !(flags & ts.TypeFlags.NumberLiteral)) return 'number';
    if (flags & ts.TypeFlags.Union) return unionShape(type.types, depth);
    if (literal(type) !== undefined) return { enum: [literal(type)] };
    if (flags & ts.TypeFlags.Intersection) {
      // `string & { brand }` and the like: only the primitive part says anything.
      if (type.types.some((t) => !(t.flags & ts.TypeFlags.Object))) return 'any';
      return objectShape(type, depth);
    }
    if (flags & ts.TypeFlags.Object) {
      if (checker.isArrayType(type) || checker.isTupleType(type)) {
        const elements = checker.getTypeArguments(type);
        const element = checker.isArrayType(type)
          ? shapeOf(elements[0], depth + 1)
          : unionShape(elements, depth + 1);
        return isAny(element) ? { array: 'any' } : { array: element };
      }
      return objectShape(type, depth);
    }
    return 'any';
  }

  /** One member per kind of value, so the check picks the member by the value's kind. */
  function unionShape(types, depth) {
    const members = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    // PerEnv<T> is `T | PerEnvMap<T>`: the map, whose keys are environments, marks it.
    const map = members.find((t) => t.aliasSymbol?.getName() === 'PerEnvMap');
    if (map) {
      const rest = members.filter((t) => t !== map);
      const inner = unionShape(rest, depth);
      return isAny(inner) ? 'any' : { perEnv: inner };
    }
    const values = members.map(literal).filter((v) => v !== undefined);
    const others = members.filter((t) => literal(t) === undefined).map((t) => shapeOf(t, depth));
    if (others.some(isAny)) return 'any';
    const kinds = [];
    const byKind = (kind) => kinds.find((k) => kindOf(k) === kind);
    for (const shape of others) {
      const same = byKind(kindOf(shape));
      if (!same) kinds.push(shape);
      else kinds[kinds.indexOf(same)] = merge(same, shape);
    }
    if (values.includes(true) && values.includes(false) && !byKind('boolean'))
      kinds.push('boolean');
    for (const value of values) {
      const kind = typeof value;
      if (byKind(kind) === kind) continue; // 'string' takes every string, and so on
      const same = byKind(kind);
      if (same) same.enum.push(value);
      else kinds.push({ enum: [value] });
    }
    if (kinds.some(isAny)) return 'any';
    return kinds.length === 1 ? kinds[0] : { oneOf: kinds };
  }

  /** Two shapes of one kind as one that takes what either takes. */
  function merge(a, b) {
    const kind = kindOf(a);
    if (typeof a === 'string') return a;
    if (kind === 'array') return { array: either(a.array, b.array) };
    if (kind !== 'object') return 'any';
    const objectA = resolve(a);
    const objectB = resolve(b);
    if (isAny(objectA) || isAny(objectB)) return 'any';
    // A key that one of them names may be a key of the other's index signature.
    const props = {};
    for (const key of new Set([...Object.keys(objectA.props), ...Object.keys(objectB.props)])) {
      const [inA, inB] = [
        objectA.props[key] ?? objectA.values,
        objectB.props[key] ?? objectB.values,
      ];
      props[key] = inA && inB ? either(inA, inB) : (inA ?? inB);
    }
    const values =
      objectA.values && objectB.values
        ? either(objectA.values, objectB.values)
        : (objectA.values ?? objectB.values);
    return values === undefined ? { props } : { props, values };
  }

  /** A shape that takes what `a` or `b` takes. */
  function either(a, b) {
    if (JSON.stringify(a) === JSON.stringify(b)) return a;
    if (isAny(a) || isAny(b)) return 'any';
    const members = [...(a.oneOf ?? [a]), ...(b.oneOf ?? [b])];
    const kinds = [];
    for (const shape of members) {
      const same = kinds.find((k) => kindOf(k) === kindOf(shape));
      if (!same) kinds.push(shape);
      else if (
        kindOf(shape) === 'perEnv' ||
        kindOf(shape) === 'array' ||
        kindOf(shape) === 'object'
      )
        return 'any'; // two maps, lists or objects of different shapes: too much to say
      else if (typeof same === 'string') continue;
      else if (typeof shape === 'string') kinds[kinds.indexOf(same)] = shape;
      else kinds[kinds.indexOf(same)] = { enum: [...new Set([...same.enum, ...shape.enum])] };
    }
    return kinds.length === 1 ? kinds[0] : { oneOf: kinds };
  }

  function resolve(shape) {
    return shape.ref ? shapes.get(shape.ref) : shape;
  }

  function objectShape(type, depth) {
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0)
      return 'any';
    const symbol = type.getSymbol();
    if (symbol && symbol.flags & ts.SymbolFlags.Class) return 'any';
    const properties = checker.getPropertiesOfType(type);
    // An interface with methods is what a class implements: its instances carry more.
    if (properties.some((p) => p.flags & ts.SymbolFlags.Method)) return 'any';
    const name = tableName(type);
    if (name && shapes.has(name)) return { ref: name };
    if (!name && depth > MAX_DEPTH) return 'any';
    if (name) shapes.set(name, 'any'); // while its props are worked out (recursive types)
    const props = {};
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      props[property.getName()] = shapeOf(
        declaration
          ? checker.getTypeOfSymbolAtLocation(property, declaration)
          : checker.getTypeOfSymbol(property),
        depth + 1,
      );
    }
    const index = checker
      .getIndexInfosOfType(type)
      .find((i) => i.keyType.flags & ts.TypeFlags.String);
    const shape = index ? { props, values: shapeOf(index.type, depth + 1) } : { props };
    if (!name) return shape;
    shapes.set(name, shape);
    return { ref: name };
  }

  for (const name of ROOTS.map(nameOf)) named.set(roots.get(name), name);
  for (const name of ROOTS.map(nameOf)) {
    const shape = shapeOf(roots.get(name), 0);
    if (shape.ref !== name)
      throw new Error(`${name}: expected an interface, got ${JSON.stringify(shape)}`);
  }
  return shapes;
}

/** The kind of value a shape takes, as the check tells values apart. */
function kindOf(shape) {
  if (typeof shape === 'string') return shape;
  if (shape.enum) return typeof shape.enum[0];
  if (shape.array) return 'array';
  if (shape.perEnv) return 'perEnv';
  if (shape.oneOf) return 'oneOf';
  return 'object';
}

/** The text of lib/core/prop-shapes.generated.ts, formatted as Prettier would. */
async function generate() {
  const shapes = collectShapes();
  const rootNames = ROOTS.map(nameOf);
  const table = Object.fromEntries([...shapes.keys()].sort().map((k) => [k, shapes.get(k)]));
  const text = `// Generated by scripts/generate-prop-shapes.js from the props interfaces: do not edit.
// \`npm run generate:prop-shapes\` rewrites it; test/scripts/generated-files.e2e.ts fails when it is stale.
import type { Shape } from './prop-shape';

/** The props interface of a construct (or of the platform definition), as the shapes name it. */
export type PropsName = ${rootNames.map((name) => `'${name}'`).join(' | ')};

/** Every named shape the props reach. */
export const SHAPES: Readonly<Record<string, Shape>> = ${JSON.stringify(table)};
`;
  const prettier = require('prettier');
  const options = await prettier.resolveConfig(OUT);
  return prettier.format(text, { ...options, filepath: OUT });
}

module.exports = { generate, OUT };

if (require.main === module) writeGenerated('generate-prop-shapes', OUT, generate);
