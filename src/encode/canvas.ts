/**
 * Encoding in browsers, with the engine's own canvas: OffscreenCanvas.convertToBlob where it
 * exists, a detached `<canvas>` with toBlob otherwise. takePhoto
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.1: "into a Blob") comes
 * through here for every browser track; the browser backend also draws on these surfaces.
 *
 * The engine's encoder writes no EXIF block, so a photo encoded here carries none.
 */
import type { PictureStill } from '../backends/backend.js';
import type { PhotoFormat, StillEncoder } from './still.js';

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

interface Size {
  readonly width: number;
  readonly height: number;
}

/** A 2D drawing surface and how to encode what is on it. */
export interface CanvasSurface {
  readonly context: Canvas2D;
  toBlob(type: string, quality: number | undefined): Promise<Blob>;
}

/** An opaque surface of `width`×`height`; `readback` when its pixels will be read with getImageData. */
export function surface(width: number, height: number, readback = false): CanvasSurface {
  const options: CanvasRenderingContext2DSettings = { alpha: false, ...(readback ? { willReadFrequently: true } : {}) };
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', options);
    if (context) {
      return {
        context,
        toBlob: (type, quality) => canvas.convertToBlob(quality === undefined ? { type } : { type, quality }),
      };
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', options);
  if (!context) throw new Error('no 2D canvas context is available');
  return {
    context,
    toBlob: (type, quality) =>
      new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded'))), type, quality),
      ),
  };
}

/**
 * Scales `source` (of size `from`) to cover exactly `width`×`height`, cropping the overflow evenly
 * from both sides so nothing is stretched, and encodes the result.
 */
function encodeCovering(source: CanvasImageSource, from: Size, width: number, height: number, format: PhotoFormat): Promise<Blob> {
  const { context, toBlob } = surface(width, height);
  const scale = Math.max(width / from.width, height / from.height);
  const sw = Math.min(from.width, width / scale);
  const sh = Math.min(from.height, height / scale);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, (from.width - sw) / 2, (from.height - sh) / 2, sw, sh, 0, 0, width, height);
  return toBlob(format.type, format.quality);
}

/**
 * The browser photo encoder: a picture of the engine's, drawn and encoded by its canvas. Browser
 * targets make pictures only (pixels become an ImageBitmap first, which the engine draws without
 * a copy through script).
 */
export const canvasStillEncoder: StillEncoder<PictureStill> = {
  encode(still: PictureStill, format: PhotoFormat): Promise<Blob> {
    // A picture still is made by this package's browser targets from the engine's own ImageBitmaps.
    return encodeCovering(still.picture as unknown as CanvasImageSource, still.picture, still.width, still.height, format);
  },
};
