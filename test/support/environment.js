/**
 * The test environment of `npm test`: jest's node environment, plus one Map per jest worker
 * process that every test file the worker runs can read as `globalThis.__gkePlatformPerWorker`.
 * Jest gives each test file a fresh module registry, so without it each file would compile the
 * same schema validators again; test/support/per-worker-schema-validators.ts keeps them here.
 * (This module is loaded by jest itself, outside the test files' registries, so `perWorker`
 * lives as long as the worker.)
 */
const { TestEnvironment } = require('jest-environment-node');

const perWorker = new Map();

module.exports = class PerWorkerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__gkePlatformPerWorker = perWorker;
  }
};
