/**
 * The I420 -> RGBA conversion in WebAssembly SIMD (yuv-simd.wat, assembled into
 * yuv-simd-bytes.ts), byte for byte the same as the JavaScript one in yuv.ts. One converter owns
 * one WebAssembly.Memory, grown when a bigger frame comes: the rows of the source a conversion
 * needs are copied in, the converted rows copied out.
 */
import { YUV_SIMD_WASM } from './yuv-simd-bytes.js';

/** Readable or writable bytes the module may touch after the source and after the output. */
const SLACK = 64;
const PAGE = 65536;

type Convert = (src: number, width: number, height: number, dst: number, y0: number, y1: number) => void;

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

  /** As i420ToRgba in yuv.ts. */
  convert(src: Uint8Array, width: number, height: number, dst: Uint8Array, y0: number, y1: number): void {
    if (y1 <= y0 || width <= 0) return;
    const cw = (width + 1) >> 1;
    const ch = (height + 1) >> 1;
    const lumaBytes = width * height;
    const srcBytes = lumaBytes + 2 * cw * ch;
    const dstAt = align(srcBytes + SLACK);
    const need = dstAt + width * height * 4 + SLACK;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / PAGE));
    const heap = new Uint8Array(this.#memory.buffer);
    // Only the source rows of the chroma rows the range touches, at their own offsets.
    const ya = y0 & ~1;
    const yb = Math.min(height, (y1 + 1) & ~1);
    if (ya === 0 && yb === height) {
      heap.set(src.subarray(0, srcBytes), 0);
    } else {
      heap.set(src.subarray(ya * width, yb * width), ya * width);
      const c0 = (ya >> 1) * cw;
      const c1 = ((yb + 1) >> 1) * cw;
      heap.set(src.subarray(lumaBytes + c0, lumaBytes + c1), lumaBytes + c0);
      heap.set(src.subarray(lumaBytes + cw * ch + c0, lumaBytes + cw * ch + c1), lumaBytes + cw * ch + c0);
    }
    this.#convert(0, width, height, dstAt, y0, y1);
    const from = y0 * width * 4;
    const to = y1 * width * 4;
    dst.set(heap.subarray(dstAt + from, dstAt + to), from);
  }
}
