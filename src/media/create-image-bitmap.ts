/**
 * createImageBitmap for Node: from a Blob (decoded), an ImageData, an ImageBitmap (copied), a
 * VideoFrame, or anything with RGBA `data`, `width` and `height`.
 * https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#dom-createimagebitmap
 */
import { invalidState, typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import { imageBitmapFromVideoFrame } from './breakout/frame-image.js';
import { type ImageBitmap, imageBitmapFromRGBA, imageBitmapPixels, isImageBitmap } from './image-bitmap.js';

export async function createImageBitmap(source: unknown): Promise<ImageBitmap> {
  const ctx = "Failed to execute 'createImageBitmap'";
  const fromFrame = imageBitmapFromVideoFrame(source);
  if (fromFrame) return fromFrame;
  if (isImageBitmap(source)) {
    const px = imageBitmapPixels(source);
    if (!px) throw invalidState(`${ctx}: the source ImageBitmap has been closed.`);
    return imageBitmapFromRGBA(new Uint8Array(px.data), px.width, px.height);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const { decodeToRaw } = await import('../encode/node.js');
    let raw;
    try {
      raw = await decodeToRaw(new Uint8Array(await source.arrayBuffer()));
    } catch (err) {
      throw new globalThis.DOMException(
        `${ctx}: the Blob could not be decoded as an image (${(err as Error).message}).`,
        'InvalidStateError',
      );
    }
    return imageBitmapFromRGBA(raw.data, raw.width, raw.height);
  }
  if (webidl.isObject(source)) {
    const { data, width, height } = source as { data?: unknown; width?: unknown; height?: unknown };
    if ((data instanceof Uint8ClampedArray || data instanceof Uint8Array) && typeof width === 'number' && typeof height === 'number') {
      // HTML: an image with no pixels is not usable (InvalidStateError); sizes are whole pixels.
      const usable = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
      if (!usable || data.length !== width * height * 4) throw invalidState(`${ctx}: the pixel data does not match ${width}x${height}.`);
      return imageBitmapFromRGBA(new Uint8Array(data), width, height);
    }
  }
  throw typeError(`${ctx}: the source is ${webidl.describeValue(source)}; a Blob, ImageData or ImageBitmap is required.`);
}
