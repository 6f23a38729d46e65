/**
 * ImageCapture of the First Public Working Draft (9 July 2013; https://www.w3.org/TR/2013/WD-image-capture-20130709/): an EventTarget
 * whose setOptions(), takePhoto() and getFrame() report through events. It is a thin layer over
 * today's ImageCapture and MediaStreamTrack (whichever the platform has: ours in Node, the native
 * or polyfilled one in browsers); it has no camera logic of its own.
 *
 * Choices where the draft is silent or ambiguous:
 * - A call while the track is not live fires `error` with code ERROR_UNKNOWN (4) and message
 *   "INVALID_TRACK" (the draft names INVALID_TRACK but never defines it). This applies to
 *   setOptions too, so no call on an ended track goes unanswered.
 * - The draft does not check the track's kind; a non-video track is accepted and every call
 *   on it fires `error` (PHOTO_ERROR, FRAME_GRAB_ERROR or SETTINGS_ERROR).
 * - Events are dispatched in a later task, never during the call, and do not bubble.
 * - getFrame() calls are served one after another, so each call yields exactly one frame.
 * - setOptions() applies all its members together or none (the options stay as they were).
 * - See settings.ts for how the 2013 settings map onto today's constraints.
 */
import type { PlatformImageBitmap } from '../spec/platform-globals.js';
import { typeError } from '../spec/errors.js';
import { IMAGE_CAPTURE_PROPERTIES } from '../constraints/properties.js';
import type { AnyMediaStreamTrack } from '../image-capture/image-capture.js';
import * as webidl from '../spec/webidl.js';
import { defineEventHandlers } from '../media/events.js';
import { ERROR_UNKNOWN, FRAME_GRAB_ERROR, createImageCaptureError, INVALID_TRACK, PHOTO_ERROR, SETTINGS_ERROR } from './error.js';
import { BlobEvent, FrameGrabEvent, ImageCaptureErrorEvent, type ImageDataLike, PhotoSettingsEvent } from './events.js';
import {
  buildOptions,
  convertLegacySettings,
  type ExposureMode,
  type LegacyPhotoSettings,
  type PhotoSettingsOptions,
  toConstraintSet,
  UnsupportedSetting,
} from './settings.js';

/** Today's ImageCapture, as far as this layer uses it. */
interface ModernImageCapture {
  takePhoto(settings?: Record<string, unknown>): Promise<Blob>;
  grabFrame(): Promise<PlatformImageBitmap>;
  getPhotoCapabilities(): Promise<
    {
      imageWidth?: { min?: number; max?: number; step?: number };
      imageHeight?: { min?: number; max?: number; step?: number };
      redEyeReduction?: string;
    }
  >;
}

interface TrackLike {
  readonly kind: string;
  readonly readyState: string;
  getCapabilities(): Record<string, unknown>;
  getSettings(): Record<string, unknown>;
  getConstraints(): Record<string, unknown>;
  applyConstraints(c: Record<string, unknown>): Promise<void>;
}

/** What the layer needs from the platform it runs on. */
export interface LegacyPlatform {
  ImageCapture: new (track: never) => ModernImageCapture;
  isTrack(value: unknown): boolean;
  /** The RGBA pixels of a bitmap as the platform's ImageData (the bitmap is closed afterwards). */
  toImageData(bitmap: PlatformImageBitmap): Promise<ImageDataLike>;
}

let platform: LegacyPlatform | undefined;

/** Entry points call this once with their platform. */
export function setLegacyPlatform(p: LegacyPlatform): void {
  platform = p;
}

function queueTask(fn: () => void): void {
  setTimeout(fn, 0);
}

function message(err: unknown): string {
  return err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException)
    ? `${(err as Error).name}: ${(err as Error).message}`
    : String(err);
}

interface PhotoOptions {
  imageWidth?: number;
  imageHeight?: number;
  redEyeReduction?: boolean;
}

let isLegacyImageCapture: (value: unknown) => value is ImageCapture;

export class ImageCapture extends EventTarget {
  declare onphoto: ((this: ImageCapture, ev: BlobEvent) => unknown) | null;
  declare onerror: ((this: ImageCapture, ev: ImageCaptureErrorEvent) => unknown) | null;
  declare onphotosettingschange: ((this: ImageCapture, ev: PhotoSettingsEvent) => unknown) | null;
  declare onframegrab: ((this: ImageCapture, ev: FrameGrabEvent) => unknown) | null;
  readonly #track: TrackLike;
  readonly #modern: ModernImageCapture | null;
  #photo: PhotoOptions = {};
  #exposure: ExposureMode = 'frame-average';
  #photoCaps: Awaited<ReturnType<ModernImageCapture['getPhotoCapabilities']>> | undefined;
  #settingsChain: Promise<void> = Promise.resolve();
  #frameChain: Promise<void> = Promise.resolve();

