/**
 * A virtual camera as the engine's own MediaStreamTrack: a track generator where the engine has
 * one (MediaStreamTrackGenerator and VideoFrame), a canvas's captureStream() elsewhere, fed with
 * the frames of a VirtualCameraSource rendered in the page. The track's constrainable methods
 * (getCapabilities, getSettings, getConstraints, applyConstraints) are the source's, as in Node;
 * clone() shares the source; the source closes when the last of its tracks stops.
 *
 * The methods are set on the track object itself, never on MediaStreamTrack.prototype, so the
 * engine's other tracks keep the engine's behaviour.
 */
import type { BehaviorRecord } from '../../spec/behavior.js';
import type { EncodedStill, PictureStill, RawFrame } from '../../backends/backend.js';
import { canvasStillEncoder } from '../../encode/canvas.js';
import { generatorSink as standInSink } from '../../backends/browser/generators.js';
import { precapture } from '../../backends/precapture.js';
import type { VirtualCameraSource } from '../../backends/virtual/source.js';
import { convertConstraints, constraintsToDictionary } from '../../constraints/convert.js';
import { trackCapabilities, trackSettings } from '../../constraints/views.js';
import type { CaptureTarget, PhotoDeviceCapabilities } from '../../image-capture/target.js';
import { registerCaptureTargetResolver } from '../../image-capture/target.js';
import { applyToDevice } from '../../media/apply-constraints.js';
import { abortError, typeError } from '../../spec/errors.js';
import type { SourcePhotoSettings } from '../../backends/backend.js';
import * as webidl from '../../spec/webidl.js';
import { WorkerRenderer } from './render-client.js';

type Dict = Record<string, unknown>;

/** Where frames go: the engine track and how a frame reaches it. */
interface Sink {
  readonly track: MediaStreamTrack;
  write(frame: RawFrame): Promise<void>;
}

interface GeneratorCtor {
  new (init: { kind: 'video' }): MediaStreamTrack & { writable: WritableStream<VideoFrame> };
}

function generatorSink(): Sink | undefined {
  const G = (globalThis as { MediaStreamTrackGenerator?: GeneratorCtor }).MediaStreamTrackGenerator;
  if (typeof G !== 'function' || typeof VideoFrame !== 'function') return undefined;
  const generator = new G({ kind: 'video' });
  // The polyfill's stand-in (Firefox, WebKit) draws each frame on a canvas: the canvas sink does that in one step.
  if (standInSink(generator)) {
    generator.stop();
    return undefined;
  }
  const writer = generator.writable.getWriter();
  return {
    track: generator,
    write: async (f) => {
      // The generator owns (and closes) the frames written to it.
      const frame = new VideoFrame(f.data, { format: 'RGBA', codedWidth: f.width, codedHeight: f.height, timestamp: f.timestamp });
      await writer.write(frame);
    },
  };
}

function canvasSink(): Sink {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext('2d', { alpha: false });
  if (!context || typeof canvas.captureStream !== 'function') {
    throw typeError('The virtual camera needs canvas.captureStream() or MediaStreamTrackGenerator, and this engine has neither.');
  }
  const track = canvas.captureStream().getVideoTracks()[0]!;
  return {
    track,
    write: async (f) => {
      if (canvas.width !== f.width || canvas.height !== f.height) {
        canvas.width = f.width;
        canvas.height = f.height;
      }
      const pixels = new Uint8ClampedArray(f.data.buffer as ArrayBuffer, f.data.byteOffset, f.width * f.height * 4);
      context.putImageData(new ImageData(pixels, f.width, f.height), 0, 0);
    },
  };
}

/** The engine's own track members, read once (after the page has a MediaStreamTrack). */
interface Natives {
  stop(this: MediaStreamTrack): void;
  clone(this: MediaStreamTrack): MediaStreamTrack;
  readyState(this: MediaStreamTrack): string;
  enabled(this: MediaStreamTrack): boolean;
  muted(this: MediaStreamTrack): boolean;
}
let cached: Natives | undefined;
function natives(): Natives {
  if (cached) return cached;
  const proto = MediaStreamTrack.prototype;
  const getter = (name: string): ((this: MediaStreamTrack) => never) => Object.getOwnPropertyDescriptor(proto, name)!.get! as never;
  cached = { stop: proto.stop, clone: proto.clone, readyState: getter('readyState'), enabled: getter('enabled'), muted: getter('muted') };
  return cached;
}
const nativeStop = { call: (t: MediaStreamTrack): void => natives().stop.call(t) };
const nativeClone = { call: (t: MediaStreamTrack): MediaStreamTrack => natives().clone.call(t) };
const readyStateOf = { call: (t: MediaStreamTrack): string => natives().readyState.call(t) };
const enabledOf = { call: (t: MediaStreamTrack): boolean => natives().enabled.call(t) };
const mutedOf = { call: (t: MediaStreamTrack): boolean => natives().muted.call(t) };

