/**
 * Virtual camera presets: plain data describing a camera — what it reports (modes, ranges,
 * defaults, photo capabilities), its optics (focal length, aperture) and how it behaves over time
 * (how fast zoom travels, how fast auto exposure converges). `definePreset` derives new presets
 * from these (a missing capability is removed with `null`) and checks that the result is
 * consistent: defaults inside ranges, modes inside lists.
 */
import type { SourcePhotoSettings, SourceSettings, VideoMode } from '../backend.js';
import { rangeError } from '../../spec/errors.js';
import type { VideoFacingMode, VideoResizeMode } from '../../spec/types.js';
import { checkPreset, normalizeDefaults } from './preset-check.js';

export type { PhotoOverride, PhotoOverrideContext, Preset, PresetCapabilities, PresetDynamics, PresetOptics } from './preset-types.js';
import type { PhotoOverride, Preset, PresetCapabilities, PresetDynamics, PresetOptics } from './preset-types.js';

type Removable<T> = { [K in keyof T]?: T[K] | null };

/** What `definePreset` accepts: any part of a preset; `null` removes a capability or default. */
export interface PresetInit {
  id?: string;
  label?: string;
  kindLabel?: string;
  facingMode?: VideoFacingMode | null;
  groupId?: string;
  sensor?: Partial<Preset['sensor']>;
  videoModes?: readonly VideoMode[];
  minFrameRate?: number;
  resizeModes?: readonly VideoResizeMode[];
  capabilities?: Removable<PresetCapabilities>;
  photo?: Partial<Preset['photo']> & {
    imageWidth?: Preset['photo']['imageWidth'] | null;
    imageHeight?: Preset['photo']['imageHeight'] | null;
  };
  defaults?: { settings?: Removable<SourceSettings>; photo?: Partial<SourcePhotoSettings> };
  optics?: Partial<PresetOptics>;
  exif?: Partial<Preset['exif']>;
  dynamics?: Partial<PresetDynamics>;
  emulated?: readonly string[] | null;
  takePhoto?: PhotoOverride | null;
}

