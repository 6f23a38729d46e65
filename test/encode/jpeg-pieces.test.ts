/**
 * JPEG in pieces: the rows cut at MCU-row boundaries, each piece encoded apart, joined with
 * restart markers into one baseline JPEG that decodes to exactly the pixels of the image encoded
 * whole; anything unexpected in the pieces gives no join (the caller encodes whole).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp, { type JpegOptions } from 'sharp';
import { joinPieces, MCU_ROWS, pieceRows } from '../../src/encode/jpeg-pieces.js';
import { bytesOf, FULL_METADATA, textured } from './fixtures.js';
import { encodeRaw } from '../../src/encode/node.js';
import { readExif } from '../../src/encode/exif-read.js';

const JPEG = { quality: 92, progressive: false, chromaSubsampling: '4:2:0', optimiseCoding: false, mozjpeg: false } as const;

function rgbaOf(width: number, height: number): Buffer {
  const { data } = textured(width, height);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function encode(px: Buffer, width: number, height: number, options: JpegOptions = JPEG): Promise<Buffer> {
  return sharp(px, { raw: { width, height, channels: 4 } }).removeAlpha().jpeg(options).toBuffer();
}

function encodePieces(
  px: Buffer,
  width: number,
  ranges: [number, number][],
  options: (k: number) => JpegOptions = () => JPEG,
): Promise<Buffer[]> {
  return Promise.all(ranges.map(([a, b], k) => encode(px.subarray(a * width * 4, b * width * 4), width, b - a, options(k))));
}

const decode = (jpeg: Uint8Array): Promise<Buffer> => sharp(jpeg).raw().toBuffer();

/** Offsets of the markers of a JPEG's segments up to its scan, and the restart markers in the scan. */
function markers(jpeg: Uint8Array): { segments: number[]; restarts: number[] } {
  const segments: number[] = [];
  let at = 2;
  for (let guard = 0; guard < 100 && jpeg[at + 1] !== 0xda; guard++) {
    segments.push(jpeg[at + 1]!);
    at += 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
  }
  const restarts: number[] = [];
  for (let i = at; i < jpeg.length - 1; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1]! >= 0xd0 && jpeg[i + 1]! <= 0xd7) restarts.push(jpeg[i + 1]!);
  }
  return { segments, restarts };
}

describe('JPEG in pieces', () => {
  it('cuts rows at MCU-row boundaries into at most one piece a thread, covering the image', () => {
    for (const [w, h, threads] of [[4032, 3024, 2], [1920, 1080, 4], [333, 250, 3], [100, 40, 8]] as const) {
      const ranges = pieceRows(w, h, threads);
      assert.ok(ranges.length >= 1 && ranges.length <= threads);
      assert.equal(ranges[0]![0], 0);
      assert.equal(ranges.at(-1)![1], h);
      for (let k = 1; k < ranges.length; k++) {
        assert.equal(ranges[k]![0], ranges[k - 1]![1]);
        assert.equal(ranges[k]![0] % MCU_ROWS, 0);
      }
    }
    assert.deepEqual(pieceRows(4032, 3024, 1), [[0, 3024]]);
    assert.deepEqual(pieceRows(640, 16, 4), [[0, 16]], 'one MCU row cannot be cut');
  });

  it('cuts more pieces than threads when one piece would have more MCUs than a restart interval can give', () => {
    // 16000 wide: 1000 MCUs a row, so at most 65 MCU rows a piece.
    const ranges = pieceRows(16000, 8000, 2);
    assert.ok(ranges.length > 2);
    for (const [a, b] of ranges) assert.ok(Math.ceil((b - a) / 16) * 1000 <= 0xffff);
  });

  it('joins pieces into one baseline JPEG that decodes to the pixels of the image encoded whole', async () => {
    for (const [w, h, threads] of [[640, 480, 2], [333, 250, 3], [1000, 530, 4]] as const) {
      const px = rgbaOf(w, h);
      const ranges = pieceRows(w, h, threads);
      assert.ok(ranges.length >= 2);
      const joined = joinPieces(await encodePieces(px, w, ranges), w, h)!;
      assert.ok(joined, `${w}x${h} joined`);
      const meta = await sharp(joined).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.isProgressive], ['jpeg', w, h, false]);
      assert.ok((await decode(joined)).equals(await decode(await encode(px, w, h))), `${w}x${h} in ${ranges.length} pieces`);
      const { segments, restarts } = markers(joined);
      assert.ok(segments.includes(0xdd), 'a DRI segment');
      assert.deepEqual(restarts, ranges.slice(1).map((_, k) => 0xd0 + (k & 7)));
    }
  });

  it('does not join pieces encoded with other tables, progressive, or cut off an MCU row', async () => {
    const [w, h] = [320, 96];
    const px = rgbaOf(w, h);
    const ranges = pieceRows(w, h, 2);
    assert.equal(joinPieces(await encodePieces(px, w, ranges, (k) => ({ ...JPEG, quality: k === 0 ? 92 : 80 })), w, h), undefined);
    assert.equal(joinPieces(await encodePieces(px, w, ranges, () => ({ ...JPEG, progressive: true })), w, h), undefined);
    assert.equal(joinPieces(await encodePieces(px, w, [[0, 40], [40, 96]]), w, h), undefined);
    const good = await encodePieces(px, w, ranges);
    assert.equal(joinPieces([good[0]!, good[1]!.subarray(0, good[1]!.length - 2)], w, h), undefined, 'a piece without its end');
  });

  it('takes a large photo through pieces, with its EXIF, decoding to the pixels of a whole encode', async () => {
    const [w, h] = [2048, 1536];
    const px = rgbaOf(w, h);
    const blob = await encodeRaw({ data: px, width: w, height: h }, { type: 'image/jpeg', quality: 0.92, metadata: FULL_METADATA });
    const bytes = await bytesOf(blob);
    assert.ok(markers(bytes).segments.includes(0xdd), 'encoded in pieces');
    assert.equal(readExif(bytes).Make, FULL_METADATA.make);
    assert.ok((await decode(bytes)).equals(await decode(await encode(px, w, h))));
  });
});
