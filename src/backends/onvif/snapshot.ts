/**
 * takePhoto from the camera's own snapshot URI (ONVIF GetSnapshotUri): an HTTP GET with the
 * camera's Basic or Digest login, the JPEG kept as the camera encoded it, our EXIF block put in
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto returns the image the
 * device made; nothing is decoded or re-encoded).
 */
import type { RawFrame, StillMetadata } from '../backend.js';
import { buildExif } from '../../encode/exif.js';
import { insertExif } from '../../encode/exif-insert.js';
import { loadSharp } from '../../encode/node.js';
import type { Credentials } from './address.js';
import { OnvifError, sendAuthenticated, where } from './http.js';
import { jpegSize } from '../../encode/jpeg-size.js';

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
  const sharp = await loadSharp();
  const data = await sharp(shot.bytes).resize(width, height, { fit: 'cover', position: 'centre' }).ensureAlpha().raw().toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, timestamp: 0, index: 0 };
}
