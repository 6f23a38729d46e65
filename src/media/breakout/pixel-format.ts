/**
 * The pixel formats VideoFrame supports here (VideoPixelFormat, https://w3c.github.io/webcodecs/#pixel-format), and every
 * conversion between them, done once, in this module.
 *
 * - RGBA, RGBX, BGRA, BGRX: one plane, 4 bytes a pixel. The fourth byte of an X format is always
 *   written as 255 (opaque), whatever the source held there.
 * - I420: three planes, Y at full size, U and V at half width and half height (rounded up).
 * - NV12: two planes, Y, then U and V interleaved at half width and half height (rounded up).
 *
 * YUV is BT.601 with limited ("studio") range, the matrix browsers use for camera frames in these
 * formats: Y = 16..235, U/V = 16..240 around 128. Integer arithmetic with 8 fractional bits:
 *   Y = (( 66 R + 129 G +  25 B + 128) >> 8) + 16
 *   U = ((-38 R -  74 G + 112 B + 128) >> 8) + 128
 *   V = ((112 R -  94 G -  18 B + 128) >> 8) + 128
 *   R = (298 (Y-16)             + 409 (V-128) + 128) >> 8
 *   G = (298 (Y-16) - 100 (U-128) - 208 (V-128) + 128) >> 8
 *   B = (298 (Y-16) + 516 (U-128)             + 128) >> 8   (each clamped to 0..255)
 * Chroma is the mean of each 2x2 block when going to YUV, and is repeated over the block when
 * coming back (nearest-neighbour), so a picture made of flat 2x2 blocks survives a round trip to
 * within a few levels.
 */

/** Every VideoPixelFormat of WebCodecs (for WebIDL enum conversion). */
export const VIDEO_PIXEL_FORMAT_VALUES = [
  'I420', 'I420P10', 'I420P12', 'I420A', 'I420AP10', 'I420AP12',
  'I422', 'I422P10', 'I422P12', 'I422A', 'I422AP10', 'I422AP12',
  'I444', 'I444P10', 'I444P12', 'I444A', 'I444AP10', 'I444AP12',
  'NV12', 'RGBA', 'RGBX', 'BGRA', 'BGRX',
] as const;

/** The formats this runtime can hold and convert. */
export type PixelFormat = 'I420' | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';
export const PIXEL_FORMATS: readonly PixelFormat[] = ['I420', 'NV12', 'RGBA', 'RGBX', 'BGRA', 'BGRX'];

export function isSupportedFormat(format: string): format is PixelFormat {
  return (PIXEL_FORMATS as readonly string[]).includes(format);
}

export function isRgbFormat(format: PixelFormat): boolean {
  return format.length === 4 && format !== 'I420' && format !== 'NV12';
}

/** WebCodecs "equivalent opaque format" (alpha: "discard"). */
export function opaqueFormat(format: PixelFormat): PixelFormat {
  if (format === 'RGBA') return 'RGBX';
  if (format === 'BGRA') return 'BGRX';
  return format;
}

/** One plane of a format: bytes per sample and the sub-sampling factors. */
export interface PlaneInfo {
  readonly sampleBytes: number;
  readonly subX: number;
  readonly subY: number;
}

const FULL4: PlaneInfo = { sampleBytes: 4, subX: 1, subY: 1 };
const LUMA: PlaneInfo = { sampleBytes: 1, subX: 1, subY: 1 };
const CHROMA: PlaneInfo = { sampleBytes: 1, subX: 2, subY: 2 };
const CHROMA2: PlaneInfo = { sampleBytes: 2, subX: 2, subY: 2 };

export const FORMAT_PLANES: Readonly<Record<PixelFormat, readonly PlaneInfo[]>> = {
  I420: [LUMA, CHROMA, CHROMA],
  NV12: [LUMA, CHROMA2],
  RGBA: [FULL4],
  RGBX: [FULL4],
  BGRA: [FULL4],
  BGRX: [FULL4],
};

/** Where one plane lives in a buffer. */
export interface PlaneRef {
  offset: number;
  stride: number;
}

