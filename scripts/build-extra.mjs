// Browser builds, made with esbuild after tsc (scripts/build.mjs runs this file):
// - dist/imagecapture.polyfill.js   a self-contained, minified IIFE for a <script> tag: installs
//                                   the polyfill and exposes `imagecapture` ({ ImageCapture, install, installed });
// - dist/browser/index.js           the ponyfill as one ESM file (the "browser" condition of ".");
// - dist/browser/polyfill.js        the polyfill as ESM (the "browser" condition of "./polyfill"),
//                                   sharing its ImageCapture with index.js through a common chunk;
// - dist/browser/legacy.js          the 2013 event API as ESM (the "browser" condition of "./legacy"),
//                                   over the page's ImageCapture or the shared ponyfill;
// - dist/imagecapture.legacy.js     the 2013 event API as a minified IIFE for a <script> tag,
//                                   exposing `imagecaptureLegacy` (it installs no global ImageCapture).
// Prints the IIFE's minified+gzipped size and records it in dist/browser/size.json.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Engines with private brand checks (`#x in o`) and requestVideoFrameCallback-era media APIs. */
export const BROWSER_TARGET = ['es2022', 'chrome94', 'firefox93', 'safari16'];
/** The minified+gzipped size the polyfill bundle must stay under. */
export const SIZE_BUDGET = 14 * 1024;

/** esbuild options for the `<script>` bundle (the test harness builds it the same way, in memory). */
export function polyfillIifeOptions() {
  return {
    entryPoints: [join(root, 'src/entries/browser-polyfill.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'imagecapture',
    platform: 'browser',
    target: BROWSER_TARGET,
    minify: true,
    legalComments: 'none',
    // Interfaces keep their names (ImageCapture.name) through minification.
    keepNames: true,
    logLevel: 'warning',
  };
}

/** esbuild options for the 2013 event API's `<script>` bundle. */
export function legacyIifeOptions() {
  return {
    ...polyfillIifeOptions(),
    entryPoints: [join(root, 'src/entries/browser-legacy.ts')],
    globalName: 'imagecaptureLegacy',
  };
}

/** esbuild options for the ESM builds the package's "browser" export condition points to. */
export function browserEsmOptions() {
  return {
    entryPoints: {
      index: join(root, 'src/entries/browser.ts'),
      polyfill: join(root, 'src/entries/browser-polyfill.ts'),
      legacy: join(root, 'src/entries/browser-legacy.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGET,
    outdir: join(root, 'dist/browser'),
    chunkNames: 'chunks/[name]-[hash]',
    // Interfaces keep their names (ImageCapture.name) through minification.
    keepNames: true,
    logLevel: 'warning',
  };
}

/** Size of `code` minified (as given) and gzipped at the highest level. */
export function gzipSize(code) {
  return gzipSync(code, { level: 9 }).length;
}

export async function buildBrowser() {
  await build(browserEsmOptions());
  const { outputFiles } = await build({ ...polyfillIifeOptions(), write: false });
  const code = outputFiles[0].contents;
  writeFileSync(join(root, 'dist/imagecapture.polyfill.js'), code);
  const size = { file: 'dist/imagecapture.polyfill.js', minified: code.length, gzipped: gzipSize(code), budget: SIZE_BUDGET };
  writeFileSync(join(root, 'dist/browser/size.json'), JSON.stringify(size, null, 2) + '\n');
  const kb = (n) => (n / 1024).toFixed(1) + ' kB';
  console.log(`imagecapture.polyfill.js: ${kb(size.minified)} minified, ${kb(size.gzipped)} gzipped (budget ${kb(SIZE_BUDGET)})`);
  if (size.gzipped > SIZE_BUDGET) console.warn('imagecapture.polyfill.js is over its size budget');
  const legacy = (await build({ ...legacyIifeOptions(), write: false })).outputFiles[0].contents;
  writeFileSync(join(root, 'dist/imagecapture.legacy.js'), legacy);
  console.log(`imagecapture.legacy.js: ${kb(legacy.length)} minified, ${kb(gzipSize(legacy))} gzipped`);
  return size;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBrowser();
}
