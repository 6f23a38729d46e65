/**
 * One baseline JPEG from pieces encoded at the same time. An encoder codes a JPEG's blocks one
 * after another on one thread; but blocks depend on each other only through the prediction of
 * their DC coefficients, which a restart marker resets. So the rows of an image, cut at
 * MCU-row boundaries, can be encoded as separate JPEGs on several threads, and their
 * entropy-coded data joined with restart markers between them (a DRI segment giving the
 * interval: the MCUs of one piece) makes one standard baseline JPEG. Its blocks are exactly
 * those of a single encode of the whole image, so it decodes to the same pixels.
 *
 * Every piece must come from the same encoder with the same settings (same tables), chroma
 * 4:2:0 (16-row MCUs), without restart markers of its own; joinPieces checks the headers
 * agree and returns undefined when anything is not as expected (the caller encodes whole).
 */
import { isStartOfFrame } from './jpeg-size.js';

/** Rows of an MCU at 4:2:0 chroma subsampling. */
export const MCU_ROWS = 16;
/** Columns of an MCU at 4:2:0 chroma subsampling. */
const MCU_COLUMNS = 16;
/** Largest restart interval a DRI segment can give (16 bits). */
const MAX_INTERVAL = 0xffff;

/** Row ranges [from, to) of the pieces of a `width`×`height` image cut for `threads` threads; one range when not worth cutting. */
export function pieceRows(width: number, height: number, threads: number): [number, number][] {
  const mcuRows = Math.ceil(height / MCU_ROWS);
  const mcusPerRow = Math.ceil(width / MCU_COLUMNS);
  let pieces = Math.max(1, Math.min(threads, mcuRows));
  // Each piece's MCUs are the restart interval, which has 16 bits.
  while (pieces < mcuRows && mcusPerRow * Math.ceil(mcuRows / pieces) > MAX_INTERVAL) pieces++;
  if (mcusPerRow > MAX_INTERVAL || pieces === 1) return [[0, height]];
  const rows = Math.ceil(mcuRows / pieces) * MCU_ROWS;
  const ranges: [number, number][] = [];
  for (let from = 0; from < height; from += rows) ranges.push([from, Math.min(height, from + rows)]);
  return ranges;
}

interface Parsed {
  /** Offset of the SOF0 segment's height field. */
  readonly heightAt: number;
  /** Offset of the SOS marker. */
  readonly sos: number;
  /** Offset of the entropy-coded data (after the SOS segment). */
  readonly data: number;
}

/** Finds the segments joinPieces needs; undefined when the file is not a plain baseline JPEG. */
function parse(jpeg: Uint8Array): Parsed | undefined {
  const n = jpeg.length;
  if (n < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[n - 2] !== 0xff || jpeg[n - 1] !== 0xd9) return undefined;
  let heightAt = -1;
  let at = 2;
  // Bounded: each turn moves past one segment (its length is at least 2).
  while (at + 4 <= n) {
    if (jpeg[at] !== 0xff) return undefined;
    const marker = jpeg[at + 1]!;
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    if (length < 2) return undefined;
    if (marker === 0xc0) heightAt = at + 5;
    else if (marker === 0xdd || isStartOfFrame(marker)) {
      // Restart markers of its own, or not a baseline sequential frame.
      return undefined;
    }
    if (marker === 0xda) return heightAt < 0 ? undefined : { heightAt, sos: at, data: at + 2 + length };
    at += 2 + length;
  }
  return undefined;
}

/**
 * Joins the JPEGs of the pieces pieceRows() gave (in order) into one `width`×`height` JPEG, or
 * undefined when they are not what this expects (then encode the image whole).
 */
export function joinPieces(parts: readonly Uint8Array[], width: number, height: number): Uint8Array | undefined {
  if (parts.length < 2) return parts[0];
  const parsed = parts.map(parse);
  const first = parsed[0];
  if (!first || parsed.some((p) => !p)) return undefined;
  const head = parts[0]!.subarray(0, first.sos);
  // The same tables, frame and scan header in every piece (the frame's height aside).
  for (let k = 1; k < parts.length; k++) {
    const p = parsed[k]!;
    const other = parts[k]!;
    if (p.sos !== first.sos || p.data !== first.data || p.heightAt !== first.heightAt) return undefined;
    for (let i = 0; i < first.data; i++) {
      if (i === first.heightAt || i === first.heightAt + 1) continue;
      if (other[i] !== parts[0]![i]) return undefined;
    }
  }
  const pieceHeight = (parts[0]![first.heightAt]! << 8) | parts[0]![first.heightAt + 1]!;
  if (pieceHeight % MCU_ROWS !== 0) return undefined;
  const interval = Math.ceil(width / MCU_COLUMNS) * (pieceHeight / MCU_ROWS);
  if (interval > MAX_INTERVAL || height > 0xffff) return undefined;
  const scans = parts.map((part, k) => part.subarray(parsed[k]!.data, part.length - 2));
  const dri = Uint8Array.of(0xff, 0xdd, 0x00, 0x04, interval >> 8, interval & 0xff);
  const sosSegment = parts[0]!.subarray(first.sos, first.data);
  const size = head.length + dri.length + sosSegment.length + scans.reduce((s, d) => s + d.length, 0) + 2 * (parts.length - 1) + 2;
  const out = new Uint8Array(size);
  let at = 0;
  out.set(head, at);
  out[first.heightAt] = height >> 8;
  out[first.heightAt + 1] = height & 0xff;
  at += head.length;
  out.set(dri, at);
  at += dri.length;
  out.set(sosSegment, at);
  at += sosSegment.length;
  scans.forEach((scan, k) => {
    if (k > 0) {
      // RST0 … RST7 in turn between the pieces; each piece's coder ended on a byte boundary.
      out[at++] = 0xff;
      out[at++] = 0xd0 + ((k - 1) & 7);
    }
    out.set(scan, at);
    at += scan.length;
  });
  out[at++] = 0xff;
  out[at++] = 0xd9;
  return out;
}
