/**
 * The `require` sharp's bundled JavaScript uses for its native part (its `.node` addon, the
 * libvips package's `versions`): it resolves from the installed sharp's own package.json, so the
 * addon comes from wherever the package manager put sharp (hoisted or nested), as sharp itself
 * would load it. scripts/build-cli.mjs points sharp's native `require` calls here.
 */
import { createRequire } from 'node:module';

let nativeRequire: NodeJS.Require | undefined;

/** Resolves sharp's native modules from the sharp package whose package.json is `packageJson`. */
export function useSharpPackage(packageJson: string): void {
  nativeRequire = createRequire(packageJson);
}

/** `require(id)` as from the installed sharp package. */
export function sharpNative(id: string): unknown {
  if (!nativeRequire) throw new Error(`sharp's native module ${id} was asked for before the installed sharp was found`);
  return nativeRequire(id);
}
