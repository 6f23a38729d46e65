/**
 * VideoFrame (https://w3c.github.io/webcodecs/#videoframe-interface), the parts frame processing needs: construction from an ImageBitmap,
 * another VideoFrame or a pixel buffer; the size, orientation and timing attributes;
 * allocationSize(), copyTo() with rect, layout and RGB format conversion; clone(); close().
 * Frames share their pixels (a FrameResource) by reference counting; close() drops the reference.
 */
import type { PlatformDOMRectReadOnly } from '../../spec/platform-globals.js';
import { invalidState, notSupported, typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import { isImageBitmap } from '../image-bitmap.js';
import { type FrameSlots, fromBuffer, fromImageBitmap, fromOtherFrame } from './frame-construct.js';
import {
  bufferSourceBytes,
  type CombinedBufferLayout,
  computeLayoutAndAllocationSize,
  type PlaneLayout,
  parseVisibleRect,
} from './frame-layout.js';
import type { FrameResource } from './frame-resource.js';
import { BT601, readOnlyRect, SRGB, VideoColorSpace } from './frame-values.js';
import { convertPixels, isRgbFormat, type PixelFormat, type Rect } from './pixel-format.js';
import { convertCopyToOptions, type CopyToOptionsValues } from './video-frame-init.js';

/** What the runtime knows about a live frame (for processors, generators and createImageBitmap). */
export interface FrameInternals {
  readonly resource: FrameResource;
  readonly visible: Rect;
  readonly rotation: number;
  readonly flip: boolean;
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly timestamp: number;
  readonly duration: number | null;
}

const CTX = "Failed to construct 'VideoFrame'";
const EMPTY_RECT: Rect = { x: 0, y: 0, width: 0, height: 0 };
let pending: FrameSlots | undefined;

/** Whether `value` is a VideoFrame made by this package (open or closed). */
export let isVideoFrame: (value: unknown) => value is VideoFrame;

/** For this package's own modules: the live state of a frame, or null once it is closed. */
export let videoFrameInternals: (frame: VideoFrame) => FrameInternals | null;

export class VideoFrame {
  readonly #s: FrameSlots;

  /** new VideoFrame(image, init) with an ImageBitmap or a VideoFrame; new VideoFrame(data, init) with pixels. */
  constructor(source: unknown, init?: unknown) {
    if (pending !== undefined) {
      this.#s = pending;
      pending = undefined;
      return;
    }
    if (arguments.length < 1) throw typeError(`${CTX}: 1 argument required, but only 0 present.`);
    if (isVideoFrame(source)) this.#s = fromOtherFrame(source.#s, init);
    else if (isImageBitmap(source)) this.#s = fromImageBitmap(source, init);
    else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source) || isShared(source)) {
      if (arguments.length < 2) throw typeError(`${CTX}: 2 arguments required for a buffer, but only 1 present.`);
      this.#s = fromBuffer(source, init);
    } else {
      throw typeError(
        `${CTX}: parameter 1 is ${webidl.describeValue(source)}; an ImageBitmap, a VideoFrame or a buffer of pixels is required.`,
      );
    }
  }

  static {
    isVideoFrame = (value): value is VideoFrame => typeof value === 'object' && value !== null && #s in value;
    videoFrameInternals = (frame) => {
      const s = frame.#s;
      if (s.resource === null) return null;
      return {
        resource: s.resource,
        visible: s.visible,
        rotation: s.rotation,
        flip: s.flip,
        displayWidth: s.displayWidth,
        displayHeight: s.displayHeight,
        timestamp: s.timestamp,
        duration: s.duration,
      };
    };
  }

  get format(): string | null {
    return VideoFrame.#slots(this, 'format').format;
  }
  get codedWidth(): number {
    return VideoFrame.#slots(this, 'codedWidth').codedWidth;
  }
  get codedHeight(): number {
    return VideoFrame.#slots(this, 'codedHeight').codedHeight;
  }
  get codedRect(): PlatformDOMRectReadOnly | null {
    const s = VideoFrame.#slots(this, 'codedRect');
    return s.resource === null ? null : readOnlyRect({ x: 0, y: 0, width: s.codedWidth, height: s.codedHeight });
  }
  get visibleRect(): PlatformDOMRectReadOnly | null {
    const s = VideoFrame.#slots(this, 'visibleRect');
    return s.resource === null ? null : readOnlyRect(s.visible);
  }
  get rotation(): number {
    return VideoFrame.#slots(this, 'rotation').rotation;
  }
  get flip(): boolean {
    return VideoFrame.#slots(this, 'flip').flip;
  }
  get displayWidth(): number {
    return VideoFrame.#slots(this, 'displayWidth').displayWidth;
  }
  get displayHeight(): number {
    return VideoFrame.#slots(this, 'displayHeight').displayHeight;
  }
  /** Microseconds. */
  get timestamp(): number {
    return VideoFrame.#slots(this, 'timestamp').timestamp;
  }
  /** Microseconds, or null. */
  get duration(): number | null {
    return VideoFrame.#slots(this, 'duration').duration;
  }
  get colorSpace(): VideoColorSpace {
    return new VideoColorSpace(VideoFrame.#slots(this, 'colorSpace').colorSpace);
  }

  metadata(): Record<string, unknown> {
    const s = VideoFrame.#slots(this, 'metadata');
    if (s.resource === null) throw invalidState("Failed to execute 'metadata' on 'VideoFrame': the frame is closed.");
    return structuredClone(s.metadata);
  }

  /** https://w3c.github.io/webcodecs/#dom-videoframe-allocationsize */
  allocationSize(options?: unknown): number {
    const ctx = webidl.methodContext('VideoFrame', 'allocationSize');
    const s = VideoFrame.#slots(this, 'allocationSize');
    const opts = convertCopyToOptions(options, `${ctx}: parameter 1`);
    if (s.resource === null) throw invalidState(`${ctx}: the frame is closed.`);
    return parseCopyToOptions(s, opts, ctx).combined.allocationSize;
  }

  /** https://w3c.github.io/webcodecs/#dom-videoframe-copyto: resolves with the layout of each plane written. */
  copyTo(destination: unknown, options?: unknown): Promise<PlaneLayout[]> {
    const ctx = webidl.methodContext('VideoFrame', 'copyTo');
    try {
      const s = VideoFrame.#slots(this, 'copyTo');
      if (arguments.length < 1) throw typeError(`${ctx}: 1 argument required, but only 0 present.`);
      const dest = bufferSourceBytes(destination, `${ctx}: parameter 1`);
      const opts = convertCopyToOptions(options, `${ctx}: parameter 2`);
      // step 1
      if (s.resource === null) throw invalidState(`${ctx}: the frame is closed.`);
      // steps 3–4
      const { rect, format, combined } = parseCopyToOptions(s, opts, ctx);
      // step 5
      if (dest.byteLength < combined.allocationSize) {
        throw typeError(`${ctx}: the destination holds ${dest.byteLength} bytes; ${combined.allocationSize} are needed.`);
      }
      // steps 6–10: the copy (with conversion to an RGB format when asked) is done here, at once.
      const planes = combined.computedLayouts.map((l) => ({ offset: l.destinationOffset, stride: l.destinationStride }));
      convertPixels(s.resource, rect, { format, data: dest, planes });
      return Promise.resolve(planes);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** https://w3c.github.io/webcodecs/#dom-videoframe-clone */
  clone(): VideoFrame {
    const s = VideoFrame.#slots(this, 'clone');
    if (s.resource === null) throw invalidState("Failed to execute 'clone' on 'VideoFrame': the frame is closed.");
    pending = { ...s, resource: s.resource.retain(), metadata: structuredClone(s.metadata) };
    return new VideoFrame(undefined);
  }

  /** https://w3c.github.io/webcodecs/#close-videoframe */
  close(): void {
    const s = VideoFrame.#slots(this, 'close');
    s.resource?.release();
    s.resource = null;
    s.format = null;
    s.codedWidth = s.codedHeight = s.displayWidth = s.displayHeight = s.rotation = 0;
    s.visible = EMPTY_RECT;
    s.flip = false;
    s.metadata = {};
  }

  static #slots(value: unknown, member: string): FrameSlots {
    return webidl.requireBrand(value, BRAND, member).#s;
  }
}

const BRAND: webidl.Brand<VideoFrame> = { name: 'VideoFrame', has: (value) => isVideoFrame(value) };

/** For this package's own modules: a frame over `resource` (it takes over one reference). */
export function videoFrameFromResource(
  resource: FrameResource,
  timing: { timestamp: number; duration?: number | null },
  visible: Rect = { x: 0, y: 0, width: resource.codedWidth, height: resource.codedHeight },
): VideoFrame {
  pending = {
    resource,
    format: resource.format,
    codedWidth: resource.codedWidth,
    codedHeight: resource.codedHeight,
    visible,
    displayWidth: visible.width,
    displayHeight: visible.height,
    rotation: 0,
    flip: false,
    timestamp: timing.timestamp,
    duration: timing.duration ?? null,
    colorSpace: isRgbFormat(resource.format) ? SRGB : BT601,
    metadata: {},
  };
  return new VideoFrame(undefined);
}

function isShared(v: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer;
}

/** https://w3c.github.io/webcodecs/#videoframe-parse-videoframecopytooptions; throws TypeError or NotSupportedError. */
function parseCopyToOptions(
  s: FrameSlots,
  opts: CopyToOptionsValues,
  ctx: string,
): { rect: Rect; format: PixelFormat; combined: CombinedBufferLayout } {
  const rect = parseVisibleRect(s.visible, opts.rect, s.codedWidth, s.codedHeight, s.format, `${ctx}: member rect`);
  let format = s.format!;
  if (opts.format !== undefined) {
    if (opts.format !== 'RGBA' && opts.format !== 'RGBX' && opts.format !== 'BGRA' && opts.format !== 'BGRX') {
      throw notSupported(`${ctx}: format "${opts.format}" cannot be a copy's format; allowed: RGBA, RGBX, BGRA, BGRX.`);
    }
    format = opts.format;
  }
  return { rect, format, combined: computeLayoutAndAllocationSize(rect, format, opts.layout, ctx) };
}

// https://w3c.github.io/webcodecs/#videoframe-interface
webidl.defineInterface(VideoFrame, 'VideoFrame', {
  length: 1,
  attributes: [
    'format', 'codedWidth', 'codedHeight', 'codedRect', 'visibleRect', 'rotation', 'flip', 'displayWidth', 'displayHeight',
    'timestamp', 'duration', 'colorSpace',
  ],
  operations: { metadata: 0, allocationSize: 0, copyTo: 1, clone: 0, close: 0 },
});
