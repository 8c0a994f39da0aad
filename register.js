/**
 * `node -r gke-platform/register src/synth.ts`: runs a project's TypeScript sources directly,
 * for the inner loop (edit → YAML in about a second). Each `.ts` file is stripped of its types
 * by SWC (`@swc/core`, a devDependency of the project) as it is loaded, and nothing is
 * type-checked: `npm run synth` (tsc), the tests, the editor and CI do that. `isolatedModules`
 * in tsconfig.json is what makes file-by-file stripping safe.
 *
 * The stripped files are kept in node_modules/.cache/gke-platform-swc/ (the node_modules this
 * package is installed in), keyed by a hash of the source and the options, so an edit costs
 * one file's transform, not the whole tree's. Every edit adds a file there (a few KiB);
 * deleting the folder at any time is safe.
 *
 * This repository's own hook (scripts/register-swc.js) is this one plus its path aliases.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, sep } = require('node:path');

/** @swc/core, from the project that runs the hook (or from beside this package). */
function loadSwc() {
  let resolved;
  try {
    resolved = require.resolve('@swc/core', { paths: [process.cwd(), __dirname] });
  } catch {
    process.stderr.write(
      'gke-platform/register: @swc/core is not installed; run `npm install --save-dev @swc/core` (or use `npm run synth`, which compiles with tsc)\n',
    );
    process.exit(1);
  }
  return require(resolved);
}
const { transformSync, version } = loadSwc();

/** The node_modules this file is installed in; in this repository, its own node_modules. */
function nodeModules() {
  const marker = `${sep}node_modules${sep}`;
  const at = __dirname.lastIndexOf(marker);
  return at === -1 ? join(__dirname, 'node_modules') : __dirname.slice(0, at + marker.length - 1);
}
const CACHE = join(nodeModules(), '.cache', 'gke-platform-swc');

// TypeScript's own output for `target: ES2022` and CommonJS, as the project's tsconfig.json
// and its jest transform ask for, without source maps.
const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript' },
    target: 'es2022',
    // tsc's default for ES2022: class fields keep their define semantics.
    transform: { useDefineForClassFields: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};
const OPTIONS_KEY = `${version}\n${JSON.stringify(OPTIONS)}\n`;

/** A TypeScript file's JavaScript: from the cache, or stripped now and cached. */
function javascriptOf(source, filename) {
  const key = createHash('sha256').update(OPTIONS_KEY).update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not stripped yet (or the cache was cleared): strip it now.
  }
  const { code } = transformSync(source, { ...OPTIONS, filename });
  try {
    mkdirSync(CACHE, { recursive: true });
    // Written aside and renamed, so that a concurrent run never reads half a file.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  } catch {
    // A read-only node_modules: strip on every run instead.
  }
  return code;
}

Module._extensions['.ts'] = (module, filename) => {
  module._compile(javascriptOf(readFileSync(filename, 'utf8'), filename), filename);
};

module.exports = { CACHE };
