/**
 * The frames ffmpeg pipes are planar YUV 4:2:0 (I420: 1.5 bytes a pixel, against 4 for RGBA),
 * converted to RGBA here only when someone reads a frame. The conversion is ITU-R BT.601 with
 * limited range (Y 16–235, chroma 16–240), what ffmpeg's own conversion to RGBA assumes for
 * untagged video; each chroma sample covers a 2×2 block, as in ffmpeg's unscaled conversion.
 */

/** Bytes of an I420 frame: the luma plane and two chroma planes of rounded-up half size. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

// Fixed-point (8 fractional bits) contributions, indexed by the 8-bit sample.
const LUMA = new Int32Array(256);
const RED_V = new Int32Array(256);
const GREEN_U = new Int32Array(256);
const GREEN_V = new Int32Array(256);
const BLUE_U = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  LUMA[i] = Math.round(1.164383 * 256 * (i - 16)) + 128; // + rounding
  RED_V[i] = Math.round(1.596027 * 256 * (i - 128));
  GREEN_U[i] = Math.round(-0.391762 * 256 * (i - 128));
  GREEN_V[i] = Math.round(-0.812968 * 256 * (i - 128));
  BLUE_U[i] = Math.round(2.017232 * 256 * (i - 128));
}

/** Clamps (value >> 8) to 0–255 through a table: index (value >> 8) + CLAMP_OFFSET. */
const CLAMP_OFFSET = 512;
const CLAMP = new Uint8Array(1536);
for (let i = 0; i < CLAMP.length; i++) CLAMP[i] = Math.max(0, Math.min(255, i - CLAMP_OFFSET));

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// The fast path: luma contributions carry the clamp offset already, and the clamp tables give
// each channel's bits of the 32-bit RGBA word (little-endian), alpha with blue.
const LUMA_OFFSET = new Int32Array(256);
for (let i = 0; i < 256; i++) LUMA_OFFSET[i] = LUMA[i]! + (CLAMP_OFFSET << 8);
const RED_BITS = new Uint32Array(CLAMP.length);
const GREEN_BITS = new Uint32Array(CLAMP.length);
const BLUE_ALPHA_BITS = new Uint32Array(CLAMP.length);
for (let i = 0; i < CLAMP.length; i++) {
  RED_BITS[i] = CLAMP[i]!;
  GREEN_BITS[i] = CLAMP[i]! << 8;
  BLUE_ALPHA_BITS[i] = ((CLAMP[i]! << 16) | 0xff000000) >>> 0;
}

/**
 * Converts rows `y0` to `y1` (exclusive) of an I420 frame to RGBA (alpha 255) into `dst`, a
 * `width`×`height` RGBA buffer. Both rows of a chroma row are done together, so each chroma
 * sample is read and weighed once for its 2×2 pixels, which are written as 32-bit words.
 */
export function i420ToRgba(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0 = 0, y1 = height): void {
  const cw = Math.ceil(width / 2);
  const uBase = width * height;
  const vBase = uBase + cw * Math.ceil(height / 2);
  if (!LITTLE_ENDIAN || dst.byteOffset % 4 !== 0) {
    slowRows(src, width, uBase, vBase, cw, dst, y0, y1);
    return;
  }
  const out = new Uint32Array(dst.buffer, dst.byteOffset, width * height);
  const pairs = width >> 1;
  for (let y = y0 & ~1; y < y1; y += 2) {
    const top = y >= y0;
    const bottom = y + 1 < y1;
    const a = y * width;
    const b = a + width;
    let u = uBase + (y >> 1) * cw;
    let v = vBase + (y >> 1) * cw;
    for (let p = 0, end = pairs * 2; p < end; p += 2) {
      const cu = src[u++]!;
      const cv = src[v++]!;
      const r = RED_V[cv]!;
      const g = GREEN_U[cu]! + GREEN_V[cv]!;
      const bl = BLUE_U[cu]!;
      if (top) {
        let k = LUMA_OFFSET[src[a + p]!]!;
        out[a + p] = BLUE_ALPHA_BITS[(k + bl) >> 8]! | GREEN_BITS[(k + g) >> 8]! | RED_BITS[(k + r) >> 8]!;
        k = LUMA_OFFSET[src[a + p + 1]!]!;
        out[a + p + 1] = BLUE_ALPHA_BITS[(k + bl) >> 8]! | GREEN_BITS[(k + g) >> 8]! | RED_BITS[(k + r) >> 8]!;
      }
      if (bottom) {
        let k = LUMA_OFFSET[src[b + p]!]!;
        out[b + p] = BLUE_ALPHA_BITS[(k + bl) >> 8]! | GREEN_BITS[(k + g) >> 8]! | RED_BITS[(k + r) >> 8]!;
        k = LUMA_OFFSET[src[b + p + 1]!]!;
        out[b + p + 1] = BLUE_ALPHA_BITS[(k + bl) >> 8]! | GREEN_BITS[(k + g) >> 8]! | RED_BITS[(k + r) >> 8]!;
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
      dst[o] = CLAMP[((l + RED_V[v]!) >> 8) + CLAMP_OFFSET]!;
      dst[o + 1] = CLAMP[((l + GREEN_U[u]! + GREEN_V[v]!) >> 8) + CLAMP_OFFSET]!;
      dst[o + 2] = CLAMP[((l + BLUE_U[u]!) >> 8) + CLAMP_OFFSET]!;
      dst[o + 3] = 255;
    }
  }
}
