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

/**
 * Converts rows `y0` to `y1` (exclusive) of an I420 frame to RGBA (alpha 255) into `dst`, a
 * `width`×`height` RGBA buffer.
 */
export function i420ToRgba(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0 = 0, y1 = height): void {
  const cw = Math.ceil(width / 2);
  const uBase = width * height;
  const vBase = uBase + cw * Math.ceil(height / 2);
  const out = new Uint8ClampedArray(dst.buffer, dst.byteOffset, width * height * 4);
  for (let y = y0; y < y1; y++) {
    const yRow = y * width;
    const cRow = (y >> 1) * cw;
    let o = yRow * 4;
    for (let x = 0; x < width; x++) {
      const c = cRow + (x >> 1);
      const u = src[uBase + c]!;
      const v = src[vBase + c]!;
      const l = LUMA[src[yRow + x]!]!;
      out[o] = (l + RED_V[v]!) >> 8;
      out[o + 1] = (l + GREEN_U[u]! + GREEN_V[v]!) >> 8;
      out[o + 2] = (l + BLUE_U[u]!) >> 8;
      out[o + 3] = 255;
      o += 4;
    }
  }
}
