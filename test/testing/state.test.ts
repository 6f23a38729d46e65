import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type MockEnv, mockEnv } from './helpers.js';

describe('ImageCaptureTest state() is live', () => {
  let env: MockEnv;
  beforeEach(async () => {
    env = await mockEnv();
  });
  afterEach(() => env.dispose());

  const state = (): ReturnType<ReturnType<MockEnv['test']['mockImageCapture']>['state']> => env.test.mockImageCapture().state();

  it('returns the same object on every call, so changes made through it stick', () => {
    state().iso.current = 1600;
    assert.equal(env.test.mockImageCapture().state().iso.current, 1600);
  });

  it('supportsTorch = false before getUserMedia: no torch capability or setting, and applying torch is overconstrained', async () => {
    state().supportsTorch = false;
    const track = await env.track();
    assert.equal('torch' in track.getCapabilities(), false);
    assert.equal('torch' in track.getSettings(), false);
    await assert.rejects(track.applyConstraints({ advanced: [{ torch: true }] }), (e: unknown) => {
      assert.equal((e as DOMException).name, 'OverconstrainedError');
      assert.equal((e as { constraint: string }).constraint, 'torch');
      return true;
    });
  });

  it('redEyeReduction = 0 before getPhotoCapabilities shows "never", and a redEyeReduction setting is then refused', async () => {
    const capture = env.capture(await env.track());
    state().redEyeReduction = 0;
    assert.equal((await capture.getPhotoCapabilities()).redEyeReduction, 'never');
    await assert.rejects(capture.takePhoto({ redEyeReduction: false }), { name: 'NotSupportedError' });
    state().redEyeReduction = 1;
    assert.equal((await capture.getPhotoCapabilities()).redEyeReduction, 'always');
  });

  it('a changed range shows in the next getCapabilities() and getSettings() on a track made earlier', async () => {
    const track = await env.track();
    state().zoom = { min: 1, max: 4, current: 2, step: 0.5 };
    state().brightness.current = 9;
    assert.deepEqual(track.getCapabilities().zoom, { min: 1, max: 4, step: 0.5 });
    assert.equal(track.getSettings().zoom, 2);
    assert.equal(track.getSettings().brightness, 9);
    await assert.rejects(track.applyConstraints({ advanced: [{ zoom: 5 }] }), { name: 'OverconstrainedError' });
  });

  it('changed mode lists and current modes show as strings', async () => {
    const track = await env.track();
    state().supportedFocusModes = [0, 3];
    state().currentFocusMode = 3;
    assert.deepEqual(track.getCapabilities().focusMode, ['none', 'continuous']);
    assert.equal(track.getSettings().focusMode, 'continuous');
  });

  it('an empty mode list removes that mode from capabilities and settings', async () => {
    const track = await env.track();
    state().supportedWhiteBalanceModes = [];
    assert.equal('whiteBalanceMode' in track.getCapabilities(), false);
    assert.equal('whiteBalanceMode' in track.getSettings(), false);
  });

  it('a range whose min equals its max is not reported', async () => {
    const track = await env.track();
    state().sharpness = { min: 5, max: 5, current: 5, step: 0 };
    assert.equal('sharpness' in track.getCapabilities(), false);
    assert.equal('sharpness' in track.getSettings(), false);
  });

  it('changed photo ranges and fill-light modes show in the next getPhotoCapabilities()', async () => {
    const capture = env.capture(await env.track());
    state().width = { min: 100, max: 200, current: 150, step: 10 };
    state().fillLightMode = [0];
    const caps = await capture.getPhotoCapabilities();
    assert.deepEqual(caps.imageWidth, { min: 100, max: 200, step: 10 });
    assert.deepEqual(caps.fillLightMode, ['off']);
    assert.equal((await capture.getPhotoSettings()).imageWidth, 150);
  });

  it('cleared points of interest leave pointsOfInterest out of getSettings(), as Chromium does', async () => {
    const track = await env.track();
    state().pointsOfInterest = [];
    assert.equal('pointsOfInterest' in track.getSettings(), false);
  });
});
