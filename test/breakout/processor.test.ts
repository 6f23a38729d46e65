import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/backends/clock.js';
import { VirtualCameraBackend } from '../../src/backends/virtual/index.js';
import { liveFrameResources } from '../../src/media/breakout/frame-resource.js';
import { MediaStreamTrackProcessor } from '../../src/media/breakout/track-processor.js';
import { isVideoFrame, type VideoFrame } from '../../src/media/breakout/video-frame.js';
import { Runtime } from '../../src/media/runtime.js';
import type { MediaStreamTrack } from '../../src/media/track.js';

const FPS = 30;
const INTERVAL = 1000 / FPS;

async function openCamera(width = 320, height = 240) {
  const clock = new ManualClock();
  const runtime = new Runtime({ backends: [new VirtualCameraBackend({ clock })], audioBackends: [] });
  const stream = await runtime.mediaDevices.getUserMedia(
    { video: { width: { exact: width }, height: { exact: height }, frameRate: { exact: FPS } } },
  );
  return { clock, track: stream.getVideoTracks()[0]! as MediaStreamTrack };
}

/** Starts a read, moves the clock one frame at a time until it settles (at most `limit` frames). */
async function readNext(
  reader: ReadableStreamDefaultReader<unknown>,
  clock: ManualClock,
  limit = 3,
): Promise<ReadableStreamReadResult<unknown>> {
  let settled = false;
  const read = reader.read().finally(() => (settled = true));
  for (let i = 0; i < limit && !settled; i++) await clock.advance(INTERVAL);
  assert.ok(settled, 'a frame arrived');
  return read;
}

describe('MediaStreamTrackProcessor over the virtual camera', () => {
  it('reads 300 frames as VideoFrames, each closed, with nothing left behind', async () => {
    const { clock, track } = await openCamera();
    const before = liveFrameResources();
    const processor = new MediaStreamTrackProcessor({ track });
    const reader = processor.readable.getReader();
    let last = -1;
    for (let i = 0; i < 300; i++) {
      const { value, done } = await readNext(reader, clock);
      assert.equal(done, false);
      const frame = value as VideoFrame;
      assert.ok(isVideoFrame(frame));
      assert.equal(frame.format, 'RGBX');
      assert.equal(frame.codedWidth, 320);
      assert.equal(frame.codedHeight, 240);
      assert.ok(frame.timestamp > last, 'timestamps increase');
      last = frame.timestamp;
      frame.close();
    }
    await reader.cancel();
    assert.equal(liveFrameResources(), before, 'every frame resource was released');
    track.stop();
    await clock.advance(INTERVAL);
    assert.equal(clock.pending, 0, 'no timer is left waiting');
  });

  it('gives the camera pixels: consecutive frames differ, copyTo as RGBA is opaque', async () => {
    const { clock, track } = await openCamera();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const a = (await readNext(reader, clock)).value as VideoFrame;
    const b = (await readNext(reader, clock)).value as VideoFrame;
    const pa = new Uint8Array(a.allocationSize({ format: 'RGBA' }));
    const pb = new Uint8Array(pa.length);
    await a.copyTo(pa, { format: 'RGBA' });
    await b.copyTo(pb, { format: 'RGBA' });
    assert.notDeepEqual(pa, pb);
    for (let i = 3; i < pa.length; i += 4) assert.equal(pa[i], 255);
    a.close();
    b.close();
    await reader.cancel();
    track.stop();
  });

  it('drops the oldest frames when the reader is slow, keeping maxBufferSize', async () => {
    const { clock, track } = await openCamera();
    const before = liveFrameResources();
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 3 }).readable.getReader();
    for (let i = 0; i < 10; i++) await clock.advance(INTERVAL);
    assert.equal(liveFrameResources(), before + 3, 'only three frames are held');
    const frames = [];
    for (let i = 0; i < 3; i++) frames.push((await reader.read()).value as VideoFrame);
    const stamps = frames.map((f) => f.timestamp);
    // The newest three frames, in order; the seven before them were dropped.
    const step = stamps[1]! - stamps[0]!;
    assert.ok(Math.abs(step - INTERVAL * 1000) <= 1000, `consecutive frames (${stamps})`);
    assert.ok(stamps[0]! >= 6 * INTERVAL * 1000, `the oldest were dropped (${stamps})`);
    for (const f of frames) f.close();
    await reader.cancel();
    assert.equal(liveFrameResources(), before);
    track.stop();
  });

  it('closes the stream when the track is stopped, releasing buffered frames', async () => {
    const { clock, track } = await openCamera();
    const before = liveFrameResources();
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 2 }).readable.getReader();
    await clock.advance(INTERVAL * 3);
    track.stop();
    assert.equal((await reader.read()).done, true);
    assert.equal(liveFrameResources(), before);
  });

  it('stops asking the camera for frames once the stream is cancelled', async () => {
    const { clock, track } = await openCamera();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    await clock.advance(INTERVAL);
    await reader.cancel();
    await clock.advance(INTERVAL * 2);
    assert.equal(clock.pending, 0, 'nothing waits for the next frame');
    assert.equal(track.readyState, 'live', 'the track keeps running');
    track.stop();
  });

  it('delivers black frames while the track is disabled', async () => {
    const { clock, track } = await openCamera();
    track.enabled = false;
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const frame = (await readNext(reader, clock)).value as VideoFrame;
    const px = new Uint8Array(frame.allocationSize());
    await frame.copyTo(px);
    assert.ok(px.every((v, i) => (i % 4 === 3 ? v === 255 : v === 0)));
    frame.close();
    await reader.cancel();
    track.stop();
  });

  it('lets two processors read the same track', async () => {
    const { clock, track } = await openCamera();
    const r1 = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const copy = track.clone();
    const r2 = new MediaStreamTrackProcessor({ track: copy }).readable.getReader();
    const [a, b] = await Promise.all([readNext(r1, clock), r2.read()]);
    (a.value as VideoFrame).close();
    (b.value as VideoFrame).close();
    await r1.cancel();
    await r2.cancel();
    copy.stop();
    track.stop();
  });

  it('rejects a missing, wrong or ended track and an out-of-range maxBufferSize with TypeError', async () => {
    const { track } = await openCamera();
    assert.throws(() => new MediaStreamTrackProcessor({}), TypeError);
    assert.throws(() => new MediaStreamTrackProcessor({ track: {} }), TypeError);
    assert.throws(() => new MediaStreamTrackProcessor({ track, maxBufferSize: 70000 }), TypeError);
    assert.throws(() => new (MediaStreamTrackProcessor as unknown as new () => unknown)(), TypeError);
    track.stop();
    assert.throws(() => new MediaStreamTrackProcessor({ track }), TypeError);
  });
});
