/**
 * The CaptureTarget over a browser's native MediaStreamTrack: what the shared ImageCapture class
 * (src/image-capture/image-capture.ts) needs from the platform, one target per track.
 */
import type { PictureStill, SourcePhotoSettings } from '../backend.js';
import { type Clock, RealClock } from '../clock.js';
import { canvasStillEncoder } from '../../encode/canvas.js';
import type { CaptureTarget, PhotoDeviceCapabilities } from '../../image-capture/target.js';
import { registerCaptureTargetResolver } from '../../image-capture/target.js';
import { SPEC_BEHAVIOR } from '../../spec/behavior.js';
import { invalidState } from '../../spec/errors.js';
import { blackBitmap } from './canvas.js';
import { type FrameSize, FrameSource } from './frames.js';
import { type GeneratorSink, generatorSink, isGeneratorTrack } from './generators.js';
import { photoCapabilitiesOf, shoot } from './photo.js';

const clock = new RealClock();

/** How often a target looks at its track's readyState while a photo or frame is on its way (stop() fires no event). */
const STOP_POLL_MS = 50;

export class BrowserCaptureTarget implements CaptureTarget<PictureStill> {
  /** The spec's behaviour, not Chromium's (docs/behaviour.md). */
  readonly behavior = SPEC_BEHAVIOR;
  readonly clock: Clock = clock;
  readonly encoder = canvasStillEncoder;
  readonly sourceKey: object;
  readonly #track: MediaStreamTrack;
  readonly #ended = new AbortController();
  #frames: FrameSource | undefined;
  /** Settles when no shot is reconfiguring the track; grabs wait for it so frames have the track's size. */
  #reconfiguring: Promise<void> = Promise.resolve();
  /** The size of the last photo when it differed from the video's (photo settings persist, like Chromium's). */
  #lastPhoto: FrameSize | undefined;

  constructor(track: MediaStreamTrack) {
    this.#track = track;
    this.sourceKey = track;
    // Other kinds are refused by the constructor
    // (https://w3c.github.io/mediacapture-image/#dom-imagecapture-imagecapture); their tracks are left
    // untouched.
    if (track.kind !== 'video') return;
    // The track is the user's own object and is left exactly as it is: its 'ended' event tells
    // of a source that went away; stop() fires none, so readyState is looked at whenever the
    // target is used, and every STOP_POLL_MS while a photo or frame is on its way.
    track.addEventListener('ended', () => this.#end(), { once: true });
  }

  /** A generator's track has no camera behind it, so no still photos. */
  get stillPhoto(): boolean {
    return !isGeneratorTrack(this.#track);
  }

  get kind(): string {
    return this.#track.kind;
  }

  get readyState(): 'live' | 'ended' {
    const state = this.#track.readyState;
    // stop() fires no 'ended' event: a stopped track is noticed here.
    if (state === 'ended') this.#end();
    return state;
  }

  get enabled(): boolean {
    return this.#track.enabled;
  }

  get muted(): boolean {
    return this.#track.muted;
  }

  get endedSignal(): AbortSignal {
    void this.readyState;
    return this.#ended.signal;
  }

  #end(): void {
    if (this.#ended.signal.aborted) return;
    this.#ended.abort(invalidState('The track has ended.'));
    // Resources are owned by the track's lifetime: the video element goes with it.
    this.#frames?.dispose();
    this.#frames = undefined;
  }

  #source(): FrameSource {
    // Looked at through readyState: the track may have been stopped since the call began.
    if (this.readyState === 'ended') throw invalidState('The track has ended.');
    this.#frames ??= new FrameSource(this.#track, clock);
    return this.#frames;
  }

  /** The video size now: from the newest frame once frames flow, else from the track's settings. */
  #videoSize(): FrameSize {
    const frame = this.#frames?.size;
    if (frame && frame.width > 0) return frame;
    const { width, height } = this.#track.getSettings();
    return { width: width ?? 0, height: height ?? 0 };
  }

