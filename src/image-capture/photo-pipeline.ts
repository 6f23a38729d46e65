/**
 * The one photo pipeline (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3):
 * the format is resolved once, when the ImageCapture is made; each photo is a still from the
 * track's capture target, encoded by the target's platform encoder (encode/node.ts or
 * encode/canvas.ts), and both happen inside the step queued on the track's source, so photos and
 * their encodings settle in call order.
 */
import { DEFAULT_QUALITY, matchImageType, SUPPORTED_IMAGE_TYPES } from '../encode/options.js';
import type { PhotoFormat } from '../encode/still.js';
import { fmt, notSupported, typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import type { SourcePhotoSettings } from '../backends/backend.js';
import type { CaptureTarget } from './target.js';

/** Non-standard second constructor argument: how takePhoto encodes. */
export interface ImageCaptureOptions {
  /** MIME type of takePhoto's Blob: "image/jpeg" (default), "image/png" or "image/webp". */
  mimeType?: string;
  /** Encoder quality from 0 to 1 (JPEG default 0.92, WebP default 0.8). */
  quality?: number;
}

/** The non-standard ImageCaptureOptions dictionary (docs/behaviour.md, photo image type). */
const IMAGE_CAPTURE_OPTIONS = webidl.dictionaryConverter('ImageCaptureOptions', [
  { key: 'mimeType', converter: webidl.domString, defaultValue: 'image/jpeg' },
  { key: 'quality', converter: webidl.double },
]);

/**
 * The photo format of an ImageCapture, from its second constructor argument: resolved here, once,
 * for every platform. "" is the default type (JPEG); the type is lowercased; a lossy type without
 * a quality gets its default (docs/behaviour.md, photo image type).
 */
export function resolvePhotoFormat(value: unknown, ctx: string): PhotoFormat {
  const { mimeType: type, quality } = IMAGE_CAPTURE_OPTIONS(value, ctx);
  const resolved = matchImageType(type);
  // Refused here rather than after a still was shot (and the photo settings changed) for nothing.
  if (!resolved) throw notSupported(`${ctx}: member mimeType is "${type}"; supported: ${SUPPORTED_IMAGE_TYPES.join(', ')}.`);
  if (quality !== undefined && (quality < 0 || quality > 1)) {
    throw typeError(`${ctx}: member quality is ${fmt(quality)}; it must be between 0 and 1.`);
  }
  if (resolved === 'image/png') return { type: resolved };
  return { type: resolved, quality: quality ?? DEFAULT_QUALITY[resolved] };
}

const photoQueues = new WeakMap<object, Promise<unknown>>();

/** Runs `task` after every earlier task queued on `key` has settled. */
export function enqueue<T>(key: object, task: () => Promise<T>): Promise<T> {
  const previous = photoQueues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  photoQueues.set(
    key,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}

/**
 * takePhoto step 3.1: one still with these (validated, resolved) settings, encoded as `format`.
 * A still the device encoded itself is handed over as it is. The still is released once encoded,
 * also when the encoding fails or the track ended meanwhile.
 */
export async function shootAndEncode(
  target: CaptureTarget,
  settings: SourcePhotoSettings,
  format: PhotoFormat,
  signal: AbortSignal,
): Promise<Blob> {
  const still = await target.takePhoto(settings, signal);
  if (still.kind === 'encoded') return still.blob;
  try {
    if (signal.aborted) throw signal.reason;
    return await target.encoder.encode(still, format);
  } finally {
    // Lent pixels go back to their source; a platform picture is closed.
    if (still.kind === 'raw') still.frame.release?.();
    else still.picture.close();
  }
}
