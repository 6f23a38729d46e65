/** Reading and making frames with the browser's own canvas (the surfaces of src/encode/canvas.ts). */
import { surface } from '../../encode/canvas.js';

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
