import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VideoFrame } from '../../src/media/breakout/video-frame.js';
import { imageBitmapFromVideoFrame } from '../../src/media/breakout/frame-image.js';
import { liveFrameResources } from '../../src/media/breakout/frame-resource.js';
import { convertPixels, packedLayout, PIXEL_FORMATS, type PixelFormat } from '../../src/media/breakout/pixel-format.js';
import { imageBitmapFromRGBA, imageBitmapPixels } from '../../src/media/image-bitmap.js';

/** An RGBA picture made of flat 2x2 blocks, each block a different colour. */
function blockPicture(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = x >> 1;
      const by = y >> 1;
      const i = (y * width + x) * 4;
      data[i] = (37 * bx + 11 * by + 20) % 256;
      data[i + 1] = (53 * by + 7 * bx + 90) % 256;
      data[i + 2] = (29 * (bx + by) + 160) % 256;
      data[i + 3] = 255;
    }
  }
  return data;
}

/** `rgba` converted to `format`, packed. */
function encode(rgba: Uint8Array, width: number, height: number, format: PixelFormat): Uint8Array {
  const { planes, size } = packedLayout(format, width, height);
  const out = new Uint8Array(size);
  convertPixels(
    { format: 'RGBA', data: rgba, planes: [{ offset: 0, stride: width * 4 }] },
    { x: 0, y: 0, width, height },
    { format, data: out, planes },
  );
  return out;
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => (e as Error).name === name);
}

const W = 16;
const H = 10;

describe('VideoFrame: pixels round-trip in every format', () => {
  const rgba = blockPicture(W, H);
  for (const format of PIXEL_FORMATS) {
    it(`keeps the pixels of an RGBA picture held as ${format} (within 3 levels for YUV)`, async () => {
      const bytes = encode(rgba, W, H, format);
      const frame = new VideoFrame(bytes, { format, codedWidth: W, codedHeight: H, timestamp: 0 });
      assert.equal(frame.format, format);
      const back = new Uint8Array(W * H * 4);
      const layout = await frame.copyTo(back, { format: 'RGBA' });
      assert.deepEqual(layout, [{ offset: 0, stride: W * 4 }]);
      const tolerance = format === 'I420' || format === 'NV12' ? 3 : 0;
      assert.ok(maxDifference(back, rgba) <= tolerance, `max difference ${maxDifference(back, rgba)}`);
      frame.close();
    });

    it(`copies a ${format} frame without a format option byte for byte`, async () => {
      const bytes = encode(rgba, W, H, format);
      const frame = new VideoFrame(bytes, { format, codedWidth: W, codedHeight: H, timestamp: 0 });
      const out = new Uint8Array(frame.allocationSize());
      assert.equal(out.length, bytes.length);
      await frame.copyTo(out);
      assert.deepEqual(out, bytes);
      frame.close();
    });
  }

  it('writes 255 into the fourth byte of RGBX whatever the source held there', async () => {
    const bytes = blockPicture(4, 2);
    for (let i = 3; i < bytes.length; i += 4) bytes[i] = i % 7;
    const frame = new VideoFrame(bytes, { format: 'RGBX', codedWidth: 4, codedHeight: 2, timestamp: 0 });
    for (const format of ['RGBA', 'RGBX', 'BGRA', 'BGRX'] as const) {
      const out = new Uint8Array(32);
      await frame.copyTo(out, { format });
      for (let i = 3; i < 32; i += 4) assert.equal(out[i], 255, `${format} byte ${i}`);
    }
    frame.close();
  });

  it('swaps red and blue between RGBA and BGRA', async () => {
    const frame = new VideoFrame(new Uint8Array([10, 20, 30, 40]), { format: 'RGBA', codedWidth: 1, codedHeight: 1, timestamp: 0 });
    const out = new Uint8Array(4);
    await frame.copyTo(out, { format: 'BGRA' });
    assert.deepEqual([...out], [30, 20, 10, 40]);
    frame.close();
  });

  it('converts I420 and NV12 of the same picture to the same RGB', async () => {
    const i420 = encode(blockPicture(W, H), W, H, 'I420');
    const a = new VideoFrame(i420, { format: 'I420', codedWidth: W, codedHeight: H, timestamp: 0 });
    const nv12 = new Uint8Array(a.allocationSize());
    convertPixels(
      { format: 'I420', data: i420, planes: packedLayout('I420', W, H).planes },
      { x: 0, y: 0, width: W, height: H },
      { format: 'NV12', data: nv12, planes: packedLayout('NV12', W, H).planes },
    );
    const b = new VideoFrame(nv12, { format: 'NV12', codedWidth: W, codedHeight: H, timestamp: 0 });
    const ra = new Uint8Array(W * H * 4);
    const rb = new Uint8Array(W * H * 4);
    await a.copyTo(ra, { format: 'BGRX' });
    await b.copyTo(rb, { format: 'BGRX' });
    assert.deepEqual(ra, rb);
    a.close();
    b.close();
  });

  it('uses BT.601 limited range: white is Y 235, black is Y 16, grey has neutral chroma', () => {
    const px = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255, 128, 128, 128, 255]);
    const y = encode(px, 2, 2, 'I420');
    assert.equal(y[0], 235);
    assert.equal(y[1], 16);
    assert.equal(y[4], 128);
    assert.equal(y[5], 128);
  });
});

