import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildExif, formatExifDate, toRational } from '../../src/encode/exif.js';
import { findExif, readExif, readExifEntries, type ExifEntry } from '../../src/encode/exif-read.js';
import { TiffType } from '../../src/encode/exif-tags.js';
import { FULL_METADATA } from './fixtures.js';

const entry = (entries: ExifEntry[], name: string): ExifEntry => {
  const found = entries.find((e) => e.name === name);
  assert.ok(found, `${name} is present`);
  return found;
};

describe('toRational', () => {
  it('keeps 1/120 s as 1/120', () => assert.deepEqual(toRational(1 / 120), [1, 120]));
  it('writes a decimal exposure time as its exact fraction', () => assert.deepEqual(toRational(0.0083), [83, 10000]));
  it('reduces f/1.8 to 9/5', () => assert.deepEqual(toRational(1.8), [9, 5]));
  it('writes integers over 1', () => assert.deepEqual(toRational(30), [30, 1]));
  it('signs the numerator of a negative SRATIONAL', () => assert.deepEqual(toRational(-1 / 3, true), [-1, 3]));
  it('refuses negative values for unsigned rationals', () => assert.equal(toRational(-0.5), undefined));
  it('refuses NaN and infinities', () => {
    assert.equal(toRational(Number.NaN), undefined);
    assert.equal(toRational(Infinity), undefined);
  });
  it('keeps parts within 32 bits for values that have no short fraction', () => {
    const [n, d] = toRational(Math.PI)!;
    assert.ok(n <= 0xffffffff && d <= 0xffffffff);
    assert.ok(Math.abs(n / d - Math.PI) <= Math.PI * 1e-12, `${n}/${d} is within 1e-12 of pi`);
  });
  it('gives the nearest 1/n for a value too small for the denominator limit', () => {
    assert.deepEqual(toRational(1e-12), [1, 0xffffffff]);
  });
});

describe('formatExifDate', () => {
  it('formats the UTC date as YYYY:MM:DD HH:MM:SS', () => {
    assert.equal(formatExifDate(new Date(Date.UTC(2024, 11, 31, 23, 59, 58))), '2024:12:31 23:59:58');
  });
  it('gives nothing for an invalid date', () => assert.equal(formatExifDate(new Date(Number.NaN)), undefined));
});

