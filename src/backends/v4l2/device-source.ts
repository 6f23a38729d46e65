/**
 * A camera attached to the machine (V4L2, AVFoundation, DirectShow) as ffmpeg reads it, plus what
 * a camera needs beyond the frames:
 *
 * - warm-up: after opening and after every native-mode switch the first `warmupFrames` frames
 *   (dark, unfocused while the sensor starts) are dropped before the first grabFrame and still;
 * - hardware controls (V4L2 through v4l2-ctl, see control-map.ts): properties the camera offers
 *   are set on the device and read back; the others stay done in software by the inner source;
 * - the pre-capture step: after a change that moves the lens or restarts an automatic, a still
 *   waits until `settleFrames` frames have come (UVC cameras do not report when a move ends).
 *
 * The inner source (src/backends/ffmpeg/source.ts) is used through the CameraSource contract
 * only, so its pipeline can change without this file.
 */
import { abortError, notReadable } from '../../spec/errors.js';
import type {
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../backend.js';
import type { Clock } from '../clock.js';
import {
  COMPANION,
  type ControlMap,
  type HardwareProperty,
  MODE_PROPERTIES,
  MOVING_PROPERTIES,
  type RangeProperty,
} from './control-map.js';
import type { V4l2Ctl } from './ctl-tool.js';
import type { StreamInfo } from '../ffmpeg/probe.js';
import { chooseMode, type CaptureMode } from '../ffmpeg/devices.js';
import { buildExif } from '../../encode/exif.js';
import { insertExif } from '../../encode/exif-insert.js';
import type { StillMetadata } from '../backend.js';
import type { OneShot } from './still-capture.js';

/** Frames dropped after opening or switching mode, unless configured. */
export const DEFAULT_WARMUP_FRAMES = 5;
/** Frames a still waits after a hardware lens or automatic-mode change. */
export const SETTLE_FRAMES = 10;

/** The extras an ffmpeg source offers besides the contract (process id, exit, error, probe). */
export interface FfmpegSourceExtras {
  readonly pid: number | undefined;
  readonly exited: Promise<void>;
  readonly error: Error | undefined;
  /** The input's stream as probed (files and URLs); undefined for capture devices. */
  readonly stream: StreamInfo | undefined;
}

export type InnerSource = CameraSource & FfmpegSourceExtras;

export interface HardwareControls {
  readonly ctl: V4l2Ctl;
  readonly device: string;
  readonly map: ControlMap;
}

/** Stills from a larger mode than the stream's (still-capture.ts), where the device allows it. */
export interface OneShotStills {
  /** The device's native modes. */
  readonly modes: readonly CaptureMode[];
  /** Frees the device (stops streaming); resolves with the function that resumes streaming. */
  release(): Promise<() => Promise<void>>;
  capture(mode: CaptureMode, width: number, height: number, signal: AbortSignal): Promise<OneShot>;
}

export interface DeviceSourceOptions {
  readonly oneShot?: OneShotStills;
  readonly warmupFrames: number;
  readonly settleFrames?: number;
  readonly hardware?: HardwareControls;
  /** The device info to report (with the per-property hardware/emulated account). */
  readonly info: CameraDeviceInfo;
}

/** The part of an update the hardware takes, and the rest. */
export function splitUpdate(update: Partial<SourceSettings>, map: ControlMap | undefined): {
  hardware: Partial<SourceSettings>;
  software: Partial<SourceSettings>;
} {
  const hardware: Record<string, unknown> = {};
  const software: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (map?.has(key)) hardware[key] = value;
    else software[key] = value;
  }
  return { hardware: hardware as Partial<SourceSettings>, software: software as Partial<SourceSettings> };
}

export class CaptureDeviceSource extends EventTarget implements CameraSource, FfmpegSourceExtras {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly #inner: InnerSource;
  readonly #options: DeviceSourceOptions;
  readonly #life = new AbortController();
  /** Driver values by control name, as last read back. */
  #values = new Map<string, number>();
  /** Manual values held while their automatic mode is on (sent when it turns manual). */
  readonly #pending = new Map<RangeProperty, number>();
  #warmup: Promise<void> = Promise.resolve();
  #unsettled = false;
  #queue: Promise<unknown> = Promise.resolve();
  /** 'ended' was dispatched (once, whichever way the device went away). */
  #endedSent = false;
  #unplugged = false;
  /** Modes in single-shot: run once (automatic on), then locked (automatic off); reported as "single-shot". */
  readonly #singleShot = new Map<HardwareProperty, number>();
  #sweeps = 0;

