// The `imagecapture` command as three ES module files, made with esbuild after tsc (scripts/build.mjs
// runs this file): dist/cli/bin.js, the bin (a few lines: it turns on Node's compile cache where
// there is one, then loads the rest, so the rest is cached), dist/cli/program.js, the command
// line and the Node runtime in one file, and dist/cli/render-worker.js, the virtual camera's
// render thread (found next to the module that starts it). A cold `photo` then reads and
// compiles one file of the package instead of resolving and loading about a hundred modules one
// by one, or a dozen shared chunks (one file measured about 0.04 s less CPU a 1080p `photo` than
// chunks, with the same `--help` time). Subcommands, the runtime and the encoder are still only
// evaluated when a command needs them. Dependencies (commander, sharp) stay external, loaded from
// node_modules as installed.
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
    // The bin and the render thread: ES modules, like the rest of the package.
    {
      ...common,
      entryPoints: {
        bin: join(root, 'src/cli/bin.ts'),
        'render-worker': join(root, 'src/backends/virtual/render-worker.ts'),
      },
      format: 'esm',
    },
    // The program: CommonJS, so the bin can compile it with vm.Script and a code cache. Its
    // import.meta.url (the package root, the render thread, createRequire) is this file's URL.
    {
      ...common,
      entryPoints: { program: join(root, 'src/cli/program.ts') },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      banner: { js: 'const __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
      define: { 'import.meta.url': '__importMetaUrl' },
      plugins: [dependencies.plugin],
    },
  ];
}

export async function buildCli() {
  // tsc's one-module-per-file output of the command line is replaced by the bundle.
  rmSync(join(root, 'dist/cli'), { recursive: true, force: true });
  const dependencies = bundledDependencies(root);
  await Promise.all(cliOptions(dependencies).map((options) => build(options)));
  writeLicences(dependencies.bundled, join(root, 'dist/cli/third-party-licences.txt'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
