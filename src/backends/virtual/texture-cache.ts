/**
 * A disk cache for the virtual camera's precomputed textures, so a new process (a CLI call, a test
 * file) does not rebuild them: they depend only on the seed and this module's TEXTURE_VERSION.
 *
 * Files live in `$IMAGECAPTURE_CACHE_DIR` (default: `<tmpdir>/imagecapture-cache-<uid>`); setting
 * it to `off` disables the cache. Each file ends with a checksum and is written under a temporary
 * name then renamed, so a torn or foreign file is never used. Any failure just means a rebuild.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Bump when the texture algorithms change, so old files are no longer read. */
export const TEXTURE_VERSION = 2;

/**
 * The directory the package keeps its caches in (these textures, the command line's compiled
 * code): `$IMAGECAPTURE_CACHE_DIR`, undefined when that is `off`, else
 * `<tmpdir>/imagecapture-cache-<uid>`.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.IMAGECAPTURE_CACHE_DIR;
  if (dir === 'off') return undefined;
  if (dir) return dir;
  let uid = 'user';
  try {
    uid = String(userInfo().uid);
  } catch {
    /* no user database: one shared name */
  }
  return join(tmpdir(), `imagecapture-cache-${uid}`);
}

/**
 * The first 32 bits of the bytes' SHA-1: native code, so checking a 1 MB texture costs a
 * millisecond or two at start-up where a loop in JavaScript (still cold then) cost tens.
 */
function checksum(bytes: Uint8Array): number {
  return createHash('sha1').update(bytes).digest().readUInt32LE(0);
}

/** The cached bytes for `key` (exactly `length` long), or what `build()` makes (then stored). */
export function cachedBytes(key: string, length: number, build: () => Uint8Array): Uint8Array {
  const dir = cacheDirectory();
  const file = dir && join(dir, `v${TEXTURE_VERSION}-${key}.bin`);
  if (file) {
    try {
      const buf = readFileSync(file);
      if (buf.length === length + 4) {
        const data = new Uint8Array(buf.buffer, buf.byteOffset, length);
        if (buf.readUInt32LE(length) === checksum(data)) return new Uint8Array(data);
      }
    } catch {
      /* absent or unreadable: build it */
    }
  }
  const data = build();
  if (file && data.length === length) {
    try {
      mkdirSync(dir!, { recursive: true, mode: 0o700 });
      const out = Buffer.allocUnsafe(length + 4);
      out.set(data);
      out.writeUInt32LE(checksum(data), length);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, out, { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      /* a read-only or full disk only costs the next process a rebuild */
    }
  }
  return data;
}
