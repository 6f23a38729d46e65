/**
 * From the camera model's state to renderer parameters: one video frame, or one still with its
 * flash decision and EXIF facts (https://w3c.github.io/mediacapture-image/#securityandprivacy: no location, minimal metadata).
 */
import type { SourcePhotoSettings, StillMetadata } from '../backend.js';
import { whiteBalanceGains } from './color.js';
import { exposureFactor, TIME_UNITS_PER_SECOND, type ExposureChoice } from './exposure.js';
import type { CameraModel, Effective } from './model.js';
import type { FrameParams } from './render.js';
import { FLASH_POWER } from './scene.js';

/** The darkest ambient light the camera shoots without an auto flash: 1/30 s at ISO 800. */
const AUTO_FLASH_TIME = TIME_UNITS_PER_SECOND / 30;
const AUTO_FLASH_ISO = 800;
/** Longest exposure with the flash (its sync speed), 100 µs units. */
const FLASH_SYNC_TIME = TIME_UNITS_PER_SECOND / 60;
/** How much the pre-flash of red-eye reduction narrows the pupils. */
const CONSTRICTED_PUPIL = 0.55;

/** Sensor noise (palette steps) at an ISO: a floor plus a part that grows with the gain. */
export function noiseForIso(iso: number): number {
  return 0.5 + 2 * Math.sqrt(Math.max(0, iso) / 100);
}

interface Extra {
  readonly exposure: ExposureChoice;
  readonly kelvin: number;
  readonly flash: number;
  readonly retina: number;
  readonly pupilScale: number;
}

function params(
  model: CameraModel,
  e: Effective,
  t: number,
  width: number,
  height: number,
  index: number,
  label: string,
  x: Extra,
): FrameParams {
  const optics = model.preset.optics;
  const light = model.lighting(x.flash);
  return {
    width,
    height,
    timeMs: t,
    index,
    label,
    view: model.view(t, width, height),
    apertureM: optics.focalLength / 1000 / optics.fNumber,
    focusDistance: e.focusDistance,
    exposure: x.exposure.factor,
    exposureMs: x.exposure.time / (TIME_UNITS_PER_SECOND / 1000),
    wbGains: whiteBalanceGains(x.kelvin),
    ambient: light.ambient,
    lamp: light.lamp,
    lampColor: light.lampColor,
    retina: x.retina,
    pupilScale: x.pupilScale,
    adjust: e.adjust,
    noise: noiseForIso(x.exposure.iso),
  };
}

/** "hh:mm:ss.mmm" of a time in ms (the label burnt into frames and stills). */
export function timecode(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const h = Math.floor(t / 3600000);
  return `${pad(h % 100, 2)}:${pad(Math.floor(t / 60000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}`;
}

/** Parameters of the video frame shown at clock time t. */
export function videoParams(model: CameraModel, t: number, index: number, label: string): FrameParams {
  const e = model.effective(t);
  const f = model.format;
  return params(
    model,
    e,
    t,
    f.width,
    f.height,
    index,
    label,
    { exposure: e.exposure, kelvin: e.kelvin, flash: 0, retina: 0, pupilScale: 1 },
  );
}

export interface StillPlan {
  readonly params: FrameParams;
  readonly metadata: StillMetadata;
  readonly flashFired: boolean;
}

/**
 * A still at clock time t with the given photo settings: same view as the video (zoom, pan,
 * tilt) over the still's size; `flash` fires it, `auto` fires it when the ambient light is too dim
 * for 1/30 s at ISO 800. With the flash, automatic exposure and white balance re-meter including
 * it (a pre-flash), so the subject is exposed for the flash and far things fall dark.
 */
export function stillPlan(model: CameraModel, t: number, photo: SourcePhotoSettings, index: number, label: string, date: Date): StillPlan {
  const e = model.effective(t);
  const preset = model.preset;
  const fNumber = preset.optics.fNumber;
  let fire = photo.fillLightMode === 'flash';
  if (photo.fillLightMode === 'auto') {
    const needed = (0.18 * 2 ** (model.exposureAuto ? model.exposureCompensation : 0)) / Math.max(1e-6, model.ambientTargets(t).luma);
    fire = needed > exposureFactor(AUTO_FLASH_TIME, Math.min(AUTO_FLASH_ISO, model.isoRange.max ?? AUTO_FLASH_ISO), fNumber);
  }
  if (!preset.photo.fillLightMode.some((m) => m !== 'off')) fire = false;
  let exposure = e.exposure;
  let kelvin = e.kelvin;
  if (fire && (model.exposureAuto || model.whiteBalanceAuto)) {
    const withFlash = model.autoWithLamp(t, FLASH_POWER, Math.min(model.timeRange.max ?? FLASH_SYNC_TIME, FLASH_SYNC_TIME));
    if (model.exposureAuto) exposure = withFlash.exposure;
    if (model.whiteBalanceAuto) kelvin = withFlash.kelvin;
  }
  const rer = preset.photo.redEyeReduction;
  const reduction = rer === 'always' || (rer === 'controllable' && photo.redEyeReduction);
  const p = params(model, e, t, photo.imageWidth, photo.imageHeight, index, label, {
    exposure,
    kelvin,
    flash: fire ? FLASH_POWER : 0,
    retina: fire && !reduction ? FLASH_POWER : 0,
    pupilScale: fire && reduction ? CONSTRICTED_PUPIL : 1,
  });
  const caps = preset.capabilities;
  const metadata: StillMetadata = {
    exposureTime: exposure.time / TIME_UNITS_PER_SECOND,
    iso: Math.round(exposure.iso),
    focalLength: Number((preset.optics.focalLength * e.zoom).toFixed(2)),
    focalLengthIn35mm: Math.round(preset.optics.focalLength35mm * e.zoom),
    fNumber,
    flashFired: fire,
    exposureBias: model.exposureAuto && caps.exposureCompensation ? model.exposureCompensation : 0,
    whiteBalance: model.whiteBalanceAuto ? 'auto' : 'manual',
    exposureProgram: model.exposureAuto ? 'auto' : 'manual',
    digitalZoomRatio: e.zoom,
    subjectDistance: Number(e.focusDistance.toFixed(2)),
    make: preset.exif.make,
    model: preset.exif.model,
    date,
  };
  return { params: p, metadata, flashFired: fire };
}
