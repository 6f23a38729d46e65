// The demo page's script (demo/src/main.ts) bundled with esbuild into dist/demo/demo.js. The
// page loads the ponyfill from dist/browser/index.js at run time, so the page shows the very build
// the package ships. `imagecapture demo` serves demo/ and dist/ together.
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER_TARGET, root } from './build-extra.mjs';

/** esbuild options for the page's script (the demo tests build it the same way, in memory). */
export function demoBuildOptions() {
  return {
    entryPoints: [join(root, 'demo/src/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGET,
    outfile: join(root, 'dist/demo/demo.js'),
    legalComments: 'none',
    logLevel: 'warning',
  };
}

export async function buildDemo() {
  await build(demoBuildOptions());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDemo();
}