describe('VideoFrame: copyTo with rect and layout', () => {
  it('copies the asked rect of an I420 frame into a padded, reordered layout', async () => {
    const bytes = encode(blockPicture(8, 6), 8, 6, 'I420');
    const frame = new VideoFrame(bytes, { format: 'I420', codedWidth: 8, codedHeight: 6, timestamp: 0 });
    const rect = { x: 2, y: 2, width: 4, height: 2 };
    // V first, then U, then Y, each row padded.
    const layout = [
      { offset: 40, stride: 6 },
      { offset: 10, stride: 4 },
      { offset: 0, stride: 3 },
    ];
    assert.equal(frame.allocationSize({ rect, layout }), 52);
    const out = new Uint8Array(52).fill(7);
    const result = await frame.copyTo(out, { rect, layout });
    assert.deepEqual(result, layout);
    const yPlane = bytes.subarray(0, 48);
    const uPlane = bytes.subarray(48, 60);
    const vPlane = bytes.subarray(60, 72);
    for (let r = 0; r < 2; r++) {
      assert.deepEqual([...out.subarray(40 + r * 6, 40 + r * 6 + 4)], [...yPlane.subarray((2 + r) * 8 + 2, (2 + r) * 8 + 6)]);
      assert.equal(out[40 + r * 6 + 4], 7, 'padding is left alone');
    }
    assert.deepEqual([...out.subarray(10, 12)], [...uPlane.subarray(4 + 1, 4 + 3)]);
    assert.deepEqual([...out.subarray(0, 2)], [...vPlane.subarray(4 + 1, 4 + 3)]);
    frame.close();
  });

  it('converts only the rect when a format is asked', async () => {
    const rgba = blockPicture(8, 4);
    const frame = new VideoFrame(rgba, { format: 'RGBA', codedWidth: 8, codedHeight: 4, timestamp: 0 });
    const out = new Uint8Array(frame.allocationSize({ rect: { x: 1, y: 1, width: 2, height: 2 }, format: 'BGRA' }));
    assert.equal(out.length, 16);
    await frame.copyTo(out, { rect: { x: 1, y: 1, width: 2, height: 2 }, format: 'BGRA' });
    const i = (1 * 8 + 1) * 4;
    assert.deepEqual([...out.subarray(0, 4)], [rgba[i + 2], rgba[i + 1], rgba[i], rgba[i + 3]]);
    frame.close();
  });

  it('defaults the rect to the visible rect', async () => {
    const rgba = blockPicture(8, 4);
    const frame = new VideoFrame(
      rgba,
      { format: 'RGBA', codedWidth: 8, codedHeight: 4, timestamp: 0, visibleRect: { x: 2, y: 0, width: 4, height: 4 } },
    );
    assert.equal(frame.allocationSize(), 4 * 4 * 4);
    assert.equal(frame.displayWidth, 4);
    assert.deepEqual(frame.visibleRect?.toJSON(), { x: 2, y: 0, width: 4, height: 4, top: 0, right: 6, bottom: 4, left: 2 });
    const out = new Uint8Array(64);
    await frame.copyTo(out);
    assert.deepEqual([...out.subarray(0, 4)], [...rgba.subarray(8, 12)]);
    frame.close();
  });
});

