/**
 * The layout algorithms of WebCodecs VideoFrame (Verify Rect Offset Alignment, Parse Visible Rect,
 * Compute Layout and Allocation Size: https://w3c.github.io/webcodecs/#videoframe-algorithms) and the WebIDL
 * conversions of the small dictionaries they read (DOMRectInit, PlaneLayout).
 *
 * One deliberate difference: a sub-sampled plane's row width is rounded up (an odd-width I420
 * picture has (width + 1) / 2 chroma columns), as browsers store such planes; the spec text
 * rounds heights up but widths down, which would lose the last chroma column.
 */
import { typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import { FORMAT_PLANES, type PixelFormat, type Rect } from './pixel-format.js';

export interface PlaneLayout {
  offset: number;
  stride: number;
}

/** "computed plane layout" */
export interface ComputedPlaneLayout {
  readonly destinationOffset: number;
  readonly destinationStride: number;
  readonly sourceTop: number;
  readonly sourceHeight: number;
  readonly sourceLeftBytes: number;
  readonly sourceWidthBytes: number;
}

/** "combined buffer layout" */
export interface CombinedBufferLayout {
  readonly allocationSize: number;
  readonly computedLayouts: readonly ComputedPlaneLayout[];
}

const MAX_ULONG = 4294967295;

/** DOMRectInit {x = 0, y = 0, width = 0, height = 0} (unrestricted doubles), read in WebIDL order. */
export function convertRectInit(value: unknown, ctx: string): Rect {
  const dict = webidl.dictionary(value, ctx);
  const read = (key: string): number => {
    const v = webidl.member(dict, key);
    return v === undefined ? 0 : webidl.unrestrictedDouble(v, `${ctx}.${key}`);
  };
  const height = read('height');
  const width = read('width');
  const x = read('x');
  const y = read('y');
  return { x, y, width, height };
}

/** A rect's members must be finite and not negative (https://w3c.github.io/webcodecs/#valid-videoframebufferinit step 2). */
export function checkRectValues(rect: Rect, ctx: string): void {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    const v = rect[key];
    if (!Number.isFinite(v) || v < 0) throw typeError(`${ctx}.${key} is ${v}; it must be a finite number ≥ 0.`);
  }
}

/** sequence<PlaneLayout>; offset and stride are required [EnforceRange] unsigned long. */
export function convertPlaneLayouts(value: unknown, ctx: string): PlaneLayout[] {
  return webidl.sequence(value, ctx, (item, c) => {
    const dict = webidl.dictionary(item, c);
    const offset = webidl.member(dict, 'offset');
    if (offset === undefined) throw typeError(`${c}: required member offset is undefined.`);
    const o = webidl.unsignedLong(offset, `${c}.offset`, { enforceRange: true });
    const stride = webidl.member(dict, 'stride');
    if (stride === undefined) throw typeError(`${c}: required member stride is undefined.`);
    const s = webidl.unsignedLong(stride, `${c}.stride`, { enforceRange: true });
    return { offset: o, stride: s };
  });
}

/** https://w3c.github.io/webcodecs/#videoframe-verify-rect-offset-alignment */
export function verifyRectOffsetAlignment(format: PixelFormat | null, rect: Rect): boolean {
  if (format === null) return true;
  for (const plane of FORMAT_PLANES[format]) {
    if (Math.trunc(rect.x) % plane.subX !== 0) return false;
    if (Math.trunc(rect.y) % plane.subY !== 0) return false;
  }
  return true;
}

