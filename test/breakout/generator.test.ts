import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { liveFrameResources } from '../../src/media/breakout/frame-resource.js';
import { convertPixels, packedLayout } from '../../src/media/breakout/pixel-format.js';
import { MediaStreamTrackGenerator, VideoTrackGenerator } from '../../src/media/breakout/track-generator.js';
import { MediaStreamTrackProcessor } from '../../src/media/breakout/track-processor.js';
import { VideoFrame } from '../../src/media/breakout/video-frame.js';
import { type ImageBitmap, imageBitmapPixels } from '../../src/media/image-bitmap.js';
import { Runtime } from '../../src/media/runtime.js';
import { isTrack, MediaStreamTrack } from '../../src/media/track.js';

/** A width x height RGBA picture whose pixels encode their position and `seed`. */
function picture(width: number, height: number, seed = 0): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 7 + seed) % 256;
    data[i * 4 + 1] = (i * 13 + 2 * seed) % 256;
    data[i * 4 + 2] = (i * 29 + 3 * seed) % 256;
    data[i * 4 + 3] = 255;
  }
  return data;
}

const rgbaFrame = (width: number, height: number, timestamp: number, seed = 0) =>
  new VideoFrame(picture(width, height, seed), { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp });

/** ImageCapture over one of our tracks (its constructor is typed with the DOM's MediaStreamTrack). */
const captureOf = (track: MediaStreamTrack) => new ImageCapture(track as unknown as globalThis.MediaStreamTrack);

const specRuntime = () => new Runtime({ backends: [], audioBackends: [] });
const chromiumRuntime = () => new Runtime({ backends: [], audioBackends: [], behavior: 'chromium' });

describe('VideoTrackGenerator', () => {
  it('has a writable, a live video track (the same one each time) and muted = false', () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    assert.ok(generator.writable instanceof WritableStream);
    assert.ok(isTrack(generator.track));
    assert.equal(generator.track, generator.track);
    assert.equal(generator.track.kind, 'video');
    assert.equal(generator.track.readyState, 'live');
    assert.equal(generator.muted, false);
    generator.track.stop();
  });

  it('reports the size of the latest frame written as its settings', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const writer = generator.writable.getWriter();
    await writer.write(rgbaFrame(8, 6, 0));
    let s = generator.track.getSettings();
    assert.equal(s.width, 8);
    assert.equal(s.height, 6);
    await writer.write(rgbaFrame(4, 2, 1));
    s = generator.track.getSettings();
    assert.equal(s.width, 4);
    assert.equal(s.height, 2);
    generator.track.stop();
  });

  it('closes every frame written to it', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const frame = rgbaFrame(2, 2, 0);
    await generator.writable.getWriter().write(frame);
    assert.equal(frame.format, null);
    generator.track.stop();
  });

  it('refuses chunks that are not open VideoFrames with TypeError', async () => {
    const a = new VideoTrackGenerator({ runtime: specRuntime() });
    await assert.rejects(a.writable.getWriter().write({} as VideoFrame), TypeError);
    const b = new VideoTrackGenerator({ runtime: specRuntime() });
    const closed = rgbaFrame(2, 2, 0);
    closed.close();
    await assert.rejects(b.writable.getWriter().write(closed), TypeError);
    a.track.stop();
    b.track.stop();
  });

  it('ends its track (firing "ended") when the writable is closed', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const ended = new Promise<Event>((resolve) => generator.track.addEventListener('ended', resolve, { once: true }));
    await generator.writable.getWriter().close();
    await ended;
    assert.equal(generator.track.readyState, 'ended');
  });

  it('errors the writable with InvalidStateError once its track is stopped', async () => {
    const before = liveFrameResources();
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const writer = generator.writable.getWriter();
    await writer.write(rgbaFrame(2, 2, 0));
    generator.track.stop();
    const frame = rgbaFrame(2, 2, 1);
    await assert.rejects(writer.write(frame), { name: 'InvalidStateError' });
    frame.close();
    assert.equal(liveFrameResources(), before);
  });

  it('mutes its track while muted, dropping what is written', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const track = generator.track;
    const events: string[] = [];
    track.addEventListener('mute', () => events.push('mute'));
    track.addEventListener('unmute', () => events.push('unmute'));
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 10 }).readable.getReader();
    const writer = generator.writable.getWriter();
    generator.muted = true;
    assert.equal(track.muted, true);
    await writer.write(rgbaFrame(2, 2, 1));
    generator.muted = false;
    await writer.write(rgbaFrame(2, 2, 2));
    const { value } = await reader.read();
    assert.equal((value as VideoFrame).timestamp, 2);
    (value as VideoFrame).close();
    assert.deepEqual(events, ['mute', 'unmute']);
    await reader.cancel();
    track.stop();
  });
});

