#!/usr/bin/env node
/**
 * Regenerates imports/ from the GKE CustomResourceDefinitions with `cdk8s import`, offline.
 *
 *   node scripts/import-crds.js [CRDS_DIR] [--check]
 *
 * CRDS_DIR defaults to ../shared/crds (next to this repository), or $CRDS_DIR when set. Each
 * CRD gets its own module name, because `cdk8s import` names its output after the API group
 * and FrontendConfig and ManagedCertificate share networking.gke.io. The canonical upstream
 * URLs of the same CRDs are recorded in cdk8s.yaml's `imports:` section; this script uses
 * local copies so that it needs no network and does not rewrite that section (`--save=false`).
 *
 * The generated code gets scripts/lean-imports.js's two changes (a linear filter of undefined
 * values, the lean KubeObject base class), for the cost per object of every synth.
 *
 * CRDs that ../shared/crds lacks are committed in this repository's crds/ (LOCAL_CRDS; crds/README.md
 * says where each comes from) and read from there.
 *
 * With --check, it generates into a temporary folder and fails if imports/ differs, so CI can
 * tell that nobody hand-edited the generated files.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { leanImport } = require('./lean-imports');

const ROOT = path.resolve(__dirname, '..');

/** Module name → CRD file name in CRDS_DIR. */
const CRDS = [
  ['backendconfig', 'backendconfig.cloud.google.com.yaml'],
  ['frontendconfig', 'frontendconfig.networking.gke.io.yaml'],
  ['gateway', 'gateways.gateway.networking.k8s.io.yaml'],
  ['gatewayclass', 'gatewayclasses.gateway.networking.k8s.io.yaml'],
  ['gcpbackendpolicy', 'gcpbackendpolicies.networking.gke.io.yaml'],
  ['gcpgatewaypolicy', 'gcpgatewaypolicies.networking.gke.io.yaml'],
  ['healthcheckpolicy', 'healthcheckpolicies.networking.gke.io.yaml'],
  ['httproute', 'httproutes.gateway.networking.k8s.io.yaml'],
  ['managedcertificate', 'managedcertificate.networking.gke.io.yaml'],
  ['podmonitoring', 'podmonitoring.monitoring.googleapis.com.yaml'],
  ['secretproviderclass', 'secretproviderclass.secrets-store.csi.x-k8s.io.yaml'],
  ['volumesnapshot', 'volumesnapshot.snapshot.storage.k8s.io.yaml'],
  ['volumesnapshotclass', 'volumesnapshotclass.snapshot.storage.k8s.io.yaml'],
];

/** Module name → CRD file name in this repository's crds/. */
const LOCAL_CRDS = [['secretsync', 'secretsync.secret-sync.gke.io.yaml']];
const LOCAL_CRDS_DIR = path.join(ROOT, 'crds');

function main(argv) {
  const check = argv.includes('--check');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const crdsDir = path.resolve(
    positional[0] ?? process.env.CRDS_DIR ?? path.join(ROOT, '..', 'shared', 'crds'),
  );
  const missing = CRDS.map(([, file]) => file).filter(
    (file) => !fs.existsSync(path.join(crdsDir, file)),
  );
  if (missing.length > 0) {
    const where = fs.existsSync(crdsDir)
      ? `${crdsDir} lacks ${missing.join(', ')}`
      : `${crdsDir} does not exist (the default is ../shared/crds next to this repository, which a clone does not have)`;
    throw new Error(
      `import-crds: ${where}. imports/ is committed, so you need this only to regenerate it: ` +
        `pass a folder holding ${CRDS.map(([, file]) => file).join(', ')} as the first argument ` +
        `or in CRDS_DIR (cdk8s.yaml's imports: lists where each comes from)`,
    );
  }

  // The CLI's package.json `exports` hides bin/; find it next to its package.json.
  const cli = path.join(
    path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })),
    'bin',
    'cdk8s',
  );
  const target = path.join(ROOT, 'imports');
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-imports-'));
  try {
    const sources = [
      ...CRDS.map(([name, file]) => [name, path.join(crdsDir, file)]),
      ...LOCAL_CRDS.map(([name, file]) => [name, path.join(LOCAL_CRDS_DIR, file)]),
    ];
    for (const [name, file] of sources) {
      execFileSync(
        process.execPath,
        [
          cli,
          'import',
          `${name}:=${file}`,
          '--check-upgrade=false',
          '--save=false',
          '--language',
          'typescript',
          '--output',
          staging,
        ],
        { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
      );
    }
    const stale = [];
    for (const file of fs.readdirSync(staging).sort()) {
      const text = leanImport(fs.readFileSync(path.join(staging, file), 'utf8'), 'import-crds');
      const existing = path.join(target, file);
      if (fs.existsSync(existing) && fs.readFileSync(existing, 'utf8') === text) continue;
      if (check) stale.push(file);
      else fs.writeFileSync(existing, text);
    }
    if (check && stale.length > 0) {
      throw new Error(
        `import-crds: imports/ is not what cdk8s import generates (${stale.join(', ')}); run npm run import:crds and commit the result`,
      );
    }
    if (check) console.log('import-crds: imports/ is up to date');
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
