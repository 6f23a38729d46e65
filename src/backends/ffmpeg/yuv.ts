/**
 * The frames ffmpeg pipes are planar YUV 4:2:0 (I420: 1.5 bytes a pixel, against 4 for RGBA),
 * converted to RGBA here only when someone reads a frame. The conversion is ITU-R BT.601 with
 * limited range (Y 16–235, chroma 16–240), what ffmpeg's own conversion to RGBA assumes for
 * untagged video; each chroma sample covers a 2×2 block, as in ffmpeg's unscaled conversion.
 *
 * Two converters give the same bytes: WebAssembly SIMD (yuv-wasm.ts), used where the engine
 * has it, and the JavaScript one below, used elsewhere or when IMAGECAPTURE_YUV=js is set.
 */
import { SimdConverter, simdAvailable } from './yuv-wasm.js';

/** Bytes of an I420 frame: the luma plane and two chroma planes of rounded-up half size. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/**
 * The rounding Q15 multiply of WebAssembly's i16x8.q15mulr_sat_s, (x * c + 0x4000) >> 15, for
 * the x and c used here (it never saturates for them).
 */
const q15 = (x: number, c: number): number => (x * c + 0x4000) >> 15;

// Fixed-point contributions with 6 fractional bits, indexed by the 8-bit sample: the integers the
// SIMD converter computes in 16-bit lanes (see yuv-simd.wat for the constants).
const LUMA = new Int32Array(256);
const RED_V = new Int32Array(256);
const GREEN_U = new Int32Array(256);
const GREEN_V = new Int32Array(256);
const BLUE_U = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  LUMA[i] = q15((i - 16) << 7, 19077) + 32; // 1.164383 * 64; + 32 rounds the final >> 6
  RED_V[i] = q15((i - 128) << 8, 13075); // 1.596027 * 64
  GREEN_U[i] = q15((i - 128) << 8, -3209); // -0.391762 * 64
  GREEN_V[i] = q15((i - 128) << 8, -6660); // -0.812968 * 64
  BLUE_U[i] = q15((i - 128) << 8, 16525); // 2.017232 * 64
}

/** Clamps (value >> 6) to 0–255 through a table: index (value >> 6) + CLAMP_OFFSET. */
const CLAMP_OFFSET = 512;
const CLAMP = new Uint8Array(1536);
for (let i = 0; i < CLAMP.length; i++) CLAMP[i] = Math.max(0, Math.min(255, i - CLAMP_OFFSET));

/** Which converter i420ToRgba uses in this process. */
export type I420Converter = 'simd' | 'js';

let simd: SimdConverter | undefined;
let canSimd: boolean | undefined;

/** The converter i420ToRgba uses now: SIMD unless it is missing or IMAGECAPTURE_YUV=js. */
export function i420Converter(): I420Converter {
  canSimd ??= simdAvailable();
  return canSimd && process.env['IMAGECAPTURE_YUV'] !== 'js' ? 'simd' : 'js';
}

/**
 * Converts rows `y0` to `y1` (exclusive) of an I420 frame to RGBA (alpha 255) into `dst`, a
 * `width`×`height` RGBA buffer; the other rows of `dst` are left as they are.
 */
export function i420ToRgba(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0 = 0, y1 = height): void {
  if (i420Converter() === 'simd') {
    // One converter (and one wasm memory, a strip of rows big) serves the thread: conversions
    // are synchronous, so they never overlap.
    simd ??= new SimdConverter();
    simd.convert(src, width, height, dst, y0, y1);
  } else {
    i420ToRgbaJs(src, width, height, dst, y0, y1);
  }
}

/**
 * The JavaScript converter, as i420ToRgba. Both rows of a chroma row are done together, so each
 * chroma sample is read and weighed once for its 2×2 pixels; the stores clamp to 0–255
 * themselves (a Uint8ClampedArray view), which saves a table lookup a channel.
 */
export function i420ToRgbaJs(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0 = 0, y1 = height): void {
  const cw = Math.ceil(width / 2);
  const uBase = width * height;
  const vBase = uBase + cw * Math.ceil(height / 2);
  const out = new Uint8ClampedArray(dst.buffer, dst.byteOffset, width * height * 4);
  const even = width & ~1;
  for (let y = y0 & ~1; y < y1; y += 2) {
    const top = y >= y0;
    const bottom = y + 1 < y1;
    const a = y * width;
    const b = a + width;
    let u = uBase + (y >> 1) * cw;
    let v = vBase + (y >> 1) * cw;
    for (let p = 0; p < even; p += 2) {
      const cu = src[u++]!;
      const cv = src[v++]!;
      const r = RED_V[cv]!;
      const g = GREEN_U[cu]! + GREEN_V[cv]!;
      const bl = BLUE_U[cu]!;
      if (top) {
        const o = (a + p) << 2;
        let k = LUMA[src[a + p]!]!;
        out[o] = (k + r) >> 6;
        out[o + 1] = (k + g) >> 6;
        out[o + 2] = (k + bl) >> 6;
        out[o + 3] = 255;
        k = LUMA[src[a + p + 1]!]!;
        out[o + 4] = (k + r) >> 6;
        out[o + 5] = (k + g) >> 6;
        out[o + 6] = (k + bl) >> 6;
        out[o + 7] = 255;
      }
      if (bottom) {
        const o = (b + p) << 2;
        let k = LUMA[src[b + p]!]!;
        out[o] = (k + r) >> 6;
        out[o + 1] = (k + g) >> 6;
        out[o + 2] = (k + bl) >> 6;
        out[o + 3] = 255;
        k = LUMA[src[b + p + 1]!]!;
        out[o + 4] = (k + r) >> 6;
        out[o + 5] = (k + g) >> 6;
        out[o + 6] = (k + bl) >> 6;
        out[o + 7] = 255;
      }
    }
    if (width & 1) slowRows(src, width, uBase, vBase, cw, dst, top ? y : y + 1, bottom ? y + 2 : y + 1, width - 1);
  }
}

/** Byte-wise conversion of rows `y0`..`y1`, from column `x0`: odd edges and big-endian machines. */
function slowRows(
  src: Uint8Array,
  width: number,
  uBase: number,
  vBase: number,
  cw: number,
  dst: Uint8Array,
  y0: number,
  y1: number,
  x0 = 0,
): void {
  for (let y = y0; y < y1; y++) {
    const yRow = y * width;
    const cRow = (y >> 1) * cw;
    for (let x = x0; x < width; x++) {
      const c = cRow + (x >> 1);
      const u = src[uBase + c]!;
      const v = src[vBase + c]!;
      const l = LUMA[src[yRow + x]!]!;
      const o = (yRow + x) * 4;
      dst[o] = CLAMP[((l + RED_V[v]!) >> 6) + CLAMP_OFFSET]!;
      dst[o + 1] = CLAMP[((l + GREEN_U[u]! + GREEN_V[v]!) >> 6) + CLAMP_OFFSET]!;
      dst[o + 2] = CLAMP[((l + BLUE_U[u]!) >> 6) + CLAMP_OFFSET]!;
      dst[o + 3] = 255;
    }
  }
}
