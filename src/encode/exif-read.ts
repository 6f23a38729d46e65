/**
 * A small EXIF reader: finds the EXIF block of a JPEG, PNG or WebP file (or takes TIFF data
 * directly, with or without the "Exif\0\0" prefix) and lists its fields. Tolerant: damaged or
 * hostile data yields fewer fields, never an exception or an unbounded loop. Platform-neutral.
 */
import {
  EXIF_IFD_POINTER,
  GPS_IFD_POINTER,
  INTEROP_IFD_POINTER,
  TYPE_SIZE,
  TiffType,
  tagName,
  type ExifDirectory,
} from './exif-tags.js';

/** One field as stored. */
export interface ExifEntry {
  readonly directory: ExifDirectory;
  readonly tag: number;
  /** The Exif name ("ExposureTime"), or "Tag0x…"/"GPSTag0x…" for tags this reader does not name. */
  readonly name: string;
  readonly type: number;
  readonly count: number;
  /**
   * ASCII: the text up to its first NUL. RATIONAL/SRATIONAL: [numerator, denominator] pairs.
   * UNDEFINED: the bytes. Every other type: the numbers.
   */
  readonly value: string | number[] | Array<[number, number]> | Uint8Array;
}

const MAX_ENTRIES_PER_IFD = 1024;
const MAX_IFDS = 16;

const isTiffHeader = (b: Uint8Array, at = 0): boolean =>
  b.length >= at + 8 &&
  ((b[at] === 0x49 && b[at + 1] === 0x49 && b[at + 2] === 0x2a && b[at + 3] === 0) ||
    (b[at] === 0x4d && b[at + 1] === 0x4d && b[at + 2] === 0 && b[at + 3] === 0x2a));

const hasExifPrefix = (b: Uint8Array, at = 0): boolean =>
  b.length >= at + 6 &&
  b[at] === 0x45 && b[at + 1] === 0x78 && b[at + 2] === 0x69 && b[at + 3] === 0x66 && b[at + 4] === 0 && b[at + 5] === 0;

/** Bytes as Latin-1 text, in slices so long values cannot overflow the argument list. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}

const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

function fromJpeg(b: Uint8Array): Uint8Array | undefined {
  let pos = 2;
  for (let guard = 0; guard < 0x10000 && pos + 4 <= b.length; guard++) {
    if (b[pos] !== 0xff) return undefined;
    const marker = b[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const end = pos + 2 + ((b[pos + 2]! << 8) | b[pos + 3]!);
    if (marker === 0xe1 && hasExifPrefix(b, pos + 4)) return b.subarray(pos + 10, Math.min(end, b.length));
    pos = end;
  }
  return undefined;
}

function fromPng(b: Uint8Array): Uint8Array | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 8;
  while (pos + 12 <= b.length) {
    const length = view.getUint32(pos);
    const type = fourcc(b, pos + 4);
    if (type === 'eXIf') return b.subarray(pos + 8, Math.min(b.length, pos + 8 + length));
    if (type === 'IEND') return undefined;
    pos += 12 + length;
  }
  return undefined;
}

function fromWebp(b: Uint8Array): Uint8Array | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 12;
  while (pos + 8 <= b.length) {
    const size = view.getUint32(pos + 4, true);
    if (fourcc(b, pos) === 'EXIF') {
      const payload = b.subarray(pos + 8, Math.min(b.length, pos + 8 + size));
      return hasExifPrefix(payload) ? payload.subarray(6) : payload; // some writers keep the JPEG prefix
    }
    pos += 8 + size + (size & 1);
  }
  return undefined;
}

/**
 * The TIFF data of the EXIF block in `bytes` (a JPEG, PNG or WebP file, "Exif\0\0"+TIFF as
 * sharp's `metadata().exif` gives for JPEG, or bare TIFF data), or undefined when there is none.
 */
export function findExif(bytes: Uint8Array): Uint8Array | undefined {
  let tiff: Uint8Array | undefined;
  if (isTiffHeader(bytes)) tiff = bytes;
  else if (hasExifPrefix(bytes)) tiff = bytes.subarray(6);
  else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8) tiff = fromJpeg(bytes);
  else if (bytes.length >= 8 && bytes[0] === 0x89 && fourcc(bytes, 0) === '\x89PNG') tiff = fromPng(bytes);
  else if (bytes.length >= 12 && fourcc(bytes, 0) === 'RIFF' && fourcc(bytes, 8) === 'WEBP') tiff = fromWebp(bytes);
  return tiff && isTiffHeader(tiff) ? tiff : undefined;
}

