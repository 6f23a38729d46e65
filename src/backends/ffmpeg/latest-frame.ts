/**
 * The latest frame of an ffmpeg child that writes each frame over one file (`-f image2 -update 1
 * -atomic_writing 1`, in a directory from frame-files.ts). No frame is read unless someone
 * wants frames: then the directory is watched (inotify) and each new file is read once and
 * reported; once nobody waits the watch is closed at the next change in the directory. How many frames ffmpeg has made comes from
 * the short line a frame it writes on stdout, so frame numbers keep counting while nobody reads
 * (counting those lines is all that runs per frame then).
 */
import type { FrameFiles, FrameWatch } from './frame-files.js';

/** Where ffmpeg puts frames: all of them on stdout, or only the latest in a file it replaces. */
export type FrameOutput =
  | { readonly kind: 'pipe' }
  /**
   * `copy`: the input's JPEG frames are passed through as they are, not decoded. `rest`: decoded
   * frames go through the crop that rests (rest.ts), driven by commands on ffmpeg's stdin.
   */
  | { readonly kind: 'file'; readonly path: string; readonly copy?: boolean; readonly rest?: boolean };

/** How a frame file ffmpeg writes is named; the codec decides the extension. */
export const LATEST_RAW = 'latest.yuv';
export const LATEST_JPEG = 'latest.jpg';

/** `produced`: frames ffmpeg made since the previous report (at least 1). */
export type LatestFrameListener = (data: Uint8Array, produced: number) => void;

export class LatestFrame {
  readonly path: string;
  readonly #files: FrameFiles;
  readonly #dir: string;
  readonly #name: string;
  /** Two buffers, so the frame last returned stays valid while the next one is read. */
  readonly #buffers: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  #next = 0;
  #latest: Uint8Array | undefined;
  #identity: number | undefined;
  #watch: FrameWatch | undefined;
  #listener: LatestFrameListener | undefined;
  /** Frames counted so far (reported or not), and the packets ffmpeg has listed. */
  #count = 0;
  #packets = 0;
  #lineStart = true;
  /** A rename noticed, to be handled once the count lines that came with it are read. */
  #pending = false;
  #closed = false;

  constructor(files: FrameFiles, dir: string, name: string) {
    this.#files = files;
    this.#dir = dir;
    this.#name = name;
    this.path = `${dir}/${name}`;
  }

  /** True once ffmpeg has written a frame. */
  get present(): boolean {
    return !this.#closed && this.#files.identity(this.path) !== undefined;
  }

  /**
   * Reads the frame now in the file (`bytes` long; 0: whatever its size). Undefined when there is
   * none yet or its size is not `bytes`. Valid until the next call.
   */
  read(bytes: number): Uint8Array | undefined {
    if (this.#closed) return undefined;
    const identity = this.#files.identity(this.path);
    if (identity === undefined) return undefined;
    if (identity === this.#identity && this.#latest) return this.#latest;
    const slot = this.#next;
    const got = this.#files.read(this.path, bytes > 0 ? (this.#buffers[slot] ??= new Uint8Array(bytes)) : this.#buffers[slot]);
    if (!got || (bytes > 0 && got.length !== bytes)) return undefined;
    this.#buffers[slot] = got.data;
    this.#next = 1 - slot;
    this.#identity = got.identity;
    this.#latest = got.data.subarray(0, got.length);
    return this.#latest;
  }

  /** Reads ffmpeg's frame list (`-f framecrc`: `#` header lines, then one line a frame). */
  packets(chunk: Uint8Array): void {
    let start = this.#lineStart;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (start && c !== 0x23 /* # */ && c !== 0x0a) this.#packets++;
      start = c === 0x0a;
    }
    this.#lineStart = start;
  }

  /**
   * Reports every new frame to `listener` from now on (watching the directory), or stops that
   * (undefined). `bytes` as in read(), negative while the size is not known (nothing is reported
   * then). A frame written since the last one read and not yet seen is reported at once: frames
   * that came while nobody watched (the caller was busy with the one before) are not lost.
   */
  want(listener: LatestFrameListener | undefined, bytes: () => number): void {
    this.#listener = listener;
    if (this.#closed) return;
    // Without a listener the watch stays until the next frame is written (closed then, below):
    // back-to-back reads, where each call waits in turn, keep one watch instead of opening and
    // closing one a frame.
    if (!listener) return;
    this.#watch ??= this.#files.watch(this.#dir, (name) => {
      if (!this.#listener) {
        this.stopWatching();
        return;
      }
      // ffmpeg writes a frame's count line before renaming the frame into place: both are
      // ready now, and the line is read before this runs (same turn of the event loop).
      if (name === this.#name && !this.#pending) {
        this.#pending = true;
        setImmediate(() => {
          this.#pending = false;
          if (this.#listener) this.#arrived(bytes());
        });
      }
    });
    this.#arrived(bytes());
  }

  /** Closes the watch now, and no frame is reported until want() is called again. */
  stopWatching(): void {
    this.#listener = undefined;
    this.#watch?.close();
    this.#watch = undefined;
  }

  #arrived(bytes: number): void {
    if (bytes < 0) return;
    const before = this.#identity;
    const data = this.read(bytes);
    if (!data || this.#identity === before) return;
    const seen = Math.max(this.#count + 1, this.#packets);
    const produced = seen - this.#count;
    this.#count = seen;
    this.#listener?.(data, produced);
  }

  /** Stops watching and removes the directory (once ffmpeg can no longer write to it). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.stopWatching();
    this.#files.remove(this.#dir);
  }
}