describe('MediaStreamTrackGenerator', () => {
  it('is a MediaStreamTrack of kind "video" with a writable', () => {
    const track = new MediaStreamTrackGenerator({ kind: 'video', runtime: specRuntime() });
    assert.ok(track instanceof MediaStreamTrack);
    assert.ok(track instanceof MediaStreamTrackGenerator);
    assert.equal(Object.prototype.toString.call(track), '[object MediaStreamTrackGenerator]');
    assert.equal(track.kind, 'video');
    assert.ok(track.writable instanceof WritableStream);
    const copy = track.clone();
    assert.ok(!(copy instanceof MediaStreamTrackGenerator));
    assert.equal(copy.kind, 'video');
    copy.stop();
    track.stop();
  });

  it('accepts the older string argument', () => {
    const track = new MediaStreamTrackGenerator('video');
    assert.equal(track.kind, 'video');
    track.stop();
  });

  it('rejects a kind other than "video" or "audio" with TypeError; audio is not available', () => {
    assert.throws(() => new MediaStreamTrackGenerator({ kind: 'text' }), TypeError);
    assert.throws(() => new MediaStreamTrackGenerator({}), TypeError);
    assert.throws(() => new MediaStreamTrackGenerator({ kind: 'audio' }), { name: 'NotSupportedError' });
  });
});

describe('ImageCapture on a generator track', () => {
  it('grabFrame returns the latest written frame, pixel for pixel', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const writer = generator.writable.getWriter();
    await writer.write(rgbaFrame(6, 4, 100, 1));
    await writer.write(rgbaFrame(6, 4, 200, 2));
    const bitmap = await captureOf(generator.track).grabFrame();
    assert.equal(bitmap.width, 6);
    assert.equal(bitmap.height, 4);
    assert.deepEqual(imageBitmapPixels(bitmap as unknown as ImageBitmap)!.data, picture(6, 4, 2));
    generator.track.stop();
  });

  it('grabFrame converts a YUV frame to RGB', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const rgba = new Uint8Array(4 * 4 * 4).fill(128);
    const { planes, size } = packedLayout('I420', 4, 4);
    const i420 = new Uint8Array(size);
    convertPixels(
      { format: 'RGBA', data: rgba, planes: [{ offset: 0, stride: 16 }] },
      { x: 0, y: 0, width: 4, height: 4 },
      { format: 'I420', data: i420, planes },
    );
    await generator.writable.getWriter().write(new VideoFrame(i420, { format: 'I420', codedWidth: 4, codedHeight: 4, timestamp: 0 }));
    const bitmap = (await captureOf(generator.track).grabFrame()) as unknown as ImageBitmap;
    for (const v of imageBitmapPixels(bitmap)!.data) assert.ok(Math.abs(v - 128) <= 1 || v === 255);
    generator.track.stop();
  });

  it('grabFrame waits for the first frame when none was written yet', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const grab = captureOf(generator.track).grabFrame();
    await generator.writable.getWriter().write(rgbaFrame(2, 2, 0, 9));
    const bitmap = (await grab) as unknown as ImageBitmap;
    assert.deepEqual(imageBitmapPixels(bitmap)!.data, picture(2, 2, 9));
    generator.track.stop();
  });

  it('getPhotoCapabilities and getPhotoSettings resolve with the frame size and no flash', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    await generator.writable.getWriter().write(rgbaFrame(8, 6, 0));
    const capture = captureOf(generator.track);
    assert.deepEqual(await capture.getPhotoCapabilities(), {
      redEyeReduction: 'never',
      imageHeight: { max: 6, min: 6, step: 1 },
      imageWidth: { max: 8, min: 8, step: 1 },
      fillLightMode: ['off'],
    });
    assert.deepEqual(await capture.getPhotoSettings(), { fillLightMode: 'off', imageHeight: 6, imageWidth: 8, redEyeReduction: false });
    generator.track.stop();
  });

  it('takePhoto rejects with UnknownError: the source has no still-photo support', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    await generator.writable.getWriter().write(rgbaFrame(8, 6, 0));
    const capture = captureOf(generator.track);
    await assert.rejects(capture.takePhoto(), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ imageWidth: 8 }), { name: 'UnknownError' });
    generator.track.stop();
  });

  it('takePhoto(await getPhotoSettings()) rejects with UnknownError on a generator with no frames (Chromium behaviour)', async () => {
    const track = new MediaStreamTrackGenerator({ kind: 'video', runtime: chromiumRuntime() });
    const capture = captureOf(track);
    const settings = await capture.getPhotoSettings();
    await assert.rejects(capture.takePhoto(settings), { name: 'UnknownError' });
    track.stop();
  });

  it('takePhoto(await getPhotoSettings()) rejects with UnknownError in spec mode too', async () => {
    const track = new MediaStreamTrackGenerator({ kind: 'video', runtime: specRuntime() });
    const capture = captureOf(track);
    const settings = await capture.getPhotoSettings();
    await assert.rejects(capture.takePhoto(settings), { name: 'UnknownError' });
    track.stop();
  });
});

