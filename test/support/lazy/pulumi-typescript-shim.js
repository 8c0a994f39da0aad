// @pulumi/pulumi's typescript-shim.js (TypeScript, for runtime/closure/parseFunction.js), loaded
// on first use.
const { dirname, join } = require('node:path');
const { createRequire } = require('node:module');

const pulumi = dirname(createRequire(__filename).resolve('@pulumi/pulumi/package.json'));
module.exports = require('./lazy-module')(
  join(pulumi, 'typescript-shim.js'),
  join(pulumi, 'index.js'),
);
