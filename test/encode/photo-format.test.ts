/**
 * The photo format is settled once, by the ImageCapture constructor, the same way on every
 * platform: an empty mimeType is the default (JPEG), the type is ASCII case-insensitive, and a
 * lossy type without a quality gets its default (JPEG 0.92, WebP 0.8).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { definePreset } from '../../src/backends/virtual/index.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { openRig, type Rig } from '../reliability/helpers.js';

/** A camera whose still is always the same small gradient, so two encodings can be compared byte for byte. */
const FIXED_STILL = definePreset({
  takePhoto: (settings) => {
    const { imageWidth: width, imageHeight: height } = settings;
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < data.length; i += 4) {
      const p = i / 4;
      data[i] = (p * 7) % 256;
      data[i + 1] = (p * 3) % 256;
      data[i + 2] = (p * 11) % 256;
      data[i + 3] = 255;
    }
    return { kind: 'raw', frame: { data, width, height, timestamp: 0, index: 0 }, metadata: {} };
  },
});

const SIZE = { imageWidth: 640, imageHeight: 480 };

async function bytesOf(rig: Rig, options: { mimeType?: string; quality?: number }): Promise<{ type: string; bytes: Buffer }> {
  const blob = await new ImageCapture(rig.track, options).takePhoto(SIZE);
  return { type: blob.type, bytes: Buffer.from(await blob.arrayBuffer()) };
}

describe('the photo format the constructor settles', () => {
  let rig: Rig;
  after(() => rig?.close());

  it('an empty mimeType is JPEG at 0.92, as with no options', async () => {
    rig = await openRig({ preset: FIXED_STILL });
    const empty = await bytesOf(rig, { mimeType: '' });
    assert.equal(empty.type, 'image/jpeg');
    assert.deepEqual(empty.bytes, (await bytesOf(rig, {})).bytes);
    assert.deepEqual(empty.bytes, (await bytesOf(rig, { mimeType: 'image/jpeg', quality: 0.92 })).bytes);
    assert.notDeepEqual(empty.bytes, (await bytesOf(rig, { mimeType: 'image/jpeg', quality: 0.5 })).bytes);
  });

  it('WebP without a quality is WebP at 0.8; the type is matched ASCII case-insensitively', async () => {
    const webp = await bytesOf(rig, { mimeType: 'IMAGE/WebP' });
    assert.equal(webp.type, 'image/webp');
    assert.deepEqual(webp.bytes, (await bytesOf(rig, { mimeType: 'image/webp', quality: 0.8 })).bytes);
    assert.notDeepEqual(webp.bytes, (await bytesOf(rig, { mimeType: 'image/webp', quality: 0.92 })).bytes);
  });

  it('PNG ignores a quality', async () => {
    const png = await bytesOf(rig, { mimeType: 'image/png', quality: 0.1 });
    assert.equal(png.type, 'image/png');
    assert.deepEqual(png.bytes, (await bytesOf(rig, { mimeType: 'image/png' })).bytes);
  });
});
