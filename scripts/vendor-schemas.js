#!/usr/bin/env node
/**
 * Copies the schemas and checks that lib/validate needs from the shared reference data into
 * schemas/, trimmed, so that nothing reads ../shared at build, synth or test time.
 *
 *   node scripts/vendor-schemas.js [SHARED_DIR] [--check]
 *
 * SHARED_DIR defaults to ../shared (next to this repository). It writes:
 * - schemas/kubernetes-1.27.json, schemas/kubernetes-1.36.json: only the OpenAPI definitions
 *   reachable (through $ref) from the kinds this library emits, keyed by apiVersion/kind from
 *   `x-kubernetes-group-version-kind`, descriptions stripped;
 * - schemas/gke.json: the GKE CRD JSON schemas (BackendConfig, FrontendConfig,
 *   ManagedCertificate, PodMonitoring, SecretProviderClass, the Gateway API's Gateway,
 *   GatewayClass and HTTPRoute, GKE's GCPBackendPolicy, GCPGatewayPolicy and
 *   HealthCheckPolicy; SecretSync from the CRD in this repository's crds/),
 *   descriptions stripped;
 * - schemas/polaris.json: Polaris's checks with their default severities (a `schemaString`
 *   without Go template actions is parsed into `schema`; templated ones are kept as text).
 * - test/support/gitops-crd-schemas.json: the CRD schemas of Argo CD's Application and
 *   ApplicationSet and Flux's GitRepository and Kustomization, which only tests read (examples/,
 *   `gke-platform gitops`; not shipped).
 *
 * With --check, it fails if the committed files differ from what it would write.
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'schemas');

/** Kubernetes versions whose schemas are vendored (folder names in schemas/k8s). */
const KUBERNETES_VERSIONS = ['1.27', '1.36'];

/** The kinds this library emits, as apiVersion/kind. */
const KINDS = [
  'v1/Namespace',
  'v1/Service',
  'discovery.k8s.io/v1/EndpointSlice',
  'v1/ServiceAccount',
  'v1/ConfigMap',
  'v1/Secret',
  'apps/v1/Deployment',
  'apps/v1/DaemonSet',
  'apps/v1/StatefulSet',
  'batch/v1/CronJob',
  'batch/v1/Job',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget',
  'storage.k8s.io/v1/StorageClass',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
];

/** CRD files (in SHARED_DIR/crds) whose own openAPIV3Schema is vendored into gke.json. */
const CRD_SCHEMAS = [
  'secretproviderclass.secrets-store.csi.x-k8s.io.yaml',
  'gateways.gateway.networking.k8s.io.yaml',
  'gatewayclasses.gateway.networking.k8s.io.yaml',
  'httproutes.gateway.networking.k8s.io.yaml',
  'gcpbackendpolicies.networking.gke.io.yaml',
  'gcpgatewaypolicies.networking.gke.io.yaml',
  'healthcheckpolicies.networking.gke.io.yaml',
  'volumesnapshot.snapshot.storage.k8s.io.yaml',
  'volumesnapshotclass.snapshot.storage.k8s.io.yaml',
];

/**
 * CRD files (in SHARED_DIR/crds) that only tests read: the GitOps objects of the examples in
 * examples/ and of `gke-platform gitops` (Argo CD's Application and ApplicationSet, Flux's
 * GitRepository and Kustomization), vendored into
 * test/support/gitops-crd-schemas.json, outside the package (the ApplicationSet's is large).
 */
const TEST_CRD_SCHEMAS = [
  'applications.argoproj.io.yaml',
  'applicationsets.argoproj.io.yaml',
  'gitrepositories.source.toolkit.fluxcd.io.yaml',
  'kustomizations.kustomize.toolkit.fluxcd.io.yaml',
];

/**
 * Kinds that GKE serves under a group of its own, with no published CRD, vendored from the
 * upstream CRD they follow: GKE's multi-cluster Services serve ServiceExport as `net.gke.io/v1`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#registering_a_service_for_export),
 * the mcs-api's `multicluster.x-k8s.io` kind, whose objects this library writes with metadata only.
 */
const GKE_SERVED_AS = [
  { file: 'serviceexports.multicluster.x-k8s.io.yaml', apiVersion: 'net.gke.io/v1' },
];

/** CRD files in this repository's crds/ (which SHARED_DIR lacks), vendored the same way. */
const LOCAL_CRD_SCHEMAS = ['secretsync.secret-sync.gke.io.yaml'];

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions'];

/**
 * Returns a copy of a JSON schema without `description` (and `$schema`, and an empty
 * `required`), walking only schema positions so that a property *named* description is kept.
 */
