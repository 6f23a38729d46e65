/**
 * Row painters: shapes composed analytically over packed RGBA pixels. Instead of convolving,
 * every edge gets a soft ramp whose width is the defocus blur (plus one pixel of anti-aliasing),
 * and sharpening adds the overshoot an unsharp mask would. Inner loops work on Uint32 pixels
 * through per-object palettes (palette.ts); only edge pixels are blended channel by channel.
 *
 * Palette indices: a fill produces an index (flat 128, textures 0–255, patterns around 128, with
 * overshoot), sensor noise adds to it, and PALETTE_OFFSET shifts it into the palette array.
 */

import type { FillKernels } from './kernels.js';
import { PALETTE_OFFSET } from './palette.js';

export { PALETTE_OFFSET, PALETTE_SIZE } from './palette.js';
/** Largest magnitude of per-pixel noise, in palette steps. */
export const NOISE_LIMIT = 60;
/** Runs shorter than this stay in JavaScript: the call into WebAssembly and the copy cost more than they save. */
export const KERNEL_RUN = 24;
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
  /**
   * The same pixels as signed 32-bit words: palette colours (alpha 0xff, so above 2^31 unsigned)
   * then stay small integers in the optimised loops instead of becoming doubles.
   */
  out: Int32Array = new Int32Array(0);
  out8: Uint8ClampedArray = new Uint8ClampedArray(0);
  width = 0;
  height = 0;
  /**
   * Noise values for this frame (within ±NOISE_LIMIT): NOISE_SIZE of them, then the first
   * `width` again, so that a row starting anywhere in the table reads on without wrapping.
   */
  noise: Int16Array = new Int16Array(0);
  noiseMask = 0;
  /** Where each row starts reading the noise table. */
  rowNoise: Int32Array = new Int32Array(0);
  /** Counts frames, so per-frame caches know when to rebuild. */
  frame = 0;
  /** Colours of the edge pixels of one row, before they are blended. */
  scratch: Int32Array = new Int32Array(0);
  /** Horizontal coverage of a rectangle's columns, the same for all of its rows. */
  coverage: Float64Array = new Float64Array(0);
  /** The fills' loops in WebAssembly (kernels.ts), or null to paint in JavaScript. */
  kernels: FillKernels | null = null;

  bind(out32: Uint32Array, width: number, height: number): void {
    this.out32 = out32;
    if (this.out8.buffer !== out32.buffer || this.out8.byteOffset !== out32.byteOffset || this.out8.length !== out32.length * 4) {
      this.out8 = new Uint8ClampedArray(out32.buffer, out32.byteOffset, out32.length * 4);
      this.out = new Int32Array(out32.buffer, out32.byteOffset, out32.length);
    }
    this.width = width;
    this.height = height;
    this.frame++;
    if (this.rowNoise.length < height) this.rowNoise = new Int32Array(height);
    if (this.scratch.length < width) this.scratch = new Int32Array(width);
    if (this.coverage.length < width) this.coverage = new Float64Array(width);
  }

  /** Mixes palette colour `src` over pixel `i` with coverage `a` (may overshoot; channels clamp). */
  blend(i: number, src: number, a: number): void {
    const o8 = this.out8;
    const d = this.out[i]!;
    const k = i << 2;
    const dr = d & 255;
    const dg = (d >>> 8) & 255;
    const db = (d >>> 16) & 255;
    o8[k] = dr + ((src & 255) - dr) * a;
    o8[k + 1] = dg + (((src >>> 8) & 255) - dg) * a;
    o8[k + 2] = db + (((src >>> 16) & 255) - db) * a;
  }

  /** Fills pixels [x0, x1) of row `y` with palette index `index` plus noise. */
  fillFlat(y: number, x0: number, x1: number, pal: Int32Array, index: number): void {
    const k = this.kernels;
    if (k !== null && x1 - x0 >= KERNEL_RUN) {
      k.flat(this.out, y * this.width + x0, x1 - x0, pal, index, this.frame, this.rowNoise[y]! + x0);
      return;
    }
    const out = this.out;
    const noise = this.noise;
    const base = index + PALETTE_OFFSET;
    // Row y reads the noise table from rowNoise[y] on; the table's tail repeats its head, so
    // no wrap-around is needed within a row.
    const shift = this.rowNoise[y]! - y * this.width;
    for (let i = y * this.width + x0, end = y * this.width + x1; i < end; i++) out[i] = pal[base + noise[i + shift]!]!;
  }

  /** Writes the palette colours for a flat index, noise included, of [x0, x1) of row y to dst. */
  flatColors(y: number, x0: number, x1: number, pal: Int32Array, index: number, dst: Int32Array): void {
    const noise = this.noise;
    const base = index + PALETTE_OFFSET;
    const off = this.rowNoise[y]!;
    for (let x = x0; x < x1; x++) dst[x - x0] = pal[base + noise[off + x]!]!;
  }
}