/** One opened virtual camera: its source, the frame pump, and the tracks (original and clones) over it. */
export class VirtualFeed {
  readonly source: VirtualCameraSource;
  readonly behavior: BehaviorRecord;
  readonly #sink: Sink;
  readonly #life = new AbortController();
  readonly #tracks = new Map<MediaStreamTrack, AbortController>();
  /** Frames handed to the engine track (counted for measurements). */
  framesDelivered = 0;
  /** Where frames are rendered: 'worker' or 'main' (the page's main thread). */
  renderer: 'worker' | 'main' = 'main';

  constructor(
    source: VirtualCameraSource,
    constraints: Dict,
    options: { behavior: BehaviorRecord; generator: boolean; worker: boolean; seed: number },
  ) {
    this.source = source;
    this.behavior = options.behavior;
    this.#sink = (options.generator ? generatorSink() : undefined) ?? canvasSink();
    this.#adopt(this.#sink.track, constraints);
    const worker = options.worker ? WorkerRenderer.create(options.seed) : undefined;
    void (async () => {
      if (worker && (await this.#pumpWorker(worker))) return;
      await this.#pump();
    })();
  }

  /**
   * Paces frames on the source's clock and has the worker render them, one frame in flight: a
   * frame that is late makes the next one the first due after it is done, so frames are skipped,
   * never queued. Resolves true when the feed ended, false when the worker failed (the caller
   * goes on on the main thread).
   */
  async #pumpWorker(worker: WorkerRenderer): Promise<boolean> {
    const signal = this.#life.signal;
    const source = this.source;
    const clock = source.clock;
    this.renderer = 'worker';
    let spare: ArrayBuffer | undefined;
    try {
      while (!signal.aborted) {
        const k = source.nextFrameIndex(clock.now());
        await clock.sleepUntil(source.frameTime(k), signal);
        const params = source.frameParams(k);
        let buffer: ArrayBuffer;
        try {
          buffer = await worker.render(params, source.image, spare);
        } catch {
          if (signal.aborted) return true;
          this.renderer = 'main';
          return false;
        }
        if (signal.aborted) return true;
        const data = new Uint8Array(buffer);
        await this.#sink.write({
          data,
          width: params.width,
          height: params.height,
          timestamp: Math.round(source.frameTime(k) * 1000),
          index: k,
        });
        spare = buffer;
        this.framesDelivered++;
      }
      return true;
    } catch {
      // Aborted while waiting, or the engine refused the frame (its track ended).
      if (!signal.aborted) this.end();
      return true;
    } finally {
      worker.terminate();
    }
  }

  /** The engine track first made for this camera. */
  get track(): MediaStreamTrack {
    return this.#sink.track;
  }

  get ended(): boolean {
    return this.#life.signal.aborted;
  }

  /** Renders frames on the main thread at the source's pace and hands them to the engine, until the feed ends. */
  async #pump(): Promise<void> {
    const signal = this.#life.signal;
    let buffer: Uint8Array | undefined;
    while (!signal.aborted) {
      let frame: RawFrame;
      try {
        frame = await this.source.nextFrame(signal, buffer);
        await this.#sink.write(frame);
      } catch {
        if (signal.aborted) return;
        // The engine refused the frame (its track ended): nothing more can be shown.
        this.end();
        return;
      }
      buffer = frame.data;
      this.framesDelivered++;
    }
  }

  /** Ends every track over this camera (the camera went away): 'ended' fires on each. */
  end(): void {
    for (const track of [...this.#tracks.keys()]) {
      this.#release(track);
      track.dispatchEvent(new Event('ended'));
    }
  }

  #release(track: MediaStreamTrack): void {
    const life = this.#tracks.get(track);
    if (!life) return;
    this.#tracks.delete(track);
    nativeStop.call(track);
    life.abort(abortError('The track was stopped.'));
    if (this.#tracks.size === 0 && !this.#life.signal.aborted) {
      this.#life.abort(abortError('The virtual camera was closed.'));
      this.source.close();
    }
  }

  /** Gives an engine track the source's constrainable methods and an ImageCapture target. */
  #adopt(track: MediaStreamTrack, constraints: Dict): void {
    const feed = this;
    const source = this.source;
    const info = source.info;
    const life = new AbortController();
    this.#tracks.set(track, life);
    let stored = structuredClone(constraints);
    const options = { ptzAllowed: true, behavior: this.behavior };
    const live = (t: MediaStreamTrack): boolean => readyStateOf.call(t) === 'live';
    const methods: Record<string, (this: MediaStreamTrack, ...args: unknown[]) => unknown> = {
      getCapabilities() {
        return live(this) ? trackCapabilities(info, source.capabilities(), options) : {};
      },
      getSettings() {
        return live(this) ? trackSettings(info, source.settings(), options) : {};
      },
      getConstraints() {
        return structuredClone(stored);
      },
      applyConstraints(value?: unknown) {
        const ctx = webidl.methodContext('MediaStreamTrack', 'applyConstraints');
        return (async () => {
          const converted = convertConstraints(value, 'video', `${ctx}: parameter 1`);
          if (!live(this)) return; // an ended track ignores constraints
          await applyToDevice(
            { visibilityState: () => (document.visibilityState === 'hidden' ? 'hidden' : 'visible'), behaviorRecord: feed.behavior },
            source,
            converted,
            true,
          );
          stored = constraintsToDictionary(converted);
        })();
      },
      clone() {
        const copy = nativeClone.call(this);
        if (live(this) && live(copy)) feed.#adopt(copy, stored);
        return copy;
      },
      stop() {
        feed.#release(this);
        nativeStop.call(this);
      },
    };
    for (const [name, value] of Object.entries(methods)) {
      Object.defineProperty(track, name, { value, writable: true, configurable: true, enumerable: false });
    }
    Object.defineProperty(track, 'label', { get: () => info.label, configurable: true, enumerable: false });
    targets.set(track, new VirtualTrackTarget(track, source, life.signal, this.behavior));
  }
}

