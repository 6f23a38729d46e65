/**
 * Precomputed textures: the far wall's tiled surface at several blur levels (so defocus and
 * downscaling cost a lookup, not a convolution), sharpened variants for the sharpness setting,
 * and the sensor-noise table. Built lazily, once per seed, and shared by every source.
 */
import { Prng } from './prng.js';
import { cachedBytes } from './texture-cache.js';

/** Width and height of the wall texture (a power of two; it repeats). */
export const WALL_SIZE = 1024;
export const WALL_SHIFT = 10;
/** Tile period of the wall, in texels (the texture holds 8 × 8 tiles). */
const WALL_TILE = 128;
/** Blur level L > 0 has a standard deviation of 2^(L-1) texels; level 0 is sharp. */
export const WALL_LEVELS = 7;

function levelSigma(level: number): number {
  return level === 0 ? 0 : 2 ** (level - 1);
}

/** Length of the noise table (a power of two). */
export const NOISE_SIZE = 16384;

/**
 * Widths of `passes` box filters whose sum has standard deviation `sigma` (as close as odd widths
 * allow): some passes use width w, the rest w + 2.
 */
function boxWidths(sigma: number, passes: number): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - passes * lower * lower - 4 * passes * lower - 3 * passes) / (-4 * lower - 4));
  return Array.from({ length: passes }, (_, i) => (i < m ? lower : upper));
}

/** One periodic box-filter pass along rows, `src` → `dst`. */
function boxRows(src: Float32Array, dst: Float32Array, size: number, width: number): void {
  const r = (width - 1) >> 1;
  const inv = 1 / width;
  const mask = size - 1;
  for (let line = 0; line < size; line++) {
    const o = line * size;
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += src[o + (i & mask)]!;
    for (let i = 0; i < size; i++) {
      dst[o + i] = sum * inv;
      sum += src[o + ((i + r + 1) & mask)]! - src[o + ((i - r) & mask)]!;
    }
  }
}

/** One periodic box-filter pass along columns, `src` → `dst` (all columns advance together). */
function boxColumns(src: Float32Array, dst: Float32Array, size: number, width: number): void {
  const r = (width - 1) >> 1;
  const inv = 1 / width;
  const mask = size - 1;
  const sums = new Float64Array(size);
  for (let i = -r; i <= r; i++) {
    const o = (i & mask) * size;
    for (let x = 0; x < size; x++) sums[x] += src[o + x]!;
  }
  for (let i = 0; i < size; i++) {
    const o = i * size;
    const add = ((i + r + 1) & mask) * size;
    const sub = ((i - r) & mask) * size;
    for (let x = 0; x < size; x++) {
      dst[o + x] = sums[x]! * inv;
      sums[x] += src[add + x]! - src[sub + x]!;
    }
  }
}

/** Periodic approximate Gaussian blur (three box passes each way). */
function blurPeriodic(src: Float32Array, size: number, sigma: number): Float32Array {
  let a = Float32Array.from(src);
  if (sigma <= 0) return a;
  let b = new Float32Array(a.length);
  for (const w of boxWidths(sigma, 3)) {
    if (w <= 1) continue;
    boxRows(a, b, size, w);
    [a, b] = [b, a];
    boxColumns(a, b, size, w);
    [a, b] = [b, a];
  }
  return a;
}

function toBytes(src: Float32Array): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = Math.round(src[i]!);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/**
 * The wall: square tiles with dark grout lines; each tile has its own shade, a fine speckle and a
 * coarser mottle, so blur and sharpening change measurable local contrast. Values 0–255 index a
 * palette running from the grout colour to the lightest tile colour.
 */