  constructor(track: AnyMediaStreamTrack) {
    const ctx = "Failed to construct 'ImageCapture'";
    if (arguments.length < 1) throw typeError(`${ctx}: 1 argument required, but only 0 present.`);
    if (!platform) throw typeError(`${ctx}: the legacy layer has no platform (import it from "imagecapture/legacy").`);
    if (!platform.isTrack(track)) {
      throw typeError(`${ctx}: parameter 1 is ${webidl.describeValue(track)}, which is not of type 'VideoStreamTrack'.`);
    }
    super();
    this.#track = track as unknown as TrackLike;
    let modern: ModernImageCapture | null = null;
    try {
      modern = new platform.ImageCapture(track as never);
    } catch {
      modern = null; // a non-video track: every call reports an error event
    }
    this.#modern = modern;
    if (modern && this.#track.readyState === 'live') {
      modern.getPhotoCapabilities().then(
        (caps) => void (this.#photoCaps = caps),
        () => undefined,
      );
    }
  }

  /** The track given to the constructor (the draft's VideoStreamTrack). */
  get videoStreamTrack(): AnyMediaStreamTrack {
    return brand(this, 'videoStreamTrack').#track as unknown as AnyMediaStreamTrack;
  }

  /** The camera's current photo settings and their ranges. */
  get photoSettingsOptions(): PhotoSettingsOptions {
    const self = brand(this, 'photoSettingsOptions');
    const live = self.#track.readyState === 'live';
    return buildOptions(
      live ? self.#track.getCapabilities() : {},
      live ? self.#track.getSettings() : {},
      self.#photoCaps,
      self.#photo,
      self.#exposure,
    );
  }

  /** Applies 2013 PhotoSettings; fires `photosettingschange`, or `error` with SETTINGS_ERROR. */
  setOptions(photoSettings?: LegacyPhotoSettings | null): void {
    const self = brand(this, 'setOptions');
    const ctx = webidl.methodContext('ImageCapture', 'setOptions');
    let settings: LegacyPhotoSettings;
    try {
      settings = convertLegacySettings(photoSettings, ctx);
    } catch (err) {
      if (!(err instanceof UnsupportedSetting)) throw err; // TypeErrors reach the caller
      self.#settingsChain = self.#settingsChain.then(() => self.#fail(SETTINGS_ERROR, err.message));
      return;
    }
    self.#settingsChain = self.#settingsChain.then(() => self.#applyOptions(settings));
  }

  async #applyOptions(settings: LegacyPhotoSettings): Promise<void> {
    if (this.#track.readyState !== 'live') return this.#fail(ERROR_UNKNOWN, INVALID_TRACK);
    if (!this.#modern) return this.#fail(SETTINGS_ERROR, `a ${this.#track.kind} track has no photo settings.`);
    try {
      // Photo-side members are checked before anything changes.
      const photoCaps = (this.#photoCaps = await this.#modern.getPhotoCapabilities());
      const photo: PhotoOptions = { ...this.#photo };
      for (const key of ['imageWidth', 'imageHeight'] as const) {
        const v = settings[key];
        if (v === undefined) continue;
        const range = photoCaps[key];
        if (!range || (range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max)) {
          throw new UnsupportedSetting(`${key} ${v} is outside ${range ? `${range.min}–${range.max}` : 'what the camera offers'}.`);
        }
        photo[key] = v;
      }
      if (settings.redEyeReduction !== undefined) {
        const rer = photoCaps.redEyeReduction;
        const ok = rer === 'controllable' ||
          (rer === 'always' && settings.redEyeReduction) ||
          (rer === 'never' && !settings.redEyeReduction);
        if (!ok) {
          throw new UnsupportedSetting(
            `redEyeReduction ${settings.redEyeReduction} is not possible (the camera's is "${rer ?? 'never'}").`,
          );
        }
        photo.redEyeReduction = settings.redEyeReduction;
      }
      const set = toConstraintSet(settings, this.#track.getCapabilities(), this.#track.getSettings());
      if (Object.keys(set).length > 0) await applyMerged(this.#track, set);
      this.#photo = photo;
      if (settings.autoExposureMode !== undefined) this.#exposure = settings.autoExposureMode;
    } catch (err) {
      return this.#fail(SETTINGS_ERROR, err instanceof UnsupportedSetting ? err.message : message(err));
    }
    const photoSettings = currentSettings(this.photoSettingsOptions);
    this.#dispatchLater(new PhotoSettingsEvent('photosettingschange', { photoSettings }));
  }

  /** Takes a photo; fires `photo` with the Blob, or `error` with PHOTO_ERROR. */
  takePhoto(): void {
    const self = brand(this, 'takePhoto');
    if (self.#track.readyState !== 'live') return void self.#fail(ERROR_UNKNOWN, INVALID_TRACK);
    const modern = self.#modern;
    if (!modern) return void self.#fail(PHOTO_ERROR, `a ${self.#track.kind} track cannot take photos.`);
    const photo: Record<string, unknown> = { ...self.#photo };
    modern.takePhoto(photo).then(
      (blob) => self.#dispatchLater(new BlobEvent('photo', { data: blob })),
      (err: unknown) => self.#fail(PHOTO_ERROR, message(err)),
    );
  }

  /** Grabs one frame; fires `framegrab` with RGBA ImageData, or `error` with FRAME_GRAB_ERROR. */
  getFrame(): void {
    const self = brand(this, 'getFrame');
    if (self.#track.readyState !== 'live') return void self.#fail(ERROR_UNKNOWN, INVALID_TRACK);
    const modern = self.#modern;
    if (!modern) return void self.#fail(FRAME_GRAB_ERROR, `a ${self.#track.kind} track has no frames.`);
    self.#frameChain = self.#frameChain.then(async () => {
      try {
        const bitmap = await modern.grabFrame();
        const imageData = await platform!.toImageData(bitmap);
        self.#dispatchLater(new FrameGrabEvent('framegrab', { imageData }));
      } catch (err) {
        self.#fail(FRAME_GRAB_ERROR, message(err));
      }
    });
  }

  #fail(code: number, text: string): void {
    this.#dispatchLater(new ImageCaptureErrorEvent('error', { imageCaptureError: createImageCaptureError(code, text) }));
  }

  #dispatchLater(event: Event): void {
    queueTask(() => this.dispatchEvent(event));
  }

  static {
    isLegacyImageCapture = (value): value is ImageCapture => typeof value === 'object' && value !== null && #track in value;
  }
}

const IMAGE_CAPTURE_KEYS = new Set(IMAGE_CAPTURE_PROPERTIES.map((p) => p.name));

/**
 * Applies `set` on top of the track's current constraints. Chromium refuses a call that mixes
 * image-capture and other constraints (OverconstrainedError with an empty constraint name) and
 * keeps the other settings as they are anyway, so that refusal is retried with the image-capture
 * part alone.
 */
async function applyMerged(track: TrackLike, set: Record<string, unknown>): Promise<void> {
  const current = track.getConstraints();
  try {
    await track.applyConstraints({ ...current, ...set });
  } catch (err) {
    const e = err as { name?: string; constraint?: string };
    if (e?.name !== 'OverconstrainedError' || e.constraint !== '') throw err;
    const imageCaptureOnly = Object.fromEntries(Object.entries(current).filter(([k]) => IMAGE_CAPTURE_KEYS.has(k)));
    await track.applyConstraints({ ...imageCaptureOnly, ...set });
  }
}

/** The 2013 PhotoSettings that describe the current state (for the settings-change event). */
function currentSettings(o: PhotoSettingsOptions): LegacyPhotoSettings {
  const s: LegacyPhotoSettings = {};
  if (o.autoWhiteBalanceMode) s.autoWhiteBalanceMode = Boolean(o.autoWhiteBalanceMode.value);
  if (o.whiteBalanceMode) s.whiteBalanceMode = o.whiteBalanceMode.initial;
  if (o.autoExposureMode) s.autoExposureMode = o.autoExposureMode;
  if (o.exposureCompensation) s.exposureCompensation = o.exposureCompensation.initial;
  if (o.iso) s.iso = o.iso.initial;
  if (o.redEyeReduction) s.redEyeReduction = Boolean(o.redEyeReduction.value);
  if (o.brightness) s.brightness = o.brightness.initial;
  if (o.contrast) s.contrast = s.constrast = o.contrast.initial;
  if (o.saturation) s.saturation = o.saturation.initial;
  if (o.sharpness) s.sharpness = o.sharpness.initial;
  if (o.imageHeight) s.imageHeight = o.imageHeight.initial;
  if (o.imageWidth) s.imageWidth = o.imageWidth.initial;
  return s;
}

const BRAND: webidl.Brand<ImageCapture> = { name: 'ImageCapture', has: (value) => isLegacyImageCapture(value) };

function brand(value: unknown, member: string): ImageCapture {
  return webidl.requireBrand(value, BRAND, member);
}

defineEventHandlers(ImageCapture.prototype, ['photo', 'error', 'photosettingschange', 'framegrab']);
// https://www.w3.org/TR/2013/WD-image-capture-20130709/#idl-def-ImageCapture
webidl.defineInterface(ImageCapture, 'ImageCapture', {
  length: 1,
  attributes: ['photoSettingsOptions', 'videoStreamTrack', 'onphoto', 'onerror', 'onphotosettingschange', 'onframegrab'],
  operations: { setOptions: 1, getFrame: 0, takePhoto: 0 },
});
