/**
 * The package-level consumer tests (npm run test:consumer): pack this repository, install the
 * tarball in fresh projects, compile and run them. Minutes, not seconds, so `npm test` leaves
 * them out (they are *.consumer.ts); .ci/run runs them as a step of their own. The *.e2e.ts
 * files of this folder (kubectl, the cdk8s CLI) drive the repository's own output through
 * those programs and run in `npm run test:e2e`; its *.test.ts files (folder views, the
 * README's blocks) run in `npm test`.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/consumer'],
  testMatch: ['**/*.consumer.ts'],
  transform: require('../../jest.config.js').transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/consumer/global-setup.js',
  globalTeardown: '<rootDir>/test/consumer/global-teardown.js',
  // One consumer at a time: each install and tsc run is CPU-bound.
  maxWorkers: 1,
  testTimeout: 10 * 60 * 1000,
};
