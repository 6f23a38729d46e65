// The browser testing script, made with esbuild (scripts/build.mjs runs this file after tsc):
// - dist/imagecapture.testing.js   a self-contained, minified IIFE for a <script> tag that
//                                  defines `ImageCaptureTest` and exposes `imagecaptureTesting`
//                                  ({ ImageCaptureTest, ImageCapture, MockImageCapture }).
// Prints its minified+gzipped size.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The same engines as the polyfill bundle (scripts/build-extra.mjs). */
const TARGET = ['es2022', 'chrome94', 'firefox93', 'safari16'];

/** esbuild options for the testing `<script>` (the browser tests build it the same way, in memory). */
export function testingIifeOptions() {
  return {
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
  };
}

export async function buildTesting() {
  const { outputFiles } = await build({ ...testingIifeOptions(), write: false });
  const code = outputFiles[0].contents;
  const out = join(root, 'dist/imagecapture.testing.js');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(`dist/imagecapture.testing.js: ${code.length} bytes, ${gzip} bytes gzipped`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildTesting();
