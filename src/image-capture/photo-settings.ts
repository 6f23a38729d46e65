/**
 * PhotoSettings (https://w3c.github.io/mediacapture-image/#dictdef-photosettings): WebIDL conversion,
 * validation against the device's photo capabilities, and resolution to the sizes the device will actually
 * shoot.
 */
import type { SourcePhotoSettings } from '../backends/backend.js';
import { fmt, fmtRange, notSupported } from '../spec/errors.js';
import type { FillLightMode, MediaSettingsRange, PhotoCapabilities, PhotoSettings } from '../spec/types.js';
import { FILL_LIGHT_MODE_VALUES } from '../spec/types.js';
import { snapToRange } from '../constraints/snap.js';
import { type BehaviorRecord, SPEC_BEHAVIOR } from '../spec/behavior.js';
import * as webidl from '../spec/webidl.js';
import type { PhotoDeviceCapabilities } from './target.js';

/** https://w3c.github.io/mediacapture-image/#photosettings-section */
const PHOTO_SETTINGS = webidl.dictionaryConverter('PhotoSettings', [
  { key: 'fillLightMode', converter: (v, ctx) => webidl.enumeration(v, FILL_LIGHT_MODE_VALUES, ctx, 'FillLightMode') },
  { key: 'imageHeight', converter: webidl.double },
  { key: 'imageWidth', converter: webidl.double },
  { key: 'redEyeReduction', converter: webidl.boolean },
]);

/** PhotoSettings, the first argument of `method` (`ctx` names the method). */
export function convertPhotoSettings(value: unknown, ctx: string): PhotoSettings {
  return PHOTO_SETTINGS(value, `${ctx}: parameter 1`);
}

/** Whether `v` lies outside a range the camera reports (no range: nothing to check against). */
function outside(range: MediaSettingsRange | undefined, v: number): boolean {
  if (!range) return false;
  return (range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max);
}

/**
 * Checks the requested settings against the device's capabilities and throws NotSupportedError
 * naming what was wrong (as Chromium does; docs/behaviour.md). Nothing is changed on failure.
 */
export function validatePhotoSettings(settings: PhotoSettings, caps: PhotoDeviceCapabilities): void {
  if (settings.imageHeight !== undefined && outside(caps.imageHeight, settings.imageHeight)) {
    throw notSupported(`imageHeight ${fmt(settings.imageHeight)} is outside the supported range ${fmtRange(caps.imageHeight!)}.`);
  }
  if (settings.imageWidth !== undefined && outside(caps.imageWidth, settings.imageWidth)) {
    throw notSupported(`imageWidth ${fmt(settings.imageWidth)} is outside the supported range ${fmtRange(caps.imageWidth!)}.`);
  }
  if (settings.redEyeReduction !== undefined && caps.redEyeReduction !== 'controllable') {
    throw notSupported(
      `redEyeReduction cannot be set on this camera (its red-eye reduction is "${caps.redEyeReduction}", not "controllable").`,
    );
  }
  if (settings.fillLightMode !== undefined && !caps.fillLightMode.includes(settings.fillLightMode)) {
    throw notSupported(
      `fillLightMode "${settings.fillLightMode}" is not supported; supported: ${
        caps.fillLightMode.length ? caps.fillLightMode.map((m) => `"${m}"`).join(', ') : 'none'
      }.`,
    );
  }
}

/**
 * Merges the requested settings into the device's current ones. When only one dimension is given
 * the other follows the current aspect ratio, so a photo is never stretched.
 */
export function resolvePhotoSettings(
  requested: PhotoSettings,
  current: SourcePhotoSettings,
  caps: PhotoDeviceCapabilities,
  behavior: BehaviorRecord = SPEC_BEHAVIOR,
): SourcePhotoSettings {
  // Chromium behaviour (docs/behaviour.md): Chromium hands the requested sizes to the camera as given (the camera picks the closest).
  if (behavior.photoSizeAsGiven) {
    return {
      fillLightMode: (requested.fillLightMode ?? current.fillLightMode) as FillLightMode,
      imageWidth: requested.imageWidth ?? current.imageWidth,
      imageHeight: requested.imageHeight ?? current.imageHeight,
      redEyeReduction: requested.redEyeReduction ?? current.redEyeReduction,
    };
  }
  const aspect = current.imageWidth / current.imageHeight;
  let width = requested.imageWidth;
  let height = requested.imageHeight;
  if (width !== undefined && height === undefined) height = width / aspect;
  else if (height !== undefined && width === undefined) width = height * aspect;
  return {
    fillLightMode: (requested.fillLightMode ?? current.fillLightMode) as FillLightMode,
    imageWidth: width === undefined ? current.imageWidth : snapToRange(width, caps.imageWidth, { whole: true }),
    imageHeight: height === undefined ? current.imageHeight : snapToRange(height, caps.imageHeight, { whole: true }),
    redEyeReduction: requested.redEyeReduction ?? current.redEyeReduction,
  };
}

/** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities step 4: the dictionary handed to script (fresh objects each time). */
export function photoCapabilitiesDictionary(caps: PhotoDeviceCapabilities, behavior: BehaviorRecord): PhotoCapabilities {
  const out: PhotoCapabilities = { redEyeReduction: caps.redEyeReduction };
  const range = (r: MediaSettingsRange | undefined): MediaSettingsRange | undefined => {
    if (!r) return undefined;
    // Chromium behaviour (docs/behaviour.md): Chromium leaves a range out when the device reports zeros for it.
    if (behavior.omitEmptyPhotoCapabilities && !r.min && !r.max) return undefined;
    const o: MediaSettingsRange = {};
    if (r.max !== undefined) o.max = r.max;
    if (r.min !== undefined) o.min = r.min;
    if (r.step !== undefined) o.step = r.step;
    return o;
  };
  const h = range(caps.imageHeight);
  if (h) out.imageHeight = h;
  const w = range(caps.imageWidth);
  if (w) out.imageWidth = w;
  if (!behavior.omitEmptyPhotoCapabilities || caps.fillLightMode.length > 0) out.fillLightMode = [...caps.fillLightMode];
  return out;
}

/** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings: the dictionary handed to script; Chromium never reports fill light or red-eye (crbug 732521). */
export function photoSettingsDictionary(settings: SourcePhotoSettings, behavior: BehaviorRecord): PhotoSettings {
  if (behavior.photoSettingsSizesOnly) return { imageHeight: settings.imageHeight, imageWidth: settings.imageWidth };
  return {
    fillLightMode: settings.fillLightMode,
    imageHeight: settings.imageHeight,
    imageWidth: settings.imageWidth,
    redEyeReduction: settings.redEyeReduction,
  };
}
