/**
 * Row painters: shapes composed analytically over packed RGBA pixels. Instead of convolving,
 * every edge gets a soft ramp whose width is the defocus blur (plus one pixel of anti-aliasing),
 * and sharpening adds the overshoot an unsharp mask would. Inner loops work on Uint32 pixels
 * through per-object palettes (palette.ts); only edge pixels are blended channel by channel.
 *
 * Palette indices: a fill produces an index (flat 128, textures 0–255, patterns around 128, with
 * overshoot), sensor noise adds to it, and PALETTE_OFFSET shifts it into the palette array.
 */

export const PALETTE_OFFSET = 128;
export const PALETTE_SIZE = 512;
/** Largest magnitude of per-pixel noise, in palette steps. */
export const NOISE_LIMIT = 60;
/** Radius of the unsharp mask, in pixels. */
const SHARPEN_RADIUS = 1;

/** How an edge looks: ramp width (px) and sharpening amount. */
export interface EdgeStyle {
  /** Width of the ramp from 0 to 1, in pixels (≥ 1). */
  readonly width: number;
  /** Unsharp-mask amount (0 = none). */
  readonly sharpen: number;
}

/** Half-width of the band around an edge where coverage is neither 0 nor 1. */
export function edgeZone(e: EdgeStyle): number {
  return e.sharpen > 0 ? e.width / 2 + SHARPEN_RADIUS : e.width / 2;
}

function ramp(d: number, w: number): number {
  const a = 0.5 + d / w;
  return a < 0 ? 0 : a > 1 ? 1 : a;
}

/**
 * Coverage at signed distance `d` pixels inside an edge (negative outside): a linear ramp of the
 * edge's width, plus the unsharp mask's overshoot (it dips below 0 just outside and rises above
 * 1 just inside).
 */
export function edgeAlpha(d: number, e: EdgeStyle): number {
  const a = ramp(d, e.width);
  if (e.sharpen <= 0) return a;
  return a + e.sharpen * (a - ramp(d, e.width + 2 * SHARPEN_RADIUS));
}

/**
 * A soft square wave over one period, sampled at `size` phases: +1 for the first half, −1 for the
 * second, edges shaped by `edgeAlpha` with `periodPx` pixels per period. Values scaled by 127 and
 * limited to ±1.25·127 (the palettes' headroom).
 */
export function squareWave(out: Int16Array, periodPx: number, e: EdgeStyle): void {
  const size = out.length;
  for (let i = 0; i < size; i++) {
    const p = (i + 0.5) / size;
    const d = (p < 0.5 ? Math.min(p, 0.5 - p) : -Math.min(p - 0.5, 1 - p)) * periodPx;
    const v = Math.round((2 * edgeAlpha(d, e) - 1) * 127);
    out[i] = v > 158 ? 158 : v < -158 ? -158 : v;
  }
}

/** The frame being painted, with the per-row noise. */
export class Raster {
  out32: Uint32Array = new Uint32Array(0);
  out8: Uint8ClampedArray = new Uint8ClampedArray(0);
  width = 0;
  height = 0;
  /** Noise values for this frame (NOISE_SIZE long, within ±NOISE_LIMIT). */
  noise: Int16Array = new Int16Array(0);
  noiseMask = 0;
  /** Where each row starts reading the noise table. */
  rowNoise: Int32Array = new Int32Array(0);
  /** Counts frames, so per-frame caches know when to rebuild. */
  frame = 0;

  bind(out32: Uint32Array, width: number, height: number): void {
    this.out32 = out32;
    if (this.out8.buffer !== out32.buffer || this.out8.byteOffset !== out32.byteOffset || this.out8.length !== out32.length * 4) {
      this.out8 = new Uint8ClampedArray(out32.buffer, out32.byteOffset, out32.length * 4);
    }
    this.width = width;
    this.height = height;
    this.frame++;
    if (this.rowNoise.length < height) this.rowNoise = new Int32Array(height);
  }

