/**
 * How a VideoFrame's state is made (https://w3c.github.io/webcodecs/#videoframe-constructors and the
 * algorithms of https://w3c.github.io/webcodecs/#videoframe-algorithms): from another frame, from an
 * ImageBitmap, from a buffer.
 */
import { domException, invalidState, typeError } from '../../spec/errors.js';
import { type ImageBitmap, imageBitmapPixels } from '../image-bitmap.js';
import {
  bufferSourceBytes,
  checkRectValues,
  type CombinedBufferLayout,
  computeLayoutAndAllocationSize,
  parseVisibleRect,
  verifyRectOffsetAlignment,
} from './frame-layout.js';
import { FrameResource } from './frame-resource.js';
import { BT601, SRGB, type VideoColorSpaceInit } from './frame-values.js';
import { isRgbFormat, opaqueFormat, type PixelFormat, type Rect } from './pixel-format.js';
import {
  addRotations,
  convertVideoFrameBufferInit,
  convertVideoFrameInit,
  parseRotation,
  type VideoFrameInitValues,
} from './video-frame-init.js';

/** A VideoFrame's internal slots. */
export interface FrameSlots {
  resource: FrameResource | null;
  format: PixelFormat | null;
  codedWidth: number;
  codedHeight: number;
  visible: Rect;
  displayWidth: number;
  displayHeight: number;
  rotation: number;
  flip: boolean;
  timestamp: number;
  duration: number | null;
  colorSpace: VideoColorSpaceInit;
  metadata: Record<string, unknown>;
}

const CTX = "Failed to construct 'VideoFrame'";
const dataCloneError = (message: string): DOMException => domException('DataCloneError', message);

/** https://w3c.github.io/webcodecs/#videoframe-initialize-frame-from-other-frame (`o`: the other frame's slots). */
export function fromOtherFrame(o: FrameSlots, initArg: unknown): FrameSlots {
  const init = convertVideoFrameInit(initArg, `${CTX}: parameter 2`);
  if (o.resource === null) throw invalidState(`${CTX}: the source VideoFrame is closed.`);
  const format = init.alpha === 'discard' ? opaqueFormat(o.format!) : o.format!;
  validateInit(init, format, o.codedWidth, o.codedHeight);
  const s: FrameSlots = {
    resource: o.resource.retain(),
    format,
    codedWidth: o.codedWidth,
    codedHeight: o.codedHeight,
    visible: o.visible,
    displayWidth: 0,
    displayHeight: 0,
    rotation: 0,
    flip: false,
    timestamp: init.timestamp ?? o.timestamp,
    duration: init.duration ?? o.duration,
    colorSpace: o.colorSpace,
    metadata: init.metadata ?? {},
  };
  orient(init, s, o.visible, o.rotation, o.flip, o.displayWidth, o.displayHeight);
  return s;
}

/** https://w3c.github.io/webcodecs/#validate-videoframeinit; TypeError when invalid. */
function validateInit(init: VideoFrameInitValues, format: PixelFormat, codedWidth: number, codedHeight: number): void {
  const ctx = `${CTX}: parameter 2`;
  if (init.visibleRect !== undefined) {
    const r = init.visibleRect;
    checkRectValues(r, `${ctx}: member visibleRect`);
    if (!verifyRectOffsetAlignment(format, r)) throw typeError(`${ctx}: visibleRect must start at even x and y for ${format}.`);
    if (Math.trunc(r.width) === 0 || Math.trunc(r.height) === 0) throw typeError(`${ctx}: visibleRect is empty.`);
    if (r.y + r.height > codedHeight) throw typeError(`${ctx}: visibleRect ends below the coded height ${codedHeight}.`);
    if (r.x + r.width > codedWidth) throw typeError(`${ctx}: visibleRect ends beyond the coded width ${codedWidth}.`);
  }
  if (codedWidth === 0 || codedHeight === 0) throw typeError(`${ctx}: the image is ${codedWidth}x${codedHeight}; it must not be empty.`);
  checkDisplaySize(init.displayWidth, init.displayHeight, ctx);
}

function checkDisplaySize(w: number | undefined, h: number | undefined, ctx: string): void {
  if ((w === undefined) !== (h === undefined)) throw typeError(`${ctx}: displayWidth and displayHeight must be given together.`);
  if (w === 0 || h === 0) throw typeError(`${ctx}: displayWidth and displayHeight must not be 0.`);
}

const truncRect = (r: Rect): Rect => ({ x: Math.trunc(r.x), y: Math.trunc(r.y), width: Math.trunc(r.width), height: Math.trunc(r.height) });

/** https://w3c.github.io/webcodecs/#videoframe-initialize-visible-rect-orientation-and-display-size */
function orient(
  init: VideoFrameInitValues,
  s: FrameSlots,
  defaultVisible: Rect,
  baseRotation: number,
  baseFlip: boolean,
  defaultDisplayWidth: number,
  defaultDisplayHeight: number,
): void {
  s.visible = init.visibleRect !== undefined ? truncRect(init.visibleRect) : defaultVisible;
  const rotation = parseRotation(init.rotation);
  s.rotation = addRotations(baseRotation, baseFlip, rotation);
  s.flip = baseFlip !== init.flip;
  if (init.displayWidth !== undefined && init.displayHeight !== undefined) {
    s.displayWidth = init.displayWidth;
    s.displayHeight = init.displayHeight;
    return;
  }
  const upright = baseRotation === 0 || baseRotation === 180;
  const widthScale = (upright ? defaultDisplayWidth : defaultDisplayHeight) / defaultVisible.width;
  const heightScale = (upright ? defaultDisplayHeight : defaultDisplayWidth) / defaultVisible.height;
  const w = Math.round(s.visible.width * widthScale);
  const h = Math.round(s.visible.height * heightScale);
  // The display size follows the frame's final rotation.
  const swap = s.rotation === 90 || s.rotation === 270;
  s.displayWidth = swap ? h : w;
  s.displayHeight = swap ? w : h;
}

