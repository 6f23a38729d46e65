import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { decodeToRaw, encodeRaw } from '../../src/encode/node.js';
import { readExif, readExifEntries } from '../../src/encode/exif-read.js';
import { SUPPORTED_IMAGE_TYPES } from '../../src/encode/options.js';
import { FULL_METADATA, bytesOf, gradient, textured, type Rgba } from './fixtures.js';

const W = 96;
const H = 64;

/** Mean and largest absolute difference over the colour channels. */
function difference(a: Uint8Array, b: Uint8Array): { mean: number; max: number } {
  assert.equal(a.length, b.length);
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    if (d > max) max = d;
    n++;
  }
  return { mean: sum / n, max };
}

async function roundTrip(img: Rgba, type: string): Promise<{ bytes: Uint8Array; decoded: Rgba; blob: Blob }> {
  const blob = await encodeRaw(img, { type });
  const bytes = await bytesOf(blob);
  return { blob, bytes, decoded: await decodeToRaw(bytes) };
}

describe('encodeRaw round trips', () => {
  const img = gradient(W, H);

  it('encodes JPEG by default, close to the source pixels', async () => {
    const blob = await encodeRaw(img, {});
    assert.equal(blob.type, 'image/jpeg');
    const bytes = await bytesOf(blob);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', W, H]);
    assert.equal(meta.isProgressive, false);
    assert.equal(meta.chromaSubsampling, '4:2:0');
    const { mean, max } = difference((await decodeToRaw(bytes)).data, img.data);
    assert.ok(mean < 1.5 && max < 16, `mean ${mean}, max ${max}`);
  });

  it('encodes PNG losslessly', async () => {
    const { blob, bytes, decoded } = await roundTrip(img, 'image/png');
    assert.equal(blob.type, 'image/png');
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', W, H]);
    assert.deepEqual(decoded.data, img.data);
  });

  it('stores an opaque PNG as RGB and keeps a translucent one RGBA, exactly', async () => {
    assert.equal((await sharp((await roundTrip(img, 'image/png')).bytes).metadata()).channels, 3);
    const translucent = textured(W, H);
    for (let i = 3; i < translucent.data.length; i += 4) translucent.data[i] = i % 256;
    const { bytes, decoded } = await roundTrip(translucent, 'image/png');
    assert.equal((await sharp(bytes).metadata()).channels, 4);
    assert.deepEqual(decoded.data, translucent.data);
  });

  it('encodes WebP close to the source pixels, without an alpha plane when opaque', async () => {
    const { blob, bytes, decoded } = await roundTrip(img, 'image/webp');
    assert.equal(blob.type, 'image/webp');
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.hasAlpha], ['webp', W, H, false]);
    const { mean, max } = difference(decoded.data, img.data);
    assert.ok(mean < 3 && max < 40, `mean ${mean}, max ${max}`);
  });

  it('accepts a type in any ASCII case and reports it lower-cased', async () => {
    assert.equal((await encodeRaw(img, { type: 'IMAGE/PNG' })).type, 'image/png');
  });

  it('reads only the first width*height*4 bytes of a longer buffer and leaves it unchanged', async () => {
    const longer = new Uint8Array(img.data.length + 400).fill(7);
    longer.set(img.data);
    const copy = longer.slice();
    const { decoded } = await roundTrip({ data: longer, width: W, height: H }, 'image/png');
    assert.deepEqual(decoded.data, img.data);
    assert.deepEqual(longer, copy);
  });
});

describe('encodeRaw quality', () => {
  const img = textured(W, H);
  for (const type of ['image/jpeg', 'image/webp']) {
    it(`${type}: a higher quality gives a larger file`, async () => {
      const sizes: number[] = [];
      for (const quality of [0.1, 0.3, 0.5, 0.7, 0.9, 1]) sizes.push((await encodeRaw(img, { type, quality })).size);
      for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i]! > sizes[i - 1]!, `sizes ${sizes.join(', ')}`);
    });
  }

  it('uses 0.92 for JPEG and 0.8 for WebP when quality is missing or out of range', async () => {
    for (const [type, q] of [['image/jpeg', 0.92], ['image/webp', 0.8]] as const) {
      const explicit = await bytesOf(await encodeRaw(img, { type, quality: q }));
      assert.deepEqual(await bytesOf(await encodeRaw(img, { type })), explicit, `${type} default`);
      assert.deepEqual(await bytesOf(await encodeRaw(img, { type, quality: 7 })), explicit, `${type} out of range`);
    }
  });
});