/** ImageCapture's view of a virtual track: stills and frames straight from the source. */
class VirtualTrackTarget implements CaptureTarget<PictureStill> {
  readonly kind = 'video';
  readonly stillPhoto = true;
  readonly encoder = canvasStillEncoder;
  readonly behavior: BehaviorRecord;
  readonly #track: MediaStreamTrack;
  readonly #source: VirtualCameraSource;
  readonly endedSignal: AbortSignal;

  constructor(track: MediaStreamTrack, source: VirtualCameraSource, ended: AbortSignal, behavior: BehaviorRecord) {
    this.#track = track;
    this.#source = source;
    this.endedSignal = ended;
    this.behavior = behavior;
  }

  get readyState(): 'live' | 'ended' {
    return readyStateOf.call(this.#track) === 'live' && !this.endedSignal.aborted ? 'live' : 'ended';
  }
  get enabled(): boolean {
    return enabledOf.call(this.#track) as boolean;
  }
  get muted(): boolean {
    return mutedOf.call(this.#track) as boolean;
  }
  get clock(): VirtualCameraSource['clock'] {
    return this.#source.clock;
  }
  get sourceKey(): object {
    return this.#source;
  }

  async photoCapabilities(signal: AbortSignal): Promise<PhotoDeviceCapabilities> {
    await Promise.resolve();
    if (signal.aborted) throw signal.reason;
    return this.#source.capabilities().photo;
  }

  photoSettings(signal: AbortSignal): Promise<SourcePhotoSettings> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return this.#source.photoSettings();
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<EncodedStill | PictureStill> {
    await precapture(this.#source, signal);
    const still = await this.#source.takePhoto(settings, signal);
    if (still.kind === 'encoded') return still;
    const f = still.frame;
    try {
      if (!this.enabled) blackOut(f);
      // The engine's encoder draws pictures: the pixels become an ImageBitmap of the photo's size.
      return { kind: 'picture', picture: await bitmapOf(f), width: f.width, height: f.height };
    } finally {
      f.release?.();
    }
  }

  async grabFrame(signal: AbortSignal): Promise<ImageBitmap> {
    const f = await this.#source.nextFrame(signal);
    if (!this.enabled) blackOut(f);
    return bitmapOf(f);
  }
}

function bitmapOf(f: RawFrame): Promise<ImageBitmap> {
  const pixels = new Uint8ClampedArray(f.data.buffer as ArrayBuffer, f.data.byteOffset, f.width * f.height * 4);
  return createImageBitmap(new ImageData(pixels, f.width, f.height));
}

/** A disabled track delivers black frames (https://w3c.github.io/mediacapture-main/#life-cycle-and-media-flow). */
function blackOut(f: RawFrame): void {
  f.data.fill(0);
  for (let i = 3; i < f.data.length; i += 4) f.data[i] = 255;
}

const targets = new WeakMap<MediaStreamTrack, VirtualTrackTarget>();
let registered = false;

/** Lets ImageCapture find the target of a virtual track (before the browser's own tracks). */
export function registerVirtualTargets(): void {
  if (registered) return;
  registered = true;
  registerCaptureTargetResolver(
    (value) => (typeof value === 'object' && value !== null ? targets.get(value as MediaStreamTrack) : undefined),
  );
}
