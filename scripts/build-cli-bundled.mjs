// The dependencies bundled into dist/cli/program.cjs (see build-cli.mjs): commander, and sharp's
// JavaScript with its own dependencies, its native `require` calls pointed at
// src/cli/sharp-native.ts so the addon still comes from the installed sharp. The licences of
// everything bundled are written next to the program.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** The directory holding the package.json of the package `file` belongs to. */
function packageDirOf(file) {
  let dir = dirname(file);
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name) return { dir, name: pkg.name, version: pkg.version, license: pkg.license };
    } catch {
      /* look one level up */
    }
    dir = dirname(dir);
  }
  throw new Error(`no package.json above ${file}`);
}

/** sharp's `require` calls of its native parts: its addon builds and the @img/sharp-* packages. */
const NATIVE_REQUIRE = /\brequire\((?=[`'"](?:@img\/sharp-|\.\.\/src\/build\/))/g;

/**
 * The esbuild plugin: bundles commander and sharp (resolved from `root`) into the program.
 * `bundled` collects the packages that went in, for the licence file.
 */
export function bundledDependencies(root) {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const sharpMain = requireFromRoot.resolve('sharp');
  const sharp = packageDirOf(sharpMain);
  const sharpDist = dirname(sharpMain) + sep;
  const bundled = new Map();
  const plugin = {
    name: 'bundled-dependencies',
    setup(b) {
      // The program's imports of commander (from src/cli/commander.ts).
      b.onResolve({ filter: /^commander$/ }, (args) => {
        if (!args.importer.startsWith(join(root, 'src') + sep)) return undefined;
        return { path: requireFromRoot.resolve('commander') };
      });
      // The placeholder for the bundled sharp becomes the real thing.
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]bundled-sharp\.ts$/ }, () => ({
        contents: `export const bundledSharpVersion = ${JSON.stringify(sharp.version)};
export const loadBundledSharp = () => require(${JSON.stringify(sharpMain)});`,
        loader: 'js',
        resolveDir: sharp.dir,
      }));
      b.onResolve({ filter: /^imagecapture:sharp-native$/ }, () => ({ path: join(root, 'src/cli/sharp-native.ts') }));
      // Inside the bundled packages, bare specifiers resolve as Node would from the importer.
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const builtin = BUILTINS.has(args.path) || args.path.startsWith('node:');
        if (builtin || !args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        return { path: createRequire(args.importer).resolve(args.path) };
      });
      b.onLoad({ filter: /\.(c?js|mjs)$/ }, (args) => {
        if (!args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const pkg = packageDirOf(args.path);
        bundled.set(`${pkg.name}@${pkg.version}`, pkg);
        let contents = readFileSync(args.path, 'utf8');
        if (args.path.startsWith(sharpDist)) {
          const rewritten = contents.replace(NATIVE_REQUIRE, '__sharpNative(');
          if (rewritten !== contents) contents = `const __sharpNative = require("imagecapture:sharp-native").sharpNative;\n${rewritten}`;
          else if (args.path.endsWith(`${sep}sharp.cjs`)) {
            throw new Error(`${args.path} no longer requires its addon as expected; update NATIVE_REQUIRE in build-cli-bundled.mjs`);
          }
        }
        return { contents, loader: 'js' };
      });
    },
  };
  return { plugin, bundled };
}

/** Writes the licence texts of the bundled packages to `file`. */
export function writeLicences(bundled, file) {
  const parts = ['The command line (program.cjs) bundles these packages, under their own licences:\n'];
  for (const [id, pkg] of [...bundled].sort(([a], [b]) => a.localeCompare(b))) {
    const licence = readdirSync(pkg.dir).find((f) => /^licen[cs]e/i.test(f));
    parts.push(`\n${'='.repeat(72)}\n${id} (${pkg.license ?? 'see below'})\n${'='.repeat(72)}\n`);
    parts.push(licence ? readFileSync(join(pkg.dir, licence), 'utf8') : '(no licence file in the package)\n');
  }
  writeFileSync(file, parts.join(''));
}
