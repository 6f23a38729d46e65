/**
 * The virtual camera backend: the cameras of a phone (back and front) and a USB webcam by
 * default, each rendering the same synthetic room (scene.ts). Device ids are `virtual:<preset id>`.
 *
 * `control` (BackendControl) is for tests and the testing surface: make `open` fail, reach the
 * open sources (each has its own `control`), unplug a device (it disappears from `devices()` and
 * its open sources end) and plug it back.
 */
import type { CameraBackend, CameraDeviceInfo, SourceCapabilities, SourceSettings } from '../backend.js';
import { RealClock, type Clock } from '../clock.js';
import { notFound, notReadable, rangeError } from '../../spec/errors.js';
import { DEFAULT_PRESETS, type Preset } from './presets.js';
import type { SceneLight } from './scene.js';
import { type CardImage, type CardImageInput, loadCardImage } from './card-image.js';
import { capabilitiesOf, VirtualCameraSource } from './source.js';

export interface VirtualCameraBackendOptions {
  /** The cameras offered, in order (default: phone back, phone front, webcam). */
  readonly presets?: readonly Preset[];
  /** Time for pacing and motion (default: a RealClock). */
  readonly clock?: Clock;
  /** Seeds the scene's textures and the sensor noise (default 1). */
  readonly seed?: number;
  /** Ambient light of the room (default EV 7 at 5000 K). */
  readonly scene?: Partial<SceneLight>;
  /**
   * A picture shown on a card in the middle of the room (facing the camera, 1 m away, covering
   * the centre of the frame at default settings): ImageData-like pixels, or (in Node) a file
   * path, a Buffer or a Blob of PNG, JPEG or WebP. Cameras opened before it is decoded wait for it.
   */
  readonly image?: CardImageInput;
  /**
   * Date.now()-style milliseconds at clock time 0, for the date of stills. Default: the process's
   * time origin with a RealClock (real dates), 2025-01-01T00:00:00Z otherwise (fixed dates).
   */
  readonly epoch?: number;
}

/** The device id of a preset. */
export function deviceIdOf(preset: Preset): string {
  return `virtual:${preset.id}`;
}

/** Describes a preset as a device. */
export function deviceInfoOf(preset: Preset): CameraDeviceInfo {
  return {
    deviceId: deviceIdOf(preset),
    groupId: preset.groupId,
    label: preset.label,
    ...(preset.facingMode ? { facingMode: preset.facingMode } : {}),
    backend: 'virtual',
    kindLabel: preset.kindLabel,
    ...(preset.emulated ? { emulated: [...preset.emulated] } : {}),
  };
}

const FIXED_EPOCH = Date.UTC(2025, 0, 1);

export class BackendControl {
  /** Called with every source the backend opens. */
  onOpen: ((source: VirtualCameraSource) => void) | undefined;
  readonly #open = new Set<VirtualCameraSource>();
  readonly #unplugged = new Set<string>();
  #next: Error[] = [];
  #every: Error | undefined;

  /** The next `open` rejects (NotReadableError unless another error is given). */
  failNextOpen(error?: Error): void {
    this.#next.push(error ?? notReadable('The virtual camera could not be started (injected failure).'));
  }

  /** Every `open` rejects until clearFaults. */
  failEveryOpen(error?: Error): void {
    this.#every = error ?? notReadable('The virtual camera could not be started (injected failure).');
  }

  clearFaults(): void {
    this.#next = [];
    this.#every = undefined;
  }