describe('encodeRaw EXIF', () => {
  const img = gradient(W, H);
  for (const type of SUPPORTED_IMAGE_TYPES) {
    it(`${type}: every metadata field reads back exactly, in our reader and in sharp's`, async () => {
      const bytes = await bytesOf(await encodeRaw(img, { type, metadata: FULL_METADATA }));
      const fields = readExif(bytes);
      assert.deepEqual(
        {
          Make: fields.Make,
          Model: fields.Model,
          Software: fields.Software,
          Orientation: fields.Orientation,
          ISOSpeedRatings: fields.ISOSpeedRatings,
          FocalLengthIn35mmFilm: fields.FocalLengthIn35mmFilm,
          Flash: fields.Flash,
          WhiteBalance: fields.WhiteBalance,
          ExposureProgram: fields.ExposureProgram,
          DateTimeOriginal: fields.DateTimeOriginal,
        },
        {
          Make: 'Virtual Devices',
          Model: 'Phone 12MP',
          Software: 'imagecapture',
          Orientation: 1,
          ISOSpeedRatings: 400,
          FocalLengthIn35mmFilm: 26,
          Flash: 1,
          WhiteBalance: 1,
          ExposureProgram: 1,
          DateTimeOriginal: '2024:01:02 03:04:05',
        },
      );
      const rationals = Object.fromEntries(
        readExifEntries(bytes)
          .filter((e) => e.type === 5 || e.type === 10)
          .map((e) => [e.name, e.value]),
      );
      assert.deepEqual(rationals, {
        XResolution: [[72, 1]],
        YResolution: [[72, 1]],
        ExposureTime: [[1, 120]],
        FNumber: [[9, 5]],
        ExposureBiasValue: [[-1, 3]],
        SubjectDistance: [[3, 2]],
        FocalLength: [[17, 4]],
        DigitalZoomRatio: [[5, 2]],
      });
      const meta = await sharp(bytes).metadata();
      assert.ok(meta.exif, 'sharp finds the EXIF block');
      assert.deepEqual(readExif(meta.exif), fields);
      assert.equal(meta.orientation, 1, 'libexif parses the block (Orientation)');
    });

    it(`${type}: EXIF pixel dimensions match the encoded image`, async () => {
      const bytes = await bytesOf(await encodeRaw(gradient(50, 20), { type, metadata: {} }));
      const meta = await sharp(bytes).metadata();
      const fields = readExif(bytes);
      assert.deepEqual([fields.PixelXDimension, fields.PixelYDimension], [meta.width, meta.height]);
      assert.deepEqual([meta.width, meta.height], [50, 20]);
    });

    it(`${type}: carries no GPS directory or GPS field`, async () => {
      const bytes = await bytesOf(await encodeRaw(img, { type, metadata: FULL_METADATA }));
      const entries = readExifEntries(bytes);
      assert.ok(entries.length > 20);
      assert.equal(entries.some((e) => e.directory === 'GPS' || e.tag === 0x8825 || e.name.startsWith('GPS')), false);
    });

    it(`${type}: carries no EXIF at all when no metadata is given`, async () => {
      const bytes = await bytesOf(await encodeRaw(img, { type }));
      assert.deepEqual(readExif(bytes), {});
      assert.equal((await sharp(bytes).metadata()).exif, undefined);
    });
  }

  it('survives a libvips parse and rewrite with the same values', async () => {
    const bytes = await bytesOf(await encodeRaw(img, { type: 'image/jpeg', metadata: FULL_METADATA }));
    const rewritten = await sharp(bytes).keepExif().png().toBuffer();
    const before = readExif(bytes);
    const after = readExif(rewritten);
    const names = ['Make', 'Model', 'ExposureTime', 'FNumber', 'ExposureBiasValue', 'ISOSpeedRatings', 'FocalLength'];
    names.push('DigitalZoomRatio', 'SubjectDistance', 'Flash', 'WhiteBalance', 'DateTimeOriginal', 'FocalLengthIn35mmFilm');
    for (const name of names) {
      assert.notEqual(before[name], undefined, name);
      assert.equal(after[name], before[name], name);
    }
  });
});