describe('MediaStreamTrackProcessor on a generator track', () => {
  it('passes written frames through unchanged (format, size, timestamp, pixels)', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const reader = new MediaStreamTrackProcessor({ track: generator.track }).readable.getReader();
    const { planes, size } = packedLayout('NV12', 4, 2);
    const nv12 = new Uint8Array(size).map((_, i) => i * 11);
    void planes;
    await generator.writable.getWriter().write(
      new VideoFrame(nv12, { format: 'NV12', codedWidth: 4, codedHeight: 2, timestamp: 1234, duration: 40 }),
    );
    const frame = (await reader.read()).value as VideoFrame;
    assert.equal(frame.format, 'NV12');
    assert.equal(frame.timestamp, 1234);
    assert.equal(frame.duration, 40);
    const out = new Uint8Array(frame.allocationSize());
    await frame.copyTo(out);
    assert.deepEqual(out, nv12);
    frame.close();
    await reader.cancel();
    generator.track.stop();
  });

  it('keeps only the newest maxBufferSize frames for a slow reader, closing the dropped ones', async () => {
    const before = liveFrameResources();
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const reader = new MediaStreamTrackProcessor({ track: generator.track, maxBufferSize: 2 }).readable.getReader();
    const writer = generator.writable.getWriter();
    for (let t = 1; t <= 5; t++) await writer.write(rgbaFrame(2, 2, t));
    // The generator keeps the latest frame; the processor buffer holds frames 4 and 5 (sharing it).
    assert.equal(liveFrameResources(), before + 2);
    const a = (await reader.read()).value as VideoFrame;
    const b = (await reader.read()).value as VideoFrame;
    assert.deepEqual([a.timestamp, b.timestamp], [4, 5]);
    a.close();
    b.close();
    await reader.cancel();
    generator.track.stop();
    assert.equal(liveFrameResources(), before);
  });

  it('delivers black frames while the track is disabled', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    generator.track.enabled = false;
    const reader = new MediaStreamTrackProcessor({ track: generator.track }).readable.getReader();
    await generator.writable.getWriter().write(rgbaFrame(2, 2, 0, 50));
    const frame = (await reader.read()).value as VideoFrame;
    const out = new Uint8Array(16);
    await frame.copyTo(out, { format: 'RGBA' });
    assert.deepEqual([...out], [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    frame.close();
    await reader.cancel();
    generator.track.stop();
  });

  it('closes the stream when the writable is closed', async () => {
    const generator = new VideoTrackGenerator({ runtime: specRuntime() });
    const reader = new MediaStreamTrackProcessor({ track: generator.track }).readable.getReader();
    const read = reader.read();
    await generator.writable.close();
    assert.equal((await read).done, true);
  });
});