/** Pixels of one format in a buffer: planes as offsets and strides into `data`. */
export interface PixelView {
  readonly format: PixelFormat;
  readonly data: Uint8Array;
  readonly planes: readonly PlaneRef[];
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Tightly packed planes of a `width` x `height` picture: the layout and the total size. */
export function packedLayout(format: PixelFormat, width: number, height: number): { planes: PlaneRef[]; size: number } {
  const planes: PlaneRef[] = [];
  let offset = 0;
  for (const p of FORMAT_PLANES[format]) {
    const stride = Math.ceil(width / p.subX) * p.sampleBytes;
    planes.push({ offset, stride });
    offset += stride * Math.ceil(height / p.subY);
  }
  return { planes, size: offset };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Converts the `rect` of `src` into `dst`, whose planes hold exactly rect.width x rect.height
 * pixels. For a YUV source, rect.x and rect.y are even (checked by the caller, WebCodecs "Verify
 * Rect Offset Alignment").
 */
export function convertPixels(src: PixelView, rect: Rect, dst: PixelView): void {
  const s = src.format;
  const d = dst.format;
  if (s === d) return copyPlanes(src, rect, dst);
  const sRgb = isRgbFormat(s);
  const dRgb = isRgbFormat(d);
  if (sRgb && dRgb) return rgbToRgb(src, rect, dst);
  if (sRgb) return rgbToYuv(src, rect, dst);
  if (dRgb) return yuvToRgb(src, rect, dst);
  return yuvToYuv(src, rect, dst);
}

/** Same format: row copies, plane by plane; X formats get their fourth byte set to 255. */
function copyPlanes(src: PixelView, rect: Rect, dst: PixelView): void {
  const info = FORMAT_PLANES[src.format];
  for (let i = 0; i < info.length; i++) {
    const p = info[i]!;
    const sp = src.planes[i]!;
    const dp = dst.planes[i]!;
    const rowBytes = Math.ceil(rect.width / p.subX) * p.sampleBytes;
    const rows = Math.ceil(rect.height / p.subY);
    const top = Math.floor(rect.y / p.subY);
    const left = Math.floor(rect.x / p.subX) * p.sampleBytes;
    let so = sp.offset + top * sp.stride + left;
    let doff = dp.offset;
    if (so === doff && sp.stride === dp.stride && src.data === dst.data) continue;
    if (sp.stride === rowBytes && dp.stride === rowBytes) {
      dst.data.set(src.data.subarray(so, so + rowBytes * rows), doff);
    } else {
      for (let r = 0; r < rows; r++, so += sp.stride, doff += dp.stride) dst.data.set(src.data.subarray(so, so + rowBytes), doff);
    }
  }
  if (dst.format === 'RGBX' || dst.format === 'BGRX') fillAlpha(dst, rect.width, rect.height);
}

/** Sets the fourth byte of every pixel of a one-plane 4-byte picture to 255. */
function fillAlpha(view: PixelView, width: number, height: number): void {
  const { data } = view;
  const { offset, stride } = view.planes[0]!;
  for (let r = 0; r < height; r++) {
    const end = offset + r * stride + width * 4;
    for (let i = offset + r * stride + 3; i < end; i += 4) data[i] = 255;
  }
}

function words(data: Uint8Array, byteOffset: number, count: number): Uint32Array | undefined {
  const start = data.byteOffset + byteOffset;
  if (!LITTLE_ENDIAN || start % 4 !== 0) return undefined;
  return new Uint32Array(data.buffer, start, count);
}

/** Between the four RGB formats: swap red and blue when the orders differ, make X bytes 255. */
function rgbToRgb(src: PixelView, rect: Rect, dst: PixelView): void {
  const swap = src.format[0] !== dst.format[0];
  // An X source has no alpha: the copy is opaque whatever bytes it held there.
  const opaque = dst.format[3] === 'X' || src.format[3] === 'X';
  if (!swap) {
    copyPlanes({ ...src, format: dst.format }, rect, dst);
    if (opaque && dst.format[3] !== 'X') fillAlpha(dst, rect.width, rect.height);
    return;
  }
  const sp = src.planes[0]!;
  const dp = dst.planes[0]!;
  const w = rect.width;
  const alphaOr = opaque ? 0xff000000 : 0;
  for (let r = 0; r < rect.height; r++) {
    const so = sp.offset + (rect.y + r) * sp.stride + rect.x * 4;
    const doff = dp.offset + r * dp.stride;
    const sw = words(src.data, so, w);
    const dw = words(dst.data, doff, w);
    if (sw && dw) {
      for (let i = 0; i < w; i++) {
        const v = sw[i]!;
        dw[i] = ((v & 0xff00ff00) | ((v >>> 16) & 0xff) | ((v & 0xff) << 16) | alphaOr) >>> 0;
      }
    } else {
      const s = src.data;
      const o = dst.data;
      for (let i = 0, a = so, b = doff; i < w; i++, a += 4, b += 4) {
        o[b] = s[a + 2]!;
        o[b + 1] = s[a + 1]!;
        o[b + 2] = s[a]!;
        o[b + 3] = opaque ? 255 : s[a + 3]!;
      }
    }
  }
}

/** The chroma planes of a YUV view: U and V offsets/strides and the step between samples. */
function chromaPlanes(view: PixelView): { u: PlaneRef; v: PlaneRef; step: number; vShift: number } {
  if (view.format === 'NV12') {
    const uv = view.planes[1]!;
    return { u: uv, v: uv, step: 2, vShift: 1 };
  }
  return { u: view.planes[1]!, v: view.planes[2]!, step: 1, vShift: 0 };
}

/** RGB to I420 or NV12: Y per pixel, U and V from the mean of each 2x2 block. */
function rgbToYuv(src: PixelView, rect: Rect, dst: PixelView): void {
  const s = src.data;
  const o = dst.data;
  const sp = src.planes[0]!;
  const yp = dst.planes[0]!;
  const { u: up, v: vp, step, vShift } = chromaPlanes(dst);
  const ri = src.format[0] === 'R' ? 0 : 2;
  const bi = 2 - ri;
  const w = rect.width;
  const h = rect.height;
  const cw = (w + 1) >> 1;
  for (let r = 0; r < h; r += 2) {
    const r1 = r + 1 < h ? r + 1 : r;
    const row0 = sp.offset + (rect.y + r) * sp.stride + rect.x * 4;
    const row1 = sp.offset + (rect.y + r1) * sp.stride + rect.x * 4;
    const y0 = yp.offset + r * yp.stride;
    const y1 = yp.offset + r1 * yp.stride;
    let uo = up.offset + (r >> 1) * up.stride;
    let vo = vp.offset + (r >> 1) * vp.stride + vShift;
    for (let c = 0; c < cw; c++, uo += step, vo += step) {
      const x0 = c * 2;
      const x1 = x0 + 1 < w ? x0 + 1 : x0;
      let a = row0 + x0 * 4;
      let R = s[a + ri]!, G = s[a + 1]!, B = s[a + bi]!;
      let sr = R, sg = G, sb = B;
      o[y0 + x0] = ((66 * R + 129 * G + 25 * B + 128) >> 8) + 16;
      a = row0 + x1 * 4;
      R = s[a + ri]!; G = s[a + 1]!; B = s[a + bi]!;
      sr += R; sg += G; sb += B;
      o[y0 + x1] = ((66 * R + 129 * G + 25 * B + 128) >> 8) + 16;
      a = row1 + x0 * 4;
      R = s[a + ri]!; G = s[a + 1]!; B = s[a + bi]!;
      sr += R; sg += G; sb += B;
      o[y1 + x0] = ((66 * R + 129 * G + 25 * B + 128) >> 8) + 16;
      a = row1 + x1 * 4;
      R = s[a + ri]!; G = s[a + 1]!; B = s[a + bi]!;
      sr += R; sg += G; sb += B;
      o[y1 + x1] = ((66 * R + 129 * G + 25 * B + 128) >> 8) + 16;
      // Sums of four samples: the >> 10 divides by 4 and by 256 at once.
      o[uo] = ((-38 * sr - 74 * sg + 112 * sb + 512) >> 10) + 128;
      o[vo] = ((112 * sr - 94 * sg - 18 * sb + 512) >> 10) + 128;
    }
  }
}

// Lookup tables for YUV to RGB, scaled by 256.
const Y_TAB = new Int32Array(256);
const RV_TAB = new Int32Array(256);
const GU_TAB = new Int32Array(256);
const GV_TAB = new Int32Array(256);
const BU_TAB = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  Y_TAB[i] = 298 * (i - 16) + 128;
  RV_TAB[i] = 409 * (i - 128);
  GU_TAB[i] = -100 * (i - 128);
  GV_TAB[i] = -208 * (i - 128);
  BU_TAB[i] = 516 * (i - 128);
}
/** Clamps (value >> 8) to 0..255 for values in -1024*256 .. 1024*256. */
const CLAMP = new Uint8Array(2048);
for (let i = 0; i < 2048; i++) CLAMP[i] = Math.min(255, Math.max(0, i - 1024));

/** I420 or NV12 to RGB: chroma is repeated over each 2x2 block. */
function yuvToRgb(src: PixelView, rect: Rect, dst: PixelView): void {
  const s = src.data;
  const yp = src.planes[0]!;
  const { u: up, v: vp, step, vShift } = chromaPlanes(src);
  const dp = dst.planes[0]!;
  const bgr = dst.format[0] === 'B';
  const w = rect.width;
  const h = rect.height;
  const cx0 = rect.x >> 1;
  const cy0 = rect.y >> 1;
  const o = dst.data;
  // One 32-bit view over the whole destination when it is aligned, else byte writes.
  const rowWords = dp.stride % 4 === 0 ? dp.stride >> 2 : -1;
  const dw = rowWords >= 0 ? words(o, dp.offset, (h - 1) * rowWords + w) : undefined;
  for (let r = 0; r < h; r++) {
    const yo = yp.offset + (rect.y + r) * yp.stride + rect.x;
    const crow = cy0 + (r >> 1);
    let uo = up.offset + crow * up.stride + cx0 * step;
    let vo = vp.offset + crow * vp.stride + cx0 * step + vShift;
    if (dw) {
      let d = r * rowWords;
      for (let x = 0; x < w; x += 2, uo += step, vo += step, d += 2) {
        const U = s[uo]!;
        const V = s[vo]!;
        // The chroma terms are shared by the two pixels of the pair.
        const first = bgr ? BU_TAB[U]! : RV_TAB[V]!;
        const third = bgr ? RV_TAB[V]! : BU_TAB[U]!;
        const g = GU_TAB[U]! + GV_TAB[V]!;
        let yy = Y_TAB[s[yo + x]!]!;
        dw[d] = CLAMP[((yy + first) >> 8) +
          1024]! | (CLAMP[((yy + g) >> 8) + 1024]! << 8) | (CLAMP[((yy + third) >> 8) + 1024]! << 16) | 0xff000000;
        if (x + 1 < w) {
          yy = Y_TAB[s[yo + x + 1]!]!;
          dw[d + 1] = CLAMP[((yy + first) >> 8) +
            1024]! | (CLAMP[((yy + g) >> 8) + 1024]! << 8) | (CLAMP[((yy + third) >> 8) + 1024]! << 16) | 0xff000000;
        }
      }
    } else {
      const doff = dp.offset + r * dp.stride;
      for (let x = 0, b = doff; x < w; x++, b += 4) {
        const ci = (x >> 1) * step;
        const U = s[uo + ci]!;
        const V = s[vo + ci]!;
        const yy = Y_TAB[s[yo + x]!]!;
        const R = CLAMP[((yy + RV_TAB[V]!) >> 8) + 1024]!;
        const G = CLAMP[((yy + GU_TAB[U]! + GV_TAB[V]!) >> 8) + 1024]!;
        const B = CLAMP[((yy + BU_TAB[U]!) >> 8) + 1024]!;
        o[b] = bgr ? B : R;
        o[b + 1] = G;
        o[b + 2] = bgr ? R : B;
        o[b + 3] = 255;
      }
    }
  }
}

/** I420 to NV12 and back: the Y plane is copied, U and V are interleaved or split. */
function yuvToYuv(src: PixelView, rect: Rect, dst: PixelView): void {
  const luma = FORMAT_PLANES.I420[0]!;
  const sy = src.planes[0]!;
  const dy = dst.planes[0]!;
  for (let r = 0; r < rect.height; r++) {
    const so = sy.offset + (rect.y + r) * sy.stride + rect.x * luma.sampleBytes;
    dst.data.set(src.data.subarray(so, so + rect.width), dy.offset + r * dy.stride);
  }
  const s = chromaPlanes(src);
  const d = chromaPlanes(dst);
  const cw = (rect.width + 1) >> 1;
  const ch = (rect.height + 1) >> 1;
  const cx0 = rect.x >> 1;
  const cy0 = rect.y >> 1;
  const sd = src.data;
  const o = dst.data;
  for (let r = 0; r < ch; r++) {
    let su = s.u.offset + (cy0 + r) * s.u.stride + cx0 * s.step;
    let sv = s.v.offset + (cy0 + r) * s.v.stride + cx0 * s.step + s.vShift;
    let du = d.u.offset + r * d.u.stride;
    let dv = d.v.offset + r * d.v.stride + d.vShift;
    for (let c = 0; c < cw; c++, su += s.step, sv += s.step, du += d.step, dv += d.step) {
      o[du] = sd[su]!;
      o[dv] = sd[sv]!;
    }
  }
}