function trimSchema(schema) {
  if (Array.isArray(schema)) return schema.map(trimSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    // hostPortSet.yaml has an empty `required:` (null), which Polaris's validator ignores.
    if (key === 'description' || key === '$schema' || (key === 'required' && value === null)) {
      continue;
    }
    if (SCHEMA_KEYWORDS.includes(key)) out[key] = trimSchema(value);
    else if (SCHEMA_LIST_KEYWORDS.includes(key)) out[key] = value.map(trimSchema);
    else if (SCHEMA_MAP_KEYWORDS.includes(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimSchema(v)]));
    } else out[key] = value;
  }
  return out;
}

/** Names of the definitions that `schema` refers to ('#/definitions/NAME'). */
function refsOf(schema, found = new Set()) {
  if (Array.isArray(schema)) {
    for (const s of schema) refsOf(s, found);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        found.add(value.replace('#/definitions/', ''));
      } else refsOf(value, found);
    }
  }
  return found;
}

function apiVersionKind(gvk) {
  return `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;
}

/** Trims one Kubernetes version's definitions to what KINDS reach. */
function vendorKubernetes(sharedDir, version) {
  const file = path.join(sharedDir, 'schemas', 'k8s', `v${version}.0`, '_definitions.json');
  const { definitions } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const kinds = {};
  for (const [name, def] of Object.entries(definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = apiVersionKind(gvk);
      // Prefer the definition of the kind itself over shared ones (DeleteOptions, WatchEvent).
      if (KINDS.includes(key) && (!kinds[key] || name.endsWith(`.${gvk.kind}`))) kinds[key] = name;
    }
  }
  const missing = KINDS.filter((k) => !kinds[k]);
  if (missing.length > 0) {
    throw new Error(`vendor-schemas: ${file} has no definition for ${missing.join(', ')}`);
  }
  const reachable = new Set();
  const queue = Object.values(kinds);
  while (queue.length > 0) {
    const name = queue.pop();
    if (reachable.has(name)) continue;
    if (!definitions[name]) throw new Error(`vendor-schemas: ${file}: unresolved $ref ${name}`);
    reachable.add(name);
    queue.push(...refsOf(definitions[name]));
  }
  const trimmed = {};
  for (const name of [...reachable].sort()) trimmed[name] = trimSchema(definitions[name]);
  return {
    source: `cdk8s-team/cdk8s kubernetes-schemas/v${version}.0/_definitions.json (Apache-2.0)`,
    kubernetesVersion: version,
    kinds: Object.fromEntries(Object.entries(kinds).sort()),
    definitions: trimmed,
  };
}

/** The GKE CRD schemas, keyed by apiVersion/kind (the kind's casing taken from the CRDs). */
function vendorGke(sharedDir) {
  const kindNames = {};
  const crdsDir = path.join(sharedDir, 'crds');
  for (const file of fs.readdirSync(crdsDir).filter((f) => f.endsWith('.yaml'))) {
    const crd = YAML.parse(fs.readFileSync(path.join(crdsDir, file), 'utf8'));
    kindNames[`${crd.spec.group}/${crd.spec.names.kind.toLowerCase()}`] = crd.spec.names.kind;
  }
  const dir = path.join(sharedDir, 'schemas', 'gke');
  const kinds = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const [group, lowerKind, version] = path.basename(file, '.json').split('_');
    const kind = kindNames[`${group}/${lowerKind}`];
    if (!kind) throw new Error(`vendor-schemas: no CRD in ${crdsDir} names the kind of ${file}`);
    kinds[`${group}/${version}/${kind}`] = trimSchema(
      JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
    );
  }
  // CRDs that datreeio's catalog does not hold: the schema of the served storage version,
  // taken from the CRD itself.
  const crdFiles = [
    ...CRD_SCHEMAS.map((file) => path.join(crdsDir, file)),
    ...LOCAL_CRD_SCHEMAS.map((file) => path.join(ROOT, 'crds', file)),
  ];
  for (const file of crdFiles) {
    const crd = YAML.parse(fs.readFileSync(file, 'utf8'));
    const version = crd.spec.versions.find((v) => v.served && v.storage);
    kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = trimSchema(
      version.schema.openAPIV3Schema,
    );
  }
  for (const { file, apiVersion } of GKE_SERVED_AS) {
    const crd = YAML.parse(fs.readFileSync(path.join(crdsDir, file), 'utf8'));
    const version = crd.spec.versions.find((v) => v.served && v.storage);
    kinds[`${apiVersion}/${crd.spec.names.kind}`] = trimSchema(version.schema.openAPIV3Schema);
  }
  return {
    source:
      'datreeio/CRDs-catalog (MIT); SecretProviderClass: kubernetes-sigs/secrets-store-csi-driver (Apache-2.0); ' +
      'Gateway, GatewayClass, HTTPRoute: kubernetes-sigs/gateway-api standard channel (Apache-2.0); ' +
      'GCPBackendPolicy, GCPGatewayPolicy, HealthCheckPolicy: GKE Gateway controller CRDs; ' +
      'VolumeSnapshot, VolumeSnapshotClass: kubernetes-csi/external-snapshotter (Apache-2.0); ' +
      'SecretSync: crds/ (datreeio/CRDs-catalog, MIT); ' +
      'ServiceExport (net.gke.io/v1, as GKE serves it): kubernetes-sigs/mcs-api v0.5.0 multicluster.x-k8s.io (Apache-2.0)',
    kinds: Object.fromEntries(Object.entries(kinds).sort()),
  };
}

/** The schemas of TEST_CRD_SCHEMAS (served storage version), keyed by apiVersion/kind. */
function vendorTestCrds(sharedDir) {
  const kinds = {};
  for (const file of TEST_CRD_SCHEMAS) {
    const crd = YAML.parse(fs.readFileSync(path.join(sharedDir, 'crds', file), 'utf8'));
    const version = crd.spec.versions.find((v) => v.served && v.storage);
    kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = trimSchema(
      version.schema.openAPIV3Schema,
    );
  }
  return {
    source:
      'Application, ApplicationSet: argoproj/argo-cd manifests/crds/application-crd.yaml, applicationset-crd.yaml v3.5.1; ' +
      'GitRepository: fluxcd/source-controller v1.9.1; Kustomization: fluxcd/kustomize-controller v1.9.4 (Apache-2.0)',
    kinds,
  };
}

/** Polaris's checks (without mutations) and default severities. */
function vendorPolaris(sharedDir) {
  const dir = path.join(sharedDir, 'checks', 'polaris');
  const severities = YAML.parse(fs.readFileSync(path.join(dir, 'default.yaml'), 'utf8')).checks;
  const checks = {};
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml') || file === 'default.yaml') continue;
    const raw = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    // Polaris reads check files with Go's case-insensitive JSON field matching
    // (linuxHardening.yaml spells it `FailureMessage`): normalise the first letter.
    const check = {};
    for (const [key, value] of Object.entries(raw)) {
      const name = key[0].toLowerCase() + key.slice(1);
      if (name === 'mutations' || name === 'comments') continue;
      check[name] = name === 'schema' ? trimSchema(value) : value;
    }
    // A schemaString without template actions is plain YAML: parse it here, so that the
    // library needs no YAML parser at run time.
    if (check.schemaString !== undefined && !check.schemaString.includes('{{')) {
      check.schema = trimSchema(YAML.parse(check.schemaString));
      delete check.schemaString;
    }
    checks[path.basename(file, '.yaml')] = check;
  }
  return {
    source: 'FairwindsOps/polaris pkg/config/checks/*.yaml, pkg/config/default.yaml (Apache-2.0)',
    severities,
    checks,
  };
}

function main(argv) {
  const check = argv.includes('--check');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const sharedDir = path.resolve(positional[0] ?? path.join(ROOT, '..', 'shared'));
  const needed = [
    ...KUBERNETES_VERSIONS.map((v) => `schemas/k8s/v${v}.0/_definitions.json`),
    'schemas/gke',
    'crds',
    'checks/polaris/default.yaml',
  ];
  const missing = needed.filter((p) => !fs.existsSync(path.join(sharedDir, p)));
  if (missing.length > 0) {
    const where = fs.existsSync(sharedDir)
      ? `${sharedDir} lacks ${missing.join(', ')}`
      : `${sharedDir} does not exist (the default is ../shared next to this repository, which a clone does not have)`;
    throw new Error(
      `vendor-schemas: ${where}. schemas/ is committed, so you need this only to regenerate it: ` +
        `pass a folder holding ${needed.join(', ')} as the first argument ` +
        `(schemas/README.md lists where each comes from)`,
    );
  }
  const files = {};
  for (const version of KUBERNETES_VERSIONS) {
    files[`schemas/kubernetes-${version}.json`] = vendorKubernetes(sharedDir, version);
  }
  files['schemas/gke.json'] = vendorGke(sharedDir);
  files['schemas/polaris.json'] = vendorPolaris(sharedDir);
  files['test/support/gitops-crd-schemas.json'] = vendorTestCrds(sharedDir);

  const stale = [];
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const text = `${JSON.stringify(content)}\n`;
    const target = path.join(ROOT, name);
    if (check) {
      if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) stale.push(name);
    } else {
      fs.writeFileSync(target, text);
      console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
    }
  }
  if (stale.length > 0) {
    throw new Error(`vendor-schemas: out of date: ${stale.join(', ')}; run npm run vendor:schemas`);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