/**
 * Something that yields a palette colour per pixel of a row: a flat colour, a row-constant
 * stripe, a checkerboard or the wall texture. `begin` is called once per row before the others.
 */
export interface RowFill {
  begin(y: number): void;
  /** The palette index of the current row when the fill's colour depends only on the row (noise aside), else NaN. */
  rowIndex(): number;
  /** Fills [x0, x1) of the current row completely (coverage 1). */
  fill(r: Raster, y: number, x0: number, x1: number, pal: Int32Array): void;
  /** Writes the palette colours of pixels [x0, x1) of the current row to dst[0 … x1 − x0). */
  colors(r: Raster, y: number, x0: number, x1: number, pal: Int32Array, dst: Int32Array): void;
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
  pal: Int32Array,
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
  if (inEnd > inStart) {
    if (inStart > xs) spanEdge(r, y, xs, inStart, left, right, leftEdge, rightEdge, a, fill, pal);
    fill.fill(r, y, inStart, inEnd, pal);
    if (xe > inEnd) spanEdge(r, y, inEnd, xe, left, right, leftEdge, rightEdge, a, fill, pal);
  } else {
    spanEdge(r, y, xs, xe, left, right, leftEdge, rightEdge, a, fill, pal);
  }
}

/** Blends pixels [x0, x1) of a span's row, whose coverage is below 1 (edges, or a faint smear). */
function spanEdge(
  r: Raster,
  y: number,
  x0: number,
  x1: number,
  left: number,
  right: number,
  leftEdge: EdgeStyle,
  rightEdge: EdgeStyle,
  a: number,
  fill: RowFill,
  pal: Int32Array,
): void {
  // One call for the colours of the whole run, then a loop that knows nothing of the fill kind.
  const colors = r.scratch;
  fill.colors(r, y, x0, x1, pal, colors);
  const row = y * r.width;
  for (let x = x0; x < x1; x++) {
    const xc = x + 0.5;
    const c = edgeAlpha(xc - left, leftEdge) * edgeAlpha(right - xc, rightEdge) * a;
    if (c !== 0) r.blend(row + x, colors[x - x0]!, c);
  }
}

/**
 * Paints rows [y0, y1) of a soft-edged rectangle (left, right, top, bottom in pixels): each row
 * is a span as paintSpan paints it with the row's vertical coverage, but the horizontal coverage
 * of each column, the same for every row, is worked out once.
 */