  async photoCapabilities(): Promise<PhotoDeviceCapabilities> {
    return photoCapabilitiesOf(this.#track, this.#videoSize());
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    const size = this.#lastPhoto ?? this.#videoSize();
    return { fillLightMode: 'off', imageWidth: size.width, imageHeight: size.height, redEyeReduction: false };
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<PictureStill> {
    const watch = watchStop(this);
    try {
      await Promise.race([this.#reconfiguring, abortion(signal)]);
      const frames = this.#source();
      const video = this.#videoSize();
      const shot = shoot(this.#track, frames, settings, signal);
      // Grabs wait until the track is back to its own size (or the shot failed).
      this.#reconfiguring = shot.then(
        (s) => s.settled,
        () => undefined,
      );
      const { picture } = await shot;
      // A photo of another size than the video's sets the photo size; one of the video's size follows the video again.
      const sameAsVideo = settings.imageWidth === video.width && settings.imageHeight === video.height;
      this.#lastPhoto = sameAsVideo ? undefined : { width: settings.imageWidth, height: settings.imageHeight };
      return { kind: 'picture', picture, width: settings.imageWidth, height: settings.imageHeight };
    } finally {
      watch.abort();
    }
  }

  async grabFrame(signal: AbortSignal): Promise<ImageBitmap> {
    const watch = watchStop(this);
    try {
      await Promise.race([this.#reconfiguring, abortion(signal)]);
      const { width = 0, height = 0 } = this.#track.getSettings();
      // Disabled while the grab waited (ImageCapture refuses one disabled at call time): its frames
      // are black at the track's size, https://w3c.github.io/mediacapture-main/#media-flow. Engines
      // differ in what they show for one (Firefox: a single 1×1 frame, then none), so it is made here.
      if (!this.#track.enabled && width > 0 && height > 0) return await blackBitmap(width, height);
      const sink = generatorSink(this.#track);
      if (sink) return await this.#grabWritten(sink, signal);
      const source = this.#source();
      const canvas = captureCanvas(this.#track);
      if (canvas && !source.grabbedOnce && canvas.width > 0 && canvas.height > 0) {
        // A canvas-capture track's first frame is its canvas as it is now: an engine may send no frame
        // for a canvas drawn once before the capture started (WebKit), and the first frame counts as new.
        source.handOutCurrent();
        return await createImageBitmap(canvas);
      }
      return await source.grab(signal, { width, height });
    } finally {
      watch.abort();
    }
  }

  /** The count of written frames at the last grab over a generator's sink. */
  #sinkHandedOut = 0;

  /**
   * A generator track made by this package: the latest written frame, read from the generator's
   * canvas. One not handed out yet is returned at once; otherwise the grab waits for the next write.
   */
  async #grabWritten(sink: GeneratorSink, signal: AbortSignal): Promise<ImageBitmap> {
    if (this.#ended.signal.aborted) throw invalidState('The track has ended.');
    if (sink.frames <= this.#sinkHandedOut) {
      await new Promise<void>((resolve, reject) => {
        const done = (): void => {
          sink.listeners.delete(done);
          signal.removeEventListener('abort', fail);
          resolve();
        };
        const fail = (): void => {
          sink.listeners.delete(done);
          reject(signal.reason);
        };
        if (signal.aborted) return fail();
        sink.listeners.add(done);
        signal.addEventListener('abort', fail, { once: true });
      });
    }
    const picture = sink.picture();
    if (!picture) throw invalidState('The track has ended.');
    this.#sinkHandedOut = sink.frames;
    return createImageBitmap(picture as ImageBitmapSource);
  }
}

/** The canvas of a canvas-capture track (https://w3c.github.io/mediacapture-fromelement/#dom-canvascapturemediastreamtrack-canvas), from any realm. */
function captureCanvas(track: MediaStreamTrack): HTMLCanvasElement | undefined {
  const canvas = (track as { canvas?: unknown }).canvas;
  if (typeof canvas !== 'object' || canvas === null) return undefined;
  return typeof (canvas as HTMLCanvasElement).getContext === 'function' ? (canvas as HTMLCanvasElement) : undefined;
}

/**
 * Looks at the track's readyState now and every STOP_POLL_MS until it has ended or the returned
 * controller is aborted (when the photo or frame is there), so a stop() made meanwhile ends the
 * target, and with it the wait, without a hook on the user's track.
 */
function watchStop(target: BrowserCaptureTarget): AbortController {
  const watch = new AbortController();
  void (async () => {
    while (target.readyState === 'live') await clock.sleepUntil(clock.now() + STOP_POLL_MS, watch.signal);
  })().catch(() => undefined);
  return watch;
}

function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

let kindGetter: ((this: unknown) => string) | null | undefined;

/** Brand check through the native `kind` getter: true for real tracks, from any realm. */
export function isNativeTrack(value: unknown): value is MediaStreamTrack {
  if (typeof value !== 'object' || value === null) return false;
  if (kindGetter === undefined) {
    kindGetter =
      typeof MediaStreamTrack === 'function'
        ? (Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'kind')?.get as (this: unknown) => string) ?? null
        : null;
  }
  if (!kindGetter) return false;
  try {
    kindGetter.call(value);
    return true;
  } catch {
    return false;
  }
}

const targets = new WeakMap<MediaStreamTrack, BrowserCaptureTarget>();

/** The one target of a native track (made on first use), or undefined for anything else. */
export function browserCaptureTarget(value: unknown): BrowserCaptureTarget | undefined {
  if (!isNativeTrack(value)) return undefined;
  let target = targets.get(value);
  if (!target) {
    target = new BrowserCaptureTarget(value);
    targets.set(value, target);
  }
  return target;
}

/** Lets ImageCapture accept the browser's own MediaStreamTracks. Idempotent. */
export function registerBrowserCaptureTargets(): void {
  registerCaptureTargetResolver(browserCaptureTarget);
}