  private constructor(inner: InnerSource, options: DeviceSourceOptions) {
    super();
    this.#inner = inner;
    this.#options = options;
    this.info = options.info;
    this.clock = inner.clock;
    for (const type of ['ended', 'mute', 'unmute']) {
      inner.addEventListener(type, (event) => {
        if (type === 'ended') {
          if (this.#endedSent) return;
          this.#endedSent = true;
          this.#life.abort(abortError(`${this.info.label} has ended.`));
        }
        this.dispatchEvent(type === 'ended' ? new CustomEvent('ended', { detail: (event as CustomEvent).detail }) : new Event(type));
      });
    }
  }

  /**
   * Wraps an opened source: applies the hardware part of the initial settings, reads the controls
   * back and starts the warm-up. Closes `inner` and rejects NotReadableError when the device
   * refuses the initial settings.
   */
  static async open(inner: InnerSource, initial: Partial<SourceSettings>, options: DeviceSourceOptions): Promise<CaptureDeviceSource> {
    const source = new CaptureDeviceSource(inner, options);
    try {
      if (options.hardware) {
        await source.#applyHardware(splitUpdate(initial, options.hardware.map).hardware);
        await source.#readBack();
      }
    } catch (error) {
      source.close();
      throw notReadable(`${options.info.label} refused its initial settings: ${(error as Error).message}`);
    }
    source.#startWarmup();
    return source;
  }

  get ended(): boolean {
    return this.#unplugged || this.#inner.ended;
  }

  /** The device went away (it is no longer listed): the source ends with one 'ended'. */
  unplug(): void {
    if (this.ended || this.#endedSent) return;
    this.#unplugged = true;
    this.#endedSent = true;
    this.#life.abort(abortError(`${this.info.label} was unplugged.`));
    this.#inner.close();
    this.dispatchEvent(new CustomEvent('ended', { detail: new Error(`${this.info.label} was unplugged`) }));
  }
  get muted(): boolean {
    return this.#inner.muted;
  }
  get pid(): number | undefined {
    return this.#inner.pid;
  }
  get exited(): Promise<void> {
    return this.#inner.exited;
  }
  get error(): Error | undefined {
    return this.#inner.error;
  }
  get stream(): StreamInfo | undefined {
    return this.#inner.stream;
  }

  capabilities(): SourceCapabilities {
    const caps = this.#inner.capabilities();
    const map = this.#options.hardware?.map;
    const largest = this.#largest();
    const photo = largest
      ? {
        ...caps.photo,
        imageWidth: { min: 1, max: Math.max(largest.width, caps.photo.imageWidth?.max ?? 0), step: 1 },
        imageHeight: { min: 1, max: Math.max(largest.height, caps.photo.imageHeight?.max ?? 0), step: 1 },
      }
      : caps.photo;
    return map ? { ...caps, ...map.capabilities(), photo } : { ...caps, photo };
  }

  /** The largest native mode, when stills can be taken in it. */
  #largest(): CaptureMode | undefined {
    const modes = this.#options.oneShot?.modes;
    if (!modes || modes.length === 0) return undefined;
    return modes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  }

  settings(): SourceSettings {
    const settings = this.#inner.settings();
    const map = this.#options.hardware?.map;
    if (!map) return settings;
    const hardware = map.settings(this.#values) as Record<string, unknown>;
    for (const property of this.#singleShot.keys()) hardware[property] = 'single-shot';
    for (const [property, raw] of this.#pending) {
      const c = map.control(property);
      if (c) hardware[property] = property === 'zoom' ? raw / (c.min > 0 ? c.min : 1) : raw;
    }
    return { ...settings, ...hardware };
  }

  configure(update: Partial<SourceSettings>): Promise<void> {
    const run = this.#queue.then(() => this.#configure(update));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  photoSettings(): Promise<SourcePhotoSettings> {
    return this.#bigPhoto ? Promise.resolve({ ...this.#bigPhoto }) : this.#inner.photoSettings();
  }

  /** The photo settings of the last still, when it came from a larger mode. */
  #bigPhoto: SourcePhotoSettings | undefined;

  async nextFrame(signal: AbortSignal, out?: Uint8Array, lend?: boolean): Promise<RawFrame> {
    await this.#afterWarmup(signal);
    return this.#inner.nextFrame(signal, out, lend);
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    await this.#afterWarmup(signal);
    const stream = this.#inner.capabilities().photo;
    const bigger = settings.imageWidth > (stream.imageWidth?.max ?? Infinity) ||
      settings.imageHeight > (stream.imageHeight?.max ?? Infinity);
    if (bigger && this.#options.oneShot) {
      const run = this.#queue.then(() => this.#oneShotStill(settings, signal));
      this.#queue = run.catch(() => undefined);
      return run;
    }
    const still = await this.#inner.takePhoto(settings, signal);
    this.#bigPhoto = undefined;
    if (still.kind !== 'raw') return still;
    return { ...still, metadata: this.#metadata(still.metadata) };
  }

  /** EXIF facts: what the hardware controls are set to (over what the frames' software knew). */
  #metadata(base: StillMetadata): StillMetadata {
    const metadata: StillMetadata = { ...base, model: this.info.label };
    const map = this.#options.hardware?.map;
    if (!map) return metadata;
    const s = this.settings();
    if (map.has('zoom') && s.zoom !== undefined) metadata.digitalZoomRatio = s.zoom;
    if (map.has('whiteBalanceMode')) metadata.whiteBalance = s.whiteBalanceMode === 'manual' ? 'manual' : 'auto';
    if (map.has('exposureMode')) metadata.exposureProgram = s.exposureMode === 'manual' ? 'manual' : 'auto';
    if (map.has('exposureTime') && s.exposureMode === 'manual' && s.exposureTime !== undefined) {
      metadata.exposureTime = s.exposureTime / 10_000;
    }
    return metadata;
  }

  /**
   * A still larger than the stream: streaming stops, one capture runs in the mode that covers the
   * size (the camera's JPEG where it sends MJPEG at that size), streaming starts again (with its
   * warm-up). Software-emulated controls do not apply to such a still.
   */
  async #oneShotStill(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    const one = this.#options.oneShot!;
    const width = Math.round(settings.imageWidth);
    const height = Math.round(settings.imageHeight);
    const mode = chooseMode(one.modes, width, height, 1, 'crop-and-scale');
    const resume = await one.release();
    let shot: OneShot;
    try {
      shot = await one.capture(mode, Math.min(width, mode.width), Math.min(height, mode.height), signal);
    } finally {
      await resume();
      this.#startWarmup();
    }
    this.#bigPhoto = { ...settings, imageWidth: shot.width, imageHeight: shot.height };
    const metadata = this.#metadata({ date: new Date() });
    if (shot.kind === 'jpeg') {
      const bytes = insertExif(shot.bytes, buildExif(metadata, { width: shot.width, height: shot.height, format: 'jpeg' }));
      return { kind: 'encoded', blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }) };
    }
    return { kind: 'raw', frame: { data: shot.data, width: shot.width, height: shot.height, timestamp: 0, index: 0 }, metadata };
  }

