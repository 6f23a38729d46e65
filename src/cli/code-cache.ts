/**
 * A compile cache for the command line's program file that works on every supported Node (20 has
 * no `module.enableCompileCache`): the CommonJS program is compiled with `vm.Script` and V8's code
 * cache for it is kept on disk, so later runs skip parsing and compiling what the earlier run used.
 *
 * The cache is made after a command has run (`save()`), so it holds the functions that command
 * compiled lazily, not only the top level; each command name has its own file. Files live in
 * `$IMAGECAPTURE_CACHE_DIR` (default `<tmpdir>/imagecapture-cache-<uid>`, the directory the
 * virtual camera keeps its textures in; `off` turns the cache off). A file's name is a hash of the
 * program's text, the command name and the Node, V8 and CPU that made it, and its payload is
 * checked against a SHA-1 before V8 sees it. Compiled code is only read from a directory this user
 * owns and nobody else may write to. A missing, torn, foreign or rejected file, or a directory that
 * cannot be written, only means the program is compiled as it would be without a cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDirectory } from '../backends/virtual/texture-cache.js';

/** What happened to the cache when the program was loaded. */
export type CodeCacheStatus = 'hit' | 'miss' | 'rejected' | 'off';

export interface CachedProgram {
  /** The program's `module.exports`. */
  readonly exports: Record<string, unknown>;
  readonly status: CodeCacheStatus;
  /** The cache file used or to be written (absent when the cache is off). */
  readonly file: string | undefined;
  /**
   * After the run: writes V8's code cache when there was none or V8 rejected it. Never throws;
   * resolves false when nothing was written.
   */
  save(): boolean;
}

const MAGIC = Buffer.from('imagecapture code cache 1\n');
const DIGEST_BYTES = 20;
/** Cache files of other programs or commands kept beside the current one (older ones are removed). */
const KEEP_OTHERS = 12;

/** `$IMAGECAPTURE_CACHE_DIR`, `off` (undefined), or `<tmpdir>/imagecapture-cache-<uid>`: the textures' directory. */
export const codeCacheDir = cacheDirectory;

/**
 * True when `dir` is a directory owned by this user that no one else can write to, so compiled
 * code found there was put there by this user. On systems without POSIX owners, any directory.
 */
export function trustedDirectory(dir: string): boolean {
  try {
    const info = statSync(dir);
    if (!info.isDirectory()) return false;
    const uid = process.getuid?.();
    if (uid === undefined) return true;
    return info.uid === uid && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

/**
 * The cache file's name for this program text, command and runtime. V8 flags (from the command
 * line or NODE_OPTIONS) are part of it: V8 rejects code made under other flags, so runs with and
 * without them keep separate files instead of replacing each other's.
 */
function cacheName(source: string, name: string): string {
  const flags = `${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`;
  const key = createHash('sha256')
    .update(`${process.version}\0${process.versions.v8}\0${process.arch}\0${flags}\0${name}\0`)
    .update(source)
    .digest('hex')
    .slice(0, 32);
  return `code-${name}-${key}.bin`;
}

/** The payload of a cache file, or undefined when it is absent, torn or not one of ours. */
function readCacheFile(file: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = MAGIC.length + DIGEST_BYTES;
  if (buf.length <= head || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = buf.subarray(head);
  return sha1(payload).equals(buf.subarray(MAGIC.length, head)) ? payload : undefined;
}

/** Removes the oldest cache files of other programs and commands beyond KEEP_OTHERS. */
function prune(dir: string, current: string): void {
  const others: { file: string; mtime: number }[] = [];
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith('code-') || !entry.endsWith('.bin') || entry === current) continue;
    try {
      others.push({ file: join(dir, entry), mtime: statSync(join(dir, entry)).mtimeMs });
    } catch {
      /* removed meanwhile */
    }
  }
  others.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of others.slice(KEEP_OTHERS)) {
    try {
      unlinkSync(file);
    } catch {
      /* another process removed it */
    }
  }
}

/** Writes `data` to `file` under a temporary name then renames it. Throws on any failure. */
function writeCacheFile(dir: string, file: string, data: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!trustedDirectory(dir)) throw new Error(`${dir} can be written by other users`);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([MAGIC, sha1(data), data]), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    throw err;
  }
}

/**
 * Loads the CommonJS file `file` as Node's own loader would (same wrapper, `require` from its
 * place), compiled with the code cache of the command `name` from `dir` (see codeCacheDir();
 * undefined: no cache) when there is a usable one.
 */
export function requireCached(file: string, name: string, dir: string | undefined): CachedProgram {
  const source = readFileSync(file, 'utf8');
  const safeName = name.replace(/[^a-z0-9-]/gi, '_').slice(0, 40) || 'none';
  const cacheFile = dir === undefined ? undefined : join(dir, cacheName(source, safeName));
  const cachedData = cacheFile && trustedDirectory(dir!) ? readCacheFile(cacheFile) : undefined;
  // The same wrapper as Node's CommonJS loader (require('node:module').wrap), so line numbers hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const status: CodeCacheStatus = cacheFile === undefined ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let saved = false;
  return {
    exports: module.exports,
    status,
    file: cacheFile,
    save(): boolean {
      if (saved || cacheFile === undefined || status === 'hit') return false;
      saved = true;
      try {
        writeCacheFile(dir!, cacheFile, script.createCachedData());
      } catch {
        return false; // a read-only, full or shared directory: the next run compiles again
      }
      try {
        prune(dir!, cacheName(source, safeName));
      } catch {
        /* the old files stay */
      }
      return true;
    },
  };
}
