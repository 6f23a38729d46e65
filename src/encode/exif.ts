/**
 * Writes the EXIF block of a still: a little-endian TIFF structure (IFD0 + Exif sub-IFD) built
 * from StillMetadata. Platform-neutral; the container code (exif-insert.ts) puts it into the file.
 *
 * https://w3c.github.io/mediacapture-image/#securityandprivacy: no GPS directory is ever written, and the
 * block stays minimal — the exposure facts a camera reports, the device's make/model, the capture time in
 * UTC, and the fields Exif 2.32 makes mandatory. Nothing that identifies the user, the machine or the place.
 *
 * Values are written exactly, not through a string round trip: rationals are the closest
 * fraction to the number given (1/120 stays 1/120, 0.0083 becomes 83/10000).
 */
import type { StillMetadata } from '../backends/backend.js';
import { EXIF_IFD_POINTER, TiffType } from './exif-tags.js';

/** The image the block describes. Its size becomes PixelXDimension/PixelYDimension. */
export interface ExifImageInfo {
  readonly width: number;
  readonly height: number;
  /** The container; JPEG adds the fields Exif makes mandatory for compressed YCbCr data. */
  readonly format?: 'jpeg' | 'png' | 'webp';
}

/** What every still says it was made with (IFD0 Software). */
export const EXIF_SOFTWARE = 'imagecapture';

/** Longest ASCII value written (characters, before the terminating NUL). */
const MAX_ASCII = 127;

interface Field {
  readonly tag: number;
  readonly type: TiffType;
  readonly count: number;
  /** The value, little-endian, exactly count * size(type) bytes. */
  readonly bytes: Uint8Array;
}

const U32_MAX = 0xffffffff;
const S32_MAX = 0x7fffffff;

/**
 * The fraction closest to `value` whose parts fit a TIFF (S)RATIONAL, found by continued
 * fractions; undefined for non-finite values, and for negative ones unless `signed`.
 */
export function toRational(value: number, signed = false): [number, number] | undefined {
  if (!Number.isFinite(value) || (!signed && value < 0)) return undefined;
  const limit = signed ? S32_MAX : U32_MAX;
  const negative = value < 0;
  const x = Math.abs(value);
  if (x > limit) return undefined;
  if (Number.isInteger(x)) return [negative ? -x : x, 1];
  // Convergents h/k of the continued fraction of x; stop at exactness or when parts overflow.
  let hPrev = 1;
  let kPrev = 0;
  let h = Math.floor(x);
  let k = 1;
  let rest = x - h;
  for (let i = 0; i < 64 && rest > 0; i++) {
    if (Math.abs(x - h / k) <= x * 1e-12) break;
    const inv = 1 / rest;
    const a = Math.floor(inv);
    const hNext = a * h + hPrev;
    const kNext = a * k + kPrev;
    if (hNext > limit || kNext > limit) break;
    hPrev = h;
    kPrev = k;
    h = hNext;
    k = kNext;
    rest = inv - a;
  }
  if (h === 0 && x > 0) return [negative ? -1 : 1, Math.min(limit, Math.round(1 / x))];
  return [negative ? -h : h, k];
}