/** ImageBitmap branch of the image constructor (https://w3c.github.io/webcodecs/#videoframe-initialize-frame-with-resource). */
export function fromImageBitmap(bitmap: ImageBitmap, initArg: unknown): FrameSlots {
  const init = convertVideoFrameInit(initArg, `${CTX}: parameter 2`);
  const px = imageBitmapPixels(bitmap);
  if (px === null || px.width === 0 || px.height === 0) throw invalidState(`${CTX}: the ImageBitmap is closed or empty.`);
  if (init.timestamp === undefined) throw typeError(`${CTX}: parameter 2: member timestamp is required for an ImageBitmap.`);
  const format: PixelFormat = init.alpha === 'discard' ? 'RGBX' : 'RGBA';
  validateInit(init, format, px.width, px.height);
  const resource = new FrameResource(format, px.width, px.height, px.data.slice());
  const full = { x: 0, y: 0, width: px.width, height: px.height };
  const s: FrameSlots = {
    resource,
    format,
    codedWidth: px.width,
    codedHeight: px.height,
    visible: full,
    displayWidth: 0,
    displayHeight: 0,
    rotation: 0,
    flip: false,
    timestamp: init.timestamp,
    duration: init.duration ?? null,
    colorSpace: SRGB,
    metadata: init.metadata ?? {},
  };
  orient(init, s, full, 0, false, px.width, px.height);
  return s;
}

/** https://w3c.github.io/webcodecs/#dom-videoframe-videoframe-data-init */
export function fromBuffer(dataArg: unknown, initArg: unknown): FrameSlots {
  const bytes = bufferSourceBytes(dataArg, `${CTX}: parameter 1`);
  const ctx = `${CTX}: parameter 2`;
  const init = convertVideoFrameBufferInit(initArg, ctx);
  const { codedWidth, codedHeight, format } = init;
  // step 1: a valid VideoFrameBufferInit
  if (codedWidth === 0 || codedHeight === 0) {
    throw typeError(`${ctx}: the coded size is ${codedWidth}x${codedHeight}; it must not be empty.`);
  }
  if (init.visibleRect !== undefined) checkRectValues(init.visibleRect, `${ctx}: member visibleRect`);
  checkDisplaySize(init.displayWidth, init.displayHeight, ctx);
  // steps 2–6
  const coded = { x: 0, y: 0, width: codedWidth, height: codedHeight };
  const visible = parseVisibleRect(coded, init.visibleRect, codedWidth, codedHeight, format, `${ctx}: member visibleRect`);
  // steps 7–11: the buffer holds the whole coded picture, laid out as `layout` says (packed when absent).
  const combined = computeLayoutAndAllocationSize(coded, format, init.layout, ctx);
  if (bytes.byteLength < combined.allocationSize) {
    const picture = `a ${codedWidth}x${codedHeight} ${format} picture`;
    throw typeError(`${CTX}: the buffer holds ${bytes.byteLength} bytes; ${picture} needs ${combined.allocationSize}.`);
  }
  // steps 12–13
  const transfer = init.transfer;
  if (new Set(transfer).size !== transfer.length) throw dataCloneError(`${ctx}: transfer lists the same ArrayBuffer twice.`);
  for (const buffer of transfer) {
    if ((buffer as { detached?: boolean }).detached === true) throw dataCloneError(`${ctx}: transfer holds a detached ArrayBuffer.`);
  }
  // steps 14–16: a transferred buffer is taken over without a copy; otherwise the pixels are copied.
  const source = bytes.buffer;
  let resource: FrameResource;
  if (source instanceof ArrayBuffer && transfer.includes(source)) {
    const { byteOffset, byteLength } = bytes;
    const moved = structuredClone(source, { transfer: [source] });
    const data = new Uint8Array(moved, byteOffset, byteLength);
    const planes = combined.computedLayouts.map((l) => ({ offset: l.destinationOffset, stride: l.destinationStride }));
    resource = new FrameResource(format, codedWidth, codedHeight, data, planes);
  } else {
    resource = packedCopy(bytes, combined, format, codedWidth, codedHeight);
  }
  for (const buffer of transfer) if (buffer !== source) structuredClone(buffer, { transfer: [buffer] });
  // step 21
  const s: FrameSlots = {
    resource,
    format,
    codedWidth,
    codedHeight,
    visible,
    displayWidth: 0,
    displayHeight: 0,
    rotation: parseRotation(init.rotation),
    flip: init.flip,
    timestamp: init.timestamp,
    duration: init.duration ?? null,
    colorSpace: init.colorSpace ?? (isRgbFormat(format) ? SRGB : BT601),
    metadata: init.metadata ?? {},
  };
  const swap = s.rotation === 90 || s.rotation === 270;
  s.displayWidth = init.displayWidth ?? (swap ? visible.height : visible.width);
  s.displayHeight = init.displayHeight ?? (swap ? visible.width : visible.height);
  return s;
}

/** Copies the planes described by `layout` out of `bytes` into a new packed resource. */
function packedCopy(bytes: Uint8Array, layout: CombinedBufferLayout, format: PixelFormat, width: number, height: number): FrameResource {
  const resource = FrameResource.allocate(format, width, height);
  layout.computedLayouts.forEach((l, i) => {
    const dst = resource.planes[i]!;
    for (let r = 0; r < l.sourceHeight; r++) {
      const from = l.destinationOffset + r * l.destinationStride;
      resource.data.set(bytes.subarray(from, from + l.sourceWidthBytes), dst.offset + r * dst.stride);
    }
  });
  return resource;
}
