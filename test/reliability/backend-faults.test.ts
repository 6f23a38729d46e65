/**
 * The camera fails each of its operations (open, configure, next frame, still capture, photo
 * settings, capabilities, encoding), frames stall or the source mutes, the device is unplugged
 * under several tracks: every call settles with the documented exception (docs/behaviour.md), the
 * state a failed call touched is unchanged, the next call works again, and nothing is left
 * behind — including real timers when the camera runs on the wall clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flushMicrotasks } from '../../src/backends/clock.js';
import { definePreset, VirtualCameraBackend } from '../../src/backends/virtual/index.js';
import { GRAB_FRAME_TIMEOUT_MS, ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import {
  assertNoNewResources,
  assertNoUnhandledRejections,
  assertUnchanged,
  callAsync,
  describeError,
  endedListeners,
  observe,
  openRig,
  PHONE_BACK,
  QUICK_PHONE,
  resourceCounts,
  settle,
  snapshot,
} from './helpers.js';

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    const v = await p;
    if (v && typeof (v as { close?: unknown }).close === 'function') (v as { close(): void }).close();
    return 'ok';
  } catch (e) {
    return describeError(e);
  }
}

describe('the camera fails an operation', { timeout: 120_000 }, () => {
  const cases = [
    { op: 'configure', method: 'applyConstraints', spec: 'OperationError', chromium: 'OperationError' },
    { op: 'nextFrame', method: 'grabFrame', spec: 'UnknownError', chromium: 'UnknownError' },
    { op: 'takePhoto', method: 'takePhoto', spec: 'UnknownError', chromium: 'UnknownError' },
    { op: 'photoSettings', method: 'takePhoto', spec: 'UnknownError', chromium: 'UnknownError' },
    { op: 'photoSettings', method: 'getPhotoSettings', spec: 'OperationError', chromium: 'UnknownError' },
  ] as const;
  for (const c of cases) {
    for (const behavior of ['spec', 'chromium'] as const) {
      const title = `${c.method} rejects with ${c[behavior]} when ${c.op} fails (${behavior} mode), changes nothing, and works again after`;
      it(title, async () => {
        const baseline = resourceCounts();
        const r = await openRig({ preset: PHONE_BACK, behavior });
        const before = await snapshot(r.track, r.capture);
        const run = (): Promise<unknown> =>
          c.method === 'applyConstraints'
            ? r.track.applyConstraints({ brightness: 80 })
            : c.method === 'takePhoto'
              ? r.capture.takePhoto({ imageWidth: 800 })
              : c.method === 'grabFrame'
                ? r.capture.grabFrame()
                : r.capture.getPhotoSettings();
        r.source.control.failNext(c.op);
        const failed = callAsync(run, c.method);
        await settle(r.clock, [failed]);
        assert.equal(describeError(failed.reason), c[behavior]);
        await assertUnchanged(before, r.track, r.capture, c.method);
        const again = callAsync(run, c.method);
        await settle(r.clock, [again]);
        assert.equal(await outcome(again.promise), 'ok', 'the next call works');
        assert.equal(endedListeners(r.capture), 0);
        assert.equal(r.track.readyState, 'live', 'a failed operation does not end the track');
        await r.close();
        await assertNoNewResources(baseline, c.method);
        await assertNoUnhandledRejections();
      });
    }
  }

  it('getUserMedia rejects with NotReadableError when the camera cannot be opened, and leaves nothing open', async () => {
    const r = await openRig();
    r.backend.control.failNextOpen();
    const o = callAsync(() => r.runtime.mediaDevices.getUserMedia({ video: true }), 'getUserMedia');
    await settle(r.clock, [o]);
    assert.equal(describeError(o.reason), 'NotReadableError');
    assert.equal(r.backend.control.sources.length, 1, 'only the rig’s own camera is open');
    const again = await r.runtime.mediaDevices.getUserMedia({ video: true });
    again.getTracks().forEach((t) => t.stop());
    await r.close();
  });

  it('getUserMedia rejects with NotFoundError when the camera is unplugged, and with NotReadableError for a plain Error from ' +
    'open', async () => {
    const r = await openRig();
    r.backend.control.unplug('virtual:phone-back');
    assert.equal(await outcome(r.runtime.mediaDevices.getUserMedia({ video: true })), 'NotFoundError');
    r.backend.control.plug('virtual:phone-back');
    r.backend.control.failNextOpen(new Error('device busy'));
    assert.equal(await outcome(r.runtime.mediaDevices.getUserMedia({ video: true })), 'NotReadableError');
    await r.close();
  });

  it('getPhotoCapabilities rejects with OperationError when the device cannot report them', async () => {
    const r = await openRig();
    const original = r.source.capabilities.bind(r.source);
    r.source.capabilities = () => {
      r.source.capabilities = original;
      throw new Error('capabilities unreadable');
    };
    assert.equal(await outcome(r.capture.getPhotoCapabilities()), 'OperationError');
    assert.equal(await outcome(r.capture.getPhotoCapabilities()), 'ok');
    await r.close();
  });

  for (const [what, still] of [
    ['the encoder refuses the image (a WebP wider than 16383 px)', { width: 17000, height: 1, bytes: 17000 * 4 }],
    ['the pixels do not match the size', { width: 64, height: 64, bytes: 16 }],
  ] as const) {
    it(`takePhoto rejects with UnknownError when encoding fails: ${what}`, async () => {
      const preset = definePreset({
        takePhoto: () => ({
          kind: 'raw',
          frame: { data: new Uint8Array(still.bytes), width: still.width, height: still.height, timestamp: 0, index: 0 },
          metadata: {},
        }),
      });
      const r = await openRig({ preset });
      const capture = new ImageCapture(r.track, { mimeType: 'image/webp' });
      const before = await snapshot(r.track, capture);
      const o = callAsync(() => capture.takePhoto(), 'takePhoto');
      await settle(r.clock, [o]);
      assert.equal(describeError(o.reason), 'UnknownError');
      await assertUnchanged(before, r.track, capture, 'takePhoto');
      await r.close();
    });
  }

  it('an operation that fails every time still settles every call', async () => {
    const r = await openRig();
    r.source.control.failEvery('nextFrame');
    r.source.control.failEvery('takePhoto');
    r.source.control.failEvery('configure');
    const calls = [];
    for (let i = 0; i < 20; i++) {
      calls.push(callAsync(() => r.capture.takePhoto(), 'takePhoto'));
      calls.push(callAsync(() => r.track.applyConstraints({ zoom: 1 + (i % 5) }), 'applyConstraints'));
      calls.push(callAsync(() => new ImageCapture(r.track).grabFrame(), 'grabFrame'));
    }
    await settle(r.clock, calls);
    const names = new Set(calls.map((o) => describeError(o.reason)));
    assert.deepEqual([...names].sort(), ['OperationError', 'UnknownError']);
    await r.close();
  });
});

describe('frames stall or the source mutes', { timeout: 120_000 }, () => {
  for (const how of ['stall', 'mute'] as const) {
    const title = `grabFrame rejects with UnknownError after ${GRAB_FRAME_TIMEOUT_MS} ms when the source ${how}s, ` +
      'not before, and leaves no sleeper';
    it(title, async () => {
      const r = await openRig();
      r.source.control[how]();
      const o = callAsync(() => r.capture.grabFrame(), 'grabFrame');
      await r.clock.advance(GRAB_FRAME_TIMEOUT_MS - 1);
      assert.equal(o.state, 'pending');
      await r.clock.advance(1);
      await flushMicrotasks();
      assert.equal(describeError(o.reason), 'UnknownError');
      assert.equal(r.clock.pending, 0, 'neither the timeout nor the frame wait is left on the clock');
      assert.equal(endedListeners(r.capture), 0);
      r.source.control[how === 'stall' ? 'resume' : 'unmute']();
      const again = callAsync(() => r.capture.grabFrame(), 'grabFrame');
      await settle(r.clock, [again]);
      assert.equal(await outcome(again.promise), 'ok');
      await r.close();
    });
  }

  it('a grab waiting on a stalled source resolves when frames resume before the timeout', async () => {
    const r = await openRig();
    r.source.control.mute();
    const o = callAsync(() => r.capture.grabFrame(), 'grabFrame');
    await r.clock.advance(1000);
    r.source.control.unmute();
    await settle(r.clock, [o]);
    assert.equal(await outcome(o.promise), 'ok');
    await r.close();
  });

  it('stopping the track during a stall rejects the grab at once with UnknownError', async () => {
    const r = await openRig();
    r.source.control.stall();
    const o = callAsync(() => r.capture.grabFrame(), 'grabFrame');
    await r.clock.advance(500);
    r.track.stop();
    await flushMicrotasks();
    assert.equal(describeError(o.reason), 'UnknownError');
    await r.close();
  });

  it('stills, photo state and constraints do not depend on video frames: they work during a stall', async () => {
    const r = await openRig();
    r.source.control.stall();
    const calls = [
      callAsync(() => r.capture.takePhoto(), 'takePhoto'),
      callAsync(() => r.capture.getPhotoCapabilities(), 'getPhotoCapabilities'),
      callAsync(() => r.track.applyConstraints({ zoom: 2 }), 'applyConstraints'),
    ];
    await settle(r.clock, calls);
    assert.deepEqual(await Promise.all(calls.map((o) => outcome(o.promise))), ['ok', 'ok', 'ok']);
    await r.close();
  });
});

describe('the device goes away under several tracks', { timeout: 120_000 }, () => {
  it('every track over it fires ended exactly once, every pending call settles, and stop() afterwards fires nothing', async () => {
    const r = await openRig({ preset: PHONE_BACK });
    const tracks = [r.track, r.clone(), r.clone()];
    const ended = tracks.map(() => 0);
    tracks.forEach((t, i) => t.addEventListener('ended', () => ended[i]!++));
    const captures = tracks.map((t) => new ImageCapture(t));
    const pending = captures.flatMap((c) => [
      callAsync(() => c.grabFrame(), 'grabFrame'),
      callAsync(() => c.takePhoto({ imageWidth: 800 }), 'takePhoto'),
      callAsync(() => c.getPhotoSettings(), 'getPhotoSettings'),
    ]);
    r.source.control.unplug(new Error('cable pulled'));
    r.source.control.unplug();
    await settle(r.clock, pending);
    const names = pending.map((o) => (o.state === 'fulfilled' ? 'ok' : describeError(o.reason)));
    assert.deepEqual(names, captures.flatMap(() => ['UnknownError', 'UnknownError', 'OperationError']));
    for (const t of tracks) t.stop();
    await flushMicrotasks();
    assert.deepEqual(ended, [1, 1, 1]);
    assert.ok(tracks.every((t) => t.readyState === 'ended'));
    for (const c of captures) assert.equal(endedListeners(c), 0);
    await r.close();
    await assertNoUnhandledRejections();
  });

  it('stopping one clone leaves the others working; stopping the last closes the camera', async () => {
    const r = await openRig();
    const clone = r.clone();
    r.track.stop();
    const o = callAsync(() => new ImageCapture(clone).grabFrame(), 'grabFrame');
    await settle(r.clock, [o]);
    assert.equal(await outcome(o.promise), 'ok');
    assert.equal(r.backend.control.sources.length, 1);
    clone.stop();
    assert.equal(r.backend.control.sources.length, 0);
    await r.close();
  });
});

describe('event listeners that call back into the API', { timeout: 120_000 }, () => {
  it("a 'mute' listener that stops the track while a still is being shot: the still rejects with UnknownError", async () => {
    const r = await openRig({ preset: PHONE_BACK });
    r.track.addEventListener('mute', () => r.track.stop());
    const o = callAsync(() => r.capture.takePhoto({ imageWidth: 800 }), 'takePhoto');
    await settle(r.clock, [o]);
    assert.equal(describeError(o.reason), 'UnknownError');
    await r.close();
  });

  it("a 'mute' listener that takes another photo: both stills are shot, in order", async () => {
    const r = await openRig({ preset: PHONE_BACK });
    const calls = [callAsync(() => r.capture.takePhoto({ imageWidth: 800 }), 'takePhoto')];
    r.track.addEventListener(
      'mute',
      () => void (calls.length < 2 && calls.push(callAsync(() => r.capture.takePhoto({ imageWidth: 1024 }), 'takePhoto'))),
      { once: true },
    );
    await settle(r.clock, calls); // the array grows while it settles: the listener's call is waited for too
    assert.deepEqual(calls.map((o) => o.state), ['fulfilled', 'fulfilled']);
    assert.ok(calls[0]!.order < calls[1]!.order);
    await r.close();
  });

  it("an 'ended' listener that calls every method: each rejects with InvalidStateError (applyConstraints resolves), nothing " +
    'hangs', async () => {
    const r = await openRig();
    const calls: ReturnType<typeof callAsync<unknown>>[] = [];
    r.track.addEventListener('ended', () => {
      calls.push(
        callAsync<unknown>(() => r.capture.takePhoto(), 'takePhoto'),
        callAsync<unknown>(() => r.capture.grabFrame(), 'grabFrame'),
        callAsync<unknown>(() => r.capture.getPhotoSettings(), 'getPhotoSettings'),
        callAsync<unknown>(() => r.track.applyConstraints({ zoom: 2 }), 'applyConstraints'),
      );
      r.track.stop();
      r.clone().stop();
    });
    const pending = callAsync(() => r.capture.grabFrame(), 'grabFrame');
    r.source.control.unplug();
    await settle(r.clock, [pending, ...calls]);
    assert.equal(describeError(pending.reason), 'UnknownError');
    assert.deepEqual(
      calls.map((o) => (o.state === 'fulfilled' ? 'ok' : describeError(o.reason))),
      ['InvalidStateError', 'InvalidStateError', 'InvalidStateError', 'ok'],
    );
    await r.close();
    await assertNoUnhandledRejections();
  });
});

describe('on the wall clock', { timeout: 120_000 }, () => {
  it('grabFrame leaves no timer running once it settled, whether it got a frame or the track stopped', async () => {
    const backend = new VirtualCameraBackend({ presets: [QUICK_PHONE] });
    const runtime = createRuntime({ backends: [backend], audioBackends: [] });
    const baseline = resourceCounts();
    const track = (await runtime.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
    const capture = new ImageCapture(track);
    for (let i = 0; i < 3; i++) (await capture.grabFrame()).close(); // ~33 ms each: the next real frame
    await assertNoNewResources(baseline, 'three grabs (the 2 s timeout timers must be cleared)');
    const pending = observe(capture.grabFrame());
    track.stop();
    assert.equal(await outcome(pending.promise), 'UnknownError');
    await assertNoNewResources(baseline, 'a grab cut short by stop()');
    assert.equal(backend.control.sources.length, 0);
  });
});
