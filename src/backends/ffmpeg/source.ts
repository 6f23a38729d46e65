/**
 * A CameraSource over one long-lived ffmpeg child. The child decodes the input at its full size
 * (a capture device: in the chosen native mode); everything the settings ask beyond that —
 * smaller sizes, lower frame rates, pan/tilt/zoom, tone — is done here, and only on the frames
 * someone reads (they come as I420 and are made RGBA when read). The child is restarted only when
 * a capture device must switch native mode, or a network source reconnects.
 *
 * Network sources reconnect when their ffmpeg ends: muted while away, unmuted by the first frame
 * back, ended after the last of a bounded number of attempts with growing waits between them.
 *
 * Ending: end of input (ffmpeg exits 0) dispatches 'ended' with `detail` null; a failing, killed or
 * crashed ffmpeg dispatches 'ended' whose `detail` (a CustomEvent) is an FfmpegProcessError
 * carrying the stderr tail; the same Error stays readable as `source.error`. `close()` ends the
 * source without an event.
 *
 * Calls on an ended source reject with InvalidStateError; calls pending when it ends reject with
 * UnknownError; an aborted call rejects with the signal's reason.
 */
import { abortError, invalidState, notReadable, unknownError } from '../../spec/errors.js';
import type { VideoResizeMode } from '../../spec/types.js';
import type {
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../backend.js';
import { capabilitiesFor, DEFAULT_CONTROLS, MIN_FRAME_RATE, updateControls, type ControlState } from './controls.js';
import { chooseMode, type CaptureMode } from './devices.js';
import { FrameReader, type FfmpegProcessError } from './frame-reader.js';
import { Reconnector } from './reconnect.js';
import { jpegInput, settingsGoal, paced, readerArgs, type SourceOptions, type SourcePlan } from './plan.js';
import type { Clock } from '../clock.js';
import type { StreamInfo } from './probe.js';
import { MAX_ZOOM, panTiltLimits } from './geometry.js';
import { FrameDelivery, RateReducer, type OutputState } from './delivery.js';
import { serveJpeg, type JpegTarget } from './jpeg-frames.js';
import { ringSupported } from './frame-ring.js';

export { DEFAULT_RECONNECT, readerArgs, type ReconnectPolicy, type SourceOptions, type SourcePlan } from './plan.js';

export class FfmpegSource extends EventTarget implements CameraSource {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly #plan: SourcePlan;
  readonly #options: SourceOptions;
  readonly #openedAt: number;
  readonly #delivery: FrameDelivery;
  readonly #readers = new Set<FrameReader>();
  #reader: FrameReader | undefined;
  #starting: { reader: FrameReader; done: (error?: Error) => void } | undefined;
  #mode: CaptureMode;
  #width: number;
  #height: number;
  #frameRate: number;
  #resizeMode: VideoResizeMode = 'none';
  #controls: ControlState | undefined;
  #photoSize: { width: number; height: number };
  #received = 0;
  readonly #rate = new RateReducer();
  #ended = false;
  #muted = false;
  #error: Error | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #reconnect: Reconnector;

  private constructor(plan: SourcePlan, options: SourceOptions) {
    super();
    this.info = plan.info;
    this.clock = options.clock;
    this.#plan = plan;
    this.#options = options;
    this.#openedAt = options.clock.now();
    // A frame file is watched only while a call waits for a frame (or a child is starting).
    this.#delivery = new FrameDelivery(options.fieldOfView, (waiting) => this.#demand(waiting));
    // Files and streams have one mode; a camera starts in VGA-like 640x480 when it can (as
    // browsers do) rather than in its largest, often slowest, mode.
    this.#mode = plan.switchable ? chooseMode(plan.modes, 640, 480, 30, 'none') : plan.modes[0]!;
    this.#width = this.#mode.width;
    this.#height = this.#mode.height;
    this.#frameRate = this.#mode.frameRate;
    this.#controls = options.softwareControls ? DEFAULT_CONTROLS : undefined;
    this.#reconnect = new Reconnector(options.reconnect, {
      start: () => this.#startReader(this.#mode),
      mute: () => {
        this.#reader = undefined;
        this.#setMuted(true);
      },
      end: (error) => this.#end(error),
      ended: () => this.#ended,
    });
    this.#photoSize = { width: this.#mode.width, height: this.#mode.height };
  }

  /** Starts ffmpeg and resolves once the first frame has arrived; rejects NotReadableError. */
  static async open(
    plan: SourcePlan,
    initial: Partial<SourceSettings>,
    options: SourceOptions,
    running?: FrameReader,
  ): Promise<FfmpegSource> {
    const source = new FfmpegSource(plan, options);
    const mode = source.#modeFor(initial);
    try {
      source.#commit(mode, initial);
      source.#photoSize = { width: source.#mode.width, height: source.#mode.height };
      // A network source's ffmpeg, already started to learn the stream, is taken over as it is.
      await source.#startReader(source.#mode, running);
    } catch (error) {
      source.close();
      throw notReadable(`${plan.info.label} could not be read: ${(error as Error).message}`);
    }
    return source;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** The Error the source ended with, if ffmpeg failed (see the class comment). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** The input's stream as probed (codec, size, rate); undefined for capture devices. */
  get stream(): StreamInfo | undefined {
    return this.#plan.stream;
  }

  /** Process id of the running ffmpeg child, if any. */
  get pid(): number | undefined {
    return this.#reader?.pid;
  }

  /** Resolves once every ffmpeg child this source started has exited. */
  get exited(): Promise<void> {
    return Promise.all([...this.#readers].map((r) => r.exited)).then(() => undefined);
  }

  capabilities(): SourceCapabilities {
    return capabilitiesFor(this.#plan.modes, this.#mode, this.#controls !== undefined, this.#options.fieldOfView);
  }

  settings(): SourceSettings {
    const base: SourceSettings = { width: this.#width, height: this.#height, frameRate: this.#frameRate, resizeMode: this.#resizeMode };
    const c = this.#controls;
    if (!c) return base;
    // Pan and tilt read back as set (within the capability range), so the settings satisfy the
    // constraints that were applied; the picture moves as far as the zoom margin allows.
    return {
      ...base,
      whiteBalanceMode: c.whiteBalanceMode,
      colorTemperature: c.colorTemperature,
      brightness: c.brightness,
      contrast: c.contrast,
      saturation: c.saturation,
      sharpness: c.sharpness,
      pan: c.pan,
      tilt: c.tilt,
      zoom: c.zoom,
    };
  }

  configure(update: Partial<SourceSettings>): Promise<void> {
    const run = this.#queue.then(() => this.#configure(update));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  photoSettings(): Promise<SourcePhotoSettings> {
    return Promise.resolve({
      fillLightMode: 'off',
      imageWidth: Math.min(this.#photoSize.width, this.#mode.width),
      imageHeight: Math.min(this.#photoSize.height, this.#mode.height),
      redEyeReduction: false,
    });
  }

  nextFrame(signal: AbortSignal, out?: Uint8Array, lend?: boolean): Promise<RawFrame> {
    if (signal.aborted) return Promise.reject(signal.reason ?? abortError('The operation was aborted.'));
    if (this.#ended) return Promise.reject(invalidState(`${this.info.label} has ended; no more frames.`));
    return this.#delivery.frame(signal, out, lend === true);
  }

  takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    if (signal.aborted) return Promise.reject(signal.reason ?? abortError('The operation was aborted.'));
    if (this.#ended) return Promise.reject(invalidState(`${this.info.label} has ended; no photo can be taken.`));
    const width = Math.min(this.#mode.width, Math.max(1, Math.round(settings.imageWidth)));
    const height = Math.min(this.#mode.height, Math.max(1, Math.round(settings.imageHeight)));
    this.#photoSize = { width, height };
    const reader = this.#reader;
    // The frame on hand is the current full frame, unless the device is switching modes.
    const latest = this.#muted ? undefined : reader?.latest;
    if (reader && latest) {
      const timestamp = Math.round((this.clock.now() - this.#openedAt) * 1000);
      if (reader.jpeg) {
        const index = Math.max(0, this.#received - 1);
        const { still, claimed } = this.#delivery.photoNow(signal, width, height);
        serveJpeg(this.#jpegTarget, claimed, latest, this.#output(), timestamp, index);
        return still;
      }
      const still = this.#delivery.still(reader, latest, width, height, this.#controls, timestamp, Math.max(0, this.#received - 1));
      return Promise.resolve(still);
    }
    return this.#delivery.photo(signal, width, height);
  }

  /**
   * Hook for one-shot stills in another mode (src/backends/v4l2/still-capture.ts): stops the
   * ffmpeg child so the device is free (muted meanwhile) and returns a function that starts it
   * again in the current mode (the source ends if that fails).
   */
  async releaseDevice(): Promise<() => Promise<void>> {
    if (this.#ended) throw invalidState(`${this.info.label} has ended.`);
    const reader = this.#reader;
    this.#reader = undefined;
    this.#setMuted(true);
    reader?.stop();
    await reader?.exited;
    return async () => {
      if (this.#ended) return;
      try {
        await this.#startReader(this.#mode);
      } catch (error) {
        this.#end(error as Error);
        throw error;
      }
    };
  }

  close(): void {
    this.#reconnect.cancel();
    if (this.#ended && this.#readers.size === 0) return;
    this.#ended = true;
    for (const reader of this.#readers) reader.stop();
    this.#reader = undefined;
    this.#starting?.done(new Error('the source was closed'));
    this.#delivery.rejectAll(() => invalidState(`${this.info.label} was closed.`));
  }

  // ---- settings ----

  /** The native mode an update needs. */
  #modeFor(update: Partial<SourceSettings>): CaptureMode {
    const { width, height, frameRate, resizeMode } = settingsGoal(update, this.#mode, this.settings());
    return this.#plan.switchable ? chooseMode(this.#plan.modes, width, height, frameRate, resizeMode) : this.#mode;
  }

  /** Records the settings of an update against the native mode that will deliver them. */
  #commit(mode: CaptureMode, update: Partial<SourceSettings>): void {
    const target = settingsGoal(update, mode, this.settings());
    this.#mode = mode;
    this.#width = Math.min(mode.width, target.width);
    this.#height = Math.min(mode.height, target.height);
    this.#frameRate = Math.min(mode.frameRate, Math.max(MIN_FRAME_RATE, target.frameRate));
    this.#resizeMode = target.resizeMode;
    this.#rate.reset();
    if (this.#controls) {
      this.#controls = updateControls(this.#controls, update, panTiltLimits(mode.width, mode.height, MAX_ZOOM, this.#options.fieldOfView));
    }
  }

  async #configure(update: Partial<SourceSettings>): Promise<void> {
    if (this.#ended) throw invalidState(`${this.info.label} has ended.`);
    const mode = this.#modeFor(update);
    const before = {
      mode: this.#mode,
      width: this.#width,
      height: this.#height,
      frameRate: this.#frameRate,
      resizeMode: this.#resizeMode,
      controls: this.#controls,
    };
    const same = (a: CaptureMode, b: CaptureMode): boolean =>
      a.width === b.width && a.height === b.height && a.frameRate === b.frameRate && a.inputFormat === b.inputFormat;
    this.#commit(mode, update);
    if (same(mode, before.mode)) return;
    // A capture device switching native mode: restart ffmpeg in the new mode.
    this.#setMuted(true);
    this.#reader?.stop();
    try {
      await this.#startReader(mode);
    } catch (error) {
      if (this.#ended) throw invalidState(`${this.info.label} has ended.`);
      this.#mode = before.mode;
      this.#width = before.width;
      this.#height = before.height;
      this.#frameRate = before.frameRate;
      this.#resizeMode = before.resizeMode;
      this.#controls = before.controls;
      this.#reader?.stop();
      try {
        await this.#startReader(before.mode);
      } catch (again) {
        this.#end(again as Error);
      }
      throw notReadable(`${this.info.label} refused ${mode.width}x${mode.height} at ${mode.frameRate} fps: ${(error as Error).message}`);
    }
  }

  // ---- the ffmpeg child ----

  /** Starts a child for `mode` (or takes over `running`) as the current reader; resolves on its first frame. */
  #startReader(mode: CaptureMode, running?: FrameReader): Promise<void> {
    const o = this.#options;
    const handlers = {
      onFrame: (data: Uint8Array, produced: number) => this.#onFrame(reader, data, produced),
      onExit: (error: FfmpegProcessError | undefined) => this.#onExit(reader, error),
    };
    const reader: FrameReader =
      running ??
      new FrameReader({
        host: o.host,
        command: o.tools.ffmpeg,
        args: (output) => readerArgs(this.#plan.spec, o.tools, mode, mode, output),
        files: paced(this.#plan.spec) ? o.host.frameFiles : undefined,
        ring: paced(this.#plan.spec) || !ringSupported(o.tools.version) ? undefined : o.host.frameRing,
        copy: jpegInput(this.#plan, mode),
        ...(o.rest ? { rest: o.rest } : {}),
        size: mode,
        stderrLimit: o.stderrLimit,
        killTimeoutMs: o.killTimeoutMs,
        ...(o.scrub ? { scrub: o.scrub } : {}),
        ...handlers,
      });
    if (running) running.setHandlers(handlers);
    this.#reader = reader;
    this.#readers.add(reader);
    void reader.exited.then(() => this.#readers.delete(reader));
    if (running?.hasFrame) {
      reader.want(this.#delivery.waiting);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no frame arrived within ${o.startTimeoutMs} ms`)), o.startTimeoutMs);
      const done = (error?: Error): void => {
        clearTimeout(timer);
        if (this.#starting?.reader === reader) {
          this.#starting = undefined;
          reader.want(this.#delivery.waiting);
        }
        if (error) {
          reader.stop();
          reject(error);
        } else resolve();
      };
      this.#starting = { reader, done };
      reader.want(true);
    });
  }

  /** Whether the current child must report each frame: only while someone waits for one. */
  #demand(waiting: boolean): void {
    const reader = this.#reader;
    if (reader && this.#starting?.reader !== reader) reader.want(waiting);
  }

  #onFrame(reader: FrameReader, data: Uint8Array, produced: number): void {
    if (reader !== this.#reader || this.#ended) return;
    this.#received += produced;
    const index = this.#received - 1;
    const now = this.clock.now();
    if (this.#starting?.reader === reader) this.#starting.done();
    if (this.#muted) this.#setMuted(false);
    const timestamp = Math.round((now - this.#openedAt) * 1000);
    const due = (): boolean => this.#rate.due(now, this.#frameRate, this.#mode.frameRate);
    if (reader.jpeg) serveJpeg(this.#jpegTarget, this.#delivery.claim(due), data, this.#output(), timestamp, index);
    else this.#delivery.deliver(reader, data, this.#output(), due, timestamp, index);
  }

  /** Where answers from JPEG frames go. */
  readonly #jpegTarget: JpegTarget = {
    delivery: () => this.#delivery,
    label: () => this.info.label,
    ended: () => this.#ended,
  };

  #output(): OutputState {
    return { width: this.#width, height: this.#height, controls: this.#controls };
  }

  #onExit(reader: FrameReader, error: FfmpegProcessError | undefined): void {
    if (this.#starting?.reader === reader) {
      this.#starting.done(error ?? new Error('the input ended before its first frame'));
      return;
    }
    if (reader !== this.#reader || this.#ended) return;
    if (this.#plan.spec.kind === 'url') this.#reconnect.retry(error);
    else this.#end(error);
  }

  #end(error: Error | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#reader = undefined;
    for (const r of this.#readers) r.stop();
    this.#delivery.rejectAll(() => unknownError(`${this.info.label} ended${error ? `: ${error.message}` : ' (end of input)'}.`));
    this.dispatchEvent(new CustomEvent('ended', { detail: error }));
  }

  #setMuted(muted: boolean): void {
    if (this.#muted === muted) return;
    this.#muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
}
