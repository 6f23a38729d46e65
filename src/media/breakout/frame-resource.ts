/**
 * The "media resource" a VideoFrame refers to (https://w3c.github.io/webcodecs/#media-resource): pixels in one format with their
 * coded size, shared by reference counting between a frame and its clones, generator sources and
 * processor buffers. When the last reference goes, the pixel buffer may return to a pool, so a
 * processor reading a camera does not allocate a new frame buffer per frame.
 */
import { packedLayout, type PixelFormat, type PixelView, type PlaneRef } from './pixel-format.js';

let live = 0;

/** How many frame resources are referenced now (frames not yet closed). For leak checks. */
export function liveFrameResources(): number {
  return live;
}

export class FrameResource implements PixelView {
  readonly format: PixelFormat;
  readonly codedWidth: number;
  readonly codedHeight: number;
  readonly data: Uint8Array;
  readonly planes: readonly PlaneRef[];
  #refs = 1;
  readonly #onFree: ((data: Uint8Array) => void) | undefined;

  /** Takes ownership of `data`, laid out as `planes` (tightly packed when left out). */
  constructor(
    format: PixelFormat,
    codedWidth: number,
    codedHeight: number,
    data: Uint8Array,
    planes?: readonly PlaneRef[],
    onFree?: (data: Uint8Array) => void,
  ) {
    this.format = format;
    this.codedWidth = codedWidth;
    this.codedHeight = codedHeight;
    this.data = data;
    this.planes = planes ?? packedLayout(format, codedWidth, codedHeight).planes;
    this.#onFree = onFree;
    live++;
  }

  /** A new packed resource of this size and format (zero-filled). */
  static allocate(format: PixelFormat, width: number, height: number): FrameResource {
    const { planes, size } = packedLayout(format, width, height);
    return new FrameResource(format, width, height, new Uint8Array(size), planes);
  }

  get released(): boolean {
    return this.#refs === 0;
  }

  /** Adds a reference (a clone, a generator keeping the latest frame…). */
  retain(): this {
    if (this.#refs === 0) throw new Error('FrameResource: retained after release');
    this.#refs++;
    return this;
  }

  /** Drops a reference; the last one frees the pixels. */
  release(): void {
    if (this.#refs === 0) return;
    if (--this.#refs === 0) {
      live--;
      this.#onFree?.(this.data);
    }
  }
}

/**
 * Buffers of one byte size, kept for reuse. Holds at most `capacity` idle buffers; a size change
 * empties it.
 */
export class BufferPool {
  readonly #capacity: number;
  #size = 0;
  #idle: Uint8Array[] = [];
  /** How many buffers this pool has handed out that it did not have idle (for measurements). */
  misses = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** An idle buffer of exactly `size` bytes, or undefined (the caller allocates and counts a miss). */
  take(size: number): Uint8Array | undefined {
    if (size !== this.#size) {
      this.#size = size;
      this.#idle = [];
    }
    const buffer = this.#idle.pop();
    if (buffer === undefined) this.misses++;
    return buffer;
  }

  give(buffer: Uint8Array): void {
    if (buffer.byteLength === this.#size && this.#idle.length < this.#capacity) this.#idle.push(buffer);
  }

  clear(): void {
    this.#idle = [];
  }
}
