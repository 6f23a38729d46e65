/**
 * The row fills' inner loops in WebAssembly (fills.wat, assembled into fills-bytes.ts): one
 * palette lookup a pixel, at about a quarter of the JavaScript loop's cost. A run is written to a
 * scratch row in the module's memory, then copied into the frame while it is still in the cache
 * (the frame's buffers belong to whoever the frame is lent to, so they cannot live in wasm
 * memory). What the loops read — the palette, the noise table, the wall texture, a checker's
 * wave — is copied in when it changes: the palette once per object per frame, the rest rarely.
 *
 * The pixels are exactly those of the JavaScript loops, which stay for engines without
 * WebAssembly and for IMAGECAPTURE_PAINT=js.
 */
import { FILLS_WASM } from './fills-bytes.js';
import { PALETTE_OFFSET, PALETTE_SIZE } from './palette.js';

const PAGE = 65536;
/** Bytes the loops may read past an area's end (none do; a margin all the same). */
const SLACK = 64;
const WAVE_SIZE = 1024;
const TEXTURE_BYTES = 1024 * 1024;

type Flat = (dst: number, n: number, pal: number, noise: number) => void;
type Wall = (dst: number, n: number, pal: number, noise: number, row: number, u: number, du: number) => void;
type WallBilinear = (
  dst: number,
  n: number,
  pal: number,
  noise: number,
  row: number,
  u: number,
  du: number,
  row2: number,
  fy: number,
) => void;
type Checker = (dst: number, n: number, pal: number, noise: number, wave: number, u: number, du: number, sy: number) => void;

let compiled: WebAssembly.Module | null | undefined;

function fillsModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return compiled;
    const bytes = Uint8Array.from(atob(FILLS_WASM), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // A page whose content security policy forbids WebAssembly paints in JavaScript.
    compiled = null;
  }
  return compiled;
}

/** Whether the painter uses the WebAssembly loops here (not where missing or IMAGECAPTURE_PAINT=js). */
export function kernelsWanted(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['IMAGECAPTURE_PAINT'] !== 'js' && fillsModule() !== null;
}

const align = (n: number): number => (n + 63) & ~63;

/** One painter's instance of the loops, its memory and what has been copied into it. */
export class FillKernels {
  readonly #memory: WebAssembly.Memory;
  readonly #flat: Flat;
  readonly #wall: Wall;
  readonly #wallBilinear: WallBilinear;
  readonly #checker: Checker;
  /** Byte addresses of the areas: palette, wave, texture, noise, then the scratch row. */
  readonly #palAt = 0;
  readonly #waveAt = align(PALETTE_SIZE * 4 + SLACK);
  readonly #texAt = align(this.#waveAt + WAVE_SIZE * 2 + SLACK);
  readonly #noiseAt = align(this.#texAt + TEXTURE_BYTES + SLACK);
  #scratchAt = 0;
  #heap32 = new Int32Array(0);
  #heap16 = new Int16Array(0);
  #heap8 = new Uint8Array(0);
  /** Views of the first n pixels of the scratch row, by n (made once each). */
  #runs: (Int32Array | undefined)[] = [];
  #noise: Int16Array | undefined;
  #noiseBuild = 0;
  #palette: Int32Array | undefined;
  #paletteFrame = -1;
  #texture: Uint8Array | undefined;
  #wave: Int16Array | undefined;
  #waveFrame = -1;

  /** Throws where the module cannot be instantiated (see kernelsWanted()). */
  constructor() {
    const module = fillsModule();
    if (!module) throw new TypeError('WebAssembly is not available');
    const e = new WebAssembly.Instance(module).exports;
    this.#memory = e['memory'] as WebAssembly.Memory;
    this.#flat = e['flat'] as Flat;
    this.#wall = e['wall'] as Wall;
    this.#wallBilinear = e['wallBilinear'] as WallBilinear;
    this.#checker = e['checker'] as Checker;
  }

