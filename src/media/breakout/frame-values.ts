/**
 * Small value types VideoFrame hands out: VideoColorSpace (https://w3c.github.io/webcodecs/#videocolorspace) and a read-only rect
 * (Geometry DOMRectReadOnly, which Node lacks; the global one is used where it exists).
 */
import type { PlatformDOMRectReadOnly } from '../../spec/platform-globals.js';
import * as webidl from '../../spec/webidl.js';
import type { Rect } from './pixel-format.js';

export interface VideoColorSpaceInit {
  primaries?: string | null;
  transfer?: string | null;
  matrix?: string | null;
  fullRange?: boolean | null;
}

const PRIMARIES = ['bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'] as const;
const TRANSFER = ['bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg'] as const;
const MATRIX = ['rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'] as const;

/** VideoColorSpaceInit, converted (nullable enums and boolean). */
export function convertColorSpaceInit(value: unknown, ctx: string): VideoColorSpaceInit {
  const dict = webidl.dictionary(value, ctx);
  const out: VideoColorSpaceInit = {};
  const fullRange = webidl.member(dict, 'fullRange');
  if (fullRange !== undefined) out.fullRange = fullRange === null ? null : webidl.boolean(fullRange);
  const matrix = webidl.member(dict, 'matrix');
  if (matrix !== undefined) {
    out.matrix = matrix === null ? null : webidl.enumeration(matrix, MATRIX, `${ctx}.matrix`, 'VideoMatrixCoefficients');
  }
  const primaries = webidl.member(dict, 'primaries');
  if (primaries !== undefined) {
    out.primaries = primaries === null ? null : webidl.enumeration(primaries, PRIMARIES, `${ctx}.primaries`, 'VideoColorPrimaries');
  }
  const transfer = webidl.member(dict, 'transfer');
  if (transfer !== undefined) {
    out.transfer = transfer === null ? null : webidl.enumeration(transfer, TRANSFER, `${ctx}.transfer`, 'VideoTransferCharacteristics');
  }
  return out;
}

/** "sRGB Color Space" */
export const SRGB: VideoColorSpaceInit = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true };
/** What this runtime's YUV conversions use: BT.601 (smpte170m), limited range. */
export const BT601: VideoColorSpaceInit = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false };

export class VideoColorSpace {
  readonly #init: Required<VideoColorSpaceInit>;

  constructor(init?: VideoColorSpaceInit) {
    const c = convertColorSpaceInit(init, "Failed to construct 'VideoColorSpace': parameter 1");
    this.#init = {
      primaries: c.primaries ?? null,
      transfer: c.transfer ?? null,
      matrix: c.matrix ?? null,
      fullRange: c.fullRange ?? null,
    };
  }

  get primaries(): string | null {
    return this.#init.primaries;
  }
  get transfer(): string | null {
    return this.#init.transfer;
  }
  get matrix(): string | null {
    return this.#init.matrix;
  }
  get fullRange(): boolean | null {
    return this.#init.fullRange;
  }

  toJSON(): Required<VideoColorSpaceInit> {
    return { ...this.#init };
  }

  get [Symbol.toStringTag](): string {
    return 'VideoColorSpace';
  }
}

/** DOMRectReadOnly for runtimes without one. */
export class FrameRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;

  constructor(x = 0, y = 0, width = 0, height = 0) {
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    Object.freeze(this);
  }

  get top(): number {
    return Math.min(this.y, this.y + this.height);
  }
  get bottom(): number {
    return Math.max(this.y, this.y + this.height);
  }
  get left(): number {
    return Math.min(this.x, this.x + this.width);
  }
  get right(): number {
    return Math.max(this.x, this.x + this.width);
  }

  toJSON(): { x: number; y: number; width: number; height: number; top: number; right: number; bottom: number; left: number } {
    return {
      x: this.x,
      y: this.y,
      width: this.width,
      height: this.height,
      top: this.top,
      right: this.right,
      bottom: this.bottom,
      left: this.left,
    };
  }

  get [Symbol.toStringTag](): string {
    return 'DOMRectReadOnly';
  }
}

/** A new read-only rect: the global DOMRectReadOnly where there is one, else FrameRect. */
export function readOnlyRect(r: Rect): PlatformDOMRectReadOnly {
  const Native = (globalThis as { DOMRectReadOnly?: new (x: number, y: number, w: number, h: number) => DOMRectReadOnly }).DOMRectReadOnly;
  if (typeof Native === 'function') return new Native(r.x, r.y, r.width, r.height);
  return new FrameRect(r.x, r.y, r.width, r.height) as unknown as PlatformDOMRectReadOnly;
}
