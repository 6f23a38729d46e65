/**
 * The row fills of the objects in front of the wall (the wall's own is wall.ts): one colour,
 * horizontal stripes and a checkerboard, each yielding palette colours with the sensor noise of
 * the frame (Raster.noise) added to the palette index.
 */
import { KERNEL_RUN, PALETTE_OFFSET, type Raster, type RowFill } from './paint.js';

/** Runs at least this long copy from a row of noisy colours instead of looking each pixel up. */
const COPY_RUN = 64;

/**
 * One colour. Long runs copy from a row of noisy colours built once per frame (the palette looked
 * up at every noise value), which is several times faster than a lookup per pixel.
 */
export class FlatFill implements RowFill {
  #noisy = new Int32Array(0);
  #frame = -1;

  begin(): void {}

  rowIndex(): number {
    return 128;
  }

  fill(r: Raster, y: number, x0: number, x1: number, pal: Int32Array): void {
    // The WebAssembly loop is quicker than building the row of noisy colours.
    if (x1 - x0 < COPY_RUN || r.kernels !== null) {
      r.fillFlat(y, x0, x1, pal, 128);
      return;
    }
    const noise = r.noise;
    let noisy = this.#noisy;
    if (this.#frame !== r.frame || noisy.length !== noise.length) {
      // The noise table's tail repeats its head, so this one does too: a row copies in one piece.
      if (noisy.length !== noise.length) noisy = this.#noisy = new Int32Array(noise.length);
      const base = 128 + PALETTE_OFFSET;
      for (let i = 0; i < noisy.length; i++) noisy[i] = pal[base + noise[i]!]!;
      this.#frame = r.frame;
    }
    const n = r.rowNoise[y]! + x0;
    r.out.set(noisy.subarray(n, n + (x1 - x0)), y * r.width + x0);
  }

  colors(r: Raster, y: number, x0: number, x1: number, pal: Int32Array, dst: Int32Array): void {
    r.flatColors(y, x0, x1, pal, 128, dst);
  }
}

/** Horizontal stripes: the index is constant along a row. */
export class StripeFill implements RowFill {
  readonly wave = new Int16Array(1024);
  /** Row y's phase is (y + 0.5 − origin) / period. */
  origin = 0;
  period = 1;
  #index = 128;

  begin(y: number): void {
    const p = (y + 0.5 - this.origin) / this.period;
    this.#index = 128 + this.wave[((p - Math.floor(p)) * 1024) | 0]!;
  }

  rowIndex(): number {
    return this.#index;
  }

  fill(r: Raster, y: number, x0: number, x1: number, pal: Int32Array): void {
    r.fillFlat(y, x0, x1, pal, this.#index);
  }

  colors(r: Raster, y: number, x0: number, x1: number, pal: Int32Array, dst: Int32Array): void {
    r.flatColors(y, x0, x1, pal, this.#index, dst);
  }
}

/** A checkerboard: the product of a horizontal and a vertical soft square wave. */
export class CheckerFill implements RowFill {
  readonly wave = new Int16Array(1024);
  originX = 0;
  originY = 0;
  period = 1;
  #sy = 0;

  begin(y: number): void {
    const p = (y + 0.5 - this.originY) / this.period;
    this.#sy = this.wave[((p - Math.floor(p)) * 1024) | 0]!;
  }

  /** The colour varies along the row. */
  rowIndex(): number {
    return NaN;
  }

  fill(r: Raster, y: number, x0: number, x1: number, pal: Int32Array): void {
    const out = r.out;
    const noise = r.noise;
    const row = y * r.width;
    const off = r.rowNoise[y]!;
    const wave = this.wave;
    const sy = this.#sy;
    const base = PALETTE_OFFSET + 128;
    // Phase in 1/2^20 of a period, advanced per pixel in fixed point.
    const du = Math.round((1 / this.period) * 1048576);
    const start = (x0 + 0.5 - this.originX) / this.period;
    let u = Math.round((start - Math.floor(start)) * 1048576);
    const k = r.kernels;
    if (k !== null && x1 - x0 >= KERNEL_RUN) {
      k.checker(out, row + x0, x1 - x0, pal, r.frame, off + x0, wave, u, du, sy);
      return;
    }
    for (let x = x0; x < x1; x++) {
      const sx = wave[(u >>> 10) & 1023]!;
      out[row + x] = pal[base + ((sx * sy) >> 7) + noise[off + x]!]!;
      u = (u + du) & 1048575;
    }
  }

  /** Edge pixels take the phase of each pixel directly (not the fixed-point steps of `fill`). */
  colors(r: Raster, y: number, x0: number, x1: number, pal: Int32Array, dst: Int32Array): void {
    const noise = r.noise;
    const off = r.rowNoise[y]!;
    const wave = this.wave;
    const sy = this.#sy;
    const base = PALETTE_OFFSET + 128;
    for (let x = x0; x < x1; x++) {
      const p = (x + 0.5 - this.originX) / this.period;
      const sx = wave[((p - Math.floor(p)) * 1024) | 0]!;
      dst[x - x0] = pal[base + ((sx * sy) >> 7) + noise[off + x]!]!;
    }
  }
}
