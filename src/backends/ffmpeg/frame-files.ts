/**
 * Where an ffmpeg child leaves its latest frame when frames are not piped: a private directory
 * in memory (/dev/shm, a tmpfs on Linux) holding one file that ffmpeg replaces atomically with
 * each new frame. Node reads that file only when someone wants a frame, so an open source that
 * nobody reads costs Node nothing per frame. Where no such directory can be made (no /dev/shm:
 * macOS, Windows, some containers) `makeDir()` returns undefined and frames come on a pipe.
 *
 * Each directory is made with mkdtemp (mode 0700: no other user can read the frames) and is
 * removed when its ffmpeg ends, when the source closes, and when this process exits. Its name
 * holds this process's id, so that directories left by a process that was killed (no exit
 * handler ran) are removed by the next process that makes one.
 */
import { accessSync, closeSync, constants, fstatSync, mkdtempSync, openSync, readdirSync, readSync } from 'node:fs';
import { rmSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';

/** A watch on a directory, ended by close(). */
export interface FrameWatch {
  close(): void;
}

/** One read of a frame file: its bytes and the identity of the file (a new one each frame). */
export interface FrameFileRead {
  readonly data: Uint8Array;
  /** Bytes read. */
  readonly length: number;
  /** Changes with every frame ffmpeg writes (each is a new file renamed into place). */
  readonly identity: number;
}

export interface FrameFiles {
  /** A new private directory for one ffmpeg child, or undefined when none can be made here. */
  makeDir(): string | undefined;
  /**
   * Reads the file at `path` into `into` when it fits (else into a new buffer of its size);
   * undefined when there is no such file.
   */
  read(path: string, into: Uint8Array | undefined): FrameFileRead | undefined;
  /** The identity of the file at `path` (see FrameFileRead), or undefined when there is none. */
  identity(path: string): number | undefined;
  /** Calls `onChange` with the name of each entry created, renamed or changed in `dir`. */
  watch(dir: string, onChange: (name: string) => void): FrameWatch;
  /** Removes a directory made by makeDir() and what is in it. */
  remove(dir: string): void;
}

const SHARED_MEMORY = '/dev/shm';
const PREFIX = 'imagecapture-';

/** Directories made and not yet removed, removed at the latest when the process exits. */
const live = new Set<string>();
let exitHook = false;

function removeAll(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  }
  live.clear();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * A directory whose frames are this recent may belong to a live process of another pid namespace
 * (a container sharing /dev/shm), whatever its name says.
 */
const RECENT_MS = 10 * 60_000;

function recentlyWritten(dir: string): boolean {
  try {
    const now = Date.now();
    if (now - statSync(dir).mtimeMs < RECENT_MS) return true;
    return readdirSync(dir).some((name) => now - statSync(join(dir, name)).mtimeMs < RECENT_MS);
  } catch {
    return false;
  }
}

/**
 * Removes the directories of processes that are gone and whose frames are old (ours only:
 * others' cannot be removed).
 */
function sweep(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^imagecapture-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1])) || recentlyWritten(join(base, name))) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
    } catch {
      // Another user's, or already gone.
    }
  }
}

function usable(base: string): boolean {
  try {
    if (!statSync(base).isDirectory()) return false;
    accessSync(base, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Frame files in /dev/shm through node:fs (Linux); none elsewhere. */
export function sharedMemoryFrames(base = SHARED_MEMORY, platform: string = process.platform): FrameFiles {
  let ok: boolean | undefined;
  return {
    makeDir() {
      if (ok === undefined) {
        ok = platform === 'linux' && usable(base);
        if (ok) sweep(base);
      }
      if (!ok) return undefined;
      let dir: string;
      try {
        dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
      } catch {
        return undefined;
      }
      live.add(dir);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', removeAll);
      }
      return dir;
    },
    read(path, into) {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        return undefined;
      }
      try {
        const st = fstatSync(fd);
        const size = st.size;
        const data = into && into.length >= size ? into : new Uint8Array(size);
        let length = 0;
        // Bounded: a file replaced by rename does not change under an open descriptor.
        while (length < size) {
          const n = readSync(fd, data, length, size - length, length);
          if (n <= 0) break;
          length += n;
        }
        return { data, length, identity: st.ino };
      } catch {
        return undefined;
      } finally {
        closeSync(fd);
      }
    },
    identity(path) {
      try {
        return statSync(path).ino;
      } catch {
        return undefined;
      }
    },
    watch(dir, onChange) {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (typeof name === 'string') onChange(name);
      });
      watcher.on('error', () => {});
      return { close: () => watcher.close() };
    },
    remove(dir) {
      live.delete(dir);
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Already gone.
      }
    },
  };
}
