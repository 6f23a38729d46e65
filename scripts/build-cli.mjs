// The `imagecapture` command as a few ES modules, made with esbuild after tsc (scripts/build.mjs
// runs this file): dist/cli/bin.js (the bin), dist/cli/render-worker.js (the virtual camera's
// render thread, found next to the module that starts it) and the chunks they share, which hold
// the command line and the Node runtime. A cold start then reads and compiles a handful of files
// instead of resolving and loading about a hundred modules one by one. Dependencies (commander,
// sharp) stay external, loaded from node_modules as installed; each subcommand, the runtime and
// the encoder stay dynamic imports, so `--help` loads none of them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options for the command line's files in dist/cli/. */
export function cliOptions() {
  return {
    entryPoints: {
      bin: join(root, 'src/cli/bin.ts'),
      'render-worker': join(root, 'src/backends/virtual/render-worker.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: join(root, 'dist/cli'),
    // Chunks sit next to bin.js, so every module of the command is at the same depth.
    chunkNames: '[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  };
}

export async function buildCli() {
  // tsc's one-module-per-file output of the command line is replaced by the bundle.
  rmSync(join(root, 'dist/cli'), { recursive: true, force: true });
  await build(cliOptions());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
