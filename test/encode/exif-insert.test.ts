import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import sharp from 'sharp';
import { buildExif } from '../../src/encode/exif.js';
import { crc32, insertExif, sniffContainer } from '../../src/encode/exif-insert.js';
import { findExif, readExif } from '../../src/encode/exif-read.js';
import { gradient } from './fixtures.js';

const W = 48;
const H = 32;
const img = gradient(W, H);
const raw = { raw: { width: W, height: H, channels: 4 as const } };
const tiff = buildExif({ make: 'First', iso: 100 }, { width: W, height: H });
const tiff2 = buildExif({ make: 'Second', iso: 800 }, { width: W, height: H });

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));

/** JPEG markers up to SOS, as [marker, offset]. */
function jpegMarkers(b: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 2;
  for (let i = 0; i < 100 && pos + 4 <= b.length; i++) {
    out.push([b[pos + 1]!, pos]);
    if (b[pos + 1] === 0xda) break;
    pos += 2 + ((b[pos + 2]! << 8) | b[pos + 3]!);
  }
  return out;
}

/** PNG chunk types in order. */
function pngChunks(b: Uint8Array): string[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: string[] = [];
  for (let pos = 8, i = 0; i < 10000 && pos + 12 <= b.length; i++) {
    out.push(ascii(b, pos + 4, 4));
    pos += 12 + v.getUint32(pos);
  }
  return out;
}

/** WebP chunks as [fourcc, offset]. */
function webpChunks(b: Uint8Array): Array<[string, number]> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Array<[string, number]> = [];
  for (let pos = 12, i = 0; i < 100 && pos + 8 <= b.length; i++) {
    out.push([ascii(b, pos, 4), pos]);
    const size = v.getUint32(pos + 4, true);
    pos += 8 + size + (size & 1);
  }
  return out;
}

describe('crc32', () => {
  it('matches zlib for PNG chunk data', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 255);
    assert.equal(crc32(data), zlibCrc32(data));
    assert.equal(crc32(data.subarray(0, 400), data.subarray(400)), zlibCrc32(data));
  });
});

describe('sniffContainer', () => {
  it('names JPEG, PNG and WebP by signature and nothing else', async () => {
    assert.equal(sniffContainer(await sharp(img.data, raw).jpeg().toBuffer()), 'jpeg');
    assert.equal(sniffContainer(await sharp(img.data, raw).png().toBuffer()), 'png');
    assert.equal(sniffContainer(await sharp(img.data, raw).webp().toBuffer()), 'webp');
    assert.equal(sniffContainer(Uint8Array.of(0x47, 0x49, 0x46, 0x38)), undefined);
  });
});

describe('insertExif into JPEG', () => {
  it('puts an Exif APP1 segment right after SOI', async () => {
    const out = insertExif(await sharp(img.data, raw).jpeg().toBuffer(), tiff);
    const [first] = jpegMarkers(out);
    assert.deepEqual(first, [0xe1, 2]);
    assert.equal(ascii(out, 6, 6), 'Exif\0\0');
    assert.equal(readExif(out).Make, 'First');
    assert.equal((await sharp(out).metadata()).width, W);
  });

  it('keeps a JFIF APP0 segment first and puts APP1 after it', async () => {
    const plain = await sharp(img.data, raw).jpeg().toBuffer();
    const app0 = Uint8Array.of(0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0);
    const jfif = new Uint8Array([...plain.subarray(0, 2), ...app0, ...plain.subarray(2)]);
    const markers = jpegMarkers(insertExif(jfif, tiff)).map(([m]) => m);
    assert.deepEqual(markers.slice(0, 2), [0xe0, 0xe1]);
  });

  it('replaces an EXIF block that is already there', async () => {
    const once = insertExif(await sharp(img.data, raw).jpeg().toBuffer(), tiff);
    const twice = insertExif(once, tiff2);
    assert.equal(jpegMarkers(twice).filter(([m]) => m === 0xe1).length, 1);
    assert.equal(readExif(twice).Make, 'Second');
    assert.equal(twice.length, once.length - tiff.length + tiff2.length);
  });

  it('rejects a truncated header with EncodingError', () => {
    assert.throws(() => insertExif(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x7f, 0xff, 0, 0), tiff), { name: 'EncodingError' });
  });
});