  /** The pre-capture step: warm-up done, and frames enough since the last lens/automatic change. */
  async prepareStill(signal: AbortSignal): Promise<void> {
    await this.#afterWarmup(signal);
    if (!this.#unsettled) return;
    const frames = this.#options.settleFrames ?? SETTLE_FRAMES;
    for (let i = 0; i < frames; i++) await this.#inner.nextFrame(signal);
    this.#unsettled = false;
  }

  close(): void {
    this.#life.abort(abortError(`${this.info.label} was closed.`));
    this.#inner.close();
  }

  // ---- warm-up ----

  #startWarmup(): void {
    const frames = this.#options.warmupFrames;
    if (frames <= 0) return;
    const signal = this.#life.signal;
    const run = (async () => {
      for (let i = 0; i < frames; i++) await this.#inner.nextFrame(signal);
    })();
    // A warm-up cut short (closed, ended) ends nothing by itself: later calls fail on their own.
    this.#warmup = run.catch(() => undefined);
  }

  async #afterWarmup(signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason ?? abortError('The operation was aborted.');
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason ?? abortError('The operation was aborted.'));
      signal.addEventListener('abort', onAbort, { once: true });
      void this.#warmup.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  // ---- settings ----

  async #configure(update: Partial<SourceSettings>): Promise<void> {
    const { hardware, software } = splitUpdate(update, this.#options.hardware?.map);
    let restarted = false;
    const onMute = (): void => {
      restarted = true;
    };
    this.#inner.addEventListener('mute', onMute);
    try {
      if (Object.keys(software).length > 0) await this.#inner.configure(software);
    } finally {
      this.#inner.removeEventListener('mute', onMute);
    }
    if (restarted) this.#startWarmup();
    if (Object.keys(hardware).length === 0) return;
    try {
      await this.#applyHardware(hardware);
    } finally {
      await this.#readBack().catch(() => undefined);
    }
  }

  /** Sends a hardware update: automatic modes first, then the values they let act. */
  async #applyHardware(update: Partial<SourceSettings>): Promise<void> {
    const hw = this.#options.hardware;
    if (!hw || Object.keys(update).length === 0) return;
    const { map, ctl, device } = hw;
    const current = this.settings() as unknown as Record<string, unknown>;
    const next = { ...current, ...update } as Record<string, unknown>;
    const modes: Array<[string, number]> = [];
    const values: Array<[string, number]> = [];
    for (const [key, value] of Object.entries(update) as Array<[HardwareProperty, unknown]>) {
      const raw = map.rawFor(key, value);
      const control = map.control(key);
      if (raw === undefined || !control) continue;
      if ((MODE_PROPERTIES as readonly string[]).includes(key)) {
        modes.push([control.name, raw]);
        if (value === 'single-shot') this.#singleShot.set(key, ++this.#sweeps);
        else this.#singleShot.delete(key);
        continue;
      }
      const companion = COMPANION[key as RangeProperty];
      if (companion && map.has(companion) && next[companion] !== 'manual') {
        // The driver ignores (or refuses) a manual value while the automatic runs: keep it.
        this.#pending.set(key as RangeProperty, raw);
        continue;
      }
      this.#pending.delete(key as RangeProperty);
      values.push([control.name, raw]);
    }
    // Values held back for an automatic that is now switched to manual go out after it.
    for (const [property, raw] of [...this.#pending]) {
      const companion = COMPANION[property]!;
      if (update[companion] === 'manual') {
        values.push([map.control(property)!.name, raw]);
        this.#pending.delete(property);
      }
    }
    await ctl.set(device, modes);
    await ctl.set(device, values);
    if (Object.keys(update).some((k) => MOVING_PROPERTIES.has(k as HardwareProperty))) this.#unsettled = true;
    for (const [key, value] of Object.entries(update)) {
      if (value === 'single-shot') this.#lockAfterSweep(key as HardwareProperty, this.#singleShot.get(key as HardwareProperty)!);
    }
  }

  /**
   * single-shot (https://w3c.github.io/mediacapture-image/#dom-meteringmode-single-shot): the
   * automatic has run for `settleFrames` frames; it is then switched off, so the device keeps
   * what it found, and the values it settled on are read back.
   */
  #lockAfterSweep(property: HardwareProperty, sweep: number): void {
    const hw = this.#options.hardware!;
    const frames = this.#options.settleFrames ?? SETTLE_FRAMES;
    const signal = this.#life.signal;
    const lock = (async () => {
      for (let i = 0; i < frames; i++) await this.#inner.nextFrame(signal);
      if (this.#singleShot.get(property) !== sweep) return; // the mode was set again meanwhile
      const control = hw.map.control(property)!;
      const manual = hw.map.rawFor(property, 'manual')!;
      await hw.ctl.set(hw.device, [[control.name, manual]]);
      await this.#readBack();
    })();
    // A lock cut short by closing, or refused by the device, leaves the automatic running.
    this.#queue = this.#queue.then(() => lock).catch(() => undefined);
  }

  async #readBack(): Promise<void> {
    const hw = this.#options.hardware;
    if (!hw) return;
    const names = hw.map.properties.map((p) => hw.map.control(p)!.name);
    const read = await hw.ctl.get(hw.device, names);
    this.#values = new Map([...this.#values, ...read]);
  }
}
