/**
 * A require hook for the inner loop: `node -r ./scripts/register-swc.js apps/synth.ts` runs
 * the TypeScript sources directly. It is the package's own hook (register.js, which a project
 * runs as `node -r gke-platform/register`: every `.ts` file stripped of its types by SWC as it
 * is loaded, cached in node_modules/.cache/gke-platform-swc/, nothing type-checked), plus
 * this repository's path aliases: tsconfig.json's `paths`, mapped as jest.config.js maps them.
 */
const Module = require('node:module');
const { join, resolve } = require('node:path');
require('../register');

const ROOT = resolve(__dirname, '..');

// tsconfig.json's `paths`: the package's entry points and the folder aliases.
const ALIASES = {
  'gke-platform': join(ROOT, 'lib', 'index.ts'),
  'gke-platform/infra': join(ROOT, 'lib', 'infra', 'index.ts'),
};
const FOLDER_ALIAS = /^#(lib|apps|bench)\/(.*)$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const folder = FOLDER_ALIAS.exec(request);
  const aliased = ALIASES[request] ?? (folder && join(ROOT, folder[1], folder[2]));
  return resolveFilename.call(this, aliased ?? request, ...rest);
};
