/** Tests run TypeScript through SWC (@swc/jest), which strips the types file by file without
 * checking them (as isolatedModules in tsconfig.json promises is safe); `npm run typecheck`
 * checks the types once for the whole project. The same transform serves the consumer tests
 * (test/consumer/jest.config.js). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      // tsconfig.json's target and module; ES2022 class fields keep their define semantics
      // (useDefineForClassFields, tsc's default for that target).
      jsc: {
        parser: { syntax: 'typescript' },
        target: 'es2022',
        transform: { useDefineForClassFields: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

module.exports = {
  // Jest's node environment with a Map shared by the test files of one worker (see there).
  testEnvironment: '<rootDir>/test/support/environment.js',
  // One worker per core, not jest's default of cores − 1: many suites wait on child processes
  // (kubectl, the cdk8s CLI, writers killed mid-write), so on two cores one worker left the
  // other idle (113 s against 67 s for the whole suite on the 2-core machine).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // The schema validators compiled once per worker, not once per test file (see there).
    '^\\./schema-validators$': '<rootDir>/test/support/per-worker-schema-validators.ts',
    // Loaded by Pulumi at start-up for closure serialization only: loaded on first use (see there).
    '^@npmcli/arborist$': '<rootDir>/test/support/lazy/npmcli-arborist.js',
    '^\\.\\./\\.\\./typescript-shim$': '<rootDir>/test/support/lazy/pulumi-typescript-shim.js',
    // The aliases of tsconfig.json's `paths`.
    '^gke-platform$': '<rootDir>/lib/index.ts',
    '^gke-platform/infra$': '<rootDir>/lib/infra/index.ts',
    '^#(lib|apps|bench)/(.*)$': '<rootDir>/$1/$2',
  },
};
