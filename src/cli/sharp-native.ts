/**
 * The `require` sharp's bundled JavaScript uses for its native part (its `.node` addon, built in
 * its own src/build/ or from an @img/sharp-* package, and the libvips package's `versions`): it
 * resolves from the installed sharp's entry file, in the folder of the modules that were bundled,
 * so relative and package paths mean what they mean to sharp itself, and the addon comes from
 * wherever the package manager put sharp (hoisted or nested). scripts/build-cli-bundled.mjs points
 * sharp's native `require` calls here.
 */
import { createRequire } from 'node:module';

let nativeRequire: NodeJS.Require | undefined;

/** Resolves sharp's native modules as the module `entry` (the installed sharp's main file) would. */
export function useSharpPackage(entry: string): void {
  nativeRequire = createRequire(entry);
}

/** `require(id)` as from the installed sharp package. */
export function sharpNative(id: string): unknown {
  if (!nativeRequire) throw new Error(`sharp's native module ${id} was asked for before the installed sharp was found`);
  return nativeRequire(id);
}
