/**
 * Handing frames and photos to the calls waiting for them: each complete source frame is
 * rendered (crop, scale, controls) once into the first waiter's buffer and copied for the rest.
 */
import type { RawFrame, Still } from '../backend.js';
import type { ControlState } from './controls.js';
import { FrameRenderer } from './render.js';
import { Waiters, type FrameWaiter, type PhotoWaiter } from './waiters.js';

/** The size of the source frames, and their layout: I420 as piped (default), or RGBA (decoded JPEG). */
export interface FrameSupplier {
  readonly width: number;
  readonly height: number;
  readonly format?: 'i420' | 'rgba';
}

/** Calls waiting when a frame arrived, to be served from it (at once, or once it is decoded). */
export interface Claimed {
  readonly photos: readonly PhotoWaiter[];
  readonly frames: readonly FrameWaiter[];
}

/** What delivered frames look like now. */
export interface OutputState {
  readonly width: number;
  readonly height: number;
  readonly controls: ControlState | undefined;
}

export class FrameDelivery {
  readonly #waiters: Waiters;
  readonly #renderer: FrameRenderer;
  readonly #photoRenderer: FrameRenderer;
  readonly #pool = new BufferPool();

  /** `onDemand` hears whether any call is waiting for a frame, each time that may change. */
  constructor(fieldOfView: number, onDemand?: (waiting: boolean) => void) {
    this.#waiters = new Waiters(onDemand ? (size) => onDemand(size > 0) : undefined);
    this.#renderer = new FrameRenderer(fieldOfView);
    this.#photoRenderer = new FrameRenderer(fieldOfView);
  }

  /** True while a call waits for a frame or a photo. */
  get waiting(): boolean {
    return this.#waiters.size > 0;
  }

  /** Waits for the next frame delivered (see CameraSource.nextFrame). */
  frame(signal: AbortSignal, out: Uint8Array | undefined, lend = false): Promise<RawFrame> {
    return new Promise<RawFrame>((resolve, reject) => {
      this.#waiters.add({ kind: 'frame', out, lend, resolve, reject }, signal);
    });
  }

  /** Waits for the next full frame and makes a photo of it. */
  photo(signal: AbortSignal, width: number, height: number): Promise<Still> {
    return new Promise<Still>((resolve, reject) => {
      this.#waiters.add({ kind: 'photo', width, height, resolve, reject }, signal);
    });
  }

  /** A photo call answered from the frame on hand: held at once, for serve() or fail(). */
  photoNow(signal: AbortSignal, width: number, height: number): { still: Promise<Still>; claimed: Claimed } {
    let waiter!: PhotoWaiter;
    const still = new Promise<Still>((resolve, reject) => {
      waiter = { kind: 'photo', width, height, resolve, reject };
      this.#waiters.add(waiter, signal);
    });
    this.#waiters.holdOne(waiter);
    return { still, claimed: { photos: [waiter], frames: [] } };
  }

  /** A photo of `data` (a full source frame) at the given size, with the controls. */
  still(
    supplier: FrameSupplier,
    data: Uint8Array,
    width: number,
    height: number,
    controls: ControlState | undefined,
    timestamp: number,
    index: number,
  ): Still {
    const pixels = new Uint8Array(width * height * 4);
    this.#photoRenderer.render(data, supplier.width, supplier.height, pixels, width, height, controls, supplier.format);
    return {
      kind: 'raw',
      frame: { data: pixels, width, height, timestamp, index },
      // Make and model of a file or stream are unknown; the size is the frame's.
      metadata: {
        date: new Date(),
        ...(controls
          ? {
            digitalZoomRatio: controls.zoom,
            whiteBalance: controls.whiteBalanceMode === 'manual' ? ('manual' as const) : ('auto' as const),
          }
          : {}),
      },
    };
  }

  /**
   * A frame is complete: photos are made from it; frame waiters get it when `due` (frame-rate
   * reduction may skip it).
   */
  deliver(supplier: FrameSupplier, data: Uint8Array, output: OutputState, due: () => boolean, timestamp: number, index: number): void {
    this.serve(this.claim(due), supplier, data, output, timestamp, index);
  }

  /**
   * Holds the calls a frame arriving now answers: every photo, and the frame calls when `due`.
   * They are answered by serve() or fail(), unless aborted or rejected by rejectAll() meanwhile.
   */
  claim(due: () => boolean): Claimed {
    const photos = this.#waiters.hold('photo');
    const frames = this.#waiters.has('frame') && due() ? this.#waiters.hold('frame') : [];
    return { photos, frames };
  }

  /** Answers claimed calls from a frame (those still waiting). */
  serve(claimed: Claimed, supplier: FrameSupplier, data: Uint8Array, output: OutputState, timestamp: number, index: number): void {
    for (const p of claimed.photos) {
      if (this.#waiters.release(p)) p.resolve(this.still(supplier, data, p.width, p.height, output.controls, timestamp, index));
    }
    const { width, height } = output;
    const bytes = width * height * 4;
    let first: Uint8Array | undefined;
    for (const w of claimed.frames) {
      if (!this.#waiters.release(w)) continue;
      const lent = w.out?.length !== bytes && w.lend ? this.#pool.take(bytes) : undefined;
      const buffer = lent ?? (w.out?.length === bytes ? w.out : new Uint8Array(bytes));
      if (first) buffer.set(first);
      else this.#renderer.render(data, supplier.width, supplier.height, buffer, width, height, output.controls, supplier.format);
      first ??= buffer;
      const frame = { data: buffer, width, height, timestamp, index };
      w.resolve(lent ? { ...frame, release: this.#pool.returner(lent) } : frame);
    }
  }

  /** Answers a claimed photo call with a still made elsewhere (if it still waits). */
  serveStill(p: PhotoWaiter, still: Still): void {
    if (this.#waiters.release(p)) p.resolve(still);
  }

  /** Rejects claimed calls that are still waiting. */
  fail(claimed: Claimed, reason: () => unknown): void {
    for (const w of [...claimed.photos, ...claimed.frames]) if (this.#waiters.release(w)) w.reject(reason());
  }

  rejectAll(reason: () => unknown): void {
    this.#waiters.rejectAll(reason);
  }
}

/** Frame-rate reduction: which of the frames arriving at the native rate are due at the set rate. */
export class RateReducer {
  #nextDue = -Infinity;

  reset(): void {
    this.#nextDue = -Infinity;
  }

  /** Whether a frame arriving at `now` (ms) is due at `rate`, frames coming at `nativeRate`. */
  due(now: number, rate: number, nativeRate: number): boolean {
    if (rate >= nativeRate - 1e-6) return true;
    const period = 1000 / rate;
    const slack = 500 / nativeRate;
    if (now + slack < this.#nextDue) return false;
    this.#nextDue = now - this.#nextDue > period ? now + period : this.#nextDue + period;
    return true;
  }
}

/** Frame buffers lent to callers (nextFrame's `lend`) and given back; at most a few are kept. */
class BufferPool {
  static readonly KEEP = 3;
  #bytes = 0;
  #free: Uint8Array[] = [];

  take(bytes: number): Uint8Array {
    if (bytes !== this.#bytes) {
      this.#bytes = bytes;
      this.#free = [];
    }
    return this.#free.pop() ?? new Uint8Array(bytes);
  }

  /** The `release` of a lent buffer: once, it goes back to the pool (if still of the pool's size). */
  returner(buffer: Uint8Array): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (buffer.length === this.#bytes && this.#free.length < BufferPool.KEEP) this.#free.push(buffer);
    };
  }
}
