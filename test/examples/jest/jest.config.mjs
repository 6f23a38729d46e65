// jest configuration of the example: jsdom, as a browser application's tests usually run, and
// native ES modules (imagecapture is an ES module package: run jest with
// `node --experimental-vm-modules`). The mappings point `imagecapture/testing…` at this
// repository's sources; an application using the published package needs no mapping.
import { fileURLToPath } from 'node:url';

export default {
  rootDir: fileURLToPath(new URL('../../../', import.meta.url)),
  roots: ['<rootDir>/test/examples/jest'],
  testEnvironment: 'jsdom',
  testMatch: ['**/*.spec.js'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '\\.ts$': '<rootDir>/test/examples/jest/esbuild-transform.cjs' },
  moduleNameMapper: {
    '^imagecapture/testing/global$': '<rootDir>/src/entries/testing-global.ts',
    '^imagecapture/testing$': '<rootDir>/src/entries/testing.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
