/**
 * A require hook for the inner loop: `node -r ./scripts/register-swc.js apps/synth.ts` runs
 * the TypeScript sources directly. Each `.ts` file is stripped of its types by SWC (the
 * transform jest.config.js uses, with tsconfig.json's target and module) as it is loaded, and
 * nothing is type-checked: `npm run typecheck`, `npm test`, the editor and CI do that.
 * tsconfig.json's `isolatedModules` is what makes file-by-file stripping safe.
 *
 * The stripped files are kept in node_modules/.cache/gke-platform-swc/, keyed by a hash of
 * the source and the options, so an edit costs one file's transform, not the whole tree's.
 * Every edit adds a file there (a few KiB); deleting the folder at any time is safe.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { transformSync, version } = require('@swc/core');

const ROOT = resolve(__dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'gke-platform-swc');

// The options of jest.config.js's transform, without its inline source maps.
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

// tsconfig.json's `paths`: the package's entry points and the folder aliases.
const ALIASES = {
  'gke-platform': join(ROOT, 'lib', 'index.ts'),
  'gke-platform/infra': join(ROOT, 'lib', 'infra', 'index.ts'),
};
const FOLDER_ALIAS = /^#(lib|apps|bench)\/(.*)$/;

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

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const folder = FOLDER_ALIAS.exec(request);
  const aliased = ALIASES[request] ?? (folder && join(ROOT, folder[1], folder[2]));
  return resolveFilename.call(this, aliased ?? request, ...rest);
};