/** https://w3c.github.io/webcodecs/#videoframe-parse-visible-rect; throws TypeError. The result is truncated to whole pixels. */
export function parseVisibleRect(
  defaultRect: Rect,
  overrideRect: Rect | undefined,
  codedWidth: number,
  codedHeight: number,
  format: PixelFormat | null,
  ctx: string,
): Rect {
  let source = defaultRect;
  if (overrideRect !== undefined) {
    const r = overrideRect;
    // step 2.1
    if (Math.trunc(r.width) === 0 || Math.trunc(r.height) === 0) {
      throw typeError(`${ctx}: the rect is ${r.width}x${r.height}; width and height must be at least 1.`);
    }
    // steps 2.2, 2.3
    if (r.x + r.width > codedWidth) {
      throw typeError(`${ctx}: the rect spans x ${r.x}–${r.x + r.width}, beyond the coded width ${codedWidth}.`);
    }
    if (r.y + r.height > codedHeight) {
      throw typeError(`${ctx}: the rect spans y ${r.y}–${r.y + r.height}, beyond the coded height ${codedHeight}.`);
    }
    source = r;
  }
  // steps 3, 4
  if (!verifyRectOffsetAlignment(format, source)) {
    throw typeError(`${ctx}: the rect starts at (${source.x}, ${source.y}); ${format} needs even x and y (chroma is sub-sampled 2x2).`);
  }
  return { x: Math.trunc(source.x), y: Math.trunc(source.y), width: Math.trunc(source.width), height: Math.trunc(source.height) };
}

/** https://w3c.github.io/webcodecs/#videoframe-compute-layout-and-allocation-size; throws TypeError. */
export function computeLayoutAndAllocationSize(
  rect: Rect,
  format: PixelFormat,
  layout: readonly PlaneLayout[] | undefined,
  ctx: string,
): CombinedBufferLayout {
  const planes = FORMAT_PLANES[format];
  // step 2
  if (layout !== undefined && layout.length !== planes.length) {
    throw typeError(`${ctx}: layout has ${layout.length} plane(s); ${format} has ${planes.length}.`);
  }
  let minAllocationSize = 0;
  const computed: ComputedPlaneLayout[] = [];
  const ends: number[] = [];
  planes.forEach((plane, i) => {
    const sourceTop = Math.ceil(rect.y / plane.subY);
    const sourceHeight = Math.ceil(rect.height / plane.subY);
    const sourceLeftBytes = Math.floor(rect.x / plane.subX) * plane.sampleBytes;
    const sourceWidthBytes = Math.ceil(rect.width / plane.subX) * plane.sampleBytes;
    let destinationOffset: number;
    let destinationStride: number;
    if (layout !== undefined) {
      const pl = layout[i]!;
      // step 7.10.2
      if (pl.stride < sourceWidthBytes) {
        throw typeError(`${ctx}: layout[${i}].stride ${pl.stride} is less than the ${sourceWidthBytes} bytes a row of plane ${i} needs.`);
      }
      destinationOffset = pl.offset;
      destinationStride = pl.stride;
    } else {
      destinationOffset = minAllocationSize;
      destinationStride = sourceWidthBytes;
    }
    const planeSize = destinationStride * sourceHeight;
    const planeEnd = planeSize + destinationOffset;
    if (planeSize > MAX_ULONG || planeEnd > MAX_ULONG) {
      throw typeError(`${ctx}: plane ${i} would end at byte ${planeEnd}, beyond the largest buffer (${MAX_ULONG}).`);
    }
    ends.push(planeEnd);
    minAllocationSize = Math.max(minAllocationSize, planeEnd);
    // step 7.18: planes may not overlap
    for (let j = 0; j < i; j++) {
      const earlier = computed[j]!;
      if (planeEnd <= earlier.destinationOffset || ends[j]! <= destinationOffset) continue;
      throw typeError(`${ctx}: planes ${j} and ${i} overlap in the layout.`);
    }
    computed.push({ destinationOffset, destinationStride, sourceTop, sourceHeight, sourceLeftBytes, sourceWidthBytes });
  });
  return { allocationSize: minAllocationSize, computedLayouts: computed };
}

/** AllowSharedBufferSource → a byte view over it (TypeError for anything else). */
export function bufferSourceBytes(value: unknown, ctx: string): Uint8Array {
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
    return new Uint8Array(value);
  }
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw typeError(`${ctx} is ${webidl.describeValue(value)}; an ArrayBuffer, a TypedArray or a DataView is required.`);
}
