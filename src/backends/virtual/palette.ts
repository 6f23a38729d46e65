/**
 * Per-object palettes: everything that is the same for every pixel of an object — its light
 * (ambient, torch and flash at its depth), exposure, white balance, tone curve, brightness,
 * contrast and saturation — is folded into a table of packed RGBA colours, one per palette index.
 * Building a palette costs a few hundred table entries per frame; painting then costs one lookup
 * per pixel.
 */
import { LIN_MAX, TONE_SIZE, type Rgb } from './color.js';

/** Where palette index 0 sits in a palette array: fills go below 0 and above 255 (overshoot, noise). */
export const PALETTE_OFFSET = 128;
/** Entries in a palette array. */
export const PALETTE_SIZE = 512;

/** Gathered per frame: how linear albedo becomes display colour. */
export interface PaletteContext {
  readonly tone: Float32Array;
  readonly saturation: number;
}

/**
 * Fills `pal` for palette indices lo..hi (inclusive, within −PALETTE_OFFSET…PALETTE_SIZE −
 * PALETTE_OFFSET − 1). Index i stands for albedo dark + (light − dark)·i/255; `gain` turns albedo
 * into a linear sensor value per channel, and `emit` adds light that does not depend on albedo
 * (the retina's reflection of a flash).
 */
export function buildPalette(
  pal: Int32Array,
  dark: Rgb,
  light: Rgb,
  gain: Rgb,
  emit: Rgb,
  ctx: PaletteContext,
  lo: number,
  hi: number,
): void {
  const tone = ctx.tone;
  const sat = ctx.saturation;
  const toIndex = TONE_SIZE / LIN_MAX;
  const top = TONE_SIZE - 1;
  const from = Math.max(-PALETTE_OFFSET, lo);
  const to = Math.min(PALETTE_SIZE - PALETTE_OFFSET - 1, hi);
  const dr = (light[0] - dark[0]) / 255;
  const dg = (light[1] - dark[1]) / 255;
  const db = (light[2] - dark[2]) / 255;
  for (let i = from; i <= to; i++) {
    const ar = Math.max(0, dark[0] + dr * i);
    const ag = Math.max(0, dark[1] + dg * i);
    const ab = Math.max(0, dark[2] + db * i);
    const r = tone[Math.min(top, ((ar * gain[0] + emit[0]) * toIndex) | 0)]!;
    const g = tone[Math.min(top, ((ag * gain[1] + emit[1]) * toIndex) | 0)]!;
    const b = tone[Math.min(top, ((ab * gain[2] + emit[2]) * toIndex) | 0)]!;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    const R = Math.round((y + (r - y) * sat) * 255);
    const G = Math.round((y + (g - y) * sat) * 255);
    const B = Math.round((y + (b - y) * sat) * 255);
    pal[i + PALETTE_OFFSET] =
      0xff000000 | ((B < 0 ? 0 : B > 255 ? 255 : B) << 16) | ((G < 0 ? 0 : G > 255 ? 255 : G) << 8) | (R < 0 ? 0 : R > 255 ? 255 : R);
  }
}