/** "YYYY:MM:DD HH:MM:SS" in UTC (the block also says "+00:00", so readers know the zone). */
export function formatExifDate(date: Date): string | undefined {
  if (!Number.isFinite(date.getTime())) return undefined;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${p(date.getUTCFullYear(), 4)}:${p(date.getUTCMonth() + 1)}:${p(date.getUTCDate())} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`
  );
}

function field(tag: number, type: TiffType, count: number, size: number, write: (v: DataView) => void): Field {
  const bytes = new Uint8Array(count * size);
  write(new DataView(bytes.buffer));
  return { tag, type, count, bytes };
}

function ascii(tag: number, text: string): Field {
  // 7-bit ASCII only; anything else becomes "?" so readers never see broken text.
  const clean = text.slice(0, MAX_ASCII).replace(/[^\x20-\x7e]/g, '?');
  return field(tag, TiffType.ASCII, clean.length + 1, 1, (v) => {
    for (let i = 0; i < clean.length; i++) v.setUint8(i, clean.charCodeAt(i));
  });
}

function short(tag: number, value: number): Field {
  const n = Math.min(0xffff, Math.max(0, Math.round(value)));
  return field(tag, TiffType.SHORT, 1, 2, (v) => v.setUint16(0, n, true));
}

function long(tag: number, value: number): Field {
  return field(tag, TiffType.LONG, 1, 4, (v) => v.setUint32(0, value, true));
}

function rational(tag: number, [num, den]: [number, number], signed = false): Field {
  return field(tag, signed ? TiffType.SRATIONAL : TiffType.RATIONAL, 1, 8, (v) => {
    if (signed) {
      v.setInt32(0, num, true);
      v.setInt32(4, den, true);
    } else {
      v.setUint32(0, num, true);
      v.setUint32(4, den, true);
    }
  });
}

function undefinedBytes(tag: number, values: readonly number[]): Field {
  return field(tag, TiffType.UNDEFINED, values.length, 1, (v) => values.forEach((b, i) => v.setUint8(i, b)));
}

function version(tag: number, text: string): Field {
  return undefinedBytes(tag, Array.from(text, (c) => c.charCodeAt(0)));
}

/** Pushes an unsigned RATIONAL field when the value is finite and not negative. */
function pushRational(out: Field[], tag: number, value: number | undefined): void {
  if (value === undefined) return;
  const r = toRational(value);
  if (r) out.push(rational(tag, r));
}

function imageFields(metadata: StillMetadata, image: ExifImageInfo): Field[] {
  const fields: Field[] = [];
  if (metadata.make) fields.push(ascii(0x010f, metadata.make));
  if (metadata.model) fields.push(ascii(0x0110, metadata.model));
  fields.push(short(0x0112, 1)); // Orientation: rows top to bottom, columns left to right
  fields.push(rational(0x011a, [72, 1]));
  fields.push(rational(0x011b, [72, 1]));
  fields.push(short(0x0128, 2)); // ResolutionUnit: inches
  fields.push(ascii(0x0131, EXIF_SOFTWARE));
  if (image.format === 'jpeg') fields.push(short(0x0213, 1)); // YCbCrPositioning: centred
  return fields;
}

function exifFields(metadata: StillMetadata, image: ExifImageInfo): Field[] {
  const fields: Field[] = [];
  const m = metadata;
  pushRational(fields, 0x829a, m.exposureTime);
  pushRational(fields, 0x829d, m.fNumber);
  if (m.exposureProgram !== undefined) fields.push(short(0x8822, m.exposureProgram === 'manual' ? 1 : 2));
  if (m.iso !== undefined && Number.isFinite(m.iso) && m.iso >= 0) fields.push(short(0x8827, m.iso));
  fields.push(version(0x9000, '0232'));
  const taken = m.date ? formatExifDate(m.date) : undefined;
  if (taken) {
    fields.push(ascii(0x9003, taken));
    fields.push(ascii(0x9011, '+00:00'));
  }
  if (image.format === 'jpeg') fields.push(undefinedBytes(0x9101, [1, 2, 3, 0])); // Y Cb Cr
  if (m.exposureBias !== undefined) {
    const r = toRational(m.exposureBias, true);
    if (r) fields.push(rational(0x9204, r, true));
  }
  if (m.subjectDistance !== undefined) {
    // Exif: 0xFFFFFFFF/1 means infinity.
    if (m.subjectDistance === Infinity) fields.push(rational(0x9206, [U32_MAX, 1]));
    else pushRational(fields, 0x9206, m.subjectDistance);
  }
  if (m.flashFired !== undefined) fields.push(short(0x9209, m.flashFired ? 1 : 0));
  pushRational(fields, 0x920a, m.focalLength);
  fields.push(version(0xa000, '0100'));
  fields.push(short(0xa001, 1)); // ColorSpace: sRGB
  fields.push(long(0xa002, image.width));
  fields.push(long(0xa003, image.height));
  if (m.whiteBalance !== undefined) fields.push(short(0xa403, m.whiteBalance === 'manual' ? 1 : 0));
  pushRational(fields, 0xa404, m.digitalZoomRatio);
  if (m.focalLengthIn35mm !== undefined && Number.isFinite(m.focalLengthIn35mm) && m.focalLengthIn35mm >= 0) {
    fields.push(short(0xa405, m.focalLengthIn35mm));
  }
  return fields;
}

const ifdSize = (fields: readonly Field[]): number => 2 + 12 * fields.length + 4;
const dataSize = (fields: readonly Field[]): number =>
  fields.reduce((sum, f) => sum + (f.bytes.length > 4 ? f.bytes.length + (f.bytes.length & 1) : 0), 0);

/** Writes one IFD at `offset` with its out-of-line values right after it; returns the end. */
function writeIfd(view: DataView, bytes: Uint8Array, offset: number, fields: readonly Field[]): number {
  const sorted = [...fields].sort((a, b) => a.tag - b.tag); // TIFF: entries in ascending tag order
  let data = offset + ifdSize(sorted);
  view.setUint16(offset, sorted.length, true);
  let entry = offset + 2;
  for (const f of sorted) {
    view.setUint16(entry, f.tag, true);
    view.setUint16(entry + 2, f.type, true);
    view.setUint32(entry + 4, f.count, true);
    if (f.bytes.length <= 4) {
      bytes.set(f.bytes, entry + 8); // left-justified in the value field
    } else {
      view.setUint32(entry + 8, data, true);
      bytes.set(f.bytes, data);
      data += f.bytes.length + (f.bytes.length & 1); // values start on word boundaries
    }
    entry += 12;
  }
  view.setUint32(entry, 0, true); // no next IFD (no thumbnail)
  return data;
}

/**
 * The EXIF block for a still, as TIFF data ("II*\0" first). JPEG wraps it in APP1 after
 * "Exif\0\0"; PNG (eXIf) and WebP (EXIF) carry it as it is.
 */
export function buildExif(metadata: StillMetadata, image: ExifImageInfo): Uint8Array {
  const exif = exifFields(metadata, image);
  const ifd0 = imageFields(metadata, image);
  ifd0.push(long(EXIF_IFD_POINTER, 0)); // patched below once the layout is known
  const ifd0Offset = 8;
  const exifOffset = ifd0Offset + ifdSize(ifd0) + dataSize(ifd0);
  const total = exifOffset + ifdSize(exif) + dataSize(exif);
  ifd0[ifd0.length - 1] = long(EXIF_IFD_POINTER, exifOffset);

  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 0x2a, 0x00]); // "II", 42: little-endian TIFF
  view.setUint32(4, ifd0Offset, true);
  writeIfd(view, bytes, ifd0Offset, ifd0);
  writeIfd(view, bytes, exifOffset, exif);
  return bytes;
}
