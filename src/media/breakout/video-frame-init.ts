/**
 * WebIDL conversion of the VideoFrame dictionaries (VideoFrameInit, VideoFrameBufferInit,
 * VideoFrameCopyToOptions: https://w3c.github.io/webcodecs/#dictdef-videoframeinit), done once at the constructor or
 * method, and the small orientation algorithms (https://w3c.github.io/webcodecs/#videoframe-parse-rotation,
 * https://w3c.github.io/webcodecs/#videoframe-add-rotations).
 */
import { notSupported, typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import { convertPlaneLayouts, convertRectInit, type PlaneLayout } from './frame-layout.js';
import { convertColorSpaceInit, type VideoColorSpaceInit } from './frame-values.js';
import { isSupportedFormat, type PixelFormat, type Rect, VIDEO_PIXEL_FORMAT_VALUES } from './pixel-format.js';

export interface VideoFrameInitValues {
  alpha: 'keep' | 'discard';
  displayHeight?: number;
  displayWidth?: number;
  duration?: number;
  flip: boolean;
  metadata?: Record<string, unknown>;
  rotation: number;
  timestamp?: number;
  visibleRect?: Rect;
}

export interface VideoFrameBufferInitValues {
  codedHeight: number;
  codedWidth: number;
  colorSpace?: VideoColorSpaceInit;
  displayHeight?: number;
  displayWidth?: number;
  duration?: number;
  flip: boolean;
  format: PixelFormat;
  layout?: PlaneLayout[];
  metadata?: Record<string, unknown>;
  rotation: number;
  timestamp: number;
  transfer: ArrayBuffer[];
  visibleRect?: Rect;
}

export interface CopyToOptionsValues {
  colorSpace?: 'srgb' | 'display-p3';
  format?: PixelFormat;
  layout?: PlaneLayout[];
  rect?: Rect;
}

const ulong = (v: unknown, ctx: string): number => webidl.unsignedLong(v, ctx, { enforceRange: true });
const ulonglong = (v: unknown, ctx: string): number =>
  webidl.integer(v, ctx, { min: 0, max: Number.MAX_SAFE_INTEGER, enforceRange: true });
const longlong = (v: unknown, ctx: string): number => webidl.longLong(v, ctx, { enforceRange: true });

/** VideoPixelFormat: an unknown string is a TypeError; a format this runtime cannot hold is NotSupportedError. */
function convertPixelFormat(v: unknown, ctx: string): PixelFormat {
  const format = webidl.enumeration(v, VIDEO_PIXEL_FORMAT_VALUES, ctx, 'VideoPixelFormat');
  if (!isSupportedFormat(format)) {
    throw notSupported(`${ctx} is "${format}"; this runtime supports I420, NV12, RGBA, RGBX, BGRA and BGRX.`);
  }
  return format;
}

/** VideoFrameMetadata: a dictionary with no members of its own yet; kept as a structured copy. */
function convertMetadata(v: unknown, ctx: string): Record<string, unknown> {
  const dict = webidl.dictionary(v, ctx);
  if (dict === undefined) return {};
  try {
    return structuredClone({ ...(dict as Record<string, unknown>) });
  } catch (err) {
    throw typeError(`${ctx} cannot be copied (${(err as Error).message}).`);
  }
}

/** VideoFrameInit, members in lexicographic order. */
export function convertVideoFrameInit(value: unknown, ctx: string): VideoFrameInitValues {
  const dict = webidl.dictionary(value, ctx);
  const m = (key: string): unknown => webidl.member(dict, key);
  const out: VideoFrameInitValues = { alpha: 'keep', flip: false, rotation: 0 };
  const alpha = m('alpha');
  if (alpha !== undefined) out.alpha = webidl.enumeration(alpha, ['keep', 'discard'] as const, `${ctx}: member alpha`, 'AlphaOption');
  const displayHeight = m('displayHeight');
  if (displayHeight !== undefined) out.displayHeight = ulong(displayHeight, `${ctx}: member displayHeight`);
  const displayWidth = m('displayWidth');
  if (displayWidth !== undefined) out.displayWidth = ulong(displayWidth, `${ctx}: member displayWidth`);
  const duration = m('duration');
  if (duration !== undefined) out.duration = ulonglong(duration, `${ctx}: member duration`);
  const flip = m('flip');
  if (flip !== undefined) out.flip = webidl.boolean(flip);
  const metadata = m('metadata');
  if (metadata !== undefined) out.metadata = convertMetadata(metadata, `${ctx}: member metadata`);
  const rotation = m('rotation');
  if (rotation !== undefined) out.rotation = webidl.double(rotation, `${ctx}: member rotation`);
  const timestamp = m('timestamp');
  if (timestamp !== undefined) out.timestamp = longlong(timestamp, `${ctx}: member timestamp`);
  const visibleRect = m('visibleRect');
  if (visibleRect !== undefined) out.visibleRect = convertRectInit(visibleRect, `${ctx}: member visibleRect`);
  return out;
}

function required(dict: object | undefined, key: string, ctx: string): unknown {
  const v = webidl.member(dict, key);
  if (v === undefined) throw typeError(`${ctx}: required member ${key} is undefined.`);
  return v;
}

/** VideoFrameBufferInit, members in lexicographic order. */
export function convertVideoFrameBufferInit(value: unknown, ctx: string): VideoFrameBufferInitValues {
  const dict = webidl.dictionary(value, ctx);
  const m = (key: string): unknown => webidl.member(dict, key);
  const codedHeight = ulong(required(dict, 'codedHeight', ctx), `${ctx}: member codedHeight`);
  const codedWidth = ulong(required(dict, 'codedWidth', ctx), `${ctx}: member codedWidth`);
  const out: Partial<VideoFrameBufferInitValues> = { codedHeight, codedWidth, flip: false, rotation: 0, transfer: [] };
  const colorSpace = m('colorSpace');
  if (colorSpace !== undefined) out.colorSpace = convertColorSpaceInit(colorSpace, `${ctx}: member colorSpace`);
  const displayHeight = m('displayHeight');
  if (displayHeight !== undefined) out.displayHeight = ulong(displayHeight, `${ctx}: member displayHeight`);
  const displayWidth = m('displayWidth');
  if (displayWidth !== undefined) out.displayWidth = ulong(displayWidth, `${ctx}: member displayWidth`);
  const duration = m('duration');
  if (duration !== undefined) out.duration = ulonglong(duration, `${ctx}: member duration`);
  const flip = m('flip');
  if (flip !== undefined) out.flip = webidl.boolean(flip);
  out.format = convertPixelFormat(required(dict, 'format', ctx), `${ctx}: member format`);
  const layout = m('layout');
  if (layout !== undefined) out.layout = convertPlaneLayouts(layout, `${ctx}: member layout`);
  const metadata = m('metadata');
  if (metadata !== undefined) out.metadata = convertMetadata(metadata, `${ctx}: member metadata`);
  const rotation = m('rotation');
  if (rotation !== undefined) out.rotation = webidl.double(rotation, `${ctx}: member rotation`);
  out.timestamp = longlong(required(dict, 'timestamp', ctx), `${ctx}: member timestamp`);
  const transfer = m('transfer');
  if (transfer !== undefined) {
    out.transfer = webidl.sequence(transfer, `${ctx}: member transfer`, (item, c) => {
      if (!(item instanceof ArrayBuffer)) throw typeError(`${c} is ${webidl.describeValue(item)}, which is not an ArrayBuffer.`);
      return item;
    });
  }
  const visibleRect = m('visibleRect');
  if (visibleRect !== undefined) out.visibleRect = convertRectInit(visibleRect, `${ctx}: member visibleRect`);
  return out as VideoFrameBufferInitValues;
}

/** VideoFrameCopyToOptions, members in lexicographic order. */
export function convertCopyToOptions(value: unknown, ctx: string): CopyToOptionsValues {
  const dict = webidl.dictionary(value, ctx);
  const out: CopyToOptionsValues = {};
  const colorSpace = webidl.member(dict, 'colorSpace');
  if (colorSpace !== undefined) {
    out.colorSpace = webidl.enumeration(colorSpace, ['srgb', 'display-p3'] as const, `${ctx}: member colorSpace`, 'PredefinedColorSpace');
  }
  const format = webidl.member(dict, 'format');
  if (format !== undefined) {
    // An unknown string is a TypeError here; a known format that is not RGB is refused later
    // (NotSupportedError, "Parse VideoFrameCopyToOptions" step 10).
    out.format = webidl.enumeration(format, VIDEO_PIXEL_FORMAT_VALUES, `${ctx}: member format`, 'VideoPixelFormat') as PixelFormat;
  }
  const layout = webidl.member(dict, 'layout');
  if (layout !== undefined) out.layout = convertPlaneLayouts(layout, `${ctx}: member layout`);
  const rect = webidl.member(dict, 'rect');
  if (rect !== undefined) out.rect = convertRectInit(rect, `${ctx}: member rect`);
  return out;
}

/** https://w3c.github.io/webcodecs/#videoframe-parse-rotation: the nearest multiple of 90 (ties upwards), in [0, 360). */
export function parseRotation(rotation: number): number {
  const aligned = Math.floor(rotation / 90 + 0.5) * 90;
  return aligned - Math.floor(aligned / 360) * 360;
}

/** https://w3c.github.io/webcodecs/#videoframe-add-rotations */
export function addRotations(baseRotation: number, baseFlip: boolean, rotation: number): number {
  const combined = baseFlip ? baseRotation - rotation : baseRotation + rotation;
  return combined - Math.floor(combined / 360) * 360;
}
