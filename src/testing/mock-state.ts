/**
 * The state of the `ImageCaptureTest` mock camera and the record of the settings sent to it, in
 * the shapes suites written against that surface expect: enums as numbers, ranges as
 * `{ min, max, current, step }`, settings as `hasX` / `X` pairs. Platform-neutral: the Node
 * runtime and the browser script both read and write these objects.
 */
import type { FillLightMode, MeteringMode, Point2D, RedEyeReduction } from '../spec/types.js';

/** MeteringMode numbers: 0 none, 1 manual, 2 single-shot, 3 continuous. */
export const METERING_MODES: readonly MeteringMode[] = ['none', 'manual', 'single-shot', 'continuous'];
/** FillLightMode numbers: 0 off, 1 auto, 2 flash. */
export const FILL_LIGHT_MODES: readonly FillLightMode[] = ['off', 'auto', 'flash'];
/** RedEyeReduction numbers: 0 never, 1 always, 2 controllable. */
export const RED_EYE_REDUCTIONS: readonly RedEyeReduction[] = ['never', 'always', 'controllable'];
/** BackgroundBlurMode numbers: 0 off, 1 blur. */
export const BACKGROUND_BLUR_MODES: readonly string[] = ['off', 'blur'];

/** A range of the mock: what the API reports as `{min, max, step}` plus the current value. */
export interface MockRange {
  min: number;
  max: number;
  current: number;
  step: number;
}

/** The live state of the mock camera (see docs/testing.md for what each field shows). */
export interface MockState {
  supportedWhiteBalanceModes: number[];
  currentWhiteBalanceMode: number;
  supportedExposureModes: number[];
  currentExposureMode: number;
  supportedFocusModes: number[];
  currentFocusMode: number;
  pointsOfInterest: Point2D[];
  exposureCompensation: MockRange;
  exposureTime: MockRange;
  colorTemperature: MockRange;
  iso: MockRange;
  brightness: MockRange;
  contrast: MockRange;
  saturation: MockRange;
  sharpness: MockRange;
  focusDistance: MockRange;
  pan: MockRange;
  tilt: MockRange;
  zoom: MockRange;
  supportsTorch: boolean;
  torch: boolean;
  /** RedEyeReduction number of the photo capability. */
  redEyeReduction: number;
  /** Photo height: `imageHeight` range and current photo setting. */
  height: MockRange;
  /** Photo width: `imageWidth` range and current photo setting. */
  width: MockRange;
  /** FillLightMode numbers of the photo capability. */
  fillLightMode: number[];
  supportedBackgroundBlurModes: number[];
  backgroundBlurMode: number;
}

/** The numeric range properties of the state, in the property table's order. */
import { IMAGE_CAPTURE_RANGE_NAMES as RANGE_FIELDS, type ImageCaptureRangeName as RangeField } from '../constraints/properties.js';

export { RANGE_FIELDS, type RangeField };

/** The three metering-mode properties and where the state keeps them. */
export const MODE_FIELDS = [
  { name: 'whiteBalanceMode', supported: 'supportedWhiteBalanceModes', current: 'currentWhiteBalanceMode' },
  { name: 'exposureMode', supported: 'supportedExposureModes', current: 'currentExposureMode' },
  { name: 'focusMode', supported: 'supportedFocusModes', current: 'currentFocusMode' },
] as const;

const range = (min: number, max: number, current: number, step: number): MockRange => ({ min, max, current, step });

/** A fresh state with every default value of the testing surface. */
export function defaultMockState(): MockState {
  return {
    supportedWhiteBalanceModes: [2, 3],
    currentWhiteBalanceMode: 3,
    supportedExposureModes: [1, 2, 3],
    currentExposureMode: 1,
    supportedFocusModes: [1, 2],
    currentFocusMode: 1,
    pointsOfInterest: [{ x: 0.4, y: 0.6 }],
    exposureCompensation: range(-200, 200, 33, 33),
    exposureTime: range(100, 100000, 1000, 100),
    colorTemperature: range(2500, 6500, 6000, 1000),
    iso: range(100, 12000, 400, 1),
    brightness: range(1, 10, 5, 1),
    contrast: range(2, 9, 5, 1),
    saturation: range(3, 8, 6, 1),
    sharpness: range(4, 7, 7, 1),
    focusDistance: range(1, 10, 3, 1),
    pan: range(0, 10, 5, 2),
    tilt: range(0, 10, 5, 2),
    zoom: range(0, 10, 5, 5),
    supportsTorch: true,
    torch: false,
    redEyeReduction: 2,
    height: range(240, 2448, 240, 2),
    width: range(320, 3264, 320, 3),
    fillLightMode: [1, 2],
    supportedBackgroundBlurModes: [0, 1],
    backgroundBlurMode: 0,
  };
}

/**
 * The last settings sent to the mock: `hasX` says whether X was part of it. Every `hasX` is
 * present; `X` only when `hasX` is true, except `pointsOfInterest`, which is always an array.
 */
export interface MockOptions {
  hasWhiteBalanceMode: boolean;
  whiteBalanceMode?: number;
  hasExposureMode: boolean;
  exposureMode?: number;
  hasFocusMode: boolean;
  focusMode?: number;
  pointsOfInterest: Point2D[];
  hasExposureCompensation: boolean;
  exposureCompensation?: number;
  hasExposureTime: boolean;
  exposureTime?: number;
  hasColorTemperature: boolean;
  colorTemperature?: number;
  hasIso: boolean;
  iso?: number;
  hasBrightness: boolean;
  brightness?: number;
  hasContrast: boolean;
  contrast?: number;
  hasSaturation: boolean;
  saturation?: number;
  hasSharpness: boolean;
  sharpness?: number;
  hasFocusDistance: boolean;
  focusDistance?: number;
  hasPan: boolean;
  pan?: number;
  hasTilt: boolean;
  tilt?: number;
  hasZoom: boolean;
  zoom?: number;
  hasTorch: boolean;
  torch?: boolean;
  hasWidth: boolean;
  width?: number;
  hasHeight: boolean;
  height?: number;
  hasRedEyeReduction: boolean;
  redEyeReduction?: boolean;
  hasFillLightMode: boolean;
  fillLightMode?: number;
}

const OPTION_FIELDS = [
  'whiteBalanceMode', 'exposureMode', 'focusMode', ...RANGE_FIELDS, 'torch', 'width', 'height', 'redEyeReduction', 'fillLightMode',
] as const;

const hasKey = (field: string): string => `has${field[0]!.toUpperCase()}${field.slice(1)}`;

/** An options record with nothing set. */
export function emptyOptions(): MockOptions {
  const out: Record<string, unknown> = {};
  for (const f of OPTION_FIELDS) out[hasKey(f)] = false;
  out.pointsOfInterest = [];
  return out as unknown as MockOptions;
}

/** Sets X and hasX on an options record. */
export function setOption(options: MockOptions, field: (typeof OPTION_FIELDS)[number], value: number | boolean): void {
  const o = options as unknown as Record<string, unknown>;
  o[hasKey(field)] = true;
  o[field] = value;
}

/** The number of an enum value (−1 when it is not one). */
export function enumNumber<T extends string>(values: readonly T[], value: T): number {
  return values.indexOf(value);
}

/** The enum values of a list of numbers, in order, leaving out numbers that mean nothing. */
export function enumValues<T extends string>(values: readonly T[], numbers: readonly number[] | undefined): T[] {
  const out: T[] = [];
  for (const n of numbers ?? []) {
    const v = values[n];
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}