describe('insertExif into PNG', () => {
  it('adds an eXIf chunk right after IHDR with a valid CRC', async () => {
    const out = insertExif(await sharp(img.data, raw).png().toBuffer(), tiff);
    const chunks = pngChunks(out);
    assert.deepEqual(chunks.slice(0, 2), ['IHDR', 'eXIf']);
    assert.equal(chunks.at(-1), 'IEND');
    const at = 8 + 25; // signature + IHDR
    const v = new DataView(out.buffer, out.byteOffset);
    const length = v.getUint32(at);
    assert.equal(length, tiff.length);
    assert.equal(v.getUint32(at + 8 + length), zlibCrc32(out.subarray(at + 4, at + 8 + length)));
    assert.deepEqual(findExif(out), tiff);
  });

  it('replaces an eXIf chunk that is already there', async () => {
    const twice = insertExif(insertExif(await sharp(img.data, raw).png().toBuffer(), tiff), tiff2);
    assert.equal(pngChunks(twice).filter((c) => c === 'eXIf').length, 1);
    assert.equal(readExif(twice).ISOSpeedRatings, 800);
  });

  it('gives a file libpng reads, with the block sharp reports', async () => {
    const out = insertExif(await sharp(img.data, raw).png().toBuffer(), tiff);
    const meta = await sharp(out).metadata();
    assert.equal(meta.format, 'png');
    assert.deepEqual(readExif(meta.exif!), readExif(tiff));
  });
});

describe('insertExif into WebP', () => {
  it('turns a simple lossy file into an extended one with the EXIF flag and canvas size', async () => {
    const simple = await sharp(img.data, raw).removeAlpha().webp().toBuffer();
    assert.equal(webpChunks(simple)[0]![0], 'VP8 ');
    const out = insertExif(simple, tiff);
    const chunks = webpChunks(out).map(([c]) => c);
    assert.deepEqual(chunks, ['VP8X', 'VP8 ', 'EXIF']);
    const v = new DataView(out.buffer, out.byteOffset);
    assert.equal(v.getUint32(4, true), out.length - 8, 'RIFF size');
    assert.equal(out[20]! & 0x08, 0x08, 'EXIF flag');
    assert.equal(out[20]! & 0x10, 0, 'no alpha flag');
    assert.equal((out[24]! | (out[25]! << 8) | (out[26]! << 16)) + 1, W);
    assert.equal((out[27]! | (out[28]! << 8) | (out[29]! << 16)) + 1, H);
    const meta = await sharp(out).metadata();
    assert.equal(meta.width, W);
    assert.deepEqual(readExif(meta.exif!), readExif(tiff));
  });

  it('sets the alpha flag for a lossless file whose image uses alpha', async () => {
    const translucent = gradient(W, H, 128);
    const lossless = await sharp(translucent.data, raw).webp({ lossless: true }).toBuffer();
    assert.equal(webpChunks(lossless)[0]![0], 'VP8L');
    const out = insertExif(lossless, tiff);
    assert.equal(out[20]! & 0x18, 0x18);
    const decoded = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    assert.equal(decoded.info.channels, 4);
    assert.equal(decoded.data[3], 128);
  });

  it('adds the flag to an extended file and puts EXIF after the image data', async () => {
    const extended = await sharp(gradient(W, H, 200).data, raw).webp().toBuffer(); // lossy + ALPH
    const before = webpChunks(extended).map(([c]) => c);
    assert.equal(before[0], 'VP8X');
    const out = insertExif(extended, tiff);
    assert.deepEqual(webpChunks(out).map(([c]) => c), [...before, 'EXIF']);
    assert.equal(out[20]! & 0x08, 0x08);
    assert.equal(new DataView(out.buffer, out.byteOffset).getUint32(4, true), out.length - 8);
  });

  it('replaces an EXIF chunk that is already there, and pads odd-sized blocks', async () => {
    const odd = new Uint8Array([...tiff2, 0]); // one byte longer: odd length
    assert.equal(odd.length % 2, 1);
    const twice = insertExif(insertExif(await sharp(img.data, raw).webp().toBuffer(), tiff), odd);
    assert.equal(webpChunks(twice).filter(([c]) => c === 'EXIF').length, 1);
    assert.equal(twice.length % 2, 0);
    assert.equal(readExif(twice).Make, 'Second');
    assert.equal((await sharp(twice).metadata()).height, H);
  });
});

describe('insertExif on other data', () => {
  it('throws EncodingError for data that is not JPEG, PNG or WebP', () => {
    assert.throws(() => insertExif(Uint8Array.of(1, 2, 3, 4), tiff), { name: 'EncodingError' });
  });
});