describe('VideoFrame: errors', () => {
  const make = () => new VideoFrame(new Uint8Array(16), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 5 });

  it('a closed frame reports no format and no size, and keeps its timestamp', () => {
    const frame = make();
    frame.close();
    assert.equal(frame.format, null);
    assert.equal(frame.codedWidth, 0);
    assert.equal(frame.displayHeight, 0);
    assert.equal(frame.codedRect, null);
    assert.equal(frame.visibleRect, null);
    assert.equal(frame.timestamp, 5);
    frame.close(); // closing twice is allowed
  });

  it('copyTo on a closed frame rejects with InvalidStateError', async () => {
    const frame = make();
    frame.close();
    await rejectsWith(frame.copyTo(new Uint8Array(16)), 'InvalidStateError');
  });

  it('allocationSize, clone and metadata on a closed frame throw InvalidStateError', () => {
    const frame = make();
    frame.close();
    assert.throws(() => frame.allocationSize(), { name: 'InvalidStateError' });
    assert.throws(() => frame.clone(), { name: 'InvalidStateError' });
    assert.throws(() => frame.metadata(), { name: 'InvalidStateError' });
  });

  it('constructing from a closed frame or a closed ImageBitmap throws InvalidStateError', () => {
    const frame = make();
    frame.close();
    assert.throws(() => new VideoFrame(frame), { name: 'InvalidStateError' });
    const bitmap = imageBitmapFromRGBA(new Uint8Array(4), 1, 1);
    bitmap.close();
    assert.throws(() => new VideoFrame(bitmap, { timestamp: 0 }), { name: 'InvalidStateError' });
  });

  it('rejects bad buffer inits with TypeError', () => {
    const data = new Uint8Array(64);
    const bad: Record<string, unknown>[] = [
      { format: 'RGBA', codedWidth: 0, codedHeight: 2, timestamp: 0 },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2 },
      { format: 'RGBA', codedHeight: 2, timestamp: 0 },
      { format: 'RGBB', codedWidth: 2, codedHeight: 2, timestamp: 0 },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, displayWidth: 2 },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, displayWidth: 0, displayHeight: 2 },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, visibleRect: { x: 1, y: 0, width: 2, height: 2 } },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, visibleRect: { x: -1, y: 0, width: 1, height: 1 } },
      { format: 'I420', codedWidth: 4, codedHeight: 4, timestamp: 0, visibleRect: { x: 1, y: 0, width: 2, height: 2 } },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, layout: [{ offset: 0, stride: 4 }] },
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0.5e20 },
      { format: 'RGBA', codedWidth: -1, codedHeight: 2, timestamp: 0 },
    ];
    for (const init of bad) assert.throws(() => new VideoFrame(data, init), TypeError, JSON.stringify(init));
    assert.throws(() => new VideoFrame(data), TypeError);
    assert.throws(() => new VideoFrame('pixels', {}), TypeError);
  });

  it('rejects a buffer smaller than the picture with TypeError', () => {
    assert.throws(() => new VideoFrame(new Uint8Array(15), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0 }), TypeError);
    assert.throws(() => new VideoFrame(new Uint8Array(5), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 }), TypeError);
  });

  it('refuses formats it cannot hold with NotSupportedError', () => {
    assert.throws(() => new VideoFrame(new Uint8Array(64), { format: 'I444', codedWidth: 2, codedHeight: 2, timestamp: 0 }), {
      name: 'NotSupportedError',
    });
  });

  it('copyTo rejects a small destination, a misaligned rect, a YUV target and overlapping planes', async () => {
    const frame = new VideoFrame(new Uint8Array(24), { format: 'I420', codedWidth: 4, codedHeight: 4, timestamp: 0 });
    await assert.rejects(frame.copyTo(new Uint8Array(23)), TypeError);
    await assert.rejects(frame.copyTo(new Uint8Array(24), { rect: { x: 1, y: 0, width: 2, height: 2 } }), TypeError);
    await assert.rejects(frame.copyTo(new Uint8Array(24), { rect: { x: 0, y: 0, width: 6, height: 2 } }), TypeError);
    await rejectsWith(frame.copyTo(new Uint8Array(24), { format: 'I420' }), 'NotSupportedError');
    const overlap = [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 20, stride: 2 }];
    await assert.rejects(frame.copyTo(new Uint8Array(64), { layout: overlap }), TypeError);
    await assert.rejects(frame.copyTo(new Uint8Array(64), { layout: [{ offset: 0, stride: 4 }] }), TypeError);
    await assert.rejects(
      frame.copyTo(new Uint8Array(64), { layout: [{ offset: 0, stride: 3 }, { offset: 16, stride: 2 }, { offset: 20, stride: 2 }] }),
      TypeError,
    );
    frame.close();
  });
});

