/**
 * A CameraSource over an ONVIF camera: frames from the profile's stream through an ffmpeg source
 * (src/backends/ffmpeg), pan/tilt/zoom and imaging controls on the camera itself (read back from
 * it after each change), stills from its snapshot URI.
 *
 * The stream going away (camera unplugged, network gone) mutes the track; the stream is opened
 * again up to `reconnect.attempts` times, `reconnect.delayMs` apart; when the budget is spent the
 * source ends. Errors from the stream never carry the camera's user name or password.
 */
import { raceAbort } from '../abort.js';
import type {
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
  StillMetadata,
} from '../backend.js';
import type { Clock } from '../clock.js';
import { abortError, domException, invalidState, operationError } from '../../spec/errors.js';
import { redact } from './address.js';
import type { OnvifCamera } from './camera.js';
import { OnvifError } from './http.js';
import { IMAGING_PROPERTIES, imagingCapabilities, type ImagingService, type ImagingValues } from './imaging.js';
import { ptzCapabilities, type PtzPosition, type PtzService } from './ptz.js';
import { fetchSnapshot, scaleSnapshot, snapshotBlob } from './snapshot.js';

const PTZ_KEYS = ['pan', 'tilt', 'zoom'] as const;
const STREAM_KEYS = ['width', 'height', 'frameRate', 'resizeMode'] as const;

/** Polls of GetStatus while the head is still moving, at most. */
const MOVE_POLLS = 50;
const MOVE_POLL_MS = 100;

export interface ReconnectPolicy {
  readonly attempts: number;
  readonly delayMs: number;
}

export interface OnvifSourceParts {
  readonly info: CameraDeviceInfo;
  readonly camera: OnvifCamera;
  readonly ptz: PtzService | undefined;
  readonly imaging: ImagingService | undefined;
  /** Opens the stream (again). */
  readonly openStream: () => Promise<CameraSource>;
  readonly reconnect: ReconnectPolicy;
  readonly clock: Clock;
  /** Snapshot size, when the camera has a snapshot URI. */
  readonly snapshotSize: { width: number; height: number } | undefined;
  /** Called once when the source closes or ends (the backend forgets its stream). */
  readonly release?: () => void;
}

/** Numbers snapped to their range's step grid (min + k·step), as the camera is sent them. */
function quantise(update: Partial<SourceSettings>, caps: SourceCapabilities): Partial<SourceSettings> {
  const out: Record<string, unknown> = { ...update };
  for (const key of [...PTZ_KEYS, 'brightness', 'contrast', 'saturation', 'sharpness', 'exposureTime'] as const) {
    const v = update[key];
    const r = caps[key];
    if (typeof v !== 'number' || !r || !(r.step! > 0)) continue;
    const k = Math.round((v - r.min!) / r.step!);
    out[key] = Math.min(r.max!, Math.max(r.min!, Number((r.min! + k * r.step!).toPrecision(12))));
  }
  return out as Partial<SourceSettings>;
}

export class OnvifSource extends EventTarget implements CameraSource {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly #parts: OnvifSourceParts;
  readonly #life = new AbortController();
  #inner: CameraSource;
  #position: PtzPosition = { moving: false };
  #imaging: ImagingValues = {};
  #reconnecting: Promise<void> | undefined;
  #muted = false;
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();
  #error: Error | undefined;
  /** The background reads of a moving head, while they run. */
  #following: Promise<void> | undefined;
  /** The photo size last asked for, when it is not the snapshot's own. */
  #photoSize: { width: number; height: number } | undefined;

  private constructor(parts: OnvifSourceParts, inner: CameraSource) {
    super();
    this.info = parts.info;
    this.clock = parts.clock;
    this.#parts = parts;
    this.#inner = inner;
    this.#attach(inner);
  }

