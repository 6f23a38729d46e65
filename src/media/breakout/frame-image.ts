/**
 * VideoFrame to RGBA pixels: what ImageCapture's grabFrame() on a generator track and
 * createImageBitmap(videoFrame) need. The visible rect is converted, then the frame's rotation
 * and flip are applied as a renderer would (https://w3c.github.io/webcodecs/#videoframe-rendering). The display size is not applied:
 * the bitmap keeps the visible rect's pixels (no scaling).
 */
import { invalidState } from '../../spec/errors.js';
import { type ImageBitmap, imageBitmapFromRGBA } from '../image-bitmap.js';
import { convertPixels } from './pixel-format.js';
import { type FrameInternals, isVideoFrame, videoFrameInternals } from './video-frame.js';

export interface RgbaPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * The visible pixels of a live frame as packed RGBA, without orientation. Written into `out` when
 * it is exactly width * height * 4 bytes long, else into a new buffer.
 */
export function visibleRGBA(frame: Pick<FrameInternals, 'resource' | 'visible'>, out?: Uint8Array): RgbaPixels {
  const { width, height } = frame.visible;
  const size = width * height * 4;
  const data = out !== undefined && out.byteLength === size ? out : new Uint8Array(size);
  convertPixels(frame.resource, frame.visible, { format: 'RGBA', data, planes: [{ offset: 0, stride: width * 4 }] });
  return { data, width, height };
}

/** Applies a clockwise rotation (0, 90, 180, 270) then a horizontal flip to packed RGBA pixels. */
export function orientRGBA(px: RgbaPixels, rotation: number, flip: boolean): RgbaPixels {
  if (rotation === 0 && !flip) return px;
  const { width: w, height: h } = px;
  const swap = rotation === 90 || rotation === 270;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const bytes = px.data.byteOffset % 4 === 0 ? px.data : px.data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const data = new Uint8Array(ow * oh * 4);
  const dst = new Uint32Array(data.buffer);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const fx = flip ? ow - 1 - x : x;
      // (fx, y) in the rotated picture comes from (sx, sy) in the source.
      let sx: number;
      let sy: number;
      if (rotation === 90) {
        sx = y;
        sy = h - 1 - fx;
      } else if (rotation === 180) {
        sx = w - 1 - fx;
        sy = h - 1 - y;
      } else if (rotation === 270) {
        sx = w - 1 - y;
        sy = fx;
      } else {
        sx = fx;
        sy = y;
      }
      dst[y * ow + x] = src[sy * w + sx]!;
    }
  }
  return { data, width: ow, height: oh };
}

/**
 * createImageBitmap(videoFrame) for Node: an ImageBitmap of the frame as it would be drawn.
 * Returns undefined when `value` is not a VideoFrame; throws InvalidStateError for a closed one.
 */
export function imageBitmapFromVideoFrame(value: unknown): ImageBitmap | undefined {
  if (!isVideoFrame(value)) return undefined;
  const frame = videoFrameInternals(value);
  if (frame === null) throw invalidState("Failed to execute 'createImageBitmap': the VideoFrame is closed.");
  const px = orientRGBA(visibleRGBA(frame), frame.rotation, frame.flip);
  return imageBitmapFromRGBA(px.data, px.width, px.height);
}