  /** Sources opened and not yet closed, oldest first. */
  get sources(): VirtualCameraSource[] {
    return [...this.#open];
  }

  /** The device goes away: hidden from devices(), its open sources end ('ended'). */
  unplug(deviceId: string, error?: Error): void {
    this.#unplugged.add(deviceId);
    for (const s of this.sources) if (s.info.deviceId === deviceId) s.control.unplug(error);
  }

  /** The device comes back. */
  plug(deviceId: string): void {
    this.#unplugged.delete(deviceId);
  }

  /** @internal */
  isUnplugged(deviceId: string): boolean {
    return this.#unplugged.has(deviceId);
  }
  /** @internal */
  takeOpenFault(): Error | undefined {
    return this.#every ?? this.#next.shift();
  }
  /** @internal */
  track(source: VirtualCameraSource): void {
    this.#open.add(source);
  }
  /** @internal */
  untrack(source: VirtualCameraSource): void {
    this.#open.delete(source);
  }
}

export class VirtualCameraBackend implements CameraBackend {
  readonly name = 'virtual';
  readonly clock: Clock;
  readonly seed: number;
  readonly control = new BackendControl();
  readonly #presets: readonly Preset[];
  readonly #scene: Partial<SceneLight> | undefined;
  readonly #epoch: number;
  /** The card's picture: decoded (or being decoded) for every source opened from now on. */
  #image: Promise<CardImage | undefined> = Promise.resolve(undefined);
  #imageSeq = 0;

  constructor(options: VirtualCameraBackendOptions = {}) {
    this.#presets = [...(options.presets ?? DEFAULT_PRESETS)];
    const ids = new Set<string>();
    for (const p of this.#presets) {
      if (ids.has(p.id)) throw rangeError(`Two virtual camera presets share the id "${p.id}".`);
      ids.add(p.id);
    }
    this.clock = options.clock ?? new RealClock();
    this.seed = (options.seed ?? 1) >>> 0;
    this.#scene = options.scene;
    this.#epoch = options.epoch ?? (this.clock instanceof RealClock ? performance.timeOrigin : FIXED_EPOCH);
    if (options.image !== undefined) {
      this.#image = loadCardImage(options.image);
      // A bad picture is reported by open() (and by every later open), not as an unhandled rejection.
      this.#image.catch(() => undefined);
    }
  }

  /**
   * Changes the picture on the image card of every open camera and of cameras opened later;
   * `undefined` removes the card. Resolves once the new picture is shown from the next frame on;
   * rejects (TypeError, EncodingError) and changes nothing when the picture cannot be read.
   */
  async setImage(image: CardImageInput | undefined): Promise<void> {
    const seq = ++this.#imageSeq;
    const decoded = image === undefined ? undefined : await loadCardImage(image);
    if (seq !== this.#imageSeq) return; // a later call won
    this.#image = Promise.resolve(decoded);
    for (const s of this.control.sources) s.setImage(decoded);
  }

  get presets(): readonly Preset[] {
    return this.#presets;
  }

  async devices(): Promise<CameraDeviceInfo[]> {
    return this.#presets.filter((p) => !this.control.isUnplugged(deviceIdOf(p))).map(deviceInfoOf);
  }

  #preset(deviceId: string): Preset {
    const p = this.#presets.find((x) => deviceIdOf(x) === deviceId);
    if (!p || this.control.isUnplugged(deviceId)) {
      const known = this.#presets.filter((x) => !this.control.isUnplugged(deviceIdOf(x))).map(deviceIdOf);
      throw notFound(`No virtual camera has the deviceId "${deviceId}"; available: ${known.join(', ') || 'none'}.`);
    }
    return p;
  }

  async probe(deviceId: string): Promise<SourceCapabilities> {
    return capabilitiesOf(this.#preset(deviceId));
  }

  async open(deviceId: string, initial: Partial<SourceSettings> = {}): Promise<VirtualCameraSource> {
    const preset = this.#preset(deviceId);
    const fault = this.control.takeOpenFault();
    if (fault) throw fault;
    const image = await this.#image;
    const control = this.control;
    const source: VirtualCameraSource = new VirtualCameraSource({
      preset,
      info: deviceInfoOf(preset),
      clock: this.clock,
      seed: this.seed,
      initial,
      ...(this.#scene ? { scene: this.#scene } : {}),
      ...(image ? { image } : {}),
      epoch: this.#epoch,
      onClose: () => control.untrack(source),
    });
    control.track(source);
    control.onOpen?.(source);
    return source;
  }
}
