/** Settings over time: motors travel, automatics converge, single-shot holds, values snap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/backends/clock.js';
import { definePreset, LAYOUT, VirtualCameraBackend } from '../../../src/backends/virtual/index.js';
import { grab, meanLuma, openCamera } from './helpers.js';

/** Exposure as time × ISO, from the settings. */
const exposureOf = (s: { exposureTime?: number; iso?: number }): number => s.exposureTime! * s.iso!;

describe('virtual camera motion', () => {
  it('zoom travels towards its target: configure resolves at once, settings report the position now', async () => {
    const cam = await openCamera();
    await cam.source.configure({ zoom: 10 });
    assert.equal(cam.source.settings().zoom, 1);
    await cam.clock.advance(250); // full range takes 500 ms
    const mid = cam.source.settings().zoom!;
    assert.ok(mid > 4 && mid < 7, `half way: ${mid}`);
    await cam.clock.advance(300);
    assert.equal(cam.source.settings().zoom, 10);
    cam.source.close();
  });

  it('an echo of the current position does not stop a zoom in motion', async () => {
    const cam = await openCamera();
    await cam.source.configure({ zoom: 10 });
    await cam.clock.advance(100);
    const now = cam.source.settings().zoom!;
    await cam.source.configure({ zoom: now, brightness: 60 });
    await cam.clock.advance(1000);
    assert.equal(cam.source.settings().zoom, 10);
    cam.source.close();
  });

  it('pan and tilt travel too, and report arc-seconds on their step', async () => {
    const cam = await openCamera();
    await cam.source.configure({ pan: 10000, tilt: -7300 });
    assert.equal(cam.source.settings().pan, 0);
    await cam.clock.advance(600);
    assert.equal(cam.source.settings().pan, 10080);
    assert.equal(cam.source.settings().tilt, -7200);
    cam.source.close();
  });

  it('manual focus moves the lens over time', async () => {
    const cam = await openCamera({ initial: { focusMode: 'manual', focusDistance: 10 } });
    await cam.source.configure({ focusDistance: 0.1 });
    await cam.clock.advance(50);
    const d = cam.source.settings().focusDistance!;
    assert.ok(d > 0.1 && d < 10, `moving: ${d}`);
    await cam.clock.advance(500);
    assert.equal(cam.source.settings().focusDistance, 0.1);
    cam.source.close();
  });

  it('a preset with no travel time applies at once', async () => {
    const preset = definePreset({ id: 'instant', dynamics: { travelMs: 0, focusTravelMs: 0, convergeMs: 0, sweepMs: 0 } });
    const clock = new ManualClock();
    const source = await new VirtualCameraBackend({ clock, presets: [preset] }).open('virtual:instant', {});
    await source.configure({ zoom: 7.3, exposureCompensation: 1 });
    assert.equal(source.settings().zoom, 7.3);
    source.close();
  });
});

