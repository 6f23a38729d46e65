/**
 * The I420 -> RGBA conversion in WebAssembly SIMD (yuv-simd.wat, assembled into
 * yuv-simd-bytes.ts), byte for byte the same as the JavaScript one in yuv.ts. One converter owns
 * one WebAssembly.Memory, big enough for a strip of rows of the widest frame it has converted
 * (about 200 kB at 1920 wide), grown when a wider frame comes.
 */
import { YUV_SIMD_WASM } from './yuv-simd-bytes.js';

/** Readable or writable bytes the module may touch after each area. */
const SLACK = 64;
const PAGE = 65536;
/** RGBA bytes of a strip: small enough to stay in the cache between conversion and copy. */
const STRIP_BYTES = 128 * 1024;

type Convert = (y: number, u: number, v: number, width: number, dst: number, y0: number, y1: number) => void;

let bytes: Uint8Array<ArrayBuffer> | undefined;
let compiled: WebAssembly.Module | null | undefined;

/** The module, or null where WebAssembly or its 128-bit SIMD is not available. */
function simdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return compiled;
  bytes ??= Uint8Array.from(atob(YUV_SIMD_WASM), (c) => c.charCodeAt(0));
  // An engine without SIMD refuses the module's v128 instructions at validation.
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}

/** True when the SIMD converter can run here. */
export function simdAvailable(): boolean {
  return simdModule() !== null;
}

const align = (n: number): number => (n + 15) & ~15;

export class SimdConverter {
  readonly #memory: WebAssembly.Memory;
  readonly #convert: Convert;

  /** Throws when the module cannot run (see simdAvailable()). */
  constructor() {
    const module = simdModule();
    if (!module) throw new TypeError('WebAssembly SIMD is not available');
    const instance = new WebAssembly.Instance(module);
    this.#memory = instance.exports['memory'] as WebAssembly.Memory;
    this.#convert = instance.exports['i420ToRgba'] as Convert;
  }

  /** Bytes of wasm memory now held. */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /**
   * As i420ToRgba in yuv.ts. The rows go through wasm memory a strip at a time: the strip's
   * source rows are copied in, converted, and the RGBA rows copied out while still in the cache.
   */
  convert(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0: number, y1: number): void {
    if (y1 <= y0 || width <= 0) return;
    const cw = (width + 1) >> 1;
    const uAt = width * height;
    const vAt = uAt + cw * ((height + 1) >> 1);
    const rows = Math.max(2, Math.floor(STRIP_BYTES / (width * 4)) & ~1);
    // The strip's areas in wasm memory: luma, U, V, RGBA.
    const yArea = 0;
    const uArea = align(yArea + rows * width + SLACK);
    const vArea = align(uArea + (rows >> 1) * cw + SLACK);
    const out = align(vArea + (rows >> 1) * cw + SLACK);
    const need = out + rows * width * 4 + SLACK;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / PAGE));
    const heap = new Uint8Array(this.#memory.buffer);
    for (let s = y0 & ~1; s < y1; s += rows) {
      const e = Math.min(s + rows, y1, height);
      const a = Math.max(s, y0);
      const c0 = s >> 1;
      const c1 = (e + 1) >> 1;
      heap.set(src.subarray(s * width, e * width), yArea);
      heap.set(src.subarray(uAt + c0 * cw, uAt + c1 * cw), uArea);
      heap.set(src.subarray(vAt + c0 * cw, vAt + c1 * cw), vArea);
      this.#convert(yArea, uArea, vArea, width, out, a - s, e - s);
      dst.set(heap.subarray(out + (a - s) * width * 4, out + (e - s) * width * 4), a * width * 4);
    }
  }
}
