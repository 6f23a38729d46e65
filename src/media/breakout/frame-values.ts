/**
 * Small value types VideoFrame hands out: VideoColorSpace (https://w3c.github.io/webcodecs/#videocolorspace) and a read-only rect
 * (Geometry DOMRectReadOnly, which Node lacks; the global one is used where it exists).
 */
import type { GlobalInstance } from '../../spec/global-instance.js';
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

/** https://w3c.github.io/webcodecs/#dictdef-videocolorspaceinit: nullable enumerations and a nullable boolean. */
const COLOR_SPACE_INIT = webidl.dictionaryConverter('VideoColorSpaceInit', [
  { key: 'fullRange', converter: webidl.nullable((v) => webidl.boolean(v)) },
  { key: 'matrix', converter: webidl.nullable((v, ctx) => webidl.enumeration(v, MATRIX, ctx, 'VideoMatrixCoefficients')) },
  { key: 'primaries', converter: webidl.nullable((v, ctx) => webidl.enumeration(v, PRIMARIES, ctx, 'VideoColorPrimaries')) },
  { key: 'transfer', converter: webidl.nullable((v, ctx) => webidl.enumeration(v, TRANSFER, ctx, 'VideoTransferCharacteristics')) },
]);

/** VideoColorSpaceInit, converted. */
export function convertColorSpaceInit(value: unknown, ctx: string): VideoColorSpaceInit {
  return COLOR_SPACE_INIT(value, ctx);
}

/** "sRGB Color Space" */
export const SRGB: VideoColorSpaceInit = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true };
/** What this runtime's YUV conversions use: BT.601 (smpte170m), limited range. */
export const BT601: VideoColorSpaceInit = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false };

let isColorSpace: (value: unknown) => value is VideoColorSpace;

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
    return webidl.requireBrand(this, COLOR_SPACE, 'primaries').#init.primaries;
  }
  get transfer(): string | null {
    return webidl.requireBrand(this, COLOR_SPACE, 'transfer').#init.transfer;
  }
  get matrix(): string | null {
    return webidl.requireBrand(this, COLOR_SPACE, 'matrix').#init.matrix;
  }
  get fullRange(): boolean | null {
    return webidl.requireBrand(this, COLOR_SPACE, 'fullRange').#init.fullRange;
  }

  toJSON(): Required<VideoColorSpaceInit> {
    return { ...webidl.requireBrand(this, COLOR_SPACE, 'toJSON').#init };
  }

  static {
    isColorSpace = (value): value is VideoColorSpace => typeof value === 'object' && value !== null && #init in value;
  }
}

const COLOR_SPACE: webidl.Brand<VideoColorSpace> = { name: 'VideoColorSpace', has: (value) => isColorSpace(value) };

// https://w3c.github.io/webcodecs/#videocolorspace
webidl.defineInterface(VideoColorSpace, 'VideoColorSpace', {
  length: 0,
  attributes: ['primaries', 'transfer', 'matrix', 'fullRange'],
  operations: { toJSON: 0 },
});

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

/** A DOMRectReadOnly as the project sees it: the global one where it has it, else FrameRect. https://drafts.fxtf.org/geometry/#domrectreadonly */
export type PlatformDOMRectReadOnly = GlobalInstance<'DOMRectReadOnly', FrameRect>;

/** A new read-only rect: the global DOMRectReadOnly where there is one, else FrameRect. */
export function readOnlyRect(r: Rect): PlatformDOMRectReadOnly {
  const Native = (globalThis as { DOMRectReadOnly?: new (x: number, y: number, w: number, h: number) => DOMRectReadOnly }).DOMRectReadOnly;
  if (typeof Native === 'function') return new Native(r.x, r.y, r.width, r.height);
  return new FrameRect(r.x, r.y, r.width, r.height) as unknown as PlatformDOMRectReadOnly;
}
