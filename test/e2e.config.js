/**
 * The end-to-end suites of this repository (npm run test:e2e): the example's output driven
 * through the programs that consume or produce it — kubectl and kustomize of several
 * versions, the cdk8s CLI, synths in child processes under six locales, writers killed
 * mid-write. They spend their time in child processes, so `npm test` (the unit, synth, CLI
 * and Pulumi tests) leaves them out; .ci/run runs them and counts their tests with the rest.
 */
const main = require('../jest.config.js');

module.exports = {
  ...main,
  rootDir: '..',
  testMatch: ['**/*.e2e.ts'],
  // Each test waits on child processes (kubectl, the cdk8s CLI, synths) that run beside the
  // other suites' on a shared machine: a minute each, so a slow moment fails no test.
  testTimeout: 60_000,
};
