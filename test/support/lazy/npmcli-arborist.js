// @npmcli/arborist as @pulumi/pulumi requires it (runtime/closure/codePaths.js), loaded on first use.
module.exports = require('./lazy-module')('@npmcli/arborist', '@pulumi/pulumi');
