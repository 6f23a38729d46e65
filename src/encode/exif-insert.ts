/**
 * Puts an EXIF block (TIFF data from exif.ts) into an encoded image, replacing any EXIF it
 * already carries:
 *   JPEG — an APP1 segment ("Exif\0\0" + TIFF) right after SOI and any JFIF APP0 segments;
 *   PNG  — an eXIf chunk right after IHDR (before any IDAT, as PNG 3rd edition asks);
 *   WebP — an EXIF chunk after the image data, with the extended (VP8X) header and its EXIF flag.
 *
 * The result is a list of parts that reuse the encoded bytes (views, no copy), ready for
 * `new Blob(parts)`; `insertExif` joins them when one array is wanted. Platform-neutral.
 */
import { encodingError } from '../spec/errors.js';
import { EXIF_HEADER } from './exif-tags.js';

/** Largest TIFF block an APP1 segment can carry (segment length is 16 bits). */
const MAX_JPEG_EXIF = 0xffff - 2 - EXIF_HEADER.length;

export type ContainerFormat = 'jpeg' | 'png' | 'webp';

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The container of an encoded image, by its signature. */
export function sniffContainer(bytes: Uint8Array): ContainerFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG uses) over several byte ranges. */
export function crc32(...chunks: Uint8Array[]): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) crc = crcTable[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const malformed = (format: string, what: string): DOMException =>
  encodingError(`Cannot add EXIF: the ${format} data is malformed (${what}).`);

function jpegParts(bytes: Uint8Array, tiff: Uint8Array): Uint8Array[] {
  if (tiff.length > MAX_JPEG_EXIF) throw encodingError(`EXIF block of ${tiff.length} bytes exceeds ${MAX_JPEG_EXIF}.`);
  const app1 = new Uint8Array(4 + EXIF_HEADER.length + tiff.length);
  const length = app1.length - 2;
  app1.set([0xff, 0xe1, length >> 8, length & 0xff]);
  app1.set(EXIF_HEADER, 4);
  app1.set(tiff, 4 + EXIF_HEADER.length);

  // Walk the marker segments up to SOS: APP0s stay first, old Exif APP1s are left out.
  const leading: Uint8Array[] = [bytes.subarray(0, 2)];
  const rest: Uint8Array[] = [];
  let pos = 2;
  for (let guard = 0; guard < 0x10000 && pos + 4 <= bytes.length; guard++) {
    if (bytes[pos] !== 0xff) throw malformed('JPEG', `no marker at byte ${pos}`);
    const marker = bytes[pos + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // SOS/EOI: the headers are over
    if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      const step = marker === 0xff ? 1 : 2; // a fill byte, or a marker without a length
      (rest.length ? rest : leading).push(bytes.subarray(pos, pos + step));
      pos += step;
      continue;
    }
    const end = pos + 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    if (end > bytes.length) throw malformed('JPEG', 'segment runs past the end');
    const segment = bytes.subarray(pos, end);
    const isExif = marker === 0xe1 && end - pos >= 10 && ascii(bytes, pos + 4, 4) === 'Exif' && bytes[pos + 8] === 0;
    if (!isExif) (marker === 0xe0 && rest.length === 0 ? leading : rest).push(segment);
    pos = end;
  }
  return [...leading, app1, ...rest, bytes.subarray(pos)];
}

function pngParts(bytes: Uint8Array, tiff: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') throw malformed('PNG', 'IHDR is not the first chunk');
  const ihdrEnd = 8 + 12 + view.getUint32(8);
  const chunk = new Uint8Array(12 + tiff.length);
  const out = new DataView(chunk.buffer);
  out.setUint32(0, tiff.length);
  chunk.set([0x65, 0x58, 0x49, 0x66], 4); // "eXIf"
  chunk.set(tiff, 8);
  out.setUint32(8 + tiff.length, crc32(chunk.subarray(4, 8 + tiff.length)));

  // Everything after IHDR is kept as it is, in runs, except earlier eXIf chunks.
  const parts: Uint8Array[] = [bytes.subarray(0, ihdrEnd), chunk];
  let runStart = ihdrEnd;
  let pos = ihdrEnd;
  while (pos + 12 <= bytes.length) {
    const end = pos + 12 + view.getUint32(pos);
    if (end > bytes.length) throw malformed('PNG', 'chunk runs past the end');
    const type = ascii(bytes, pos + 4, 4);
    if (type === 'eXIf') {
      parts.push(bytes.subarray(runStart, pos));
      runStart = end;
    }
    pos = end;
    if (type === 'IEND') break;
  }
  parts.push(bytes.subarray(runStart));
  return parts.filter((p) => p.length > 0);
}

interface RiffChunk {
  readonly fourcc: string;
  /** The whole chunk: header, payload and pad byte. */
  readonly bytes: Uint8Array;
  readonly payload: Uint8Array;
}

function riffChunks(bytes: Uint8Array): RiffChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(bytes.length, 8 + view.getUint32(4, true));
  const chunks: RiffChunk[] = [];
  let pos = 12;
  while (pos + 8 <= end) {
    const size = view.getUint32(pos + 4, true);
    const payloadEnd = pos + 8 + size;
    if (payloadEnd > end) throw malformed('WebP', 'chunk runs past the end');
    const next = Math.min(end, payloadEnd + (size & 1));
    chunks.push({ fourcc: ascii(bytes, pos, 4), bytes: bytes.subarray(pos, next), payload: bytes.subarray(pos + 8, payloadEnd) });
    pos = next;
  }
  return chunks;
}