function mergeRemovable<T extends object>(base: T, patch: Removable<T> | undefined): T {
  const out = { ...base } as Record<string, unknown>;
  if (!patch) return out as unknown as T;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as unknown as T;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

/**
 * A new preset: `init` laid over `base` (the phone's back camera when omitted). Nested parts
 * (sensor, capabilities, photo, defaults, optics, exif, dynamics) merge member by member; lists
 * (videoModes, resizeModes, capability lists) are replaced. Defaults for capabilities that are
 * gone are dropped, and capabilities without a default get one (the current value of a range is
 * its nearest step to the middle; a mode list prefers "continuous"). Throws a RangeError naming
 * the inconsistency when the result does not hold together.
 */
export function definePreset(init: PresetInit, base: Preset = PHONE_BACK): Preset {
  const b = clone(base) as Preset;
  const merged = {
    id: init.id ?? b.id,
    label: init.label ?? b.label,
    kindLabel: init.kindLabel ?? b.kindLabel,
    facingMode: init.facingMode === null ? undefined : (init.facingMode ?? b.facingMode),
    groupId: init.groupId ?? b.groupId,
    sensor: { ...b.sensor, ...init.sensor },
    videoModes: clone(init.videoModes ?? b.videoModes),
    minFrameRate: init.minFrameRate ?? b.minFrameRate,
    resizeModes: clone(init.resizeModes ?? b.resizeModes),
    capabilities: mergeRemovable(b.capabilities, clone(init.capabilities)),
    photo: mergeRemovable(b.photo, clone(init.photo)) as Preset['photo'],
    defaults: {
      settings: mergeRemovable(b.defaults.settings as SourceSettings, clone(init.defaults?.settings)),
      photo: { ...b.defaults.photo, ...init.defaults?.photo },
    },
    optics: { ...b.optics, ...init.optics },
    exif: { ...b.exif, ...init.exif },
    dynamics: { ...b.dynamics, ...init.dynamics },
    emulated: init.emulated === null ? undefined : (init.emulated ?? b.emulated),
    takePhoto: init.takePhoto === null ? undefined : (init.takePhoto ?? base.takePhoto),
  };
  if (merged.facingMode === undefined) delete (merged as { facingMode?: unknown }).facingMode;
  if (merged.emulated === undefined) delete (merged as { emulated?: unknown }).emulated;
  if (merged.takePhoto === undefined) delete (merged as { takePhoto?: unknown }).takePhoto;
  const preset = merged as Preset;
  (preset as { defaults: Preset['defaults'] }).defaults = normalizeDefaults(preset);
  const problem = checkPreset(preset);
  if (problem) throw rangeError(`Virtual camera preset "${preset.id}": ${problem}`);
  return deepFreeze(preset);
}

const METERING = ['manual', 'single-shot', 'continuous'] as const;
const range = (min: number, max: number, step: number): { min: number; max: number; step: number } => ({ min, max, step });

/** A phone's main camera: 12 MP, autofocus, zoom, digital pan/tilt, torch and flash. */
export const PHONE_BACK: Preset = deepFreeze({
  id: 'phone-back',
  label: 'Virtual Phone Camera (back)',
  kindLabel: 'phone',
  facingMode: 'environment',
  groupId: 'virtual-phone',
  sensor: { width: 4032, height: 3024 },
  videoModes: [
    // Each size up to 1080p has a 30 fps and a 60 fps native mode, as phone sensors do.
    { width: 640, height: 480, frameRate: 30 },
    { width: 640, height: 480, frameRate: 60 },
    { width: 960, height: 720, frameRate: 30 },
    { width: 960, height: 720, frameRate: 60 },
    { width: 1280, height: 720, frameRate: 30 },
    { width: 1280, height: 720, frameRate: 60 },
    { width: 1440, height: 1080, frameRate: 30 },
    { width: 1440, height: 1080, frameRate: 60 },
    { width: 1920, height: 1080, frameRate: 30 },
    { width: 1920, height: 1080, frameRate: 60 },
    { width: 2880, height: 2160, frameRate: 30 },
    { width: 3840, height: 2160, frameRate: 30 },
  ],
  minFrameRate: 1,
  resizeModes: ['none', 'crop-and-scale'],
  capabilities: {
    whiteBalanceMode: [...METERING],
    exposureMode: [...METERING],
    focusMode: [...METERING],
    pointsOfInterest: true,
    exposureCompensation: range(-3, 3, 1 / 3),
    exposureTime: range(1, 10000, 1),
    colorTemperature: range(2500, 7500, 50),
    iso: range(50, 3200, 1),
    brightness: range(0, 100, 1),
    contrast: range(0, 100, 1),
    saturation: range(0, 100, 1),
    sharpness: range(0, 100, 1),
    focusDistance: range(0.1, 10, 0.01),
    pan: range(-36000, 36000, 360),
    tilt: range(-27000, 27000, 360),
    zoom: range(1, 10, 0.1),
    torch: [true, false],
  },
  photo: {
    redEyeReduction: 'controllable',
    fillLightMode: ['auto', 'off', 'flash'],
    imageWidth: range(640, 4032, 8),
    imageHeight: range(480, 3024, 8),
  },
  defaults: {
    settings: {
      width: 640,
      height: 480,
      frameRate: 30,
      resizeMode: 'none',
      whiteBalanceMode: 'continuous',
      exposureMode: 'continuous',
      focusMode: 'continuous',
      pointsOfInterest: [],
      exposureCompensation: 0,
      exposureTime: 250,
      colorTemperature: 5000,
      iso: 100,
      brightness: 50,
      contrast: 50,
      saturation: 50,
      sharpness: 50,
      focusDistance: 1.2,
      pan: 0,
      tilt: 0,
      zoom: 1,
      torch: false,
    },
    photo: { imageWidth: 4032, imageHeight: 3024, fillLightMode: 'auto', redEyeReduction: false },
  },
  optics: { focalLength: 4.25, focalLength35mm: 26, fNumber: 1.8, fixedFocusDistance: 1.2 },
  exif: { make: 'imagecapture', model: 'Virtual Phone Camera (back)' },
  dynamics: { travelMs: 500, focusTravelMs: 200, convergeMs: 150, sweepMs: 300, reportDerived: true },
} satisfies Preset);

/** A phone's selfie camera: 8 MP, fixed focus, no torch or flash, zoom up to 3. */
export const PHONE_FRONT: Preset = definePreset(
  {
    id: 'phone-front',
    label: 'Virtual Phone Camera (front)',
    facingMode: 'user',
    sensor: { width: 3264, height: 2448 },
    videoModes: [
      { width: 640, height: 480, frameRate: 30 },
      { width: 960, height: 720, frameRate: 30 },
      { width: 1280, height: 720, frameRate: 30 },
      { width: 1440, height: 1080, frameRate: 30 },
      { width: 1920, height: 1080, frameRate: 30 },
    ],
    capabilities: {
      focusMode: null,
      focusDistance: null,
      pan: null,
      tilt: null,
      exposureCompensation: range(-2, 2, 1 / 3),
      exposureTime: range(1, 5000, 1),
      iso: range(50, 1600, 1),
      zoom: range(1, 3, 0.1),
      torch: [false],
    },
    photo: { redEyeReduction: 'never', fillLightMode: ['off'], imageWidth: range(640, 3264, 8), imageHeight: range(480, 2448, 8) },
    defaults: {
      settings: { focusMode: null, focusDistance: null, pan: null, tilt: null },
      photo: { imageWidth: 3264, imageHeight: 2448, fillLightMode: 'off', redEyeReduction: false },
    },
    optics: { focalLength: 2.2, focalLength35mm: 24, fNumber: 2.2, fixedFocusDistance: 0.6 },
    exif: { model: 'Virtual Phone Camera (front)' },
  },
  PHONE_BACK,
);

/**
 * A USB (UVC) webcam: three 30 fps modes, fixed focus, no pan/tilt/zoom, no torch, no ISO or
 * exposure compensation; brightness, contrast, saturation and sharpness 0–255 as UVC reports them.
 */
export const WEBCAM: Preset = definePreset(
  {
    id: 'webcam',
    label: 'Virtual Webcam',
    kindLabel: 'webcam',
    facingMode: null,
    groupId: 'virtual-webcam',
    sensor: { width: 1920, height: 1080 },
    videoModes: [
      { width: 640, height: 480, frameRate: 30 },
      { width: 1280, height: 720, frameRate: 30 },
      { width: 1920, height: 1080, frameRate: 30 },
    ],
    minFrameRate: 5,
    capabilities: {
      whiteBalanceMode: ['manual', 'continuous'],
      exposureMode: ['manual', 'continuous'],
      focusMode: null,
      pointsOfInterest: null,
      exposureCompensation: null,
      exposureTime: range(3, 2047, 1),
      colorTemperature: range(2800, 6500, 10),
      iso: null,
      brightness: range(0, 255, 1),
      contrast: range(0, 255, 1),
      saturation: range(0, 255, 1),
      sharpness: range(0, 255, 1),
      focusDistance: null,
      pan: null,
      tilt: null,
      zoom: null,
      torch: null,
    },
    photo: { redEyeReduction: 'never', fillLightMode: ['off'], imageWidth: range(640, 1920, 640), imageHeight: range(480, 1080, 120) },
    defaults: {
      settings: {
        focusMode: null,
        focusDistance: null,
        pointsOfInterest: null,
        exposureCompensation: null,
        iso: null,
        pan: null,
        tilt: null,
        zoom: null,
        torch: null,
        exposureTime: 250,
        colorTemperature: 4600,
        brightness: 128,
        contrast: 128,
        saturation: 128,
        sharpness: 128,
      },
      photo: { imageWidth: 1920, imageHeight: 1080, fillLightMode: 'off', redEyeReduction: false },
    },
    optics: { focalLength: 3.7, focalLength35mm: 28, fNumber: 2, fixedFocusDistance: 1 },
    exif: { model: 'Virtual Webcam' },
    dynamics: { travelMs: 0, focusTravelMs: 0, convergeMs: 250, sweepMs: 0 },
  },
  PHONE_BACK,
);

/** The presets a VirtualCameraBackend offers by default, in enumeration order. */
export const DEFAULT_PRESETS: readonly Preset[] = Object.freeze([PHONE_BACK, PHONE_FRONT, WEBCAM]);

/** Looks a built-in preset up by id. */
/**
 * Dynamics for tests: zoom, focus and the automatics arrive at once, and settings read back as
 * they were last set (not the values the automatics chose).
 */
export const INSTANT_DYNAMICS: PresetDynamics = Object.freeze({
  travelMs: 0,
  focusTravelMs: 0,
  convergeMs: 0,
  sweepMs: 0,
  reportDerived: false,
});

export function builtInPreset(id: string): Preset {
  const p = DEFAULT_PRESETS.find((x) => x.id === id);
  if (!p) throw rangeError(`No built-in virtual camera preset "${id}"; there are ${DEFAULT_PRESETS.map((x) => x.id).join(', ')}.`);
  return p;
}
