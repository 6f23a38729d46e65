/**
 * Crop-and-scale of RGBA frames in JS, separable: reductions average the source area each
 * output pixel covers (every source pixel counts, no aliasing); enlargements interpolate
 * linearly. Weights are fixed-point (14 bits) and the tables are kept for as long as the
 * geometry stays the same, so steady frames allocate nothing.
 *
 * Scaling is done here rather than by ffmpeg's `-vf scale` because the child must keep
 * delivering the full source frame (takePhoto uses the full resolution): changing the child's
 * output size would mean restarting it, and scaling the frame we already hold costs less than
 * decoding a second stream.
 */
import type { Rect } from './geometry.js';

const SHIFT = 14;
const ONE = 1 << SHIFT;
const HALF = 1 << (SHIFT - 1);

interface AxisTable {
  /** First source index of each output sample. */
  readonly starts: Int32Array;
  readonly counts: Int32Array;
  /** `taps` weights per output sample, summing to ONE. */
  readonly weights: Int32Array;
  readonly taps: number;
}

function axisTable(start: number, length: number, size: number, out: number): AxisTable {
  const scale = length / out;
  const taps = Math.ceil(Math.max(1, scale)) + 2;
  const starts = new Int32Array(out);
  const counts = new Int32Array(out);
  const weights = new Int32Array(out * taps);
  const w = new Float64Array(taps);
  for (let i = 0; i < out; i++) {
    let lo: number;
    let hi: number;
    if (scale > 1) {
      // Reduction: each output pixel is the area average of the source span it covers.
      const a = start + i * scale;
      const b = a + scale;
      lo = Math.max(0, Math.floor(a));
      hi = Math.min(size - 1, Math.ceil(b) - 1, lo + taps - 1);
      for (let j = lo; j <= hi; j++) w[j - lo] = Math.max(0, Math.min(j + 1, b) - Math.max(j, a));
    } else {
      // Enlargement: linear interpolation between the two nearest pixel centres.
      const centre = start + (i + 0.5) * scale - 0.5;
      lo = Math.min(size - 1, Math.max(0, Math.floor(centre)));
      hi = Math.min(size - 1, lo + 1);
      const f = Math.min(1, Math.max(0, centre - lo));
      w[0] = 1 - f;
      w[1] = f;
      if (hi === lo) w[0] = 1;
    }
    // Drop zero weights at either end.
    while (hi > lo && w[0]! <= 1e-9) {
      w.copyWithin(0, 1);
      lo++;
    }
    while (hi > lo && w[hi - lo]! <= 1e-9) hi--;
    const n = hi - lo + 1;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += w[k]!;
    starts[i] = lo;
    counts[i] = n;
    const base = i * taps;
    if (sum <= 0) {
      weights[base] = ONE;
      counts[i] = 1;
      continue;
    }
    let total = 0;
    let largest = 0;
    for (let k = 0; k < n; k++) {
      const q = Math.round((w[k]! / sum) * ONE);
      weights[base + k] = q;
      total += q;
      if (q > weights[base + largest]!) largest = k;
    }
    weights[base + largest]! += ONE - total;
  }
  return { starts, counts, weights, taps };
}

function isWhole(v: number): boolean {
  return Math.abs(v - Math.round(v)) < 1e-6;
}

export class Resampler {
  #key = '';
  #h: AxisTable | undefined;
  #v: AxisTable | undefined;
  #rowMin = 0;
  #rowCount = 0;
  #temp = new Uint8Array(0);

  /**
   * Writes the `rect` window of `src` (srcW×srcH RGBA), scaled to dstW×dstH, into `dst`.
   */
  resample(src: Uint8Array, srcW: number, srcH: number, rect: Rect, dst: Uint8Array, dstW: number, dstH: number): void {
    const full = rect.x === 0 && rect.y === 0 && rect.width === srcW && rect.height === srcH;
    if (full && dstW === srcW && dstH === srcH) {
      dst.set(src.subarray(0, srcW * srcH * 4));
      return;
    }
    if (isWhole(rect.x) && isWhole(rect.y) && Math.abs(rect.width - dstW) < 1e-6 && Math.abs(rect.height - dstH) < 1e-6) {
      // A plain crop: copy rows.
      const x0 = Math.round(rect.x);
      const y0 = Math.round(rect.y);
      const rowBytes = dstW * 4;
      for (let y = 0; y < dstH; y++) {
        const from = ((y0 + y) * srcW + x0) * 4;
        dst.set(src.subarray(from, from + rowBytes), y * rowBytes);
      }
      return;
    }
    this.#prepare(srcW, srcH, rect, dstW, dstH);
    this.#horizontal(src, srcW, dstW);
    this.#vertical(dst, dstW, dstH);
  }