  /** Mixes palette colour `src` over pixel `i` with coverage `a` (may overshoot; channels clamp). */
  blend(i: number, src: number, a: number): void {
    const o8 = this.out8;
    const d = this.out32[i]!;
    const k = i << 2;
    const dr = d & 255;
    const dg = (d >>> 8) & 255;
    const db = (d >>> 16) & 255;
    o8[k] = dr + ((src & 255) - dr) * a;
    o8[k + 1] = dg + (((src >>> 8) & 255) - dg) * a;
    o8[k + 2] = db + (((src >>> 16) & 255) - db) * a;
  }

  /** Fills pixels [x0, x1) of row `y` with palette index `index` plus noise. */
  fillFlat(y: number, x0: number, x1: number, pal: Uint32Array, index: number): void {
    const out = this.out32;
    const noise = this.noise;
    const mask = this.noiseMask;
    const row = y * this.width;
    const off = this.rowNoise[y]!;
    const base = index + PALETTE_OFFSET;
    for (let x = x0; x < x1; x++) out[row + x] = pal[base + noise[(off + x) & mask]!]!;
  }

  /** The palette colour at (x, y) for a flat index, noise included. */
  flatColor(y: number, x: number, pal: Uint32Array, index: number): number {
    return pal[index + PALETTE_OFFSET + this.noise[(this.rowNoise[y]! + x) & this.noiseMask]!]!;
  }
}

/**
 * Something that yields a palette index per pixel of a row: a flat colour, a row-constant
 * stripe, a checkerboard or the wall texture. `begin` is called once per row before `at`.
 */
export interface RowFill {
  begin(y: number): void;
  /** Fills [x0, x1) of the current row completely (coverage 1). */
  fill(r: Raster, y: number, x0: number, x1: number, pal: Uint32Array): void;
  /** Palette colour of one pixel of the current row. */
  color(r: Raster, y: number, x: number, pal: Uint32Array): number;
}

/**
 * One colour. Long runs copy from a row of noisy colours built once per frame (the palette looked
 * up at every noise value), which is several times faster than a lookup per pixel.
 */
export class FlatFill implements RowFill {
  #noisy: Uint32Array | undefined;
  #frame = -1;