describe('VideoFrame: construction, clone and close', () => {
  it('is made from an ImageBitmap with the bitmap pixels; a timestamp is required', async () => {
    const rgba = blockPicture(4, 2);
    const bitmap = imageBitmapFromRGBA(rgba.slice(), 4, 2);
    assert.throws(() => new VideoFrame(bitmap), TypeError);
    const frame = new VideoFrame(bitmap, { timestamp: 1000, duration: 33333 });
    assert.equal(frame.format, 'RGBA');
    assert.equal(frame.timestamp, 1000);
    assert.equal(frame.duration, 33333);
    assert.equal(frame.colorSpace.matrix, 'rgb');
    const out = new Uint8Array(frame.allocationSize());
    await frame.copyTo(out);
    assert.deepEqual(out, rgba);
    assert.equal(new VideoFrame(bitmap, { timestamp: 0, alpha: 'discard' }).format, 'RGBX');
    frame.close();
  });

  it('a clone keeps the pixels after the original is closed; closing both frees them', async () => {
    const before = liveFrameResources();
    const frame = new VideoFrame(blockPicture(2, 2), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 7 });
    const copy = frame.clone();
    frame.close();
    assert.equal(copy.timestamp, 7);
    const out = new Uint8Array(16);
    await copy.copyTo(out);
    assert.deepEqual(out, blockPicture(2, 2));
    assert.equal(liveFrameResources(), before + 1);
    copy.close();
    assert.equal(liveFrameResources(), before);
  });

  it('a frame made from a frame shares its pixels and takes the init over the source values', () => {
    const frame = new VideoFrame(blockPicture(4, 4), { format: 'RGBA', codedWidth: 4, codedHeight: 4, timestamp: 7, duration: 10 });
    const derived = new VideoFrame(frame, { timestamp: 9, rotation: 90, visibleRect: { x: 0, y: 0, width: 4, height: 2 } });
    assert.equal(derived.timestamp, 9);
    assert.equal(derived.duration, 10);
    assert.equal(derived.rotation, 90);
    assert.equal(derived.displayWidth, 2);
    assert.equal(derived.displayHeight, 4);
    frame.close();
    derived.close();
  });

  it('normalises rotation to a multiple of 90 in [0, 360)', () => {
    const data = new Uint8Array(16);
    const rotated = (rotation: number) => new VideoFrame(
      data,
      { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, rotation },
    ).rotation;
    assert.equal(rotated(100), 90);
    assert.equal(rotated(-90), 270);
    assert.equal(rotated(45), 90);
    assert.equal(rotated(720), 0);
  });

  it('takes over a transferred buffer without copying and detaches it', async () => {
    const data = blockPicture(2, 2);
    const buffer = data.buffer;
    const frame = new VideoFrame(data, { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0, transfer: [buffer] });
    assert.equal(buffer.byteLength, 0);
    const out = new Uint8Array(16);
    await frame.copyTo(out);
    assert.deepEqual(out, blockPicture(2, 2));
    frame.close();
  });

  it('createImageBitmap support: the visible pixels with the rotation applied', () => {
    // 2x1 picture: red, green; rotated 90° clockwise it is 1x2: red on top.
    const frame = new VideoFrame(
      new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255]),
      { format: 'RGBA', codedWidth: 2, codedHeight: 1, timestamp: 0, rotation: 90 },
    );
    const bitmap = imageBitmapFromVideoFrame(frame)!;
    assert.equal(bitmap.width, 1);
    assert.equal(bitmap.height, 2);
    assert.deepEqual([...imageBitmapPixels(bitmap)!.data], [255, 0, 0, 255, 0, 255, 0, 255]);
    assert.equal(imageBitmapFromVideoFrame({}), undefined);
    frame.close();
    assert.throws(() => imageBitmapFromVideoFrame(frame), { name: 'InvalidStateError' });
  });

  it('behaves like a WebIDL interface: illegal invocation, toStringTag', () => {
    const frame = new VideoFrame(new Uint8Array(4), { format: 'RGBA', codedWidth: 1, codedHeight: 1, timestamp: 0 });
    assert.equal(Object.prototype.toString.call(frame), '[object VideoFrame]');
    const getter = Object.getOwnPropertyDescriptor(VideoFrame.prototype, 'format')!.get!;
    assert.throws(() => getter.call({}), TypeError);
    frame.close();
  });
});
