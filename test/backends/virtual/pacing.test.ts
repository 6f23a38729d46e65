import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grab, openCamera } from './helpers.js';

/** Whether a promise has settled after letting pending work run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise<void>((r) => setImmediate(r));
  return done;
}

describe('virtual camera frame pacing', () => {
  it('does not deliver a frame before its time on the clock', async () => {
    const cam = await openCamera(); // 30 fps: frame k at k·33.33 ms
    const p = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(33);
    assert.equal(await settled(p), false);
    await cam.clock.advance(1);
    const f = await p;
    assert.equal(f.index, 1);
    assert.equal(f.timestamp, 33333);
    assert.equal(f.width, 640);
    assert.equal(f.height, 480);
    assert.equal(f.data.length, 640 * 480 * 4);
    cam.source.close();
  });

  it('waits for the next frame strictly after the call, even when called on a frame time', async () => {
    const cam = await openCamera();
    await cam.clock.advance(100); // exactly frame 3
    const p = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(33);
    assert.equal(await settled(p), false);
    await cam.clock.advance(1);
    assert.equal((await p).index, 4);
    cam.source.close();
  });

  it('aborting rejects with the signal reason and leaves no sleeper on the clock', async () => {
    const cam = await openCamera();
    const ac = new AbortController();
    const p = cam.source.nextFrame(ac.signal);
    await cam.clock.advance(5);
    assert.equal(cam.clock.pending, 1);
    const reason = new Error('stop waiting');
    ac.abort(reason);
    await assert.rejects(p, (e) => e === reason);
    assert.equal(cam.clock.pending, 0);
    cam.source.close();
  });

  it('gives every caller waiting for the same frame the same pixels in separate buffers', async () => {
    const cam = await openCamera();
    const a = cam.source.nextFrame(new AbortController().signal);
    const b = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(34);
    const [fa, fb] = await Promise.all([a, b]);
    assert.equal(fa.index, fb.index);
    assert.notEqual(fa.data, fb.data);
    assert.deepEqual(fa.data, fb.data);
    cam.source.close();
  });

  it('writes into the caller buffer when it has exactly the frame size', async () => {
    const cam = await openCamera();
    const out = new Uint8Array(640 * 480 * 4);
    const p = cam.source.nextFrame(new AbortController().signal, out);
    await cam.clock.advance(34);
    assert.equal((await p).data, out);
    const wrong = new Uint8Array(16);
    const q = cam.source.nextFrame(new AbortController().signal, wrong);
    await cam.clock.advance(34);
    const f = await q;
    assert.notEqual(f.data, wrong);
    assert.equal(f.data.length, 640 * 480 * 4);
    cam.source.close();
  });

  it('consecutive frames differ (counter, moving ball, noise)', async () => {
    const cam = await openCamera();
    const a = await grab(cam);
    const b = await grab(cam);
    assert.equal(b.index, a.index + 1);
    assert.notDeepEqual(a.data, b.data);
    cam.source.close();
  });

  it('follows a new frame rate from the frame before the change', async () => {
    const cam = await openCamera();
    await cam.clock.advance(50); // last frame at 33.3 ms
    await cam.source.configure({ frameRate: 10 });
    const p = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(83); // 133 ms: one 100 ms interval after 33.3 ms
    assert.equal(await settled(p), false);
    await cam.clock.advance(1);
    const f = await p;
    assert.equal(f.index, 2);
    assert.equal(f.timestamp, 133333);
    cam.source.close();
  });

  it('delivers no frames while muted, and the first frame after unmute comes after it', async () => {
    const cam = await openCamera();
    cam.source.control.mute();
    const p = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(500);
    assert.equal(await settled(p), false);
    cam.source.control.unmute();
    await cam.clock.advance(34);
    const f = await p;
    assert.ok(f.timestamp > 500_000, `frame at ${f.timestamp} µs should follow the unmute at 500 ms`);
    cam.source.close();
  });

  it('close() rejects pending waits with an AbortError and leaves nothing on the clock', async () => {
    const cam = await openCamera();
    const p = cam.source.nextFrame(new AbortController().signal);
    cam.source.control.stall();
    const q = cam.source.nextFrame(new AbortController().signal);
    await cam.clock.advance(1);
    cam.source.close();
    cam.source.close();
    await assert.rejects(p, { name: 'AbortError' });
    await assert.rejects(q, { name: 'AbortError' });
    assert.equal(cam.source.ended, true);
    assert.equal(cam.clock.pending, 0);
    await assert.rejects(cam.source.nextFrame(new AbortController().signal), { name: 'AbortError' });
    await assert.rejects(cam.source.configure({ zoom: 2 }), { name: 'AbortError' });
  });
});