describe('buildExif', () => {
  const tiff = buildExif(FULL_METADATA, { width: 4032, height: 3024, format: 'jpeg' });
  const entries = readExifEntries(tiff);

  it('writes a little-endian TIFF header pointing at IFD0', () => {
    assert.deepEqual([...tiff.subarray(0, 8)], [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
  });

  it('writes every rational exactly as numerator and denominator', () => {
    assert.deepEqual(entry(entries, 'ExposureTime').value, [[1, 120]]);
    assert.deepEqual(entry(entries, 'FNumber').value, [[9, 5]]);
    assert.deepEqual(entry(entries, 'FocalLength').value, [[17, 4]]);
    assert.deepEqual(entry(entries, 'ExposureBiasValue').value, [[-1, 3]]);
    assert.equal(entry(entries, 'ExposureBiasValue').type, TiffType.SRATIONAL);
    assert.deepEqual(entry(entries, 'DigitalZoomRatio').value, [[5, 2]]);
    assert.deepEqual(entry(entries, 'SubjectDistance').value, [[3, 2]]);
  });

  it('puts the capture facts in the Exif sub-IFD and the device in IFD0', () => {
    for (const name of ['ExposureTime', 'ISOSpeedRatings', 'Flash', 'WhiteBalance', 'PixelXDimension']) {
      assert.equal(entry(entries, name).directory, 'Exif', name);
    }
    for (const name of ['Make', 'Model', 'Orientation', 'Software']) assert.equal(entry(entries, name).directory, 'IFD0', name);
  });

  it('reads back every field of the metadata', () => {
    const fields = readExif(tiff);
    assert.equal(fields.Make, 'Virtual Devices');
    assert.equal(fields.Model, 'Phone 12MP');
    assert.equal(fields.Software, 'imagecapture');
    assert.equal(fields.Orientation, 1);
    assert.equal(fields.ExposureTime, 1 / 120);
    assert.equal(fields.ISOSpeedRatings, 400);
    assert.equal(fields.FocalLength, 4.25);
    assert.equal(fields.FocalLengthIn35mmFilm, 26);
    assert.equal(fields.FNumber, 1.8);
    assert.equal(fields.Flash, 1);
    assert.equal(fields.ExposureBiasValue, -1 / 3);
    assert.equal(fields.WhiteBalance, 1);
    assert.equal(fields.ExposureProgram, 1);
    assert.equal(fields.DigitalZoomRatio, 2.5);
    assert.equal(fields.SubjectDistance, 1.5);
    assert.equal(fields.PixelXDimension, 4032);
    assert.equal(fields.PixelYDimension, 3024);
    assert.equal(fields.DateTimeOriginal, '2024:01:02 03:04:05');
    assert.equal(fields.OffsetTimeOriginal, '+00:00');
    assert.equal(fields.ExifVersion, '0232');
  });

  it('maps the enumerations: flash not fired 0, auto white balance 0, normal program 2', () => {
    const fields = readExif(
      buildExif({ flashFired: false, whiteBalance: 'auto', exposureProgram: 'auto' }, { width: 1, height: 1 }),
    );
    assert.equal(fields.Flash, 0);
    assert.equal(fields.WhiteBalance, 0);
    assert.equal(fields.ExposureProgram, 2);
  });

  it('never writes a GPS directory or GPS field', () => {
    assert.equal(entries.some((e) => e.directory === 'GPS' || e.name.startsWith('GPS')), false);
  });

  it('keeps the minimal block minimal: only the fixed fields when the metadata is empty', () => {
    const names = readExifEntries(buildExif({}, { width: 10, height: 20, format: 'png' })).map((e) => e.name);
    assert.deepEqual(names.sort(), [
      'ColorSpace',
      'ExifIFDPointer',
      'ExifVersion',
      'FlashpixVersion',
      'Orientation',
      'PixelXDimension',
      'PixelYDimension',
      'ResolutionUnit',
      'Software',
      'XResolution',
      'YResolution',
    ]);
  });

  it('writes entries of each directory in ascending tag order', () => {
    for (const dir of ['IFD0', 'Exif'] as const) {
      const tags = entries.filter((e) => e.directory === dir).map((e) => e.tag);
      assert.deepEqual(tags, [...tags].sort((a, b) => a - b));
    }
  });

  it('writes infinity as the Exif sentinel 0xFFFFFFFF/1', () => {
    const e = readExifEntries(buildExif({ subjectDistance: Infinity }, { width: 1, height: 1 }));
    assert.deepEqual(entry(e, 'SubjectDistance').value, [[0xffffffff, 1]]);
  });

  it('leaves out values that cannot be written (negative exposure, NaN ISO, invalid date)', () => {
    const fields = readExif(buildExif({ exposureTime: -1, iso: Number.NaN, date: new Date(Number.NaN) }, { width: 1, height: 1 }));
    assert.equal('ExposureTime' in fields, false);
    assert.equal('ISOSpeedRatings' in fields, false);
    assert.equal('DateTimeOriginal' in fields, false);
  });

  it('replaces non-ASCII characters in text and caps its length', () => {
    const fields = readExif(buildExif({ make: 'Café', model: 'x'.repeat(500) }, { width: 1, height: 1 }));
    assert.equal(fields.Make, 'Caf?');
    assert.equal(String(fields.Model).length, 127);
  });
});

describe('readExif on damaged or foreign data', () => {
  it('gives {} when there is no EXIF block', () => {
    assert.deepEqual(readExif(new Uint8Array([1, 2, 3])), {});
    assert.equal(findExif(new Uint8Array(0)), undefined);
  });

  it('reads a big-endian block', () => {
    // MM, 42, IFD0 at 8: one entry, Orientation (SHORT) = 6.
    const be = Uint8Array.of(0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0);
    assert.deepEqual(readExif(be), { Orientation: 6 });
  });

  it('stops on a directory that points at itself', () => {
    // IFD0 at 8 holds one ExifIFDPointer entry pointing back at 8, and its next-IFD link is 8 too.
    const loop = Uint8Array.of(0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0);
    const entries = readExifEntries(loop);
    assert.ok(entries.length <= 3);
  });

  it('returns the fields it can read from a truncated block, without throwing', () => {
    const tiff = buildExif(FULL_METADATA, { width: 8, height: 8 });
    for (let cut = 0; cut < tiff.length; cut += 7) assert.doesNotThrow(() => readExifEntries(tiff.subarray(0, cut)));
    const half = readExifEntries(tiff.subarray(0, Math.floor(tiff.length / 2)));
    assert.ok(half.length > 0 && half.length < readExifEntries(tiff).length);
  });

  it('names GPS fields so their presence shows', () => {
    // IFD0 with a GPSInfo pointer to a GPS IFD holding GPSLatitudeRef = "N".
    const b = new Uint8Array(64);
    const v = new DataView(b.buffer);
    b.set([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
    v.setUint16(8, 1, true);
    v.setUint16(10, 0x8825, true);
    v.setUint16(12, TiffType.LONG, true);
    v.setUint32(14, 1, true);
    v.setUint32(18, 26, true);
    v.setUint16(26, 1, true);
    v.setUint16(28, 0x0001, true);
    v.setUint16(30, TiffType.ASCII, true);
    v.setUint32(32, 2, true);
    b.set([0x4e, 0], 36);
    assert.deepEqual(readExif(b), { GPSLatitudeRef: 'N' });
  });
});