  begin(): void {}
  fill(r: Raster, y: number, x0: number, x1: number, pal: Uint32Array): void {
    if (x1 - x0 < 64) {
      r.fillFlat(y, x0, x1, pal, 128);
      return;
    }
    const mask = r.noiseMask;
    let noisy = this.#noisy;
    if (!noisy || noisy.length !== mask + 1 || this.#frame !== r.frame) {
      noisy = this.#noisy = noisy && noisy.length === mask + 1 ? noisy : new Uint32Array(mask + 1);
      const noise = r.noise;
      const base = 128 + PALETTE_OFFSET;
      for (let i = 0; i <= mask; i++) noisy[i] = pal[base + noise[i]!]!;
      this.#frame = r.frame;
    }
    const out = r.out32;
    const row = y * r.width;
    let n = r.rowNoise[y]! + x0;
    for (let x = x0; x < x1; x++) out[row + x] = noisy[n++ & mask]!;
  }
  color(r: Raster, y: number, x: number, pal: Uint32Array): number {
    return r.flatColor(y, x, pal, 128);
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
  fill(r: Raster, y: number, x0: number, x1: number, pal: Uint32Array): void {
    r.fillFlat(y, x0, x1, pal, this.#index);
  }
  color(r: Raster, y: number, x: number, pal: Uint32Array): number {
    return r.flatColor(y, x, pal, this.#index);
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
  fill(r: Raster, y: number, x0: number, x1: number, pal: Uint32Array): void {
    const out = r.out32;
    const noise = r.noise;
    const mask = r.noiseMask;
    const row = y * r.width;
    const off = r.rowNoise[y]!;
    const wave = this.wave;
    const sy = this.#sy;
    // Phase in 1/2^20 of a period, advanced per pixel in fixed point.
    const du = Math.round((1 / this.period) * 1048576);
    const start = (x0 + 0.5 - this.originX) / this.period;
    let u = Math.round((start - Math.floor(start)) * 1048576);
    for (let x = x0; x < x1; x++) {
      const sx = wave[(u >>> 10) & 1023]!;
      out[row + x] = pal[PALETTE_OFFSET + 128 + ((sx * sy) >> 7) + noise[(off + x) & mask]!]!;
      u = (u + du) & 1048575;
    }
  }
  color(r: Raster, y: number, x: number, pal: Uint32Array): number {
    const p = (x + 0.5 - this.originX) / this.period;
    const sx = this.wave[((p - Math.floor(p)) * 1024) | 0]!;
    return pal[PALETTE_OFFSET + 128 + ((sx * this.#sy) >> 7) + r.noise[(r.rowNoise[y]! + x) & r.noiseMask]!]!;
  }
}

/**
 * Paints one row of a soft-edged span: coverage rises across the left edge's band, is 1 between,
 * and falls across the right edge's band, times `rowAlpha` (the vertical coverage of this row)
 * and `peak` (below 1 for a smeared moving object). Positions are in pixels.
 */
export function paintSpan(
  r: Raster,
  y: number,
  left: number,
  right: number,
  leftEdge: EdgeStyle,
  rightEdge: EdgeStyle,
  rowAlpha: number,
  peak: number,
  fill: RowFill,
  pal: Uint32Array,
): void {
  const zl = edgeZone(leftEdge);
  const zr = edgeZone(rightEdge);
  const xs = Math.max(0, Math.floor(left - zl));
  const xe = Math.min(r.width, Math.ceil(right + zr));
  if (xs >= xe) return;
  fill.begin(y);
  const a = rowAlpha * peak;
  let inStart = xe;
  let inEnd = xe;
  if (a === 1) {
    inStart = Math.min(xe, Math.max(xs, Math.ceil(left + zl - 0.5)));
    inEnd = Math.max(inStart, Math.min(xe, Math.floor(right - zr - 0.5) + 1));
  }
  const row = y * r.width;
  for (let x = xs; x < xe; x++) {
    if (x === inStart && inEnd > inStart) {
      fill.fill(r, y, inStart, inEnd, pal);
      x = inEnd - 1;
      continue;
    }
    const xc = x + 0.5;
    const c = edgeAlpha(xc - left, leftEdge) * edgeAlpha(right - xc, rightEdge) * a;
    if (c !== 0) r.blend(row + x, fill.color(r, y, x, pal), c);
  }
}

/**
 * Paints one row of a soft-edged ellipse (centre, semi-axes in pixels). Pixels well inside are
 * filled; those near the outline get coverage from their distance to it (the implicit function
 * divided by its gradient).
 */
export function paintEllipseRow(
  r: Raster,
  y: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  edge: EdgeStyle,
  fill: RowFill,
  pal: Uint32Array,
): void {
  const z = edgeZone(edge);
  const dy = y + 0.5 - cy;
  const oy = ry + z;
  if (Math.abs(dy) >= oy) return;
  const outer = (rx + z) * Math.sqrt(1 - (dy * dy) / (oy * oy));
  const xs = Math.max(0, Math.floor(cx - outer));
  const xe = Math.min(r.width, Math.ceil(cx + outer));
  if (xs >= xe) return;
  fill.begin(y);
  let inStart = xe;
  let inEnd = xe;
  const iy = ry - z;
  if (rx - z > 0 && iy > 0 && Math.abs(dy) < iy) {
    const inner = (rx - z) * Math.sqrt(1 - (dy * dy) / (iy * iy));
    inStart = Math.min(xe, Math.max(xs, Math.ceil(cx - inner)));
    inEnd = Math.max(inStart, Math.min(xe, Math.floor(cx + inner)));
  }
  const rx2 = rx * rx;
  const ry2 = ry * ry;
  const gy = dy / ry2;
  const fy = (dy * dy) / ry2 - 1;
  const row = y * r.width;
  for (let x = xs; x < xe; x++) {
    if (x === inStart && inEnd > inStart) {
      fill.fill(r, y, inStart, inEnd, pal);
      x = inEnd - 1;
      continue;
    }
    const dx = x + 0.5 - cx;
    const f = (dx * dx) / rx2 + fy;
    const gx = dx / rx2;
    const g = 2 * Math.sqrt(gx * gx + gy * gy);
    const c = edgeAlpha(g > 0 ? -f / g : z, edge);
    if (c !== 0) r.blend(row + x, fill.color(r, y, x, pal), c);
  }
}
