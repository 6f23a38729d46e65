/**
 * A control layer over a camera backend: what the camera reports (capabilities, settings, photo
 * state) passes through a DeviceOverlay, which may replace it and which hears every settings
 * update and every still on its way to the device. Frames, stills, faults, gates and events stay
 * the wrapped device's (for the testing surface: the virtual camera and its control hooks).
 *
 * Both testing products are overlays: the `ImageCaptureTest` mock reports its live state, and
 * `TestCamera` reports its preset with the changes a test asked for.
 */
import type {
  CameraBackend,
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../backends/backend.js';
import type { Clock } from '../backends/clock.js';

/** Where a settings update comes from: the initial values of getUserMedia, or applyConstraints. */
export type UpdateVia = 'open' | 'configure';

/** The device operations an overlay may make fail. */
export type FaultPoint = 'open' | 'configure' | 'photoSettings' | 'takePhoto' | 'nextFrame';

export interface DeviceOverlay {
  /** What the device reports it can do, given what the wrapped device reports. */
  capabilities(inner: SourceCapabilities): SourceCapabilities;
  /** What the device reports as its settings, given the wrapped device's. */
  settings(inner: SourceSettings): SourceSettings;
  /** The photo settings reported, given the wrapped device's. */
  photoSettings(inner: SourcePhotoSettings): SourcePhotoSettings;
  /** The part of an update the wrapped device receives (the rest is the overlay's to keep). */
  forward(update: Partial<SourceSettings>): Partial<SourceSettings>;
  /** An update is on its way (told before the device answers, whatever it answers). */
  sending?(update: Partial<SourceSettings>, via: UpdateVia): void;
  /** The device accepted an update. */
  applied?(update: Partial<SourceSettings>, via: UpdateVia): void;
  /** A still is about to be taken with these settings. */
  photo?(settings: SourcePhotoSettings): void;
  /** An error to fail the operation with instead of asking the device (undefined: go on). */
  fault?(point: FaultPoint): Error | undefined;
}

function copyDetail(e: Event): unknown {
  return (e as CustomEvent).detail;
}

/** One open device seen through an overlay. */
class OverlaySource extends EventTarget implements CameraSource {
  readonly inner: CameraSource;
  readonly #overlay: DeviceOverlay;
  readonly #detach: () => void;
  readonly #onClose: (() => void) | undefined;

  constructor(inner: CameraSource, overlay: DeviceOverlay, onClose?: () => void) {
    super();
    this.inner = inner;
    this.#overlay = overlay;
    this.#onClose = onClose;
    const onEnded = (e: Event): void => void this.dispatchEvent(new CustomEvent('ended', { detail: copyDetail(e) }));
    const onMute = (): void => void this.dispatchEvent(new Event('mute'));
    const onUnmute = (): void => void this.dispatchEvent(new Event('unmute'));
    inner.addEventListener('ended', onEnded);
    inner.addEventListener('mute', onMute);
    inner.addEventListener('unmute', onUnmute);
    this.#detach = () => {
      inner.removeEventListener('ended', onEnded);
      inner.removeEventListener('mute', onMute);
      inner.removeEventListener('unmute', onUnmute);
    };
  }

  get info(): CameraDeviceInfo {
    return this.inner.info;
  }

  get clock(): Clock {
    return this.inner.clock;
  }

  get ended(): boolean {
    return this.inner.ended;
  }

  get muted(): boolean {
    return this.inner.muted;
  }

  get stillPhoto(): boolean {
    return this.inner.stillPhoto !== false;
  }

  capabilities(): SourceCapabilities {
    return this.#overlay.capabilities(this.inner.capabilities());
  }

  settings(): SourceSettings {
    return this.#overlay.settings(this.inner.settings());
  }

  #check(point: FaultPoint): void {
    const error = this.#overlay.fault?.(point);
    if (error) throw error;
  }

  async configure(update: Partial<SourceSettings>): Promise<void> {
    this.#overlay.sending?.(update, 'configure');
    this.#check('configure');
    await this.inner.configure(this.#overlay.forward(update));
    this.#overlay.applied?.(update, 'configure');
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    this.#check('photoSettings');
    return this.#overlay.photoSettings(await this.inner.photoSettings());
  }

  async nextFrame(signal: AbortSignal, out?: Uint8Array): Promise<RawFrame> {
    this.#check('nextFrame');
    return this.inner.nextFrame(signal, out);
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    this.#overlay.photo?.({ ...settings });
    this.#check('takePhoto');
    return this.inner.takePhoto(settings, signal);
  }

  close(): void {
    this.inner.close();
    this.#detach();
    this.#onClose?.();
  }
}

/** A backend whose devices are seen through one overlay. */
export class OverlayBackend implements CameraBackend {
  readonly name: string;
  readonly inner: CameraBackend;
  readonly overlay: DeviceOverlay;
  readonly #open = new Set<OverlaySource>();

  constructor(name: string, inner: CameraBackend, overlay: DeviceOverlay) {
    this.name = name;
    this.inner = inner;
    this.overlay = overlay;
  }

  /** Sources opened and not yet ended, oldest first. */
  get sources(): OverlaySource[] {
    return [...this.#open].filter((s) => !s.ended);
  }

  devices(): Promise<CameraDeviceInfo[]> {
    return this.inner.devices();
  }

  async probe(deviceId: string): Promise<SourceCapabilities> {
    return this.overlay.capabilities(await this.inner.probe(deviceId));
  }

  async open(deviceId: string, initial: Partial<SourceSettings>): Promise<CameraSource> {
    this.overlay.sending?.(initial, 'open');
    const error = this.overlay.fault?.('open');
    if (error) throw error;
    const inner = await this.inner.open(deviceId, this.overlay.forward(initial));
    this.overlay.applied?.(initial, 'open');
    const source: OverlaySource = new OverlaySource(inner, this.overlay, () => this.#open.delete(source));
    this.#open.add(source);
    return source;
  }
}

/** The video-format members of an update (what a device always handles itself). */
export function formatPart(update: Partial<SourceSettings>): Partial<SourceSettings> {
  const out: Partial<SourceSettings> = {};
  if (update.width !== undefined) out.width = update.width;
  if (update.height !== undefined) out.height = update.height;
  if (update.frameRate !== undefined) out.frameRate = update.frameRate;
  if (update.resizeMode !== undefined) out.resizeMode = update.resizeMode;
  return out;
}
