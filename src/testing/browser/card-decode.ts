/**
 * Decoding the image card's picture in a page, with the browser's own decoder: a URL (fetched),
 * a Blob, or an ImageBitmap, drawn on a canvas and read back as RGBA pixels no larger than the
 * card needs.
 */
import { CARD_MAX_SIDE, type CardDecoder, type RgbaPixels } from '../../backends/virtual/card-image.js';
import { encodingError, typeError } from '../../spec/errors.js';

function canvas2d(width: number, height: number): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
  if (typeof OffscreenCanvas === 'function') {
    const c = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (c) return c;
  }
  const el = document.createElement('canvas');
  el.width = width;
  el.height = height;
  const c = el.getContext('2d', { willReadFrequently: true });
  if (!c) throw typeError('The camera needs a 2D canvas to read its picture, and this page has none.');
  return c;
}

async function bitmapOf(input: Parameters<CardDecoder>[0]): Promise<ImageBitmap> {
  if (typeof ImageBitmap === 'function' && input instanceof ImageBitmap) return input;
  let blob: Blob;
  if (input instanceof Blob) blob = input;
  else if (typeof input === 'string' || input instanceof URL) {
    const url = new URL(String(input), document.baseURI);
    const response = await fetch(url);
    // The address is left out of the message: it may carry credentials.
    if (!response.ok) throw encodingError(`The camera's picture could not be fetched (HTTP ${response.status}).`);
    blob = await response.blob();
  } else if (input instanceof ArrayBuffer || input instanceof Uint8Array) blob = new Blob([input as BlobPart]);
  else throw typeError("The camera's picture must be a URL, a Blob, an ImageBitmap or ImageData.");
  try {
    return await createImageBitmap(blob);
  } catch (err) {
    throw encodingError(
      `The camera's picture could not be decoded (PNG, JPEG and WebP are read): ${(err as Error)?.message ?? String(err)}`,
    );
  }
}

export const decodeCardImageBrowser: CardDecoder = async (input) => {
  const bitmap = await bitmapOf(input);
  const k = Math.min(1, CARD_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * k));
  const height = Math.max(1, Math.round(bitmap.height * k));
  const ctx = canvas2d(width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  if (bitmap !== input) bitmap.close();
  const data = ctx.getImageData(0, 0, width, height);
  const pixels: RgbaPixels = { width, height, data: data.data };
  return pixels;
};
