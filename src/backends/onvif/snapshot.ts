/**
 * takePhoto from the camera's own snapshot URI (ONVIF GetSnapshotUri): an HTTP GET with the
 * camera's Basic or Digest login, the JPEG kept as the camera encoded it, our EXIF block put in
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto returns the image the
 * device made; nothing is decoded or re-encoded).
 */
import type { RawFrame, StillMetadata } from '../backend.js';
import { buildExif } from '../../encode/exif.js';
import { insertExif } from '../../encode/exif-insert.js';
import type { Credentials } from './address.js';
import { OnvifError, sendAuthenticated, where } from './http.js';

/** Width and height from a JPEG's first start-of-frame segment, or undefined. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      const width = (bytes[i + 7]! << 8) | bytes[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}

export interface Snapshot {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Fetches one snapshot. Rejects OnvifError ('auth', 'unreachable', 'timeout', 'not-onvif'). */
export async function fetchSnapshot(
  uri: string,
  credentials: Credentials | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Snapshot> {
  const url = new URL(uri);
  const response = await sendAuthenticated(url, credentials, { timeoutMs, maxBytes: 64 << 20, ...(signal ? { signal } : {}) });
  if (response.status !== 200) throw new OnvifError('unreachable', `the snapshot from ${where(url)} failed (HTTP ${response.status})`);
  const bytes = new Uint8Array(response.body.buffer, response.body.byteOffset, response.body.byteLength);
  const size = jpegSize(bytes);
  if (!size) throw new OnvifError('not-onvif', `the snapshot from ${where(url)} is not a JPEG image`);
  return { bytes, ...size };
}

/** The snapshot with our EXIF block, as a Blob. */
export function snapshotBlob(shot: Snapshot, metadata: StillMetadata): Blob {
  const bytes = insertExif(shot.bytes, buildExif(metadata, { width: shot.width, height: shot.height, format: 'jpeg' }));
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
}

/**
 * The snapshot at another size (a photo size other than the camera's own): decoded and scaled,
 * cropped to the asked aspect ratio around the centre, as RGBA for the photo encoder.
 */
export async function scaleSnapshot(shot: Snapshot, width: number, height: number): Promise<RawFrame> {
  const { default: sharp } = await import('sharp');
  const data = await sharp(shot.bytes).resize(width, height, { fit: 'cover', position: 'centre' }).ensureAlpha().raw().toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, timestamp: 0, index: 0 };
}
