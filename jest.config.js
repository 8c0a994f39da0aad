/** Tests run TypeScript through ts-jest without type-checking (isolatedModules in
 * tsconfig.json); `npm run typecheck` checks the types once for the whole project. */
module.exports = {
  testEnvironment: 'node',
  // One worker per core, not jest's default of cores − 1: many suites wait on child processes
  // (kubectl, the cdk8s CLI, writers killed mid-write), so on two cores one worker left the
  // other idle (113 s against 67 s for the whole suite on the 2-core machine).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The aliases of tsconfig.json's `paths`.
  moduleNameMapper: {
    '^gke-platform$': '<rootDir>/lib/index.ts',
    '^gke-platform/infra$': '<rootDir>/lib/infra/index.ts',
    '^#(lib|apps|bench)/(.*)$': '<rootDir>/$1/$2',
  },
};
