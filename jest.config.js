/** Tests run TypeScript through ts-jest without type-checking (isolatedModules in
 * tsconfig.json); `npm run typecheck` checks the types once for the whole project. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
