/**
 * The installed package's root directory (where package.json, demo/ and dist/ are), found from
 * this module's own location: the command line runs from the TypeScript sources (src/cli/), from
 * tsc's output or from the one-file build in dist/cli/, at different depths, so the nearest
 * directory above holding the package's package.json is the answer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directories looked at above this module (src/cli/commands/ is three levels below the root). */
const MAX_DEPTH = 6;

let found: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < MAX_DEPTH; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'imagecapture') return (found = { root: dir, version: pkg.version ?? '0.0.0' });
    } catch {
      /* no package.json here: look one level up */
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Copied somewhere without its package.json: the layout of the published package.
  return (found = { root: join(dirname(fileURLToPath(import.meta.url)), '..', '..'), version: '0.0.0' });
}

/** The package root (absolute path). */
export function packageRoot(): string {
  return locate().root;
}

/** The package's version, from its package.json ("0.0.0" when unreadable). */
export function packageVersion(): string {
  return locate().version;
}
