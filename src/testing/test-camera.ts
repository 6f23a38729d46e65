/**
 * `TestCamera`: a camera for application tests. It is a virtual camera (real frames and real
 * JPEG stills of a synthetic room) made from a preset or from partial capabilities, installed as
 * the runtime's camera, with what a test needs around it:
 *
 * - set what the camera reports (`setSettings`);
 * - make operations fail (`failNext` / `failAlways`), stall its frames, unplug it;
 * - read back what the application asked the camera to do (`requests`, `lastRequest`);
 * - move its clock by hand (`advance`), so tests never sleep.
 */
import type { SourceCapabilities, SourceSettings } from '../backends/backend.js';
import { type Clock, ManualClock, RealClock } from '../backends/clock.js';
import {
  builtInPreset,
  definePreset,
  deviceIdOf,
  type Preset,
  type PresetInit,
  VirtualCameraBackend,
  type VirtualCameraSource,
  type CardImageInput,
  INSTANT_DYNAMICS,
} from '../backends/virtual/index.js';
import { defaultRuntime } from '../media/default-runtime.js';
import type { Behavior, Runtime } from '../media/runtime.js';
import { invalidState, typeError } from '../spec/errors.js';
import { RequestLog, type CameraRequest } from './requests.js';
import { type DeviceOverlay, type FaultPoint, OverlayBackend } from './overlay.js';
import { takeOver } from './takeover.js';

export type { CameraRequest, OpenRequest, PhotoRequest, SettingsRequest } from './requests.js';

/** The operations a test can make fail, named after the call the application makes. */
export type TestCameraOperation =
  | 'getUserMedia'
  | 'applyConstraints'
  | 'takePhoto'
  | 'grabFrame'
  | 'getPhotoCapabilities'
  | 'getPhotoSettings';

const OPERATIONS: Record<TestCameraOperation, FaultPoint | 'photoCapabilities'> = {
  getUserMedia: 'open',
  applyConstraints: 'configure',
  takePhoto: 'takePhoto',
  grabFrame: 'nextFrame',
  getPhotoCapabilities: 'photoCapabilities',
  getPhotoSettings: 'photoSettings',
};

export interface TestCameraOptions {
  /** A built-in preset ("phone-back", "phone-front", "webcam") or a Preset. Default "phone-back". */
  preset?: string | Preset;
  /** Capabilities laid over the preset; `null` removes one (e.g. `{ torch: null }`). */
  capabilities?: PresetInit['capabilities'];
  /** Anything else `definePreset` accepts (id, label, videoModes, photo, defaults…). */
  define?: PresetInit;
  /**
   * "manual" (default): a ManualClock that moves only with `advance()`; "real": wall-clock time;
   * or any Clock.
   */
  clock?: 'manual' | 'real' | Clock;
  /**
   * "simple" (default): zoom, focus and the automatics arrive at once, and getSettings() reports
   * values as they were last set; "realistic": motion takes the preset's time and automatic modes
   * report the values the automatics chose.
   */
  dynamics?: 'simple' | 'realistic';
  /** The runtime whose camera it becomes (default: the one `imagecapture` exports). */
  runtime?: Runtime;
  /** The runtime's behaviour while the camera is installed (default: unchanged). */
  behavior?: Behavior;
  /**
   * A picture the camera sees on a card 1 m in front of it, covering the centre of the frame at
   * default settings: a file path, a Buffer or Blob of PNG/JPEG/WebP, or ImageData-like pixels.
   */
  image?: CardImageInput;
}

function presetFrom(options: TestCameraOptions): Preset {
  const base = typeof options.preset === 'string' ? builtInPreset(options.preset) : (options.preset ?? builtInPreset('phone-back'));
  const init: PresetInit = { ...options.define };
  if (options.capabilities) init.capabilities = { ...init.capabilities, ...options.capabilities };
  if ((options.dynamics ?? 'simple') === 'simple') init.dynamics = { ...INSTANT_DYNAMICS, ...init.dynamics };
  return Object.keys(init).length > 0 ? definePreset(init, base) : base;
}