function riffChunk(fourcc: string, payload: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(8 + payload.length + (payload.length & 1));
  for (let i = 0; i < 4; i++) chunk[i] = fourcc.charCodeAt(i);
  new DataView(chunk.buffer).setUint32(4, payload.length, true);
  chunk.set(payload, 8);
  return chunk;
}

const VP8X_ALPHA = 0x10;
const VP8X_EXIF = 0x08;

/** A VP8X chunk for a simple-format WebP (one VP8 or VP8L image). */
function vp8xFor(image: RiffChunk): Uint8Array {
  const p = image.payload;
  let width: number;
  let height: number;
  let flags = VP8X_EXIF;
  if (image.fourcc === 'VP8 ') {
    if (p.length < 10 || p[3] !== 0x9d || p[4] !== 0x01 || p[5] !== 0x2a) throw malformed('WebP', 'bad VP8 frame header');
    width = (p[6]! | (p[7]! << 8)) & 0x3fff;
    height = (p[8]! | (p[9]! << 8)) & 0x3fff;
  } else {
    if (p.length < 5 || p[0] !== 0x2f) throw malformed('WebP', 'bad VP8L header');
    const bits = (p[1]! | (p[2]! << 8) | (p[3]! << 16) | (p[4]! << 24)) >>> 0;
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    if ((bits >>> 28) & 1) flags |= VP8X_ALPHA;
  }
  const payload = new Uint8Array(10);
  payload[0] = flags;
  const w = width - 1;
  const h = height - 1;
  payload.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 4);
  return riffChunk('VP8X', payload);
}

function webpParts(bytes: Uint8Array, tiff: Uint8Array): Uint8Array[] {
  const chunks = riffChunks(bytes);
  const first = chunks[0];
  if (!first) throw malformed('WebP', 'no chunks');
  let header: Uint8Array;
  let body: RiffChunk[];
  if (first.fourcc === 'VP8X') {
    if (first.payload.length < 10) throw malformed('WebP', 'short VP8X chunk');
    header = first.bytes.slice();
    header[8] = header[8]! | VP8X_EXIF;
    body = chunks.slice(1);
  } else if (first.fourcc === 'VP8 ' || first.fourcc === 'VP8L') {
    header = vp8xFor(first);
    body = chunks;
  } else {
    throw malformed('WebP', `unexpected first chunk "${first.fourcc}"`);
  }
  // Container order: VP8X, ICCP, ANIM, image data, EXIF, XMP, unknown chunks.
  const kept = body.filter((c) => c.fourcc !== 'EXIF');
  const xmp = kept.findIndex((c) => c.fourcc === 'XMP ');
  const at = xmp === -1 ? kept.length : xmp;
  const parts = [header, ...kept.slice(0, at).map((c) => c.bytes), riffChunk('EXIF', tiff), ...kept.slice(at).map((c) => c.bytes)];
  const riff = new Uint8Array(12);
  riff.set([0x52, 0x49, 0x46, 0x46]); // "RIFF"
  new DataView(riff.buffer).setUint32(4, 4 + parts.reduce((n, p) => n + p.length, 0), true);
  riff.set([0x57, 0x45, 0x42, 0x50], 8); // "WEBP"
  return [riff, ...parts];
}

/**
 * The parts of `encoded` with `tiff` as its EXIF block, in order, sharing the encoded bytes.
 * Rejects (EncodingError) data that is not a well-formed JPEG, PNG or WebP.
 */
export function exifParts(encoded: Uint8Array, tiff: Uint8Array): Uint8Array[] {
  const format = sniffContainer(encoded);
  if (format === 'jpeg') return jpegParts(encoded, tiff);
  if (format === 'png') return pngParts(encoded, tiff);
  if (format === 'webp') return webpParts(encoded, tiff);
  throw encodingError('Cannot add EXIF: the data is not JPEG, PNG or WebP.');
}

/** `encoded` with `tiff` as its EXIF block, as one new array. */
export function insertExif(encoded: Uint8Array, tiff: Uint8Array): Uint8Array {
  const parts = exifParts(encoded, tiff);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
