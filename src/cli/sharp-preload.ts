/**
 * Loading sharp quickly for a command that encodes. sharp's own loader resolves and compiles
 * about seventy CommonJS files (its modules, semver, detect-libc, a colour library) on each start
 * of the command line; the build bundles that JavaScript into the program file, where the code
 * cache covers it, and only the native addon is loaded from the installed package.
 *
 * The bundled JavaScript is used only when the sharp the encoder would load (resolved from here,
 * exactly as `require('sharp')` in encode/node.ts) is the version that was bundled; it is then
 * registered in `require.cache` under that sharp's entry file, so the encoder's `require('sharp')`
 * returns it. Otherwise, or when the native part cannot be loaded, nothing is registered and the
 * encoder loads the installed sharp as usual (which reports a missing native part in its own words).
 */
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledSharpVersion, loadBundledSharp } from './bundled-sharp.js';
import { useSharpPackage } from './sharp-native.js';

export interface InstalledSharp {
  /** The file `require('sharp')` loads. */
  readonly main: string;
  readonly packageJson: string;
  readonly version: string;
}

/** The sharp package `require('sharp')` finds from `from` (a file path or URL), if any. */
export function installedSharp(from: string): InstalledSharp | undefined {
  let main: string;
  try {
    main = createRequire(from).resolve('sharp');
  } catch {
    return undefined;
  }
  let dir = dirname(main);
  for (let i = 0; i < 4; i++) {
    const packageJson = join(dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'sharp' && typeof pkg.version === 'string') return { main, packageJson, version: pkg.version };
    } catch {
      /* no package.json at this level */
    }
    dir = dirname(dir);
  }
  return undefined;
}

let failed = false;

/** How sharp will be loaded: 'bundled' (registered now), 'installed' (its own loader), or 'loaded' already. */
export type SharpPreload = 'bundled' | 'installed' | 'loaded';

/**
 * Registers the bundled sharp for `require('sharp')` from `from` when the installed sharp there is
 * the bundled version and its native part loads. Never throws.
 */
export function preloadSharp(from: string = import.meta.url): SharpPreload {
  // A bundled module that threw once keeps what it had set up: it is never evaluated again.
  if (failed) return 'installed';
  if (!loadBundledSharp || !bundledSharpVersion) return 'installed';
  const found = installedSharp(from);
  if (!found || found.version !== bundledSharpVersion) return 'installed';
  const cache = createRequire(from).cache;
  if (cache[found.main]) return 'loaded';
  let exports: unknown;
  try {
    useSharpPackage(found.main);
    exports = loadBundledSharp();
  } catch {
    failed = true;
    return 'installed';
  }
  const entry = new Module(found.main);
  entry.filename = found.main;
  entry.exports = exports;
  entry.loaded = true;
  cache[found.main] = entry;
  return 'bundled';
}
