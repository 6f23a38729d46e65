// The `imagecapture` command, made with esbuild after tsc (scripts/build.mjs runs this file):
//   dist/cli/bin.cjs            the bin: a few lines that load the program through the compile cache
//                               (src/cli/code-cache.ts) and run it;
//   dist/cli/program.cjs        the command line and the Node runtime in one CommonJS file, with
//                               commander and sharp's JavaScript bundled in (build-cli-bundled.mjs);
//   dist/cli/render-worker.js   the virtual camera's render thread (found next to the module that
//                               starts it);
//   dist/cli/third-party-licences.txt   the licences of what the program bundles.
// A cold `photo` then reads and compiles one file of the package instead of resolving and loading
// about a hundred modules of ours and seventy of sharp's one by one, and on later runs V8 reads
// its compiled code from the cache instead of compiling it. One file measured about 0.04 s less CPU
// a 1080p `photo` than a dozen shared chunks, with the same `--help` time. Subcommands, the
// runtime and the encoder are still only evaluated when a command needs them. sharp's native addon
// stays in node_modules, loaded from wherever the installed sharp is.
import { build } from 'esbuild';
import { bundledDependencies, writeLicences } from './build-cli-bundled.mjs';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: join(root, 'dist/cli'),
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/** esbuild options for the command line's files in dist/cli/, one set per output format. */
export function cliOptions(dependencies = bundledDependencies(root)) {
  return [
    // The render thread: an ES module, like the rest of the package.
    {
      ...common,
      entryPoints: { 'render-worker': join(root, 'src/backends/virtual/render-worker.ts') },
      format: 'esm',
    },
    // The bin and the program: CommonJS. Node starts a CommonJS bin without setting up its ES
    // module loader, and the bin compiles the program with vm.Script and a code cache. Their
    // import.meta.url (the package root, the render thread, createRequire) is the file's own URL.
    {
      ...common,
      entryPoints: { bin: join(root, 'src/cli/bin.ts'), program: join(root, 'src/cli/program.ts') },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      banner: { js: '"use strict";const __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
      define: { 'import.meta.url': '__importMetaUrl' },
      plugins: [dependencies.plugin],
    },
  ];
}

export async function buildCli() {
  // tsc's one-module-per-file output of the command line is replaced by the bundle.
  rmSync(join(root, 'dist/cli'), { recursive: true, force: true });
  const dependencies = bundledDependencies(root);
  const results = await Promise.all(cliOptions(dependencies).map((options) => build({ ...options, metafile: true })));
  // The bin runs the program with vm.Script, which has no loader for import(): everything the
  // program imports dynamically must be bundled (esbuild turns those into require calls).
  for (const { metafile } of results) {
    for (const [file, output] of Object.entries(metafile.outputs)) {
      if (!file.endsWith('.cjs')) continue;
      const dynamic = output.imports.filter((i) => i.kind === 'dynamic-import' && i.external);
      if (dynamic.length > 0) {
        throw new Error(`${file} imports ${dynamic.map((i) => i.path).join(', ')} with import(): bundle it or require() it`);
      }
    }
  }
  writeLicences(dependencies.bundled, join(root, 'dist/cli/third-party-licences.txt'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
