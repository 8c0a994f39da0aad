#!/usr/bin/env node
/**
 * Regenerates imports/k8s.ts: the Kubernetes 1.27 API classes the library emits, and only
 * those, with the code `cdk8s import k8s@1.27.0` generates for them, offline.
 *
 *   node scripts/import-k8s.js [DEFINITIONS_JSON] [--check]
 *
 * DEFINITIONS_JSON defaults to ../shared/schemas/k8s/v1.27.0/_definitions.json (next to this
 * repository), or $K8S_DEFINITIONS when set: the Kubernetes OpenAPI definitions that
 * `cdk8s import k8s@1.27.0` downloads from cdk8s-team/cdk8s (kubernetes-schemas/v1.27.0).
 *
 * Why not the whole API from cdk8s-plus-27 (`k8s` there): its generated k8s.js is 2.5 MB and
 * was a third of the library's load time; the kinds below and the types they use are a
 * fraction of it. To emit another kind, add it to KINDS and run `npm run import:k8s`.
 *
 * The generated code gets scripts/lean-imports.js's two changes (a linear filter of undefined
 * values, the lean KubeObject base class), for the cost per object of every synth.
 *
 * With --check, it generates into memory and fails if imports/k8s.ts differs.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TARGET = path.join(ROOT, 'imports', 'k8s.ts');

/** The API objects the constructs emit (kind and group/version), and a few they may soon. */
const KINDS = [
  ['Namespace', 'v1'],
  ['ServiceAccount', 'v1'],
  ['ConfigMap', 'v1'],
  ['Secret', 'v1'],
  ['Service', 'v1'],
  ['EndpointSlice', 'discovery.k8s.io/v1'],
  ['Pod', 'v1'],
  ['PersistentVolumeClaim', 'v1'],
  ['Deployment', 'apps/v1'],
  ['StatefulSet', 'apps/v1'],
  ['DaemonSet', 'apps/v1'],
  ['Job', 'batch/v1'],
  ['CronJob', 'batch/v1'],
  ['HorizontalPodAutoscaler', 'autoscaling/v2'],
  ['PodDisruptionBudget', 'policy/v1'],
  ['Ingress', 'networking.k8s.io/v1'],
  ['NetworkPolicy', 'networking.k8s.io/v1'],
  ['StorageClass', 'storage.k8s.io/v1'],
  ['Role', 'rbac.authorization.k8s.io/v1'],
  ['RoleBinding', 'rbac.authorization.k8s.io/v1'],
  ['ClusterRole', 'rbac.authorization.k8s.io/v1'],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1'],
];

const { leanImport } = require('./lean-imports');

const CLI = path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] }));

/** cdk8s-cli's own modules (its package.json `exports` hides them from a bare require). */
const cli = (relative) => require(path.join(CLI, relative));

/** A package as cdk8s-cli resolves it, so the generator is the CLI's own. */
const cliDependency = (name) => require(require.resolve(name, { paths: [CLI] }));

/** What `cdk8s import k8s` writes for `definitions`, restricted to KINDS. */
function generate(definitionsText) {
  const { CodeMaker } = cliDependency('codemaker');
  const { TypeGenerator } = cliDependency('json2jsii');
  const { findApiObjectDefinitions } = cli('lib/import/k8s.js');
  const { emitHeader, generateConstruct, getPropsTypeName, getTypeName } =
    cli('lib/import/codegen.js');
  const { parseApiTypeName, safeParseJsonSchema } = cli('lib/import/k8s-util.js');

  const schema = safeParseJsonSchema(definitionsText);
  const wanted = new Set(KINDS.map(([kind, apiVersion]) => `${apiVersion}/${kind}`));
  const all = findApiObjectDefinitions(schema, 'Kube');
  const objects = all.filter((o) =>
    wanted.has(`${o.group ? `${o.group}/` : ''}${o.version}/${o.kind}`),
  );
  const found = new Set(
    objects.map((o) => `${o.group ? `${o.group}/` : ''}${o.version}/${o.kind}`),
  );
  const missing = [...wanted].filter((k) => !found.has(k));
  if (missing.length > 0)
    throw new Error(`import-k8s: not in the definitions: ${missing.join(', ')}`);

  // As ImportKubernetesApi.generateTypeScript (cdk8s-cli lib/import/k8s.js), on fewer objects.
  const typeGenerator = new TypeGenerator({
    definitions: schema.definitions,
    renderTypeName: (def) => {
      const parsed = parseApiTypeName(def);
      return parsed.version
        ? getTypeName(false, parsed.basename, parsed.version.raw)
        : parsed.basename;
    },
  });
  for (const o of all) {
    typeGenerator.addDefinition(o.fqn, { $ref: `#/definitions/${getPropsTypeName(o)}` });
  }
  for (const o of objects) generateConstruct(typeGenerator, o);

  const code = new CodeMaker();
  code.indentation = 2;
  code.openFile('k8s.ts');
  emitHeader(code, false);
  code.line(typeGenerator.render());
  code.closeFile('k8s.ts');
  return code;
}

/** The generated file's text, made lean. */
async function render(definitionsText) {
  const os = require('node:os');
  const code = generate(definitionsText);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'import-k8s-'));
  try {
    await code.save(staging);
    return leanImport(fs.readFileSync(path.join(staging, 'k8s.ts'), 'utf8'), 'import-k8s');
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main(argv) {
  const check = argv.includes('--check');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const file = path.resolve(
    positional[0] ??
      process.env.K8S_DEFINITIONS ??
      path.join(ROOT, '..', 'shared', 'schemas', 'k8s', 'v1.27.0', '_definitions.json'),
  );
  if (!fs.existsSync(file)) {
    throw new Error(
      `import-k8s: ${file} not found; pass the Kubernetes 1.27 _definitions.json as the first argument or in K8S_DEFINITIONS`,
    );
  }
  const text = await render(fs.readFileSync(file, 'utf8'));
  if (check) {
    if (!fs.existsSync(TARGET) || fs.readFileSync(TARGET, 'utf8') !== text) {
      throw new Error(
        'import-k8s: imports/k8s.ts is not what this script generates; run npm run import:k8s and commit the result',
      );
    }
    console.log('import-k8s: imports/k8s.ts is up to date');
    return;
  }
  fs.writeFileSync(TARGET, text);
  console.log(`import-k8s: wrote ${path.relative(ROOT, TARGET)} (${KINDS.length} kinds)`);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
