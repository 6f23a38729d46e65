// vitest configuration of the example: the application's tests run under jsdom, as a browser
// application's tests usually do. The aliases point `imagecapture/testing…` at this repository's
// sources; an application using the published package needs no alias.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repo = (path) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const src = (path) => repo(`src/${path}`);

export default defineConfig({
  cacheDir: repo('node_modules/.vite/imagecapture-examples'),
  resolve: {
    alias: [
      { find: /^imagecapture\/testing\/global$/, replacement: src('entries/testing-global.ts') },
      { find: /^imagecapture\/testing$/, replacement: src('entries/testing.ts') },
    ],
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'jsdom',
    include: ['**/*.spec.js'],
  },
});
