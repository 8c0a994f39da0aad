#!/usr/bin/env node
/**
 * The build that `npm pack` and `npm publish` run (package.json `prepack`): empties build/
 * and compiles again, so the tarball holds exactly the JavaScript and .d.ts of the sources
 * as they are, never a file left behind by a source since deleted or renamed.
 *
 *   node scripts/build-package.js
 *
 * It builds everything tsconfig.build.json builds (apps/ and bench/ too, which `files` in
 * package.json leaves out of the tarball), so that cdk8s.yaml's and Pulumi.yaml's
 * build/apps stays in step with build/lib after a pack.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function main() {
  fs.rmSync(path.join(ROOT, 'build'), { recursive: true, force: true });
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    throw new Error(
      'build-package: TypeScript is not installed; run `npm ci` first (packing compiles lib/ with the devDependencies)',
    );
  }
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  for (const entry of ['build/lib/index.js', 'build/lib/infra/index.d.ts']) {
    if (!fs.existsSync(path.join(ROOT, entry))) {
      throw new Error(`build-package: ${entry} is missing after the build`);
    }
  }
}

try {
  main();
} catch (err) {
  // tsc prints its own diagnostics; its exit is an Error without a useful message of ours.
  console.error(err.status === undefined ? err.message : 'build-package: tsc failed');
  process.exit(1);
}