export function paintRect(
  r: Raster,
  y0: number,
  y1: number,
  left: number,
  right: number,
  top: number,
  bottom: number,
  edge: EdgeStyle,
  fill: RowFill,
  pal: Int32Array,
): void {
  const z = edgeZone(edge);
  const xs = Math.max(0, Math.floor(left - z));
  const xe = Math.min(r.width, Math.ceil(right + z));
  if (xs >= xe) return;
  const cov = r.coverage;
  for (let x = xs; x < xe; x++) {
    const xc = x + 0.5;
    cov[x - xs] = edgeAlpha(xc - left, edge) * edgeAlpha(right - xc, edge);
  }
  const inStart = Math.min(xe, Math.max(xs, Math.ceil(left + z - 0.5)));
  const inEnd = Math.max(inStart, Math.min(xe, Math.floor(right - z - 0.5) + 1));
  for (let y = y0; y < y1; y++) {
    const yc = y + 0.5;
    const a = edgeAlpha(yc - top, edge) * edgeAlpha(bottom - yc, edge);
    if (a === 0) continue;
    fill.begin(y);
    if (a === 1 && inEnd > inStart) {
      if (inStart > xs) rectEdge(r, y, xs, inStart, xs, a, fill, pal);
      fill.fill(r, y, inStart, inEnd, pal);
      if (xe > inEnd) rectEdge(r, y, inEnd, xe, xs, a, fill, pal);
    } else {
      rectEdge(r, y, xs, xe, xs, a, fill, pal);
    }
  }
}

/** Blends pixels [x0, x1) of a rectangle's row: column coverage (from `xs` on) times the row's. */
function rectEdge(r: Raster, y: number, x0: number, x1: number, xs: number, a: number, fill: RowFill, pal: Int32Array): void {
  const cov = r.coverage;
  const index = fill.rowIndex();
  if (!Number.isNaN(index)) {
    // A colour that depends only on the row: looked up as each pixel is blended.
    const out = r.out;
    const o8 = r.out8;
    const noise = r.noise;
    const base = index + PALETTE_OFFSET;
    const row = y * r.width;
    const off = r.rowNoise[y]!;
    for (let x = x0; x < x1; x++) {
      const c = cov[x - xs]! * a;
      if (c === 0) continue;
      const src = pal[base + noise[off + x]!]!;
      const i = row + x;
      const d = out[i]!;
      const k = i << 2;
      const dr = d & 255;
      const dg = (d >>> 8) & 255;
      const db = (d >>> 16) & 255;
      o8[k] = dr + ((src & 255) - dr) * c;
      o8[k + 1] = dg + (((src >>> 8) & 255) - dg) * c;
      o8[k + 2] = db + (((src >>> 16) & 255) - db) * c;
    }
    return;
  }
  const colors = r.scratch;
  fill.colors(r, y, x0, x1, pal, colors);
  const row = y * r.width;
  for (let x = x0; x < x1; x++) {
    const c = cov[x - xs]! * a;
    if (c !== 0) r.blend(row + x, colors[x - x0]!, c);
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
  pal: Int32Array,
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
  if (inEnd > inStart) {
    if (inStart > xs) ellipseEdge(r, y, xs, inStart, cx, dy, rx, ry, z, edge, fill, pal);
    fill.fill(r, y, inStart, inEnd, pal);
    if (xe > inEnd) ellipseEdge(r, y, inEnd, xe, cx, dy, rx, ry, z, edge, fill, pal);
  } else {
    ellipseEdge(r, y, xs, xe, cx, dy, rx, ry, z, edge, fill, pal);
  }
}

/** Blends pixels [x0, x1) of an ellipse's row near its outline. */
function ellipseEdge(
  r: Raster,
  y: number,
  x0: number,
  x1: number,
  cx: number,
  dy: number,
  rx: number,
  ry: number,
  z: number,
  edge: EdgeStyle,
  fill: RowFill,
  pal: Int32Array,
): void {
  const colors = r.scratch;
  fill.colors(r, y, x0, x1, pal, colors);
  const rx2 = rx * rx;
  const ry2 = ry * ry;
  const gy = dy / ry2;
  const fy = (dy * dy) / ry2 - 1;
  const row = y * r.width;
  for (let x = x0; x < x1; x++) {
    const dx = x + 0.5 - cx;
    const f = (dx * dx) / rx2 + fy;
    const gx = dx / rx2;
    const g = 2 * Math.sqrt(gx * gx + gy * gy);
    const c = edgeAlpha(g > 0 ? -f / g : z, edge);
    if (c !== 0) r.blend(row + x, colors[x - x0]!, c);
  }
}
