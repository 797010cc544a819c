/**
 * Unit tests of the web app's pure functions (formatters, shapers, URL filters).
 * Jest runs in native ESM mode like the server's; TypeScript through @swc/jest.
 */
const swc = {
  jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
  module: { type: 'es6' },
};

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', swc] },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
