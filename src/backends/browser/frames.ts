/**
 * The live frames of one native video track, seen through a muted, detached `<video>` element.
 *
 * Why a video element and not MediaStreamTrackProcessor: it exists in every engine, and measured in
 * Chromium 156 `createImageBitmap(video)` took 1.5–5 ms against 4.5–12 ms for
 * `createImageBitmap(videoFrame)` from a processor reader, with nothing left running per frame but
 * one requestVideoFrameCallback.
 *
 * Frames are counted with requestVideoFrameCallback, so a grab can tell whether the frame now on show was
 * already handed out: the newest frame is returned at once when it is new
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe: one call, one frame; repeated calls,
 * fresh frames), otherwise the grab waits for the next one.
 */
import { abortError, domException } from '../../spec/errors.js';
import type { Clock } from '../clock.js';
import { isGeneratorTrack } from './generators.js';

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

interface VideoFrameMetadataLike {
  width: number;
  height: number;
}

/**
 * For this long after a grab, each new frame is turned into a bitmap as it is presented, so the
 * next grab hands it out at once instead of copying the frame then. Outside it, nothing runs per frame.
 */
export const PREPARE_WHILE_GRABBING_MS = 1000;

/** How long frames may take to reach a new size (WebKit: up to ~600 ms after applyConstraints). */
export const SIZE_CHANGE_WAIT_MS = 1500;

export interface FrameWish {
  /** Only a frame not handed out by grab() yet. */
  fresh?: boolean;
  /** Only a frame presented after this frame count. */
  after?: number;
  /** Only a frame this accepts (until relaxMs has passed). */
  accept?: (size: FrameSize) => boolean;
  relaxMs?: number;
  deadlineMs?: number;
}

interface Waiter {
  check(): void;
  fail(reason: unknown): void;
}

function disposedError(): DOMException {
  return abortError('The track has ended.');
}

function timeoutError(message: string): DOMException {
  return domException('TimeoutError', message);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? abortError('The operation was aborted.');
}

export class FrameSource {
  readonly #video: HTMLVideoElement;
  readonly #track: MediaStreamTrack;
  readonly #clock: Clock;
  /** Frames presented so far (0 until the first one arrives). */
  #presented = 0;
  /** The count at which a frame was last handed out by grab(). */
  #handedOut = 0;
  #size: FrameSize = { width: 0, height: 0 };
  #waiters = new Set<Waiter>();
  #callback = 0;
  #disposed = false;
  /** A settings size the frames did not reach in time (see grab). */
  #unreachable = '';
  readonly #hasFrameCallback: boolean;

