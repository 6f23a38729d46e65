/**
 * Where a MediaStreamTrackProcessor gets its chunks: one feed per kind of source.
 * - CameraFeed: asks a CameraSource for frame after frame at the source's own pace (so frames
 *   are produced whether or not anyone reads, as a live camera does), lent by the source without
 *   a copy when it can (the virtual camera), else filled into pooled buffers; either way they
 *   come back when the frames are closed;
 * - GeneratorFeed: the frames written to a generator, passed on without copying;
 * - MicrophoneFeed: chunk after chunk from a MicrophoneSource, as AudioData.
 * A disabled track delivers black frames and silent audio (https://w3c.github.io/mediacapture-main/#media-flow).
 */
import type { CameraSource } from '../../backends/backend.js';
import type { MicrophoneSource } from '../audio-track.js';
import { type AudioData, audioDataFromPlanarFloat } from './audio-data.js';
import { BufferPool, FrameResource } from './frame-resource.js';
import type { GeneratorSource, WrittenFrame } from './generator-source.js';
import { type VideoFrame, videoFrameFromResource } from './video-frame.js';

export type Chunk = VideoFrame | AudioData;

export interface Feed {
  /** Starts delivering chunks (each one owned by the receiver) until stop(); `fail` reports a source failure. */
  start(deliver: (chunk: Chunk) => void, fail: (reason: unknown) => void): void;
  stop(): void;
}

export class CameraFeed implements Feed {
  readonly #source: CameraSource;
  readonly #enabled: () => boolean;
  readonly #stop = new AbortController();
  readonly #pool: BufferPool;

  /** `poolSize`: idle frame buffers kept for reuse (the processor's buffer plus a few in flight). */
  constructor(source: CameraSource, enabled: () => boolean, poolSize: number) {
    this.#source = source;
    this.#enabled = enabled;
    this.#pool = new BufferPool(poolSize);
  }

  /** Frame buffers allocated so far because none was free (a measure of reuse). */
  get allocations(): number {
    return this.#pool.misses;
  }

  start(deliver: (chunk: Chunk) => void, fail: (reason: unknown) => void): void {
    void this.#run(deliver, fail);
  }

  async #run(deliver: (chunk: Chunk) => void, fail: (reason: unknown) => void): Promise<void> {
    const source = this.#source;
    const signal = this.#stop.signal;
    const pool = this.#pool;
    const give = (data: Uint8Array): void => pool.give(data);
    let size = 0;
    while (!signal.aborted) {
      // A buffer the size of the last frame (frames keep their size unless constraints change it).
      const spare = size > 0 ? pool.take(size) : undefined;
      let raw;
      try {
        // A source that can lend its frame buffer does (no copy); others fill `spare`.
        raw = await source.nextFrame(signal, spare, true);
      } catch (err) {
        if (spare) pool.give(spare);
        if (!signal.aborted && !source.ended) fail(err);
        return;
      }
      if (spare && raw.data !== spare) pool.give(spare);
      size = raw.data.byteLength;
      if (signal.aborted) return;
      const lent = raw.release;
      let data = raw.data;
      if (!this.#enabled()) {
        // Lent pixels are read-only: black goes into a buffer of the feed's own.
        if (lent) {
          lent();
          data = pool.take(size) ?? new Uint8Array(size);
        }
        blackOut(data);
      }
      const onFree = lent && data === raw.data ? (): void => lent() : give;
      // Camera pixels are opaque: RGBX says so (and copies to RGBA get alpha 255).
      const resource = new FrameResource('RGBX', raw.width, raw.height, data, undefined, onFree);
      deliver(videoFrameFromResource(resource, { timestamp: raw.timestamp }));
    }
  }

  stop(): void {
    this.#stop.abort();
    this.#pool.clear();
  }
}

export class GeneratorFeed implements Feed {
  readonly #source: GeneratorSource;
  readonly #enabled: () => boolean;
  #unsubscribe: (() => void) | undefined;

  constructor(source: GeneratorSource, enabled: () => boolean) {
    this.#source = source;
    this.#enabled = enabled;
  }

  start(deliver: (chunk: Chunk) => void): void {
    this.#unsubscribe = this.#source.subscribe((frame: WrittenFrame) => {
      const timing = { timestamp: frame.timestamp, duration: frame.duration };
      if (this.#enabled()) {
        deliver(videoFrameFromResource(frame.resource.retain(), timing, frame.visible));
        return;
      }
      const black = FrameResource.allocate('RGBX', frame.visible.width, frame.visible.height);
      blackOut(black.data);
      deliver(videoFrameFromResource(black, timing));
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }
}

export class MicrophoneFeed implements Feed {
  readonly #source: MicrophoneSource;
  readonly #enabled: () => boolean;
  readonly #stop = new AbortController();

  constructor(source: MicrophoneSource, enabled: () => boolean) {
    this.#source = source;
    this.#enabled = enabled;
  }

  start(deliver: (chunk: Chunk) => void, fail: (reason: unknown) => void): void {
    void this.#run(deliver, fail);
  }

  async #run(deliver: (chunk: Chunk) => void, fail: (reason: unknown) => void): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      let chunk;
      try {
        chunk = await this.#source.nextChunk(signal);
      } catch (err) {
        if (!signal.aborted && !this.#source.ended) fail(err);
        return;
      }
      if (signal.aborted) return;
      if (!this.#enabled()) chunk.data.fill(0);
      deliver(audioDataFromPlanarFloat(chunk.data, chunk.sampleRate, chunk.numberOfChannels, chunk.timestamp));
    }
  }

  stop(): void {
    this.#stop.abort();
  }
}

/** Opaque black, in place (RGBA/RGBX bytes). */
function blackOut(data: Uint8Array): void {
  data.fill(0);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
}
