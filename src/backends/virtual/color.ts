/**
 * Light and colour for the virtual camera: the colour of a light of a given correlated colour
 * temperature, white-balance gains, the sensor's tone curve, and the image adjustments
 * (brightness, contrast, saturation, sharpness) mapped from a capability range to numbers the
 * renderer uses.
 *
 * The light colour model and the sRGB encoding are the backends' shared ones (../color.ts).
 * Scene light is measured so that a linear sensor value of 0.18 is middle grey.
 */
import type { MediaSettingsRange } from '../../spec/types.js';
import { srgbEncode } from '../color.js';

export { kelvinForBlueRed, lightColor, type Rgb, whiteBalanceGains } from '../color.js';

/** Rec. 601 luma weights (linear or encoded values alike). */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
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
