/**
 * Drawing and encoding a frame with the browser's own canvas: OffscreenCanvas.convertToBlob where
 * it exists, a detached `<canvas>` with toBlob otherwise.
 */
import type { PhotoFormat } from '../../image-capture/target.js';
import type { FrameSize } from './frames.js';

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

interface Surface {
  readonly context: Canvas2D;
  toBlob(type: string, quality: number | undefined): Promise<Blob>;
}

function surface(width: number, height: number, readback = false): Surface {
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
export async function encodeCovering(
  source: CanvasImageSource,
  from: FrameSize,
  width: number,
  height: number,
  format: PhotoFormat,
): Promise<Blob> {
  const { context, toBlob } = surface(width, height);
  const scale = Math.max(width / from.width, height / from.height);
  const sw = Math.min(from.width, width / scale);
  const sh = Math.min(from.height, height / scale);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, (from.width - sw) / 2, (from.height - sh) / 2, sw, sh, 0, 0, width, height);
  return toBlob(format.type, format.quality);
}

/** Mean luma (0–255, Rec. 601 weights) of `source`, sampled on an 8×8 grid. */
export function meanLuma(source: CanvasImageSource): number {
  const { context } = surface(8, 8, true);
  context.drawImage(source, 0, 0, 8, 8);
  const { data } = context.getImageData(0, 0, 8, 8);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  return sum / (data.length / 4);
}

/** An opaque black ImageBitmap of `width`×`height`: the frame of a disabled track (https://w3c.github.io/mediacapture-main/#media-flow). */
export function blackBitmap(width: number, height: number): Promise<ImageBitmap> {
  const { context } = surface(width, height);
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  return createImageBitmap(context.canvas);
}
