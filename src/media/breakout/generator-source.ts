/**
 * The source behind a MediaStreamTrackGenerator / VideoTrackGenerator track: a CameraSource whose
 * frames are the VideoFrames written to the generator's `writable`. Because it is a CameraSource,
 * VideoTrackImpl, MediaStreamTrackProcessor and ImageCapture work on such tracks unchanged.
 *
 * What it has and lacks as a camera:
 * - its size is the size of the latest frame written (0x0 before the first), its frame rate an
 *   estimate from recent writes (mediacapture-transform, "constrainable properties");
 * - `nextFrame()` (grabFrame) answers with the latest frame written, at once, or waits for the
 *   first one; while muted it waits for a frame written after unmuting;
 * - there is no still-photo pipeline: `takePhoto()` rejects, which ImageCapture reports as
 *   UnknownError (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto); the photo capabilities are the frame size, no
 *   fill light ("off" only) and no red-eye reduction.
 */
import type {
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../../backends/backend.js';
import { type Clock, RealClock } from '../../backends/clock.js';
import { invalidState } from '../../spec/errors.js';
import { orientRGBA, visibleRGBA } from './frame-image.js';
import type { FrameResource } from './frame-resource.js';
import type { Rect } from './pixel-format.js';

/** A frame handed to the source: one reference to `resource` goes with it. */
export interface WrittenFrame {
  readonly resource: FrameResource;
  readonly visible: Rect;
  readonly rotation: number;
  readonly flip: boolean;
  readonly timestamp: number;
  readonly duration: number | null;
}

/** Told about every frame written; it must retain the resource to keep it. */
export type FrameListener = (frame: WrittenFrame) => void;

interface Waiter {
  resolve(frame: WrittenFrame): void;
  reject(reason: unknown): void;
}

/** How many recent write times the frame-rate estimate looks at. */
const RATE_WINDOW = 30;

export class GeneratorSource extends EventTarget implements CameraSource {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  /** This source has no still-photo pipeline: ImageCapture's takePhoto() rejects with UnknownError at once. */
  readonly stillPhoto = false;
  #ended = false;
  #muted = false;
  #latest: WrittenFrame | null = null;
  #count = 0;
  readonly #writeTimes: number[] = [];
  readonly #listeners = new Set<FrameListener>();
  readonly #waiters = new Set<Waiter>();
  readonly #onClose: (() => void) | undefined;

  constructor(options: { clock?: Clock; onClose?: () => void } = {}) {
    super();
    const id = globalThis.crypto.randomUUID();
    this.info = { deviceId: `generator:${id}`, groupId: `generator:${id}`, label: '', backend: 'generator', kindLabel: 'generator' };
    this.clock = options.clock ?? new RealClock();
    this.#onClose = options.onClose;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** VideoTrackGenerator.muted: frames written while muted are dropped; tracks get mute/unmute. */
  setMuted(muted: boolean): void {
    if (this.#ended || muted === this.#muted) return;
    this.#muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }

  /** Takes a written frame (and its reference). Dropped while muted; InvalidStateError once ended. */
  write(frame: WrittenFrame): void {
    if (this.#ended) {
      frame.resource.release();
      throw invalidState('The track has ended; no more frames can be written.');
    }
    if (this.#muted) {
      frame.resource.release();
      return;
    }
    this.#writeTimes.push(this.clock.now());
    if (this.#writeTimes.length > RATE_WINDOW) this.#writeTimes.shift();
    this.#latest?.resource.release();
    this.#latest = frame;
    this.#count++;
    for (const listener of [...this.#listeners]) listener(frame);
    for (const waiter of [...this.#waiters]) waiter.resolve(frame);
  }

  /** Calls `listener` for every frame written from now on; returns the unsubscribe function. */
  subscribe(listener: FrameListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The writable was closed (or aborted): the source ends and its tracks fire 'ended'. */
  end(reason?: unknown): void {
    if (this.#ended) return;
    this.dispatchEvent(new CustomEvent('ended', { detail: reason }));
    this.close();
  }

  #size(): { width: number; height: number } {
    const v = this.#latest?.visible;
    return v === undefined ? { width: 0, height: 0 } : { width: v.width, height: v.height };
  }

  #frameRate(): number {
    const t = this.#writeTimes;
    if (t.length < 2) return 0;
    const span = t[t.length - 1]! - t[0]!;
    return span > 0 ? ((t.length - 1) * 1000) / span : 0;
  }

  capabilities(): SourceCapabilities {
    const { width, height } = this.#size();
    return {
      videoModes: [{ width, height, frameRate: this.#frameRate() }],
      resizeModes: ['none'],
      minFrameRate: 0,
      photo: {
        imageWidth: { min: width, max: width, step: 1 },
        imageHeight: { min: height, max: height, step: 1 },
        fillLightMode: ['off'],
        redEyeReduction: 'never',
      },
    };
  }

  settings(): SourceSettings {
    return { ...this.#size(), frameRate: this.#frameRate(), resizeMode: 'none' };
  }

  /** The only settings selection can choose are the current ones: nothing to change. */
  async configure(): Promise<void> {
    if (this.#ended) throw invalidState('The generator has ended.');
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    const { width, height } = this.#size();
    return { fillLightMode: 'off', imageWidth: width, imageHeight: height, redEyeReduction: false };
  }

  async nextFrame(signal: AbortSignal, out?: Uint8Array): Promise<RawFrame> {
    const frame = this.#latest !== null && !this.#muted ? this.#latest : await this.#nextWrite(signal);
    const px = orientRGBA(visibleRGBA(frame, out), frame.rotation, frame.flip);
    return { data: px.data, width: px.width, height: px.height, timestamp: frame.timestamp, index: this.#count - 1 };
  }

  #nextWrite(signal: AbortSignal): Promise<WrittenFrame> {
    if (this.#ended) return Promise.reject(invalidState('The generator has ended.'));
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<WrittenFrame>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (frame) => {
          done();
          resolve(frame);
        },
        reject: (reason) => {
          done();
          reject(reason);
        },
      };
      const onAbort = (): void => waiter.reject(signal.reason);
      const done = (): void => {
        this.#waiters.delete(waiter);
        signal.removeEventListener('abort', onAbort);
      };
      this.#waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async takePhoto(): Promise<Still> {
    throw new Error('a generator track has no still-photo capture; only grabFrame() can take its frames');
  }

  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#latest?.resource.release();
    this.#latest = null;
    this.#listeners.clear();
    for (const waiter of [...this.#waiters]) waiter.reject(invalidState('The generator has ended.'));
    this.#onClose?.();
  }
}
