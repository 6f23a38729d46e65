/**
 * The pre-capture step of takePhoto on the virtual camera: a still waits until the lens motors
 * have arrived and the automatics have settled, bounded by PRECAPTURE_LIMIT_MS of the camera's
 * clock. Time is a ManualClock driven in bounded steps; nothing depends on machine speed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRECAPTURE_LIMIT_MS, precapture } from '../../../src/backends/precapture.js';
import { definePreset, PHONE_BACK } from '../../../src/backends/virtual/presets.js';
import { readExif } from '../../../src/encode/exif-read.js';
import { ImageCapture, ManualClock, VirtualCameraBackend, createRuntime } from '../../../src/entries/index.js';
import { flushMicrotasks } from '../../../src/backends/clock.js';

/** Drives the clock in 10 ms steps until `promise` settles (at most `maxMs` of clock time). */
async function drive<T>(clock: ManualClock, promise: Promise<T>, maxMs = 60_000): Promise<{ value: T }> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => ((done = true), (value = v)),
    (e: unknown) => ((done = true), (error = e)),
  );
  for (let t = 0; !done && t < maxMs; t += 10) await clock.advance(10);
  assert.ok(done, `the promise did not settle within ${maxMs} ms of clock time`);
  if (error !== undefined) throw error;
  return { value: value as T };
}

async function open(presets = [PHONE_BACK]) {
  const clock = new ManualClock();
  const runtime = createRuntime({ backends: [new VirtualCameraBackend({ clock, presets, seed: 1 })], audioBackends: [] });
  const stream = await runtime.mediaDevices.getUserMedia({ video: { width: 1920, height: 1080, zoom: true } });
  const [track] = stream.getVideoTracks();
  return { clock, track: track! };
}

/** Whether `promise` has settled after the pending reactions ran (no clock movement). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await flushMicrotasks();
  return done;
}

describe('takePhoto pre-capture on the virtual camera', () => {
  it('a photo taken right after applyConstraints({ zoom: 2 }) is at zoom 2 (README example)', async () => {
    const { clock, track } = await open();
    try {
      await track.applyConstraints({ advanced: [{ zoom: 2, focusMode: 'continuous' }] });
      // Right after applyConstraints the zoom motor has only just started moving.
      assert.ok((track.getSettings().zoom as number) < 2, 'the zoom is still travelling');
      const capture = new ImageCapture(track as unknown as MediaStreamTrack);
      const { value: blob } = await drive(clock, capture.takePhoto());
      const exif = readExif(new Uint8Array(await blob.arrayBuffer()));
      assert.equal(exif.DigitalZoomRatio, 2);
      assert.equal(track.getSettings().zoom, 2);
    } finally {
      track.stop();
    }
  });

  it('waits exactly until the zoom motor arrives, then the automatics are settled', async () => {
    const clock = new ManualClock();
    const source = await new VirtualCameraBackend({ clock, seed: 1 }).open('virtual:phone-back', {});
    try {
      await source.configure({ zoom: 2 });
      const ready = precapture(source, new AbortController().signal);
      let steps = 0;
      while (!(await isSettled(ready)) && steps < 1000) {
        await clock.advance(10);
        steps++;
      }
      await ready;
      const waited = clock.now();
      assert.ok(waited > 0 && waited < PRECAPTURE_LIMIT_MS, `waited ${waited} ms of clock time`);
      assert.equal(source.settings().zoom, 2);
      // One step earlier the camera was not yet settled.
      assert.ok(steps >= 1);
    } finally {
      source.close();
    }
  });

  it('a settled camera does not wait at all', async () => {
    const clock = new ManualClock();
    const source = await new VirtualCameraBackend({ clock, seed: 1 }).open('virtual:phone-back', {});
    try {
      assert.equal(await isSettled(precapture(source, new AbortController().signal)), true);
      assert.equal(clock.pending, 0, 'no timer left behind');
    } finally {
      source.close();
    }
  });

  it('a stuck lens still gives a photo once the pre-capture limit has passed', async () => {
    // A zoom motor so slow it never arrives in practice.
    const stuck = definePreset({ id: 'stuck-lens', label: 'Stuck lens', dynamics: { travelMs: 1e9 } }, PHONE_BACK);
    const clock = new ManualClock();
    const source = await new VirtualCameraBackend({ clock, seed: 1, presets: [stuck] }).open('virtual:stuck-lens', {});
    try {
      await source.configure({ zoom: 2 });
      const ready = precapture(source, new AbortController().signal);
      await clock.advance(PRECAPTURE_LIMIT_MS - 10);
      assert.equal(await isSettled(ready), false, 'still waiting just before the limit');
      await clock.advance(10);
      assert.equal(await isSettled(ready), true, 'given up at the limit');
      assert.equal(clock.pending, 0, 'no timer left behind');
    } finally {
      source.close();
    }
    const { clock: clock2, track } = await open([stuck]);
    try {
      await track.applyConstraints({ advanced: [{ zoom: 2 }] });
      const capture = new ImageCapture(track as unknown as MediaStreamTrack);
      const { value: blob } = await drive(clock2, capture.takePhoto());
      const ratio = readExif(new Uint8Array(await blob.arrayBuffer())).DigitalZoomRatio as number;
      assert.ok(ratio < 1.5, `a photo, with the lens where it got to (zoom ${ratio})`);
    } finally {
      track.stop();
    }
  });
});
