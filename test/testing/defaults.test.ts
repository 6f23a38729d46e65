import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MediaStreamTrack } from '../../src/media/track.js';
import { type MockEnv, mockEnv } from './helpers.js';

describe('ImageCaptureTest default state', () => {
  let env: MockEnv;
  before(async () => {
    env = await mockEnv();
  });
  after(() => env.dispose());

  it('state() holds every default value, enum number and range shape of the surface', () => {
    const s = env.test.mockImageCapture().state();
    assert.deepEqual(s.supportedWhiteBalanceModes, [2, 3]);
    assert.equal(s.currentWhiteBalanceMode, 3);
    assert.deepEqual(s.supportedExposureModes, [1, 2, 3]);
    assert.equal(s.currentExposureMode, 1);
    assert.deepEqual(s.supportedFocusModes, [1, 2]);
    assert.equal(s.currentFocusMode, 1);
    assert.deepEqual(s.pointsOfInterest, [{ x: 0.4, y: 0.6 }]);
    assert.deepEqual(s.exposureCompensation, { min: -200, max: 200, current: 33, step: 33 });
    assert.deepEqual(s.exposureTime, { min: 100, max: 100000, current: 1000, step: 100 });
    assert.deepEqual(s.colorTemperature, { min: 2500, max: 6500, current: 6000, step: 1000 });
    assert.deepEqual(s.iso, { min: 100, max: 12000, current: 400, step: 1 });
    assert.deepEqual(s.brightness, { min: 1, max: 10, current: 5, step: 1 });
    assert.deepEqual(s.contrast, { min: 2, max: 9, current: 5, step: 1 });
    assert.deepEqual(s.saturation, { min: 3, max: 8, current: 6, step: 1 });
    assert.deepEqual(s.sharpness, { min: 4, max: 7, current: 7, step: 1 });
    assert.deepEqual(s.focusDistance, { min: 1, max: 10, current: 3, step: 1 });
    assert.deepEqual(s.pan, { min: 0, max: 10, current: 5, step: 2 });
    assert.deepEqual(s.tilt, { min: 0, max: 10, current: 5, step: 2 });
    assert.deepEqual(s.zoom, { min: 0, max: 10, current: 5, step: 5 });
    assert.equal(s.supportsTorch, true);
    assert.equal(s.torch, false);
    assert.equal(s.redEyeReduction, 2);
    assert.deepEqual(s.height, { min: 240, max: 2448, current: 240, step: 2 });
    assert.deepEqual(s.width, { min: 320, max: 3264, current: 320, step: 3 });
    assert.deepEqual(s.fillLightMode, [1, 2]);
    assert.deepEqual(s.supportedBackgroundBlurModes, [0, 1]);
    assert.equal(s.backgroundBlurMode, 0);
  });

  it('options() is null before any settings are sent', () => {
    assert.equal(env.test.mockImageCapture().options(), null);
  });

  describe('what the API shows', () => {
    let track: MediaStreamTrack;
    before(async () => {
      track = await env.track();
    });

    it('getCapabilities() shows the modes as strings, the ranges as {min, max, step} and torch as true', () => {
      const caps = track.getCapabilities() as Record<string, unknown>;
      assert.deepEqual(caps.whiteBalanceMode, ['single-shot', 'continuous']);
      assert.deepEqual(caps.exposureMode, ['manual', 'single-shot', 'continuous']);
      assert.deepEqual(caps.focusMode, ['manual', 'single-shot']);
      assert.deepEqual(caps.exposureCompensation, { min: -200, max: 200, step: 33 });
      assert.deepEqual(caps.exposureTime, { min: 100, max: 100000, step: 100 });
      assert.deepEqual(caps.colorTemperature, { min: 2500, max: 6500, step: 1000 });
      assert.deepEqual(caps.iso, { min: 100, max: 12000, step: 1 });
      assert.deepEqual(caps.brightness, { min: 1, max: 10, step: 1 });
      assert.deepEqual(caps.contrast, { min: 2, max: 9, step: 1 });
      assert.deepEqual(caps.saturation, { min: 3, max: 8, step: 1 });
      assert.deepEqual(caps.sharpness, { min: 4, max: 7, step: 1 });
      assert.deepEqual(caps.focusDistance, { min: 1, max: 10, step: 1 });
      assert.deepEqual(caps.pan, { min: 0, max: 10, step: 2 });
      assert.deepEqual(caps.tilt, { min: 0, max: 10, step: 2 });
      assert.deepEqual(caps.zoom, { min: 0, max: 10, step: 5 });
      assert.equal(caps.torch, true);
    });

    it('getSettings() shows the current values', () => {
      const s = track.getSettings() as Record<string, unknown>;
      assert.equal(s.whiteBalanceMode, 'continuous');
      assert.equal(s.exposureMode, 'manual');
      assert.equal(s.focusMode, 'manual');
      assert.deepEqual(s.pointsOfInterest, [{ x: 0.4, y: 0.6 }]);
      const expected = {
        exposureCompensation: 33, exposureTime: 1000, colorTemperature: 6000, iso: 400, brightness: 5, contrast: 5,
        saturation: 6, sharpness: 7, focusDistance: 3, pan: 5, tilt: 5, zoom: 5,
      };
      for (const [name, value] of Object.entries(expected)) assert.equal(s[name], value, name);
      assert.equal(s.torch, false);
    });

    it('getPhotoCapabilities() shows redEyeReduction "controllable", the image ranges and fill light ["auto", "flash"]', async () => {
      const caps = await env.capture(track).getPhotoCapabilities();
      assert.equal(caps.redEyeReduction, 'controllable');
      assert.deepEqual(caps.imageHeight, { min: 240, max: 2448, step: 2 });
      assert.deepEqual(caps.imageWidth, { min: 320, max: 3264, step: 3 });
      assert.deepEqual(caps.fillLightMode, ['auto', 'flash']);
    });

    it('getPhotoSettings() shows the photo size 320x240 (and, as in Chromium, nothing else)', async () => {
      assert.deepEqual(await env.capture(track).getPhotoSettings(), { imageHeight: 240, imageWidth: 320 });
    });

    it("takePhoto() resolves with the mock's 2-byte image/cat Blob", async () => {
      const blob = await env.capture(track).takePhoto();
      assert.ok(blob instanceof Blob);
      assert.equal(blob.type, 'image/cat');
      assert.equal(blob.size, 2);
    });

    it('grabFrame() still delivers frames of the video size', async () => {
      const pending = env.capture(track).grabFrame();
      await env.clock.advance(100);
      const bitmap = await pending;
      assert.equal(bitmap.width, 640);
      assert.equal(bitmap.height, 480);
      bitmap.close();
    });
  });
});
