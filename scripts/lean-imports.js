/**
 * The two changes scripts/import-k8s.js and scripts/import-crds.js make to what `cdk8s import`
 * generates, both for the cost per object of every synth (the JSON stays the same):
 * - each `toJson_*` converter drops undefined values with
 *   `Object.entries(result).reduce((r, i) => ... ({ ...r, [i[0]]: i[1] }), {})`, which copies
 *   the object once per key; here that is a loop over the keys (same keys, order, values);
 * - the classes extend lib/k8s/kube-object.ts's KubeObject, cdk8s's ApiObject with a
 *   toJson that resolves and sorts in one lean pass (cdk8s's own with custom resolvers).
 * It also documents the members of the value classes (IntOrString, Quantity) that cdk8s
 * import writes without a comment, since they are part of the package's public API.
 */
const QUADRATIC_FILTER =
  'Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})';
const LINEAR_FILTER = 'dropUndefined(result)';

const CDK8S_IMPORT = /^import \{ ApiObject, ([^}]*) \} from 'cdk8s';\n/m;
const CONSTRUCTS_IMPORT = "import { Construct } from 'constructs';\n";
const BASE_IMPORT = "import { KubeObject as ApiObject } from '../lib/k8s/kube-object';\n";

/** The helper the converters call instead; written once after the imports. */
const HELPER = `
/**
 * Copies \`result\` without its undefined values (same keys in the same order otherwise). The
 * generated converters did this with a spread per key; scripts/lean-imports.js swaps in this loop.
 */
function dropUndefined(result: { [key: string]: any }): any {
  const out: { [key: string]: any } = {};
  for (const key of Object.keys(result)) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}
`;

/** The undocumented members of cdk8s import's value classes, and their comments. */
const VALUE_CLASS_MEMBERS = [
  [/^( {2})(public static fromString\(value: string\): \w+ \{)$/gm, 'The value as a string.'],
  [/^( {2})(public static fromNumber\(value: number\): \w+ \{)$/gm, 'The value as a number.'],
];
const VALUE_CONSTRUCTOR =
  /^ {2}private constructor\(public readonly value: string \| number\) \{$/gm;

/** `generated` with a comment on each member of its value classes. */
function documentValueClasses(generated) {
  let out = generated;
  for (const [pattern, summary] of VALUE_CLASS_MEMBERS) {
    out = out.replace(
      pattern,
      (_line, indent, member) => `${indent}/** ${summary} */\n${indent}${member}`,
    );
  }
  return out.replace(
    VALUE_CONSTRUCTOR,
    '  private constructor(\n    /** The value, a string or a number as given. */\n    public readonly value: string | number,\n  ) {',
  );
}

/** `generated` (one file `cdk8s import` wrote) with these changes; `name` is for errors. */
function leanImport(generated, name) {
  const problem = (what) => new Error(`${name}: the generated code no longer has ${what}`);
  if (!generated.includes(QUADRATIC_FILTER)) throw problem('the filter this script replaces');
  if (!CDK8S_IMPORT.test(generated)) throw problem("import { ApiObject, … } from 'cdk8s'");
  if (!generated.includes(CONSTRUCTS_IMPORT)) throw problem(CONSTRUCTS_IMPORT.trim());
  const lean = generated
    .split(QUADRATIC_FILTER)
    .join(LINEAR_FILTER)
    .replace(CDK8S_IMPORT, (_line, rest) => `import { ${rest} } from 'cdk8s';\n${BASE_IMPORT}`)
    .replace(CONSTRUCTS_IMPORT, CONSTRUCTS_IMPORT + HELPER);
  return documentValueClasses(lean);
}

module.exports = { leanImport };
