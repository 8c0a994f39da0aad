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

const ROOT = path.resolve(__dirname, '..');

/** Module name → CRD file name in CRDS_DIR. */
const CRDS = [
  ['backendconfig', 'backendconfig.cloud.google.com.yaml'],
  ['frontendconfig', 'frontendconfig.networking.gke.io.yaml'],
  ['managedcertificate', 'managedcertificate.networking.gke.io.yaml'],
  ['podmonitoring', 'podmonitoring.monitoring.googleapis.com.yaml'],
  ['secretproviderclass', 'secretproviderclass.secrets-store.csi.x-k8s.io.yaml'],
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
  const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'gke-imports-')) : target;
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
          out,
        ],
        { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
      );
    }
    if (check) {
      const stale = compare(out, target);
      if (stale.length > 0) {
        throw new Error(
          `import-crds: imports/ is not what cdk8s import generates (${stale.join(', ')}); run npm run import:crds and commit the result`,
        );
      }
      console.log('import-crds: imports/ is up to date');
    }
  } finally {
    if (check) fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Files of imports/ that another script writes (scripts/import-k8s.js has its own --check). */
const OTHER_GENERATED = new Set(['k8s.ts']);

/** Names of the files that differ between two folders, or exist in only one of them. */
function compare(a, b) {
  const names = new Set([...fs.readdirSync(a), ...fs.readdirSync(b)]);
  return [...names].sort().filter((n) => {
    if (OTHER_GENERATED.has(n)) return false;
    const pa = path.join(a, n);
    const pb = path.join(b, n);
    return (
      !fs.existsSync(pa) || !fs.existsSync(pb) || !fs.readFileSync(pa).equals(fs.readFileSync(pb))
    );
  });
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