function clockFrom(option: TestCameraOptions['clock']): Clock {
  if (option === undefined || option === 'manual') return new ManualClock();
  if (option === 'real') return new RealClock();
  return option;
}

export class TestCamera {
  readonly preset: Preset;
  readonly deviceId: string;
  readonly clock: Clock;
  readonly runtime: Runtime;
  readonly #virtual: VirtualCameraBackend;
  readonly #backend: OverlayBackend;
  readonly #log: RequestLog;
  readonly #reported: Partial<SourceSettings> = {};
  readonly #next = new Map<string, Error[]>();
  readonly #always = new Map<string, Error>();
  readonly #behavior: Behavior | undefined;
  #release: (() => void) | undefined;
  #stalled = false;

  /** Makes a camera; `install()` (or `TestCamera.install()`) makes it the runtime's camera. */
  constructor(options: TestCameraOptions = {}) {
    this.preset = presetFrom(options);
    this.deviceId = deviceIdOf(this.preset);
    this.clock = clockFrom(options.clock);
    this.runtime = options.runtime ?? defaultRuntime;
    this.#behavior = options.behavior;
    this.#log = new RequestLog(this.clock);
    this.#virtual = new VirtualCameraBackend({
      presets: [this.preset],
      clock: this.clock,
      ...(options.image !== undefined ? { image: options.image } : {}),
    });
    this.#virtual.control.onOpen = (source) => {
      if (this.#stalled) source.control.stall();
    };
    this.#backend = new OverlayBackend('test-camera', this.#virtual, this.#overlay());
  }

  /** Makes a camera and installs it. */
  static install(options: TestCameraOptions = {}): TestCamera {
    return new TestCamera(options).install();
  }

  /**
   * Makes this the runtime's camera: getUserMedia() and enumerateDevices() see it (and any other
   * installed test camera) instead of the runtime's own cameras, until `uninstall()`.
   */
  install(): this {
    this.#release ??= takeOver(this.runtime, this.#backend, this.#behavior);
    return this;
  }

  /** Gives the runtime its cameras back (tracks already open keep working). */
  uninstall(): void {
    this.#release?.();
    this.#release = undefined;
  }

  /** Uninstalls the camera and ends every track it backs. */
  dispose(): void {
    this.uninstall();
    for (const source of this.#sources()) source.control.unplug(new Error('The test camera was disposed.'));
  }

  // ── what the camera reports ────────────────────────────────────────────────────────────────

  /**
   * From now on the camera reports these settings (getSettings()), as a camera whose automatics
   * or whose user changed them would. A value stays until the application applies that property.
   */
  setSettings(values: Partial<SourceSettings>): void {
    if (values === null || typeof values !== 'object') throw typeError('TestCamera.setSettings: expected an object of settings.');
    Object.assign(this.#reported, structuredClone(values));
  }

  /** Changes the light of the room the camera sees (EV at ISO 100, colour temperature in kelvin). */
  setScene(light: { level?: number; kelvin?: number }): void {
    for (const s of this.#sources()) s.control.setScene(light);
  }

  /**
   * Changes the picture on the camera's card (`undefined` removes the card): the next frame and
   * the next photo show it. Rejects (TypeError, EncodingError) and keeps the old one when the
   * picture cannot be read.
   */
  setImage(image: CardImageInput | undefined): Promise<void> {
    return this.#virtual.setImage(image);
  }

  // ── failures ───────────────────────────────────────────────────────────────────────────────

  /**
   * The next `operation` fails. The application sees the exception the API defines for a device
   * failure: NotReadableError (getUserMedia), OperationError (applyConstraints,
   * getPhotoCapabilities, getPhotoSettings) or UnknownError (takePhoto, grabFrame). takePhoto
   * reads the photo capabilities and settings first, so it also consumes those failures.
   */
  failNext(operation: TestCameraOperation, error?: Error): void {
    const key = OPERATIONS[operation];
    if (!key) throw typeError(`TestCamera.failNext: unknown operation "${String(operation)}".`);
    const list = this.#next.get(key) ?? [];
    list.push(error ?? new Error(`test camera: ${operation} failed (injected)`));
    this.#next.set(key, list);
  }

  /** Every `operation` fails until `clearFailures()`. */
  failAlways(operation: TestCameraOperation, error?: Error): void {
    const key = OPERATIONS[operation];
    if (!key) throw typeError(`TestCamera.failAlways: unknown operation "${String(operation)}".`);
    this.#always.set(key, error ?? new Error(`test camera: ${operation} failed (injected)`));
  }

  /** Removes the failures of one operation, or of all. */
  clearFailures(operation?: TestCameraOperation): void {
    if (operation === undefined) {
      this.#next.clear();
      this.#always.clear();
      return;
    }
    this.#next.delete(OPERATIONS[operation]);
    this.#always.delete(OPERATIONS[operation]);
  }

  /** No more frames (grabFrame waits, then times out after 2 s of camera time), no event. */
  stallFrames(): void {
    this.#stalled = true;
    for (const s of this.#sources()) s.control.stall();
  }

  resumeFrames(): void {
    this.#stalled = false;
    for (const s of this.#sources()) s.control.resume();
  }

  /** The camera is unplugged: its tracks end (firing 'ended') and getUserMedia no longer finds it. */
  unplug(): void {
    this.#virtual.control.unplug(this.deviceId, new Error('The test camera was unplugged.'));
  }

  /** The camera is plugged back in (new getUserMedia calls find it again). */
  plug(): void {
    this.#virtual.control.plug(this.deviceId);
  }

  // ── what the application asked for ─────────────────────────────────────────────────────────

  /** Every request that reached the camera, oldest first. */
  get requests(): readonly CameraRequest[] {
    return this.#log.all();
  }

  /** The latest request (of one kind, if given). */
  lastRequest<K extends CameraRequest['kind']>(kind?: K): Extract<CameraRequest, { kind: K }> | undefined {
    return this.#log.last(kind);
  }

  clearRequests(): void {
    this.#log.clear();
  }

  /** How many tracks' sources are open (0 once the application stopped every track). */
  get openSources(): number {
    return this.#backend.sources.length;
  }

  // ── time ───────────────────────────────────────────────────────────────────────────────────

  /** Moves the camera's clock forward (frames come due, grabFrame timeouts expire); manual clock only. */
  async advance(ms: number): Promise<void> {
    if (!(this.clock instanceof ManualClock)) throw invalidState('TestCamera.advance: the camera runs on real time (clock: "real").');
    await this.clock.advance(ms);
  }

  #sources(): VirtualCameraSource[] {
    return this.#virtual.control.sources;
  }

  #fault(key: string): Error | undefined {
    const always = this.#always.get(key);
    if (always) return always;
    const list = this.#next.get(key);
    const e = list?.shift();
    if (list && list.length === 0) this.#next.delete(key);
    return e;
  }

  #overlay(): DeviceOverlay {
    const reported = this.#reported;
    const log = this.#log;
    return {
      capabilities: (inner: SourceCapabilities) => {
        const photo = inner.photo;
        const caps = { ...inner } as Record<string, unknown>;
        // Only ImageCapture reads the photo capabilities, so a failure there is getPhotoCapabilities'.
        Object.defineProperty(caps, 'photo', {
          enumerable: true,
          configurable: true,
          get: () => {
            const e = this.#fault('photoCapabilities');
            if (e) throw e;
            return photo;
          },
        });
        return caps as unknown as SourceCapabilities;
      },
      settings: (inner) => ({ ...inner, ...structuredClone(reported) }),
      photoSettings: (inner) => inner,
      forward: (update) => update,
      sending: (update, via) => log.settings(update, via),
      applied: (update) => {
        for (const key of Object.keys(update)) delete (reported as Record<string, unknown>)[key];
      },
      photo: (settings) => log.photo(settings),
      fault: (point) => this.#fault(point),
    };
  }
}