function readValue(view: DataView, le: boolean, type: number, count: number, at: number): ExifEntry['value'] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + at, count * TYPE_SIZE[type]!);
  switch (type) {
    case TiffType.ASCII: {
      const nul = bytes.indexOf(0);
      return latin1(nul === -1 ? bytes : bytes.subarray(0, nul));
    }
    case TiffType.UNDEFINED:
      return bytes.slice();
    case TiffType.RATIONAL:
    case TiffType.SRATIONAL: {
      const pairs: Array<[number, number]> = [];
      for (let i = 0; i < count; i++) {
        const o = at + 8 * i;
        pairs.push(
          type === TiffType.RATIONAL
            ? [view.getUint32(o, le), view.getUint32(o + 4, le)]
            : [view.getInt32(o, le), view.getInt32(o + 4, le)],
        );
      }
      return pairs;
    }
  }
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + TYPE_SIZE[type]! * i;
    if (type === TiffType.BYTE) numbers.push(view.getUint8(o));
    else if (type === TiffType.SBYTE) numbers.push(view.getInt8(o));
    else if (type === TiffType.SHORT) numbers.push(view.getUint16(o, le));
    else if (type === TiffType.SSHORT) numbers.push(view.getInt16(o, le));
    else if (type === TiffType.LONG) numbers.push(view.getUint32(o, le));
    else if (type === TiffType.SLONG) numbers.push(view.getInt32(o, le));
    else if (type === TiffType.FLOAT) numbers.push(view.getFloat32(o, le));
    else numbers.push(view.getFloat64(o, le));
  }
  return numbers;
}

/** Every field of the EXIF block in `bytes`, directory by directory; [] when there is none. */
export function readExifEntries(bytes: Uint8Array): ExifEntry[] {
  const tiff = findExif(bytes);
  if (!tiff) return [];
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const le = tiff[0] === 0x49;
  const entries: ExifEntry[] = [];
  const visited = new Set<number>();
  const queue: Array<[ExifDirectory, number]> = [['IFD0', view.getUint32(4, le)]];
  for (let n = 0; n < MAX_IFDS && queue.length > 0; n++) {
    const [directory, offset] = queue.shift()!;
    if (visited.has(offset) || offset < 8 || offset + 2 > tiff.length) continue;
    visited.add(offset);
    const count = Math.min(view.getUint16(offset, le), MAX_ENTRIES_PER_IFD, Math.floor((tiff.length - offset - 2) / 12));
    for (let i = 0; i < count; i++) {
      const e = offset + 2 + 12 * i;
      const tag = view.getUint16(e, le);
      const type = view.getUint16(e + 2, le);
      const components = view.getUint32(e + 4, le);
      const size = TYPE_SIZE[type] ?? 0;
      if (size === 0 || components === 0) continue;
      const length = size * components;
      const at = length <= 4 ? e + 8 : view.getUint32(e + 8, le);
      if (length > tiff.length || at + length > tiff.length) continue;
      const value = readValue(view, le, type, components, at);
      entries.push({ directory, tag, name: tagName(directory, tag), type, count: components, value });
      const pointer = Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
      if (pointer !== undefined && (directory === 'IFD0' || directory === 'Exif')) {
        if (tag === EXIF_IFD_POINTER && directory === 'IFD0') queue.push(['Exif', pointer]);
        else if (tag === GPS_IFD_POINTER && directory === 'IFD0') queue.push(['GPS', pointer]);
        else if (tag === INTEROP_IFD_POINTER && directory === 'Exif') queue.push(['Interop', pointer]);
      }
    }
    const nextAt = offset + 2 + 12 * count;
    if (directory === 'IFD0' && nextAt + 4 <= tiff.length) {
      const next = view.getUint32(nextAt, le);
      if (next !== 0) queue.push(['IFD1', next]);
    }
  }
  return entries;
}

const POINTERS = new Set([EXIF_IFD_POINTER, GPS_IFD_POINTER, INTEROP_IFD_POINTER]);

function simplify(entry: ExifEntry): number | string {
  const v = entry.value;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) {
    const printable = v.every((c) => c >= 0x20 && c <= 0x7e);
    return printable ? latin1(v) : Array.from(v).join(' ');
  }
  const numbers = v.map((x) => (typeof x === 'number' ? x : x[1] === 0 ? NaN : x[0] / x[1]));
  return numbers.length === 1 ? numbers[0]! : numbers.join(' ');
}

/**
 * The EXIF fields of an image by name: text as strings, single numbers and rationals as numbers
 * (numerator / denominator), lists as space-separated strings, printable UNDEFINED fields
 * (ExifVersion) as text. Fields of the thumbnail directory (IFD1) and directory pointers are
 * left out. {} when the image has no EXIF block.
 */
export function readExif(bytes: Uint8Array): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const entry of readExifEntries(bytes)) {
    if (entry.directory === 'IFD1' || POINTERS.has(entry.tag)) continue;
    if (!(entry.name in out)) out[entry.name] = simplify(entry);
  }
  return out;
}