function makeWall(seed: number): Float32Array {
  const n = WALL_SIZE;
  const rng = new Prng(seed);
  const fine = new Float32Array(n * n);
  for (let i = 0; i < fine.length; i++) fine[i] = rng.normal();
  const coarseSeed = new Float32Array(n * n);
  for (let i = 0; i < coarseSeed.length; i++) coarseSeed[i] = rng.normal();
  const speckle = blurPeriodic(fine, n, 0.6);
  const mottle = blurPeriodic(coarseSeed, n, 4);
  const tiles = n / WALL_TILE;
  const shade = Array.from({ length: tiles * tiles }, () => 150 + rng.float() * 50);
  const out = new Float32Array(n * n);
  const grout = 5;
  for (let y = 0; y < n; y++) {
    const ty = y % WALL_TILE;
    for (let x = 0; x < n; x++) {
      const tx = x % WALL_TILE;
      const i = y * n + x;
      if (tx < grout || ty < grout) {
        out[i] = 22 + speckle[i]! * 12;
      } else {
        const tile = Math.floor(y / WALL_TILE) * tiles + Math.floor(x / WALL_TILE);
        out[i] = shade[tile]! + speckle[i]! * 55 + mottle[i]! * 80;
      }
    }
  }
  return out;
}

/** The wall at every blur level, built on first use, plus sharpened variants. */
export class WallTexture {
  readonly #seed: number;
  #base: Float32Array | undefined;
  readonly #levels: (Uint8Array | undefined)[] = [];
  readonly #sharpened = new Map<string, Uint8Array>();

  constructor(seed: number) {
    this.#seed = seed;
  }

  #float(): Float32Array {
    this.#base ??= makeWall(this.#seed);
    return this.#base;
  }

  /** Level `level` (clamped to the chain), values 0–255, WALL_SIZE² texels, row-major. */
  level(level: number): Uint8Array {
    const l = Math.min(Math.max(0, level | 0), WALL_LEVELS - 1);
    let tex = this.#levels[l];
    if (!tex) {
      tex = cachedBytes(`wall-${WALL_SIZE}-${this.#seed}-${l}`, WALL_SIZE * WALL_SIZE, () =>
        toBytes(blurPeriodic(this.#float(), WALL_SIZE, levelSigma(l))),
      );
      this.#levels[l] = tex;
    }
    return tex;
  }

  /**
   * Level `level` with an unsharp mask of the given amount (the difference to the next blur level
   * added back, overshoot clamped). Amount 0 is the level itself. Variants are cached by amount in
   * steps of 1/16; only a few are kept.
   */
  sharpened(level: number, amount: number): Uint8Array {
    const l = Math.min(Math.max(0, level | 0), WALL_LEVELS - 1);
    const q = Math.round(amount * 16);
    if (q <= 0 || l === WALL_LEVELS - 1) return this.level(l);
    const key = `${l}:${q}`;
    let tex = this.#sharpened.get(key);
    if (!tex) {
      // Kept on disk too: a new process reads one texture instead of two and a loop over them.
      tex = cachedBytes(`wall-${WALL_SIZE}-${this.#seed}-${l}-sharp${q}`, WALL_SIZE * WALL_SIZE, () => {
        const a = this.level(l);
        const b = this.level(l + 1);
        const out = new Uint8Array(a.length);
        for (let i = 0; i < a.length; i++) {
          const v = a[i]! + (((a[i]! - b[i]!) * q) >> 4);
          out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
        return out;
      });
      if (this.#sharpened.size >= 8) this.#sharpened.delete(this.#sharpened.keys().next().value!);
      this.#sharpened.set(key, tex);
    }
    return tex;
  }
}

const walls = new Map<number, WallTexture>();

/** The shared wall texture for a seed. */
export function wallTexture(seed: number): WallTexture {
  let w = walls.get(seed);
  if (!w) {
    w = new WallTexture(seed);
    walls.set(seed, w);
  }
  return w;
}

const unitNoise = new Map<number, Float32Array>();

/** NOISE_SIZE roughly normal values with standard deviation 1, one table per seed. */
export function noiseTable(seed: number): Float32Array {
  let t = unitNoise.get(seed);
  if (!t) {
    const rng = new Prng(seed ^ 0x6d2b79f5);
    t = new Float32Array(NOISE_SIZE);
    for (let i = 0; i < t.length; i++) t[i] = rng.normal();
    unitNoise.set(seed, t);
  }
  return t;
}
