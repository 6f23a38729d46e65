/**
 * PhotoSettings (https://w3c.github.io/mediacapture-image/#dictdef-photosettings): WebIDL conversion,
 * validation against the device's photo capabilities, and resolution to the sizes the device will actually
 * shoot.
 */
import type { SourcePhotoSettings } from '../backends/backend.js';
import { fmt, fmtRange, notSupported } from '../spec/errors.js';
import type { FillLightMode, MediaSettingsRange, PhotoCapabilities, PhotoSettings } from '../spec/types.js';
import { FILL_LIGHT_MODE_VALUES } from '../spec/types.js';
import * as webidl from '../spec/webidl.js';
import type { PhotoDeviceCapabilities } from './target.js';

/** https://w3c.github.io/mediacapture-image/#dictdef-photosettings, converted per WebIDL (members in lexicographic order). */
export function convertPhotoSettings(value: unknown, ctx: string): PhotoSettings {
  const dict = webidl.dictionary(value, `${ctx}: parameter 1`);
  const out: PhotoSettings = {};
  const fillLightMode = webidl.member(dict, 'fillLightMode');
  if (fillLightMode !== undefined) {
    out.fillLightMode = webidl.enumeration(fillLightMode, FILL_LIGHT_MODE_VALUES, `${ctx}: member fillLightMode`, 'FillLightMode');
  }
  const imageHeight = webidl.member(dict, 'imageHeight');
  if (imageHeight !== undefined) out.imageHeight = webidl.double(imageHeight, `${ctx}: member imageHeight`);
  const imageWidth = webidl.member(dict, 'imageWidth');
  if (imageWidth !== undefined) out.imageWidth = webidl.double(imageWidth, `${ctx}: member imageWidth`);
  const redEyeReduction = webidl.member(dict, 'redEyeReduction');
  if (redEyeReduction !== undefined) out.redEyeReduction = webidl.boolean(redEyeReduction);
  return out;
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
 * The allowed value nearest to `v` on the range's step grid
 * (https://w3c.github.io/mediacapture-image/#dom-photosettings-imagewidth: the closest value).
 */
export function nearestOnRange(v: number, range: MediaSettingsRange | undefined): number {
  if (!range) return Math.round(v);
  const min = range.min ?? v;
  const max = range.max ?? v;
  let x = Math.min(Math.max(v, min), max);
  if (range.step && range.step > 0) {
    x = min + Math.round((x - min) / range.step) * range.step;
    if (x > max) x -= range.step;
  }
  return Math.round(Math.min(Math.max(x, min), max));
}

/**
 * Merges the requested settings into the device's current ones. When only one dimension is given
 * the other follows the current aspect ratio, so a photo is never stretched.
 */
export function resolvePhotoSettings(
  requested: PhotoSettings,
  current: SourcePhotoSettings,
  caps: PhotoDeviceCapabilities,
  compat = false,
): SourcePhotoSettings {
  // Chromium hands the requested sizes to the camera as given (the camera picks the closest).
  if (compat) {
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
    imageWidth: width === undefined ? current.imageWidth : nearestOnRange(width, caps.imageWidth),
    imageHeight: height === undefined ? current.imageHeight : nearestOnRange(height, caps.imageHeight),
    redEyeReduction: requested.redEyeReduction ?? current.redEyeReduction,
  };
}

/**
 * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities step 3.3: the dictionary
 * handed to script (fresh objects each time).
 */
export function photoCapabilitiesDictionary(caps: PhotoDeviceCapabilities, compat: boolean): PhotoCapabilities {
  const out: PhotoCapabilities = { redEyeReduction: caps.redEyeReduction };
  const range = (r: MediaSettingsRange | undefined): MediaSettingsRange | undefined => {
    if (!r) return undefined;
    // Chromium leaves a range out when the device reports zeros for it.
    if (compat && !r.min && !r.max) return undefined;
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
  if (!compat || caps.fillLightMode.length > 0) out.fillLightMode = [...caps.fillLightMode];
  return out;
}

/**
 * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings: the dictionary handed to
 * script; Chromium never reports fill light or red-eye (crbug 732521).
 */
export function photoSettingsDictionary(settings: SourcePhotoSettings, compat: boolean): PhotoSettings {
  if (compat) return { imageHeight: settings.imageHeight, imageWidth: settings.imageWidth };
  return {
    fillLightMode: settings.fillLightMode,
    imageHeight: settings.imageHeight,
    imageWidth: settings.imageWidth,
    redEyeReduction: settings.redEyeReduction,
  };
}
