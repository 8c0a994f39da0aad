/**
 * Exports that load a module on first use instead of when it is required. Jest gives every
 * test file its own module registry, so what a file requires it loads again; two modules that
 * Pulumi loads at start-up only to serialize closures (which no test does under mocks) were a
 * second of every Pulumi test file: TypeScript (its parser) and @npmcli/arborist. jest.config.js
 * maps Pulumi's requires of them here. The first property read loads the real module, as
 * Pulumi would have, in the same registry.
 */
const { createRequire } = require('node:module');

/** The module `request` as `requiredBy` (a package name or a file) resolves it, loaded lazily. */
module.exports = function lazyModule(request, requiredBy) {
  const from = requiredBy.startsWith('/')
    ? requiredBy
    : createRequire(__filename).resolve(`${requiredBy}/package.json`);
  const file = createRequire(from).resolve(request);
  let real;
  const load = () => {
    if (real === undefined) real = require(file);
    return real;
  };
  return new Proxy(
    {},
    {
      get(_, key) {
        // As an ES module to TypeScript's and SWC's interop helpers: they use the object as it
        // is instead of copying (and so loading) every export.
        if (key === '__esModule') return true;
        const exports = load();
        return key === 'default' && !('default' in exports) ? exports : exports[key];
      },
      has: (_, key) => key in load(),
    },
  );
};
