/**
 * Frames that are the input's own JPEGs (a Motion-JPEG camera or stream passed through by ffmpeg
 * without decoding): decoded with sharp (libvips, on its thread pool, off the event loop) only
 * when a frame is read, and a photo at the frame's own size is that JPEG with our EXIF block,
 * not re-encoded.
 */
import type { Still, StillMetadata } from '../backend.js';
import { invalidState, notReadable } from '../../spec/errors.js';
import { buildExif } from '../../encode/exif.js';
import { insertExif } from '../../encode/exif-insert.js';
import { jpegSize } from '../../encode/jpeg-size.js';
import { loadSharp } from '../../encode/node.js';
import type { Claimed, FrameDelivery, OutputState } from './delivery.js';
import { isNeutral } from './tone.js';

export interface DecodedJpeg {
  /** RGBA, rows packed. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Decodes a JPEG to RGBA. */
export async function decodeJpeg(jpeg: Uint8Array): Promise<DecodedJpeg> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** The camera's JPEG with our EXIF block, as an encoded still. */
export function jpegStill(jpeg: Uint8Array, width: number, height: number, metadata: StillMetadata): Still {
  const bytes = insertExif(jpeg, buildExif(metadata, { width, height, format: 'jpeg' }));
  return { kind: 'encoded', blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }) };
}

/** The source JPEG frames are served for. */
export interface JpegTarget {
  readonly delivery: () => FrameDelivery;
  readonly label: () => string;
  readonly ended: () => boolean;
}

/** Whether a photo of `width`×`height` can be the camera's own JPEG: its size, nothing to apply. */
function passesThrough(jpeg: Uint8Array, width: number, height: number, controls: OutputState['controls']): boolean {
  const size = jpegSize(jpeg);
  if (size?.width !== width || size.height !== height) return false;
  return !controls || (controls.zoom === 1 && isNeutral(controls));
}

/**
 * Answers calls from a JPEG frame: photos at the frame's own size with nothing to apply get the
 * JPEG itself (plus EXIF); everything else waits for one decode (sharp, off the event loop).
 */
export function serveJpeg(
  target: JpegTarget,
  claimed: Claimed,
  data: Uint8Array,
  output: OutputState,
  timestamp: number,
  index: number,
): void {
  const delivery = target.delivery();
  const photos = claimed.photos.filter((p) => {
    if (!passesThrough(data, p.width, p.height, output.controls)) return true;
    const metadata: StillMetadata = {
      date: new Date(),
      ...(output.controls ? { digitalZoomRatio: 1, whiteBalance: 'auto' as const } : {}),
    };
    delivery.serveStill(p, jpegStill(data, p.width, p.height, metadata));
    return false;
  });
  if (photos.length === 0 && claimed.frames.length === 0) return;
  const rest = { photos, frames: claimed.frames };
  // The frame file's buffer is reused by later reads: decode a copy.
  decodeJpeg(data.slice()).then(
    (image) => {
      if (target.ended()) return delivery.fail(rest, () => invalidState(`${target.label()} was closed.`));
      const supplier = { width: image.width, height: image.height, format: 'rgba' as const };
      delivery.serve(rest, supplier, image.data, output, timestamp, index);
    },
    (error: Error) => delivery.fail(rest, () => notReadable(`${target.label()} sent a frame that could not be decoded: ${error.message}`)),
  );
}