  /**
   * Readies the memory for a frame `width` wide whose noise table is `noise` (copied in when it
   * is another table or was rebuilt, `rebuilt` being the renderer's count of rebuilds).
   */
  frame(width: number, noise: Int16Array, rebuilt: number): void {
    const scratchAt = align(this.#noiseAt + noise.length * 2 + SLACK);
    const need = scratchAt + width * 4 + SLACK;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / PAGE));
    if (this.#heap32.buffer !== this.#memory.buffer) {
      this.#heap32 = new Int32Array(this.#memory.buffer);
      this.#heap16 = new Int16Array(this.#memory.buffer);
      this.#heap8 = new Uint8Array(this.#memory.buffer);
      this.#runs = [];
    }
    if (scratchAt !== this.#scratchAt) {
      this.#scratchAt = scratchAt;
      this.#runs = [];
    }
    if (noise !== this.#noise || rebuilt !== this.#noiseBuild) {
      this.#heap16.set(noise, this.#noiseAt >> 1);
      this.#noise = noise;
      this.#noiseBuild = rebuilt;
    }
  }

  /** The palette's address (of its index 0), copied in unless it already was this frame. */
  #pal(pal: Int32Array, frame: number): number {
    if (pal !== this.#palette || frame !== this.#paletteFrame) {
      this.#heap32.set(pal.subarray(0, PALETTE_SIZE), this.#palAt >> 2);
      this.#palette = pal;
      this.#paletteFrame = frame;
    }
    return this.#palAt + PALETTE_OFFSET * 4;
  }

  /** Copies the first n pixels of the scratch row to out[at …]. */
  #copy(out: Int32Array, at: number, n: number): void {
    let run = this.#runs[n];
    if (!run) {
      run = this.#heap32.subarray(this.#scratchAt >> 2, (this.#scratchAt >> 2) + n);
      this.#runs[n] = run;
    }
    out.set(run, at);
  }

  /** out[at …] = pal[index + noise[from …]] for n pixels. */
  flat(out: Int32Array, at: number, n: number, pal: Int32Array, index: number, frame: number, from: number): void {
    this.#flat(this.#scratchAt, n, this.#pal(pal, frame) + index * 4, this.#noiseAt + from * 2);
    this.#copy(out, at, n);
  }

  /** The wall's nearest-texel loop over `tex` (row `row`, a multiple of the texture's width). */
  wall(
    out: Int32Array,
    at: number,
    n: number,
    pal: Int32Array,
    frame: number,
    from: number,
    tex: Uint8Array,
    row: number,
    u: number,
    du: number,
  ): void {
    const texAt = this.#textureAt(tex);
    this.#wall(this.#scratchAt, n, this.#pal(pal, frame), this.#noiseAt + from * 2, texAt + row, u, du);
    this.#copy(out, at, n);
  }

  /** The wall's bilinear loop between rows `row` and `row2` of `tex`, `fy` of the way. */
  wallBilinear(
    out: Int32Array,
    at: number,
    n: number,
    pal: Int32Array,
    frame: number,
    from: number,
    tex: Uint8Array,
    row: number,
    u: number,
    du: number,
    row2: number,
    fy: number,
  ): void {
    const texAt = this.#textureAt(tex);
    this.#wallBilinear(this.#scratchAt, n, this.#pal(pal, frame), this.#noiseAt + from * 2, texAt + row, u, du, texAt + row2, fy);
    this.#copy(out, at, n);
  }

  /** A checkerboard's row: `wave` (copied once a frame), vertical factor `sy`, phase u += du. */
  checker(
    out: Int32Array,
    at: number,
    n: number,
    pal: Int32Array,
    frame: number,
    from: number,
    wave: Int16Array,
    u: number,
    du: number,
    sy: number,
  ): void {
    if (wave !== this.#wave || frame !== this.#waveFrame) {
      this.#heap16.set(wave.subarray(0, WAVE_SIZE), this.#waveAt >> 1);
      this.#wave = wave;
      this.#waveFrame = frame;
    }
    this.#checker(this.#scratchAt, n, this.#pal(pal, frame) + 128 * 4, this.#noiseAt + from * 2, this.#waveAt, u, du, sy);
    this.#copy(out, at, n);
  }

  #textureAt(tex: Uint8Array): number {
    if (tex !== this.#texture) {
      if (tex.length !== TEXTURE_BYTES) throw new RangeError(`a wall texture has ${TEXTURE_BYTES} bytes, not ${tex.length}`);
      this.#heap8.set(tex, this.#texAt);
      this.#texture = tex;
    }
    return this.#texAt;
  }
}