describe('virtual camera automatics', () => {
  it('continuous auto exposure converges over clock time, not at once', async () => {
    const cam = await openCamera();
    const start = exposureOf(cam.source.settings());
    await cam.source.configure({ exposureCompensation: 2 });
    assert.equal(exposureOf(cam.source.settings()), start);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      await cam.clock.advance(50);
      seen.push(exposureOf(cam.source.settings()));
    }
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, `monotone: ${seen.join(', ')}`);
    assert.ok(seen[0]! > start && seen[0]! < 2 * start, `after 50 ms: ${seen[0]} from ${start}`);
    await cam.clock.advance(2000);
    const final = exposureOf(cam.source.settings());
    assert.ok(Math.abs(final / start - 4) < 0.3, `+2 EV: ${start} → ${final}`);
    cam.source.close();
  });

  it('auto exposure follows a darker room, and the frames brighten back over time', async () => {
    const cam = await openCamera();
    const all = { x0: 0, y0: 40, x1: 640, y1: 480 };
    const before = meanLuma(await grab(cam), all);
    cam.source.control.setScene({ ev100: 5 });
    const dark = meanLuma(await grab(cam), all);
    await cam.clock.advance(1500);
    const after = meanLuma(await grab(cam), all);
    assert.ok(dark < before - 30, `darker room: ${before} → ${dark}`);
    assert.ok(Math.abs(after - before) < 6, `recovered: ${after} vs ${before}`);
    cam.source.close();
  });

  it('single-shot exposure runs one sweep, then holds and keeps reporting single-shot', async () => {
    const cam = await openCamera();
    await cam.source.configure({ exposureMode: 'single-shot' });
    await cam.clock.advance(500);
    const held = cam.source.settings();
    assert.equal(held.exposureMode, 'single-shot');
    cam.source.control.setScene({ ev100: 5 });
    await cam.clock.advance(1500);
    assert.equal(exposureOf(cam.source.settings()), exposureOf(held));
    assert.equal(cam.source.settings().exposureMode, 'single-shot');
    await cam.source.configure({ exposureMode: 'single-shot' });
    await cam.clock.advance(500);
    const rerun = exposureOf(cam.source.settings());
    assert.ok(rerun > 3 * exposureOf(held), `re-run in a room 2 EV darker: ${exposureOf(held)} → ${rerun}`);
    cam.source.close();
  });

  it('single-shot focus holds its distance when the subject changes', async () => {
    const cam = await openCamera();
    await cam.source.configure({ focusMode: 'single-shot' });
    await cam.clock.advance(400);
    assert.equal(cam.source.settings().focusDistance, LAYOUT.face.depth);
    await cam.source.configure({ pointsOfInterest: [{ x: 0.13, y: 0.71 }] }); // the near card
    await cam.clock.advance(1000);
    assert.equal(cam.source.settings().focusDistance, LAYOUT.face.depth);
    await cam.source.configure({ focusMode: 'continuous' });
    await cam.clock.advance(1000);
    assert.equal(cam.source.settings().focusDistance, LAYOUT.near.depth);
    cam.source.close();
  });

  it('continuous white balance settles on the light in the room', async () => {
    const cam = await openCamera({ scene: { kelvin: 3200 } });
    assert.equal(cam.source.settings().colorTemperature, 3200);
    cam.source.control.setScene({ kelvin: 6500 });
    await cam.clock.advance(50);
    const moving = cam.source.settings().colorTemperature!;
    assert.ok(moving > 3200 && moving < 6500, `on its way: ${moving}`);
    await cam.clock.advance(2000);
    assert.equal(cam.source.settings().colorTemperature, 6500);
    cam.source.close();
  });
});

describe('virtual camera manual values', () => {
  it('switching to manual uses the companion values last set; in auto they are only stored', async () => {
    const cam = await openCamera();
    const auto = cam.source.settings();
    await cam.source.configure({ exposureTime: 500, iso: 200 });
    await cam.clock.advance(100);
    assert.equal(exposureOf(cam.source.settings()), exposureOf(auto));
    await cam.source.configure({ exposureMode: 'manual' });
    assert.equal(cam.source.settings().exposureTime, 500);
    assert.equal(cam.source.settings().iso, 200);
    cam.source.close();
  });

  it('snaps values to their steps and reports them snapped, without rejecting off-grid values', async () => {
    const cam = await openCamera({ initial: { exposureMode: 'manual', whiteBalanceMode: 'manual' } });
    await cam.source.configure(
      { exposureCompensation: 0.5, colorTemperature: 5123, exposureTime: 123.4, iso: 99.6, zoom: 2.34, brightness: 33.3 },
    );
    await cam.clock.advance(1000);
    const s = cam.source.settings();
    assert.equal(s.exposureCompensation, 2 / 3);
    assert.equal(s.colorTemperature, 5100);
    assert.equal(s.exposureTime, 123);
    assert.equal(s.iso, 100);
    assert.equal(s.zoom, 2.3);
    assert.equal(s.brightness, 33);
    cam.source.close();
  });

  it('clamps points of interest into [0, 1]', async () => {
    const cam = await openCamera();
    await cam.source.configure({ pointsOfInterest: [{ x: -1, y: 2 }] });
    assert.deepEqual(cam.source.settings().pointsOfInterest, [{ x: 0, y: 1 }]);
    cam.source.close();
  });

  it('a preset that reports set values echoes them in automatic modes', async () => {
    const preset = definePreset({ id: 'echo', dynamics: { reportDerived: false } });
    const source = await new VirtualCameraBackend({ clock: new ManualClock(), presets: [preset] }).open('virtual:echo', {});
    await source.configure({ exposureTime: 1234, colorTemperature: 3000 });
    assert.equal(source.settings().exposureTime, 1234);
    assert.equal(source.settings().colorTemperature, 3000);
    assert.equal(source.settings().exposureMode, 'continuous');
    source.close();
  });
});