describe('encodeRaw errors', () => {
  const img = gradient(8, 8);

  it('rejects an unsupported type with NotSupportedError naming it and the allowed types', async () => {
    await assert.rejects(encodeRaw(img, { type: 'image/gif' }), (e: unknown) => {
      assert.ok(e instanceof DOMException);
      assert.equal(e.name, 'NotSupportedError');
      assert.match(e.message, /"image\/gif".*image\/jpeg, image\/png, image\/webp/);
      return true;
    });
  });

  it('rejects with TypeError when the data is shorter than width*height*4', async () => {
    await assert.rejects(encodeRaw({ data: new Uint8Array(10), width: 8, height: 8 }), {
      name: 'TypeError',
      message: 'Cannot encode a 8x8 RGBA image from 10 bytes; it needs 256.',
    });
  });

  it('rejects with TypeError for a zero or fractional size', async () => {
    await assert.rejects(encodeRaw({ data: new Uint8Array(0), width: 0, height: 8 }), { name: 'TypeError' });
    await assert.rejects(encodeRaw({ data: new Uint8Array(64), width: 2.5, height: 2 }), { name: 'TypeError' });
  });

  it('rejects with EncodingError when the encoder cannot take the size (WebP over 16383 wide)', async () => {
    await assert.rejects(encodeRaw({ data: new Uint8Array(16400 * 4), width: 16400, height: 1 }, { type: 'image/webp' }), {
      name: 'EncodingError',
    });
  });
});

describe('decodeToRaw', () => {
  it('gives RGBA for a grayscale image', async () => {
    const gray = await sharp(Buffer.alloc(6 * 4, 90), { raw: { width: 6, height: 4, channels: 1 } }).png().toBuffer();
    const out = await decodeToRaw(gray);
    assert.deepEqual([out.width, out.height, out.data.length], [6, 4, 96]);
    assert.deepEqual([...out.data.subarray(0, 4)], [90, 90, 90, 255]);
  });

  it('applies EXIF orientation by default and not with imageOrientation "none"', async () => {
    const rotated = await sharp(gradient(30, 10).data, { raw: { width: 30, height: 10, channels: 4 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const upright = await decodeToRaw(rotated);
    assert.deepEqual([upright.width, upright.height], [10, 30]);
    const asStored = await decodeToRaw(rotated, { imageOrientation: 'none' });
    assert.deepEqual([asStored.width, asStored.height], [30, 10]);
  });

  it('rejects with EncodingError for data that is not an image', async () => {
    await assert.rejects(decodeToRaw(new TextEncoder().encode('not an image')), { name: 'EncodingError' });
  });
});

describe('loading sharp', { skip: process.platform !== 'linux' && 'reads /proc/self/maps' }, () => {
  it('does not load libvips on import, only on the first encode', async () => {
    const entry = new URL('../../src/encode/index.ts', import.meta.url).href;
    const script = `
      import { readFileSync } from 'node:fs';
      const loaded = () => readFileSync('/proc/self/maps', 'utf8').includes('libvips');
      const m = await import(${JSON.stringify(entry)});
      const before = loaded();
      await m.encodeRaw({ data: new Uint8Array(16), width: 2, height: 2 });
      console.log(JSON.stringify([before, loaded()]));`;
    const cwd = fileURLToPath(new URL('../../', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd });
    assert.deepEqual(JSON.parse(stdout), [false, true]);
  });
});
