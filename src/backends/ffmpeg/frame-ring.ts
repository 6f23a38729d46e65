/**
 * Every frame of a file read as fast as possible, through shared memory instead of a pipe. ffmpeg
 * writes frame N to the file `N.yuv` in a private directory in memory (`-f image2`, numbered,
 * each written as `N.yuv.tmp` and renamed, so a file under its final name is always complete).
 * A second output writes a fixed number of bytes a frame (a gray picture) on stdout: a note.
 * Node reads one note for each frame it takes, and only when someone wants a frame, so what
 * stdout holds (a socket pair under Node: its send buffer, `net.core.wmem_default`) bounds how far
 * ffmpeg runs ahead of the reader; every frame is delivered, none is skipped.
 *
 * Files are used again in place: once frame N is read, its file becomes `(N + ahead).yuv.tmp`,
 * the name ffmpeg will open for a later frame. ffmpeg opens it without truncating
 * (`-protocol_opts truncate=0`) and writes over the same memory pages, which spares the kernel
 * giving a fresh 3 MB of pages to each 1080p frame (most of what a new file a frame costs). When
 * ffmpeg has already gone past that name, the file is simply removed. Which of the two happens
 * never changes what is read: only the rename makes a frame visible.
 */
import { existsSync, linkSync, readFileSync, statfsSync, unlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import type { FrameFileRead, FrameFiles, FrameWatch } from './frame-files.js';

/** Where ffmpeg writes numbered frames and their notes. */
export interface RingOutput {
  readonly kind: 'ring';
  readonly dir: string;
  readonly noteBytes: number;
}

/** The file operations of a frame ring (node:fs in /dev/shm; tests wrap them to count). */
export interface RingFiles {
  /** Bytes in a memory page here. */
  readonly pageSize: number;
  /** Bytes ffmpeg's stdout holds before a write blocks (a pipe: 16 pages; a socket: its send buffer). */
  readonly outputBuffer: number;
  /** A new private directory (as FrameFiles.makeDir), or undefined when none can be made. */
  makeDir(): string | undefined;
  read(path: string, into: Uint8Array | undefined): FrameFileRead | undefined;
  watch(dir: string, onChange: (name: string) => void): FrameWatch;
  /**
   * Gives the file at `path`, just read, the name `next` that ffmpeg will open for a later frame,
   * unless ffmpeg has already made that frame (`next` or `done` exists); then removes `path`.
   * True when the file was kept for ffmpeg.
   */
  recycle(path: string, next: string, done: string): boolean;
  remove(dir: string): void;
  /** Bytes that can still be written in `dir` (Infinity when unknown). */
  room(dir: string): number;
}

/** What the ring reads notes from: the child's stdout (a Node Readable is one). */
export interface NoteSource {
  read(size: number): Uint8Array | null;
  on(event: 'readable', listener: () => void): unknown;
  readonly readableHighWaterMark?: number;
}

/** The width of a note picture (gray, one byte a pixel); its height makes up the note's bytes. */
const NOTE_WIDTH = 512;
/** Bytes Node may read from a pipe in one go, beyond what its stream buffers. */
const READ_CHUNK = 65_536;

/**
 * A note is 32 pages (128 KiB with 4 KiB pages): big enough that few fit in stdout's buffer and
 * Node's stream, small beside a frame (a 1080p frame is 3 MB).
 */
export function noteBytesFor(pageSize: number): number {
  return 32 * pageSize;
}

/**
 * How many frames ahead of the reader a file is handed back: more than ffmpeg can run ahead (the
 * notes stdout's buffer holds, those Node's stream holds and one read chunk, one being written,
 * one in ffmpeg).
 */
export function aheadFor(outputBuffer: number, noteBytes: number, highWaterMark = 65_536): number {
  const buffered = outputBuffer + Math.max(highWaterMark, noteBytes) + READ_CHUNK;
  return Math.ceil(buffered / noteBytes) + 3;
}

/**
 * Whether this ffmpeg's image2 muxer takes `-atomic_writing` and `-protocol_opts` (4.4 and later;
 * a build without a version number is taken to be recent).
 */
export function ringSupported(version: readonly [number, number]): boolean {
  const [major, minor] = version;
  return major === 0 || major > 4 || (major === 4 && minor >= 4);
}

/** The ffmpeg output arguments of a ring: the frames (after `frame`, e.g. `-s`), then the notes. */
export function ringArgs(output: RingOutput, frame: readonly string[], note: readonly string[]): string[] {
  const height = output.noteBytes / NOTE_WIDTH;
  // The note is a 2x2 corner (cut without copying) blown up to a fixed size: cheap at any frame size.
  const picture = `crop=w=min(iw\\,2):h=min(ih\\,2):x=0:y=0,scale=${NOTE_WIDTH}:${height}:flags=neighbor,format=gray`;
  return [
    ...frame, '-pix_fmt', 'yuv420p', '-c:v', 'rawvideo',
    '-f', 'image2', '-atomic_writing', '1', '-protocol_opts', 'truncate=0', '-y', `${output.dir}/%d.yuv`,
    ...note, '-vf', picture, '-c:v', 'rawvideo', '-f', 'rawvideo', '-avioflags', 'direct', 'pipe:1',
  ];
}

const frameName = (n: number): string => `${n}.yuv`;

/** `produced` is always 1: no frame is skipped. */
export type RingListener = (data: Uint8Array, produced: number) => void;

/**
 * A ring for frames of `frameBytes` in a new directory of `files`, or undefined when none can be
 * made or there is not room for the most files it may hold at once (a small /dev/shm, such as a
 * container's 64 MB, and large frames): frames are then piped.
 */
export function makeFrameRing(files: RingFiles, frameBytes: number): FrameRing | undefined {
  const dir = files.makeDir();
  if (dir === undefined) return undefined;
  const ring = new FrameRing(files, dir, frameBytes);
  if (files.room(dir) >= ring.mostFiles * frameBytes) return ring;
  ring.close();
  return undefined;
}

export class FrameRing {
  readonly dir: string;
  readonly noteBytes: number;
  /** How many frames ahead a file read is handed back to ffmpeg. */
  readonly ahead: number;
  readonly #files: RingFiles;
  readonly #frameBytes: number;
  #notes: NoteSource | undefined;
  #listener: RingListener | undefined;
  /** Frames taken so far; the one whose note is read and whose file is awaited. */
  #count = 0;
  #pending: number | undefined;
  #watch: FrameWatch | undefined;
  /** Two buffers, so the frame last returned stays valid while the next one is read. */
  readonly #buffers: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  #slot = 0;
  #latest: Uint8Array | undefined;
  #exited = false;
  #closed = false;
  #pumping = false;

  /** `frameBytes`: of each frame file (I420). */
  constructor(files: RingFiles, dir: string, frameBytes: number) {
    this.#files = files;
    this.dir = dir;
    this.#frameBytes = frameBytes;
    this.noteBytes = noteBytesFor(files.pageSize);
    this.ahead = aheadFor(files.outputBuffer, this.noteBytes);
  }

  /**
   * The most frame files alive at once: those handed back (`ahead`) and those ffmpeg has made
   * and nobody has read yet (fewer than `ahead`).
   */
  get mostFiles(): number {
    return 2 * this.ahead;
  }

  get output(): RingOutput {
    return { kind: 'ring', dir: this.dir, noteBytes: this.noteBytes };
  }

  /** The last frame taken (valid until the next one is taken). */
  get latest(): Uint8Array | undefined {
    return this.#closed ? undefined : this.#latest;
  }

  /** Frames taken so far. */
  get count(): number {
    return this.#count;
  }

  /** Reads notes from `notes` (ffmpeg's stdout), only as frames are wanted. */
  attach(notes: NoteSource): void {
    this.#notes = notes;
    notes.on('readable', () => this.#pump());
  }

  /** Hands each frame to `listener` from now on, as fast as they come, or stops (undefined). */
  want(listener: RingListener | undefined): void {
    this.#listener = listener;
    if (listener) this.#pump();
  }

  /** ffmpeg has exited: a frame whose note came and whose file is missing will never come. */
  exited(): void {
    this.#exited = true;
    this.#pump();
  }

  /** Stops and removes the directory (once ffmpeg can no longer write to it). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener = undefined;
    this.#closeWatch();
    this.#files.remove(this.dir);
  }

  #pump(): void {
    // The listener may call want() (to stop, or with another listener): the loop here goes on.
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    try {
      while (this.#listener && !this.#closed) {
        if (this.#pending === undefined) {
          const note = this.#notes?.read(this.noteBytes);
          // A note cut short can only be the last bytes of a killed ffmpeg: no frame.
          if (!note || note.length < this.noteBytes) return;
          this.#pending = this.#count + 1;
        }
        const n = this.#pending;
        const data = this.#take(n);
        if (data === undefined) {
          if (!this.#exited) {
            if (this.#watch) return;
            // The note came before the file was renamed into place: watch for the rename (and
            // look once more, in case it happened before the watch began).
            this.#watch = this.#files.watch(this.dir, (name) => {
              if (name === frameName(this.#pending ?? -1)) this.#pump();
            });
            continue;
          }
        }
        this.#closeWatch();
        this.#pending = undefined;
        this.#count = n;
        if (data) this.#listener(data, 1);
      }
    } finally {
      this.#pumping = false;
    }
  }

  /**
   * Reads frame `n` and hands its file back to ffmpeg. Undefined while it is not there; null when
   * it is not a whole frame (none is delivered for it).
   */
  #take(n: number): Uint8Array | null | undefined {
    const path = `${this.dir}/${frameName(n)}`;
    const slot = this.#slot;
    const got = this.#files.read(path, (this.#buffers[slot] ??= new Uint8Array(this.#frameBytes)));
    if (!got) return undefined;
    const next = `${this.dir}/${frameName(n + this.ahead)}`;
    this.#files.recycle(path, `${next}.tmp`, next);
    if (got.length !== this.#frameBytes) return null;
    this.#buffers[slot] = got.data;
    this.#slot = 1 - slot;
    this.#latest = got.data.subarray(0, got.length);
    return this.#latest;
  }

  #closeWatch(): void {
    this.#watch?.close();
    this.#watch = undefined;
  }
}

/** The page size of this process, from the auxiliary vector (Linux); 4096 when unknown. */
function pageSize(): number {
  try {
    const aux = readFileSync('/proc/self/auxv');
    const wide = !['arm', 'ia32', 'mips', 'mipsel', 'ppc'].includes(process.arch);
    const step = wide ? 8 : 4;
    const le = endianness() === 'LE';
    const word = (at: number): number =>
      wide ? Number(le ? aux.readBigUInt64LE(at) : aux.readBigUInt64BE(at)) : le ? aux.readUInt32LE(at) : aux.readUInt32BE(at);
    for (let at = 0; at + 2 * step <= aux.length; at += 2 * step) {
      const type = word(at);
      if (type === 0) break;
      // AT_PAGESZ
      if (type === 6) return word(at + step);
    }
  } catch {
    // Not Linux, or /proc is not mounted.
  }
  return 4096;
}

/** What a Unix socket pair (a child's stdout under Node) holds before a write blocks. */
function socketBuffer(page: number): number {
  try {
    const bytes = Number(readFileSync('/proc/sys/net/core/wmem_default', 'utf8'));
    if (Number.isFinite(bytes) && bytes > 0) return Math.max(bytes, 16 * page);
  } catch {
    // Not Linux.
  }
  return 16 * page;
}

/** The ring's files in the frame-file directories of `frames` (/dev/shm), through node:fs. */
export function sharedMemoryRing(frames: FrameFiles): RingFiles {
  let page: number | undefined;
  let buffer: number | undefined;
  return {
    get pageSize() {
      return (page ??= pageSize());
    },
    get outputBuffer() {
      return (buffer ??= socketBuffer(this.pageSize));
    },
    makeDir: () => frames.makeDir(),
    read: (path, into) => frames.read(path, into),
    watch: (dir, onChange) => frames.watch(dir, onChange),
    remove: (dir) => frames.remove(dir),
    room(dir) {
      try {
        const st = statfsSync(dir);
        return st.bavail * st.bsize;
      } catch {
        return Infinity;
      }
    },
    recycle(path, next, done) {
      let kept = false;
      try {
        // link() fails (EEXIST) when ffmpeg has opened `next` already. When it succeeds, ffmpeg
        // either has not reached that frame (and will write into this file) or has renamed it to
        // `done` already (and will never open `next` again): then the link is undone.
        linkSync(path, next);
        kept = !existsSync(done);
        if (!kept) unlinkSync(next);
      } catch {
        // Made by ffmpeg already, or the directory is gone (closed): nothing to hand back.
      }
      try {
        unlinkSync(path);
      } catch {
        // Gone with its directory.
      }
      return kept;
    },
  };
}
