// The browser testing builds, made with esbuild (scripts/build.mjs runs this file after tsc):
// - dist/imagecapture.testing.js   a self-contained, minified IIFE for a <script> tag that
//                                  defines `ImageCaptureTest` and `ImageCaptureVirtualCamera` and
//                                  exposes `imagecaptureTesting` ({ ImageCaptureTest, ImageCapture,
//                                  MockImageCapture, ImageCaptureVirtualCamera });
// - dist/browser/testing.js        the same as ESM, defining no global (the "browser" condition
//                                  of "imagecapture/testing").
// The virtual camera's renderer runs in the page, so its texture cache (files in Node) is
// replaced by one that always builds; it also runs in a Web Worker, whose script is bundled
// first and embedded in both builds as a string. Prints the IIFE's minified+gzipped size.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The same engines as the polyfill bundle (scripts/build-extra.mjs). */
const TARGET = ['es2022', 'chrome94', 'firefox93', 'safari16'];

/** Resolves the Node-only texture cache to the page's stand-in. */
const pageTextures = {
  name: 'page-textures',
  setup(b) {
    b.onResolve({ filter: /\/texture-cache\.js$/ }, () => ({ path: join(root, 'src/backends/virtual/texture-cache-off.ts') }));
  },
};

/** The renderer worker's script, minified (embedded as __IMAGECAPTURE_RENDER_WORKER__). */
async function renderWorkerCode() {
  const { outputFiles } = await build({
    entryPoints: [join(root, 'src/testing/browser/render-worker.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    plugins: [pageTextures],
  });
  return outputFiles[0].text;
}

async function defines() {
  return { __IMAGECAPTURE_RENDER_WORKER__: JSON.stringify(await renderWorkerCode()) };
}

/** esbuild options for the testing `<script>` (the browser tests build it the same way, in memory). */
export async function testingIifeOptions() {
  return {
    define: await defines(),
    entryPoints: [join(root, 'src/testing/browser/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'imagecaptureTesting',
    platform: 'browser',
    target: TARGET,
    minify: true,
    legalComments: 'none',
    // Interfaces keep their names (ImageCapture.name) through minification.
    keepNames: true,
    logLevel: 'warning',
    plugins: [pageTextures],
  };
}

/** esbuild options for the ESM module of `imagecapture/testing` in bundled browser tests. */
export async function testingEsmOptions() {
  return {
    define: await defines(),
    entryPoints: { testing: join(root, 'src/entries/browser-testing.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: TARGET,
    outdir: join(root, 'dist/browser'),
    logLevel: 'warning',
    plugins: [pageTextures],
  };
}

export async function buildTesting() {
  const { outputFiles } = await build({ ...(await testingIifeOptions()), write: false });
  const code = outputFiles[0].contents;
  const out = join(root, 'dist/imagecapture.testing.js');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(`dist/imagecapture.testing.js: ${code.length} bytes, ${gzip} bytes gzipped`);
  await build(await testingEsmOptions());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildTesting();