  #prepare(srcW: number, srcH: number, rect: Rect, dstW: number, dstH: number): void {
    const key = `${srcW}x${srcH}|${rect.x},${rect.y},${rect.width},${rect.height}|${dstW}x${dstH}`;
    if (key === this.#key) return;
    this.#h = axisTable(rect.x, rect.width, srcW, dstW);
    const v = axisTable(rect.y, rect.height, srcH, dstH);
    this.#v = v;
    let rowMin = srcH;
    let rowMax = 0;
    for (let j = 0; j < dstH; j++) {
      rowMin = Math.min(rowMin, v.starts[j]!);
      rowMax = Math.max(rowMax, v.starts[j]! + v.counts[j]! - 1);
    }
    this.#rowMin = rowMin;
    this.#rowCount = rowMax - rowMin + 1;
    const need = (rowMax - rowMin + 1) * dstW * 4;
    if (this.#temp.length < need) this.#temp = new Uint8Array(need);
    this.#key = key;
  }

  /** Scales every source row the vertical pass reads into the temporary buffer. */
  #horizontal(src: Uint8Array, srcW: number, dstW: number): void {
    const { starts, counts, weights, taps } = this.#h!;
    const temp = this.#temp;
    const rowMin = this.#rowMin;
    const rows = this.#rowCount;
    for (let r = 0; r < rows; r++) {
      const srcRow = (rowMin + r) * srcW * 4;
      let t = r * dstW * 4;
      for (let i = 0; i < dstW; i++) {
        const n = counts[i]!;
        const wBase = i * taps;
        let p = srcRow + starts[i]! * 4;
        if (n === 2) {
          const w0 = weights[wBase]!;
          const w1 = weights[wBase + 1]!;
          temp[t++] = (src[p]! * w0 + src[p + 4]! * w1 + HALF) >> SHIFT;
          temp[t++] = (src[p + 1]! * w0 + src[p + 5]! * w1 + HALF) >> SHIFT;
          temp[t++] = (src[p + 2]! * w0 + src[p + 6]! * w1 + HALF) >> SHIFT;
          temp[t++] = (src[p + 3]! * w0 + src[p + 7]! * w1 + HALF) >> SHIFT;
          continue;
        }
        let a = HALF;
        let b = HALF;
        let c = HALF;
        let d = HALF;
        for (let k = 0; k < n; k++, p += 4) {
          const w = weights[wBase + k]!;
          a += src[p]! * w;
          b += src[p + 1]! * w;
          c += src[p + 2]! * w;
          d += src[p + 3]! * w;
        }
        temp[t++] = a >> SHIFT;
        temp[t++] = b >> SHIFT;
        temp[t++] = c >> SHIFT;
        temp[t++] = d >> SHIFT;
      }
    }
  }

  #vertical(dst: Uint8Array, dstW: number, dstH: number): void {
    const { starts, counts, weights, taps } = this.#v!;
    const temp = this.#temp;
    const stride = dstW * 4;
    for (let j = 0; j < dstH; j++) {
      const n = counts[j]!;
      const wBase = j * taps;
      const first = (starts[j]! - this.#rowMin) * stride;
      const out = j * stride;
      if (n === 1) {
        dst.set(temp.subarray(first, first + stride), out);
        continue;
      }
      if (n === 2) {
        const w0 = weights[wBase]!;
        const w1 = weights[wBase + 1]!;
        const second = first + stride;
        for (let x = 0; x < stride; x++) dst[out + x] = (temp[first + x]! * w0 + temp[second + x]! * w1 + HALF) >> SHIFT;
        continue;
      }
      for (let x = 0; x < stride; x++) {
        let acc = HALF;
        let p = first + x;
        for (let k = 0; k < n; k++, p += stride) acc += temp[p]! * weights[wBase + k]!;
        dst[out + x] = acc >> SHIFT;
      }
    }
  }
}