  /** Opens the stream, reads the controls' current values and applies `initial`. */
  static async open(parts: OnvifSourceParts, initial: Partial<SourceSettings>): Promise<OnvifSource> {
    const inner = await parts.openStream();
    const source = new OnvifSource(parts, inner);
    try {
      if (parts.ptz) source.#position = await parts.ptz.status();
      if (parts.imaging) source.#imaging = await parts.imaging.settings();
      const controls = Object.fromEntries(Object.entries(initial).filter(([k]) => !(STREAM_KEYS as readonly string[]).includes(k)));
      if (Object.keys(controls).length > 0) await source.configure(controls);
    } catch (error) {
      source.close();
      if (!(error instanceof OnvifError)) throw error;
      const why = redact(error.message, parts.camera.address.credentials);
      throw error.kind === 'auth'
        ? domException('NotAllowedError', `${parts.info.label}: ${why}.`)
        : domException('NotReadableError', `${parts.info.label} could not be read: ${why}.`);
    }
    return source;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** Why the source ended, when it ended by itself. */
  get error(): Error | undefined {
    return this.#error;
  }

  capabilities(): SourceCapabilities {
    const inner = this.#inner.capabilities();
    const size = this.#parts.snapshotSize;
    // The profile's rate, where the stream itself does not state one ffprobe can read (MJPEG over
    // HTTP is reported at ffmpeg's default 25 fps).
    const rate = this.#parts.camera.profile.frameRate;
    return {
      videoModes: inner.videoModes.map((m) => ({ ...m, frameRate: Math.min(m.frameRate, rate) })),
      resizeModes: inner.resizeModes,
      minFrameRate: inner.minFrameRate,
      ...(this.#parts.imaging ? imagingCapabilities(this.#parts.imaging.options) : {}),
      ...(this.#parts.ptz ? ptzCapabilities(this.#parts.ptz.axes) : {}),
      photo: size
        ? { ...inner.photo, imageWidth: { min: 1, max: size.width, step: 1 }, imageHeight: { min: 1, max: size.height, step: 1 } }
        : inner.photo,
    };
  }

  settings(): SourceSettings {
    const inner = this.#inner.settings();
    const rate = this.#parts.camera.profile.frameRate;
    const out: SourceSettings = {
      width: inner.width,
      height: inner.height,
      frameRate: Math.min(inner.frameRate, rate),
      resizeMode: inner.resizeMode,
    };
    const caps = this.capabilities();
    for (const key of IMAGING_PROPERTIES) {
      const v = this.#imaging[key];
      if (v !== undefined && caps[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
    }
    for (const key of PTZ_KEYS) {
      const v = this.#position[key];
      if (v !== undefined && caps[key] !== undefined) out[key] = v;
    }
    return out;
  }

  configure(update: Partial<SourceSettings>): Promise<void> {
    const run = this.#queue.then(() => this.#configure(update));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #configure(requested: Partial<SourceSettings>): Promise<void> {
    if (this.#ended) throw invalidState(`${this.info.label} has ended.`);
    const update = quantise(requested, this.capabilities());
    const imaging: ImagingValues = {};
    for (const key of IMAGING_PROPERTIES) if (update[key] !== undefined) (imaging as Record<string, unknown>)[key] = update[key];
    const ptzNamed = PTZ_KEYS.filter((k) => update[k] !== undefined);
    const stream: Partial<SourceSettings> = {};
    for (const key of STREAM_KEYS) if (update[key] !== undefined) (stream as Record<string, unknown>)[key] = update[key];
    const before = { ...this.#imaging };
    const service = this.#parts.imaging;
    if (service && Object.keys(imaging).length > 0) {
      try {
        await service.set(imaging, this.#imaging);
      } catch (error) {
        throw this.#refused(Object.keys(imaging), imaging, error);
      }
      this.#imaging = await service.settings().catch(() => ({ ...this.#imaging, ...imaging }));
    }
    const ptz = this.#parts.ptz;
    if (ptz && ptzNamed.length > 0) {
      // Pan and tilt travel as one PanTilt position: the one not named keeps where it is.
      const panTilt = update.pan !== undefined || update.tilt !== undefined;
      const target = {
        ...(panTilt ? { pan: update.pan ?? this.#position.pan ?? 0, tilt: update.tilt ?? this.#position.tilt ?? 0 } : {}),
        ...(update.zoom !== undefined ? { zoom: update.zoom } : {}),
      };
      try {
        await ptz.move(target);
      } catch (error) {
        // Nothing half-applied: the imaging change made above is undone.
        if (service && Object.keys(imaging).length > 0) {
          await service.set(before, this.#imaging).then(() => (this.#imaging = before), () => undefined);
        }
        throw this.#refused(ptzNamed, update, error);
      }
      await this.#readPosition(target);
    }
    if (Object.keys(stream).length > 0) await this.#inner.configure(stream);
  }

  /**
   * Reads where the head is after a move. While the camera says it is still moving, it is read
   * again in the background (bounded), so settings follow the travel and configure() resolves as
   * soon as the camera has accepted the target.
   */
  async #readPosition(target: { pan?: number; tilt?: number; zoom?: number }): Promise<void> {
    try {
      this.#position = await this.#parts.ptz!.status(this.#life.signal);
    } catch {
      // A camera that does not answer GetStatus now: report the target it accepted.
      this.#position = { ...this.#position, ...target };
      return;
    }
    if (this.#position.moving) void this.#followMove();
  }

  /** Reads the position until the head stops: every MOVE_POLL_MS, at most MOVE_POLLS times. One at a time. */
  #followMove(): Promise<void> {
    this.#following ??= (async () => {
      try {
        for (let i = 0; i < MOVE_POLLS && this.#position.moving && !this.#ended; i++) {
          await this.clock.sleepUntil(this.clock.now() + MOVE_POLL_MS, this.#life.signal);
          this.#position = await this.#parts.ptz!.status(this.#life.signal);
        }
      } catch {
        // Closed, or the camera stopped answering: the last position read stands.
      } finally {
        this.#following = undefined;
      }
    })();
    return this.#following;
  }

  #refused(properties: readonly string[], values: object, error: unknown): DOMException {
    const named = properties.map((p) => `${p} ${JSON.stringify((values as Record<string, unknown>)[p])}`).join(', ');
    if (error instanceof OnvifError && error.kind === 'auth') {
      return domException('NotAllowedError', `${this.info.label} refused to set ${named}: ${error.message}.`);
    }
    const why = error instanceof Error ? error.message : String(error);
    return operationError(`${this.info.label} refused ${named}: ${redact(why, this.#parts.camera.address.credentials)}`);
  }

  photoSettings(): Promise<SourcePhotoSettings> {
    const size = this.#photoSize ?? this.#parts.snapshotSize;
    if (!size) return this.#inner.photoSettings();
    return Promise.resolve({ fillLightMode: 'off', redEyeReduction: false, imageWidth: size.width, imageHeight: size.height });
  }

  async nextFrame(signal: AbortSignal, out?: Uint8Array, lend?: boolean): Promise<RawFrame> {
    // Bounded: one try on the stream there is, one on the stream a reconnection brings.
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw signal.reason ?? abortError('The operation was aborted.');
      if (this.#reconnecting) await raceAbort(this.#reconnecting, signal);
      if (this.#ended) throw invalidState(`${this.info.label} has ended; no more frames.`);
      try {
        return await this.#inner.nextFrame(signal, out, lend);
      } catch (error) {
        if (attempt === 0 && this.#reconnecting && !signal.aborted) continue;
        throw this.#clean(error);
      }
    }
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    if (this.#ended) throw invalidState(`${this.info.label} has ended; no photo can be taken.`);
    const { camera } = this.#parts;
    if (!camera.snapshotUri) {
      if (this.#reconnecting) await raceAbort(this.#reconnecting, signal);
      return this.#inner.takePhoto(settings, signal).catch((e: unknown) => Promise.reject(this.#clean(e)));
    }
    const width = Math.round(settings.imageWidth);
    const height = Math.round(settings.imageHeight);
    try {
      const shot = await fetchSnapshot(camera.snapshotUri, camera.address.credentials, camera.timeoutMs, signal);
      const zoom = this.#position.zoom;
      const metadata: StillMetadata = {
        date: new Date(),
        ...(camera.info.manufacturer ? { make: camera.info.manufacturer } : {}),
        ...(camera.info.model ? { model: camera.info.model } : {}),
        ...(this.#imaging.exposureMode ? { exposureProgram: this.#imaging.exposureMode === 'manual' ? 'manual' : 'auto' } : {}),
        ...(this.#imaging.whiteBalanceMode ? { whiteBalance: this.#imaging.whiteBalanceMode === 'manual' ? 'manual' : 'auto' } : {}),
        ...(zoom !== undefined && zoom >= 1 ? { digitalZoomRatio: zoom } : {}),
      };
      this.#photoSize = width === shot.width && height === shot.height ? undefined : { width, height };
      // The camera's own size: its JPEG as it made it. Another size: the snapshot scaled to it.
      if (!this.#photoSize) return { kind: 'encoded', blob: snapshotBlob(shot, metadata) };
      return { kind: 'raw', frame: await scaleSnapshot(shot, width, height), metadata };
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? abortError('The operation was aborted.');
      if (error instanceof OnvifError && error.kind === 'auth') {
        throw domException('NotAllowedError', `${this.info.label}: ${error.message}.`);
      }
      throw domException(
        'UnknownError',
        `${this.info.label} could not take the snapshot: ${redact((error as Error).message, camera.address.credentials)}.`,
      );
    }
  }

  /** The pre-capture step: the head has stopped moving. */
  async prepareStill(signal: AbortSignal): Promise<void> {
    if (this.#position.moving && this.#parts.ptz) await raceAbort(this.#followMove(), signal);
  }

  close(): void {
    if (this.#ended && this.#life.signal.aborted) return;
    this.#ended = true;
    this.#life.abort(abortError(`${this.info.label} was closed.`));
    this.#inner.close();
    this.#parts.release?.();
  }

  // ---- the stream ----

  #attach(inner: CameraSource): void {
    inner.addEventListener('mute', () => inner === this.#inner && this.#setMuted(true));
    inner.addEventListener('unmute', () => inner === this.#inner && !this.#reconnecting && this.#setMuted(false));
    inner.addEventListener('ended', (event) => {
      if (inner !== this.#inner || this.#ended) return;
      this.#reconnecting = this.#reconnect((event as CustomEvent<Error | undefined>).detail);
    });
  }

  async #reconnect(cause: Error | undefined): Promise<void> {
    this.#setMuted(true);
    const { attempts, delayMs } = this.#parts.reconnect;
    let last: Error | undefined = cause;
    for (let i = 0; i < attempts && !this.#ended; i++) {
      try {
        await this.clock.sleepUntil(this.clock.now() + delayMs, this.#life.signal);
        const inner = await this.#parts.openStream();
        if (this.#ended) {
          inner.close();
          return;
        }
        this.#inner = inner;
        this.#attach(inner);
        this.#reconnecting = undefined;
        this.#setMuted(false);
        return;
      } catch (error) {
        if (this.#life.signal.aborted) return;
        last = error as Error;
      }
    }
    this.#reconnecting = undefined;
    if (this.#ended) return;
    this.#ended = true;
    const message = `${this.info.label} went away and did not come back after ${attempts} attempt${attempts === 1 ? '' : 's'}${last
      ? `: ${redact(last.message, this.#parts.camera.address.credentials)}`
      : ''}`;
    this.#error = new Error(message);
    this.#life.abort(abortError(`${this.info.label} has ended.`));
    this.#parts.release?.();
    this.dispatchEvent(new CustomEvent('ended', { detail: this.#error }));
  }

  #clean(error: unknown): unknown {
    const credentials = this.#parts.camera.address.credentials;
    if (!credentials || !(error instanceof Error || error instanceof DOMException)) return error;
    const message = redact(error.message, credentials);
    if (message === error.message) return error;
    return error instanceof DOMException ? domException(error.name as Parameters<typeof domException>[0], message) : new Error(message);
  }

  #setMuted(muted: boolean): void {
    if (this.#muted === muted) return;
    this.#muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
}
