/**
 * Packs this repository once for every consumer test, as `npm pack` does for a publish (so
 * `prepack` builds first), into a temporary folder that the tests find in
 * GKE_PLATFORM_PACK_DIR. With GKE_PLATFORM_TARBALL set, it uses that tarball instead.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-platform-consumer-'));
  process.env.GKE_PLATFORM_PACK_DIR = dir;
  const start = process.hrtime.bigint();
  if (process.env.GKE_PLATFORM_TARBALL) {
    fs.copyFileSync(
      process.env.GKE_PLATFORM_TARBALL,
      path.join(dir, path.basename(process.env.GKE_PLATFORM_TARBALL)),
    );
  } else {
    execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.appendFileSync(
    path.join(dir, 'timings.jsonl'),
    `${JSON.stringify({ step: 'npm pack (prepack: clean build)', seconds })}\n`,
  );
};
