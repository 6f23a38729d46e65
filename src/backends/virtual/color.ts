/**
 * Light and colour for the virtual camera: the colour of a light of a given correlated colour
 * temperature, white-balance gains, the sensor's tone curve, and the image adjustments
 * (brightness, contrast, saturation, sharpness) mapped from a capability range to numbers the
 * renderer uses.
 *
 * Colours are linear RGB triples relative to a 6500 K light, which renders as neutral
 * (1, 1, 1). Scene light is measured so that a linear sensor value of 0.18 is middle grey.
 */
import type { MediaSettingsRange } from '../../spec/types.js';

export type Rgb = readonly [number, number, number];

/** Effective wavelengths (metres) of the red, green and blue filters of the virtual sensor. */
const WAVELENGTHS: Rgb = [600e-9, 540e-9, 460e-9];
/** hc/k, metre-kelvin. */
const C2 = 1.4388e-2;

function planck(lambda: number, kelvin: number): number {
  return 1 / (lambda ** 5 * (Math.exp(C2 / (lambda * kelvin)) - 1));
}

const REFERENCE_KELVIN = 6500;
const reference = WAVELENGTHS.map((l) => planck(l, REFERENCE_KELVIN));

/**
 * The colour of a black-body light at `kelvin`, relative to a 6500 K light, green = 1.
 * Lower temperatures are redder (r > 1, b < 1); higher ones bluer.
 */
export function lightColor(kelvin: number): Rgb {
  const k = Math.min(Math.max(kelvin, 1000), 40000);
  const r = planck(WAVELENGTHS[0], k) / reference[0]!;
  const g = planck(WAVELENGTHS[1], k) / reference[1]!;
  const b = planck(WAVELENGTHS[2], k) / reference[2]!;
  return [r / g, 1, b / g];
}

/** Gains that make a light of `kelvin` neutral: what white balance set to `kelvin` applies. */
export function whiteBalanceGains(kelvin: number): Rgb {
  const c = lightColor(kelvin);
  return [1 / c[0], 1, 1 / c[2]];
}

/**
 * The colour temperature whose light has the given blue/red ratio (what auto white balance
 * concludes from a measured light colour). Mired bisection; the ratio grows with temperature.
 */
export function kelvinForBlueRed(ratio: number): number {
  let lo = 1e6 / 20000; // mired of a very blue light
  let hi = 1e6 / 1500; // mired of a very red light
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const c = lightColor(1e6 / mid);
    if (c[2] / c[0] > ratio) lo = mid;
    else hi = mid;
  }
  return 1e6 / ((lo + hi) / 2);
}

/** Rec. 601 luma weights (linear or encoded values alike). */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** sRGB encoding of a linear value in [0, 1]. */
export function srgbEncode(x: number): number {
  if (x <= 0.0031308) return 12.92 * x;
  return 1.055 * x ** (1 / 2.4) - 0.055;
}

/**
 * The sensor's highlight response: linear up to 0.7, a soft shoulder above, and hard clipping at
 * 1.2 (the full well), which maps to display white.
 */
export function shoulder(x: number): number {
  if (x <= 0.7) return Math.max(0, x);
  const t = Math.min(1, (x - 0.7) / 0.5);
  return 0.7 + 0.5 * t - 0.2 * t * t;
}

/** Display value of middle grey; contrast pivots around it. */
export const MID_GREY_DISPLAY = srgbEncode(0.18);

/** Linear sensor values the tone table covers, and its size. Above LIN_MAX everything is clipped. */
export const LIN_MAX = 2;
export const TONE_SIZE = 16384;

/**
 * Linear sensor value → display value in [0, 1], with contrast (a gain around middle grey) and
 * brightness (an offset) folded in. Index with `Math.min(TONE_SIZE - 1, lin * TONE_SIZE / LIN_MAX) | 0`.
 */
export function buildToneTable(brightnessOffset: number, contrastGain: number): Float32Array {
  const table = new Float32Array(TONE_SIZE);
  for (let i = 0; i < TONE_SIZE; i++) {
    const lin = ((i + 0.5) * LIN_MAX) / TONE_SIZE;
    let y = srgbEncode(shoulder(lin));
    y = MID_GREY_DISPLAY + (y - MID_GREY_DISPLAY) * contrastGain + brightnessOffset;
    table[i] = y < 0 ? 0 : y > 1 ? 1 : y;
  }
  return table;
}

/** Where `value` sits in its range: 0 at min, 1 at max. */
function position(value: number, range: Readonly<MediaSettingsRange> | undefined): number {
  const min = range?.min ?? 0;
  const max = range?.max ?? 1;
  return max > min ? (value - min) / (max - min) : 0.5;
}

/** The renderer's image adjustments, derived from settings within the device's ranges. */
export interface Adjustments {
  /** Added to display values (−0.3…+0.3 over the range). */
  readonly brightness: number;
  /** Gain of display values around middle grey (about 0.35…2.9). */
  readonly contrast: number;
  /** Chroma gain: 0 is greyscale, 1 neutral, 2 double. */
  readonly saturation: number;
  /** Unsharp-mask amount: 0 (the range minimum) is no sharpening. */
  readonly sharpen: number;
}

export interface AdjustmentInput {
  value: number | undefined;
  range: Readonly<MediaSettingsRange> | undefined;
  /** The device's default: the value at which the adjustment is neutral. */
  neutral: number | undefined;
}

/**
 * Maps brightness/contrast/saturation/sharpness settings to renderer numbers. Each property is
 * neutral at the device's default; a device without the property gets the neutral value (and
 * a moderate built-in sharpening).
 */
export function adjustments(
  brightness: AdjustmentInput,
  contrast: AdjustmentInput,
  saturation: AdjustmentInput,
  sharpness: AdjustmentInput,
): Adjustments {
  const offset = (a: AdjustmentInput): number =>
    a.value === undefined ? 0 : position(a.value, a.range) - position(a.neutral ?? a.value, a.range);
  let sat = 1;
  if (saturation.value !== undefined) {
    const min = saturation.range?.min ?? 0;
    const max = saturation.range?.max ?? 1;
    const mid = saturation.neutral ?? (min + max) / 2;
    const v = saturation.value;
    sat = v >= mid ? 1 + (max > mid ? (v - mid) / (max - mid) : 0) : mid > min ? (v - min) / (mid - min) : 1;
  }
  return {
    brightness: offset(brightness) * 0.6,
    contrast: 2 ** (offset(contrast) * 3),
    saturation: sat,
    sharpen: sharpness.value === undefined ? 0.5 : position(sharpness.value, sharpness.range) * 1.5,
  };
}
