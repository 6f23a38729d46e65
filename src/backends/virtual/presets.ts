/**
 * Virtual camera presets: plain data describing a camera — what it reports (modes, ranges,
 * defaults, photo capabilities), its optics (focal length, aperture) and how it behaves over time
 * (how fast zoom travels, how fast auto exposure converges). `definePreset` derives new presets
 * from these (a missing capability is removed with `null`) and checks that the result is
 * consistent: defaults inside ranges, modes inside lists.
 */
import type {
  CameraDeviceInfo,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
  VideoMode,
} from '../backend.js';
import { rangeError } from '../../spec/errors.js';
import type { VideoFacingMode, VideoResizeMode } from '../../spec/types.js';
import { checkPreset, normalizeDefaults } from './preset-check.js';

/** The capabilities a preset lists besides the video format and the photo capabilities. */
export type PresetCapabilities = Omit<SourceCapabilities, 'videoModes' | 'resizeModes' | 'minFrameRate' | 'photo'>;

export interface PresetOptics {
  /** Actual focal length at zoom 1, millimetres. */
  readonly focalLength: number;
  /** 35 mm-equivalent focal length at zoom 1 (sets the field of view). */
  readonly focalLength35mm: number;
  readonly fNumber: number;
  /** Where a lens without focus control is focused, metres. */
  readonly fixedFocusDistance: number;
}

export interface PresetDynamics {
  /** Time for zoom, pan or tilt to travel their whole range, ms (0: instant). */
  readonly travelMs: number;
  /** Time for the lens to travel from its nearest to its farthest focus, ms (0: instant). */
  readonly focusTravelMs: number;
  /** Time constant of continuous auto exposure, white balance and focus, ms (0: instant). */
  readonly convergeMs: number;
  /** Length of a single-shot sweep, ms (0: the result is there at once). */
  readonly sweepMs: number;
  /**
   * In automatic modes, settings() reports the values in effect (exposure time, ISO, colour
   * temperature, focus distance the automatics chose) when true; the values last set when false.
   */
  readonly reportDerived: boolean;
}

/** What a photo override is given. */
export interface PhotoOverrideContext {
  readonly info: CameraDeviceInfo;
  readonly settings: SourceSettings;
  /** Clock time of the shot, ms. */
  readonly time: number;
  readonly signal: AbortSignal;
}

/**
 * Replaces the rendered still: return a Still (e.g. `{ kind: 'encoded', blob }`), or undefined to
 * render as usual. A rejection fails the capture.
 */
export type PhotoOverride = (
  settings: SourcePhotoSettings,
  context: PhotoOverrideContext,
) => Still | undefined | Promise<Still | undefined>;

export interface Preset {
  /** Short name; the device id is `virtual:<id>`. */
  readonly id: string;
  readonly label: string;
  /** "phone", "webcam"… (CameraDeviceInfo.kindLabel). */
  readonly kindLabel: string;
  readonly facingMode?: VideoFacingMode;
  readonly groupId: string;
  /** Full sensor size in pixels: stills up to this size, and the field of view's aspect ratio. */
  readonly sensor: { readonly width: number; readonly height: number };
  readonly videoModes: readonly VideoMode[];
  readonly minFrameRate: number;
  readonly resizeModes: readonly VideoResizeMode[];
  readonly capabilities: PresetCapabilities;
  readonly photo: SourceCapabilities['photo'];
  /** Values at open (before `initial`), one for every capability the preset has. */
  readonly defaults: { readonly settings: Readonly<SourceSettings>; readonly photo: Readonly<SourcePhotoSettings> };
  readonly optics: PresetOptics;
  /** EXIF Make and Model of stills. */
  readonly exif: { readonly make: string; readonly model: string };
  readonly dynamics: PresetDynamics;
  /** Properties done in software (CameraDeviceInfo.emulated). */
  readonly emulated?: readonly string[];
  readonly takePhoto?: PhotoOverride;
}

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
