/**
 * The far wall as a row fill: the tiled texture (textures.ts) sampled at the blur level that
 * matches the lens defocus and the pixel footprint, nearest-texel when the texture is minified or
 * shown about 1:1, bilinear when it is magnified (high zoom on a large frame).
 */
import { KERNEL_RUN, PALETTE_OFFSET, type Raster, type RowFill } from './paint.js';
import { WALL_LEVELS, WALL_SHIFT, WALL_SIZE, type WallTexture } from './textures.js';
import type { View } from './view.js';

/** Angular size of one wall texel, degrees (2.8 mm at 8 m). */
const WALL_TEXEL_DEG = 0.02;
/** Texture coordinates of the straight-ahead direction (keeps grout lines off the centre). */
const U_ORIGIN = 300.3;
const V_ORIGIN = 200.7;
const FIX = 65536;
const UMASK = WALL_SIZE * FIX - 1;
const TMASK = WALL_SIZE - 1;

function wrap(t: number): number {
  return t - Math.floor(t / WALL_SIZE) * WALL_SIZE;
}

export class WallFill implements RowFill {
  readonly #wall: WallTexture;
  #tex: Uint8Array = new Uint8Array(0);
  #bilinear = false;
  #u0 = 0;
  #du = 0;
  #view: View | undefined;
  #rowA = 0;
  #rowB = 0;
  #fy = 0;
  /** The blur level chosen for the current frame (for tests and benchmarks). */
  level = 0;

  constructor(wall: WallTexture) {
    this.#wall = wall;
  }

  /** Chooses level, sampling and origin for a frame. */
  setup(view: View, blurPx: number, sharpen: number): void {
    this.#view = view;
    const tpp = view.degPerPx / WALL_TEXEL_DEG;
    // A blur circle of diameter D has σ ≈ D/4; the pixel footprint needs σ ≈ tpp/2 to avoid aliasing.
    const sigma = Math.hypot((blurPx * tpp) / 4, 0.5 * tpp);
    this.level = sigma < 0.6 ? 0 : Math.min(WALL_LEVELS - 1, Math.round(Math.log2(sigma)) + 1);
    this.#tex = this.#wall.sharpened(this.level, sharpen);
    this.#bilinear = tpp < 0.75;
    const half = this.#bilinear ? 0.5 : 0;
    const uStart = (view.cx - (view.width / 2 - 0.5) * view.degPerPx) / WALL_TEXEL_DEG + U_ORIGIN - half;
    this.#u0 = Math.round(wrap(uStart) * FIX) & UMASK;
    this.#du = Math.round(tpp * FIX);
  }

  begin(y: number): void {
    const view = this.#view!;
    const half = this.#bilinear ? 0.5 : 0;
    const v = wrap((view.cy + (y + 0.5 - view.height / 2) * view.degPerPx) / WALL_TEXEL_DEG + V_ORIGIN - half);
    const v0 = Math.floor(v) & TMASK;
    this.#fy = Math.round((v - Math.floor(v)) * 256);
    this.#rowA = v0 << WALL_SHIFT;
    this.#rowB = ((v0 + 1) & TMASK) << WALL_SHIFT;
    if (!this.#bilinear && this.#fy >= 128) this.#rowA = this.#rowB;
  }

  /** The texture varies along the row. */
  rowIndex(): number {
    return NaN;
  }

  fill(r: Raster, y: number, x0: number, x1: number, pal: Int32Array): void {
    const out = r.out;
    const noise = r.noise;
    const row = y * r.width;
    const off = r.rowNoise[y]!;
    const tex = this.#tex;
    const du = this.#du;
    let u = (this.#u0 + ((x0 * du) % (UMASK + 1))) & UMASK;
    const rowA = this.#rowA;
    const base = PALETTE_OFFSET;
    const k = r.kernels;
    if (k !== null && x1 - x0 >= KERNEL_RUN) {
      if (this.#bilinear) k.wallBilinear(out, row + x0, x1 - x0, pal, r.frame, off + x0, tex, rowA, u, du, this.#rowB, this.#fy);
      else k.wall(out, row + x0, x1 - x0, pal, r.frame, off + x0, tex, rowA, u, du);
      return;
    }
    if (!this.#bilinear) {
      for (let x = x0; x < x1; x++) {
        out[row + x] = pal[base + tex[rowA | (u >>> 16)]! + noise[off + x]!]!;
        u = (u + du) & UMASK;
      }
      return;
    }
    const rowB = this.#rowB;
    const fy = this.#fy;
    for (let x = x0; x < x1; x++) {
      const ui = u >>> 16;
      const un = (ui + 1) & TMASK;
      const fx = (u >>> 8) & 255;
      const a0 = tex[rowA | ui]!;
      const b0 = tex[rowB | ui]!;
      const a = a0 + (((tex[rowA | un]! - a0) * fx) >> 8);
      const b = b0 + (((tex[rowB | un]! - b0) * fx) >> 8);
      out[row + x] = pal[base + a + (((b - a) * fy) >> 8) + noise[off + x]!]!;
      u = (u + du) & UMASK;
    }
  }

  /** Edge pixels (where a soft-edged object lets the wall show through) sample the nearest texel. */
  colors(r: Raster, y: number, x0: number, x1: number, pal: Int32Array, dst: Int32Array): void {
    const noise = r.noise;
    const off = r.rowNoise[y]!;
    const tex = this.#tex;
    const rowA = this.#rowA;
    const du = this.#du;
    let u = (this.#u0 + ((x0 * du) % (UMASK + 1))) & UMASK;
    for (let x = x0; x < x1; x++) {
      dst[x - x0] = pal[PALETTE_OFFSET + tex[rowA | (u >>> 16)]! + noise[off + x]!]!;
      u = (u + du) & UMASK;
    }
  }
}
