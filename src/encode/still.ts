/**
 * Where the photo pipeline meets the encoders: the format ImageCapture resolved once, and the
 * encoder each platform offers (encode/node.ts in Node, encode/canvas.ts in browsers). Both are
 * seen only through these platform-neutral types, so nothing here needs the DOM library or Node's.
 */
import type { PictureStill, RawStill } from '../backends/backend.js';
import type { SupportedImageType } from './options.js';

/**
 * Non-standard: how takePhoto encodes (canvas.toBlob's type and quality), resolved by ImageCapture
 * once for every platform: a supported type, and the quality of a lossy one.
 */
export interface PhotoFormat {
  readonly type: SupportedImageType;
  /** 0–1 for JPEG and WebP (their default when none was asked for); absent for PNG. */
  readonly quality?: number;
}

/** A still an encoder is given: pixels, or a platform picture. A still the device encoded is never re-encoded. */
export type StillToEncode = RawStill | PictureStill;

/**
 * A platform's encoder for takePhoto (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto
 * step 3.1: "into a Blob"), for the kind of still its targets make: pixels in Node, pictures in
 * browsers. A capture target names its encoder next to the stills it returns, so the two always
 * match (CaptureTarget in src/image-capture/target.ts).
 */
export interface StillEncoder<S extends StillToEncode = StillToEncode> {
  /**
   * Encodes `still` as `format`, with an EXIF block when the still carries its facts and the
   * platform writes one. Reads the still's pixels without changing or releasing them: its owner
   * releases them once the promise settles.
   */
  encode(still: S, format: PhotoFormat): Promise<Blob>;
}