  constructor(track: MediaStreamTrack, clock: Clock) {
    this.#track = track;
    this.#clock = clock;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.setAttribute('playsinline', '');
    this.#video = video;
    this.#hasFrameCallback = typeof video.requestVideoFrameCallback === 'function';
    if (this.#hasFrameCallback) {
      this.#callback = video.requestVideoFrameCallback(this.#onFrame);
      // The frame on show when playback starts may never be announced by a frame callback (WebKit,
      // over a canvas drawn once before its capture started): the first grab takes it all the same.
      const first = (): void => this.#firstFrame();
      video.addEventListener('loadeddata', first);
      video.addEventListener('resize', first);
    } else {
      // Without frame callbacks only 'loadeddata' and 'resize' tell of frames (enough for size changes).
      const wake = (): void => this.#frameArrived(video.videoWidth, video.videoHeight);
      video.addEventListener('loadeddata', wake);
      video.addEventListener('resize', wake);
    }
    // Playback ends when the stream goes inactive: the track was stopped
    // (https://w3c.github.io/mediacapture-main/#mediastreams-in-media-elements). Nothing more will come.
    video.addEventListener('ended', () => this.dispose());
    const attach = (): void => {
      if (this.#disposed) return;
      video.srcObject = new MediaStream([track]);
      video.play().catch(() => undefined);
    };
    // A media element delays its document's load event until it has a frame
    // (https://html.spec.whatwg.org/multipage/media.html#delaying-the-load-event-flag), and a
    // generator's track may have none for ever: its frames are watched once the page has loaded.
    if (isGeneratorTrack(track) && document.readyState !== 'complete') addEventListener('load', attach, { once: true });
    else attach();
  }

  /** The element frames are drawn from (current frame = newest decoded frame). */
  get video(): HTMLVideoElement {
    return this.#video;
  }

  /** Size of the newest frame delivered (0×0 before the first). */
  get size(): FrameSize {
    return this.#size;
  }

  readonly #onFrame = (_now: number, metadata: VideoFrameMetadataLike): void => {
    if (this.#disposed) return;
    // A frame presented after the track was stopped, before playback ended: nobody can grab it.
    if (this.#track.readyState === 'ended') return this.dispose();
    this.#frameArrived(metadata.width || this.#video.videoWidth, metadata.height || this.#video.videoHeight);
    this.#callback = this.#video.requestVideoFrameCallback(this.#onFrame);
    if (this.#lastGrab !== undefined && this.#clock.now() - this.#lastGrab < PREPARE_WHILE_GRABBING_MS) this.#prepare();
  };

  /** When grab() last handed out a frame (undefined: never). */
  #lastGrab: number | undefined;
  /** The bitmap of frame number `count`, made when it was presented, for the next grab. */
  #prepared: { count: number; bitmap: Promise<ImageBitmap> } | undefined;

  /** Starts making the bitmap of the frame just presented; the previous unclaimed one is closed. */
  #prepare(): void {
    const previous = this.#prepared;
    const bitmap = createImageBitmap(this.#video);
    bitmap.catch(() => undefined);
    this.#prepared = { count: this.#presented, bitmap };
    previous?.bitmap.then((b) => b.close(), () => undefined);
  }

  /** The prepared bitmap when it is of the frame on show now (and of the wanted size); it is then the caller's. */
  #claimPrepared(accept: ((s: FrameSize) => boolean) | undefined): Promise<ImageBitmap> | undefined {
    const prepared = this.#prepared;
    if (!prepared || prepared.count !== this.#presented || (accept && !accept(this.#size))) return undefined;
    this.#prepared = undefined;
    return prepared.bitmap;
  }

  /** Before any frame callback: the element's current frame stands for the first frame. */
  #firstFrame(): void {
    if (this.#presented > 0 || this.#disposed) return;
    const { videoWidth, videoHeight } = this.#video;
    if (videoWidth > 0 && videoHeight > 0) this.#size = { width: videoWidth, height: videoHeight };
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /** Whether nothing was handed out yet and the element shows a frame (the track's first, which counts as fresh). */
  #firstOnShow(): boolean {
    const { readyState, videoWidth, videoHeight } = this.#video;
    if (this.#grabbed || readyState < HTMLMediaElement.HAVE_CURRENT_DATA || videoWidth === 0) return false;
    if (this.#presented === 0) this.#size = { width: videoWidth, height: videoHeight };
    return true;
  }

  #grabbed = false;

  /** Whether grab() or handOutCurrent() has handed out a frame. */
  get grabbedOnce(): boolean {
    return this.#grabbed;
  }

  /** Records that the frame on show was handed out another way: the next grab waits for a newer one. */
  handOutCurrent(): void {
    this.#handedOut = this.#handedOutMark();
    this.#grabbed = true;
  }

  /**
   * The frame count a hand-out marks as taken. Before any frame callback the frame on show is
   * handed out, and the first callback may well be for that same frame: it counts as taken too.
   */
  #handedOutMark(): number {
    return this.#presented === 0 && this.#hasFrameCallback ? 1 : this.#presented;
  }

  #frameArrived(width: number, height: number): void {
    if (!width || !height) return;
    this.#presented++;
    this.#size = { width, height };
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /**
   * Resolves once the frame on show fits `want`: presented after frame number `after`, new since
   * the last grab when `fresh`, and accepted by `accept` — which is dropped after `relaxMs` (the
   * camera may never deliver that size). Rejects when `signal` aborts, when the source is disposed,
   * and with TimeoutError after `deadlineMs` (frames stopped: a muted track).
   */
  async waitFor(signal: AbortSignal | undefined, want: FrameWish = {}): Promise<void> {
    const { fresh = false, after, relaxMs, deadlineMs } = want;
    let accept = want.accept;
    // A hidden page renders nothing, so frame callbacks stop: freshness cannot be awaited there.
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    const satisfied = (): boolean =>
      ((this.#presented > 0 &&
        this.#video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA &&
        this.#video.videoWidth > 0 &&
        // Without frame callbacks (or in a hidden page) frames cannot be counted: any frame will do.
        (hidden ||
          !this.#hasFrameCallback ||
          ((after === undefined || this.#presented > after) && (!fresh || this.#presented > this.#handedOut)))) ||
        (after === undefined && this.#firstOnShow())) &&
      (!accept || accept(this.#size));
    if (satisfied()) return;
    if (signal?.aborted) throw abortReason(signal);
    if (this.#disposed) throw disposedError();
    const timers = new AbortController();
    const at = (ms: number | undefined, then: () => void): void => {
      if (ms === undefined) return;
      this.#clock.sleepUntil(this.#clock.now() + ms, timers.signal).then(then, () => undefined);
    };
    await new Promise<void>((resolve, reject) => {
      const finish = (): void => {
        this.#waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        timers.abort();
      };
      const waiter: Waiter = {
        check: () => {
          if (!satisfied()) return;
          finish();
          resolve();
        },
        fail: (reason) => {
          finish();
          reject(reason);
        },
      };
      const onAbort = (): void => waiter.fail(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      at(relaxMs, () => {
        accept = undefined;
        waiter.check();
      });
      at(deadlineMs, () => waiter.fail(timeoutError(`no video frame arrived within ${deadlineMs} ms`)));
    });
  }

  /** How many frames have been presented (to wait for one presented after a change). */
  get count(): number {
    return this.#presented;
  }

  /**
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe step 3.1: the newest frame not yet
   * handed out, as an ImageBitmap of the frame's size. When `expected` (the track's settings) differs from
   * the frames' size, the grab waits for frames of that size, as they can lag behind applyConstraints
   * (WebKit: ~600 ms). A size that never comes (WebKit reports 2560×1440 for 1920×1080 frames) is remembered
   * and not waited for again.
   */
  async grab(signal: AbortSignal, expected?: FrameSize): Promise<ImageBitmap> {
    const key = expected ? `${expected.width}x${expected.height}` : '';
    const accept =
      expected && expected.width > 0 && key !== this.#unreachable
        ? (s: FrameSize) => s.width === expected.width && s.height === expected.height
        : undefined;
    await this.waitFor(signal, { fresh: true, accept, relaxMs: accept ? SIZE_CHANGE_WAIT_MS : undefined });
    if (accept && !accept(this.#size)) this.#unreachable = key;
    const prepared = this.#claimPrepared(accept);
    this.#handedOut = this.#handedOutMark();
    this.#grabbed = true;
    this.#lastGrab = this.#clock.now();
    return (await prepared?.catch(() => undefined)) ?? createImageBitmap(this.#video);
  }

  /** Stops playback and lets go of the track; pending waits reject. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#hasFrameCallback && this.#callback) this.#video.cancelVideoFrameCallback?.(this.#callback);
    this.#video.pause();
    this.#video.srcObject = null;
    this.#prepared?.bitmap.then((b) => b.close(), () => undefined);
    this.#prepared = undefined;
    for (const waiter of [...this.#waiters]) waiter.fail(disposedError());
  }
}
