import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { MockOptions } from '../../src/testing/mock-state.js';
import { type MockEnv, mockEnv } from './helpers.js';

/** The hasX flags that are true in an options record. */
function flagsSet(o: MockOptions | null): string[] {
  assert.ok(o, 'options() should not be null');
  return Object.entries(o)
    .filter(([k, v]) => k.startsWith('has') && v === true)
    .map(([k]) => k)
    .sort();
}

describe('ImageCaptureTest options()', () => {
  let env: MockEnv;
  beforeEach(async () => {
    env = await mockEnv();
  });
  afterEach(() => env.dispose());

  const mock = (): ReturnType<MockEnv['test']['mockImageCapture']> => env.test.mockImageCapture();

  const modes = [
    { name: 'whiteBalanceMode', value: 'single-shot', number: 2, current: 'currentWhiteBalanceMode' },
    { name: 'exposureMode', value: 'continuous', number: 3, current: 'currentExposureMode' },
    { name: 'focusMode', value: 'single-shot', number: 2, current: 'currentFocusMode' },
  ] as const;
  for (const m of modes) {
    it(`${m.name} "${m.value}" is sent as MeteringMode ${m.number} and becomes the current mode`, async () => {
      const track = await env.track();
      await track.applyConstraints({ advanced: [{ [m.name]: m.value }] });
      const o = mock().options() as unknown as Record<string, unknown>;
      const flag = `has${m.name[0]!.toUpperCase()}${m.name.slice(1)}`;
      assert.deepEqual(flagsSet(mock().options()), [flag]);
      assert.equal(o[m.name], m.number);
      assert.equal(mock().state()[m.current], m.number);
      assert.equal((track.getSettings() as Record<string, unknown>)[m.name], m.value);
    });
  }

  // Values off the step grid: the mock takes and reports them as given.
  const ranges = {
    exposureCompensation: 133.77,
    exposureTime: 1234.5,
    colorTemperature: 3210,
    iso: 777,
    brightness: 2.5,
    contrast: 8.25,
    saturation: 4.5,
    sharpness: 6.5,
    focusDistance: 9.99,
    pan: 3.3,
    tilt: 7.7,
    zoom: 3.141592,
  } as const;
  for (const [name, value] of Object.entries(ranges)) {
    it(`${name} ${value} is sent, stored as the current value and reported unsnapped`, async () => {
      const track = await env.track();
      await track.applyConstraints({ advanced: [{ [name]: value }] });
      const o = mock().options() as unknown as Record<string, unknown>;
      assert.deepEqual(flagsSet(mock().options()), [`has${name[0]!.toUpperCase()}${name.slice(1)}`]);
      assert.equal(o[name], value);
      assert.equal((mock().state() as unknown as Record<string, { current: number }>)[name]!.current, value);
      assert.equal((track.getSettings() as Record<string, unknown>)[name], value);
    });
  }

  it('pointsOfInterest is sent as an array and becomes the state’s points', async () => {
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ pointsOfInterest: [{ x: 0.1, y: 0.2 }, { x: 0.9, y: 0.8 }] }] });
    const o = mock().options()!;
    assert.deepEqual(o.pointsOfInterest, [{ x: 0.1, y: 0.2 }, { x: 0.9, y: 0.8 }]);
    assert.deepEqual(flagsSet(o), []);
    assert.deepEqual(mock().state().pointsOfInterest, [{ x: 0.1, y: 0.2 }, { x: 0.9, y: 0.8 }]);
  });

  it('pointsOfInterest is an empty array when a message does not carry points', async () => {
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ brightness: 7 }] });
    assert.deepEqual(mock().options()!.pointsOfInterest, []);
    assert.equal(mock().options()!.hasBrightness, true);
  });

  it('torch true is sent and becomes the state’s torch', async () => {
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ torch: true }] });
    assert.deepEqual(flagsSet(mock().options()), ['hasTorch']);
    assert.equal(mock().options()!.torch, true);
    assert.equal(mock().state().torch, true);
    assert.equal(track.getSettings().torch, true);
  });

  it('several properties in one call make one message with all of them', async () => {
    const track = await env.track();
    await track.applyConstraints({ whiteBalanceMode: 'single-shot', iso: 800, zoom: 10, torch: true });
    assert.deepEqual(flagsSet(mock().options()), ['hasIso', 'hasTorch', 'hasWhiteBalanceMode', 'hasZoom']);
    assert.equal(mock().options()!.iso, 800);
  });

  it('each message replaces the previous one', async () => {
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ zoom: 2 }] });
    await track.applyConstraints({ advanced: [{ tilt: 4 }] });
    assert.deepEqual(flagsSet(mock().options()), ['hasTilt']);
    assert.equal(mock().options()!.zoom, undefined);
  });

  it('a change of video size alone sends no settings message', async () => {
    const track = await env.track();
    await track.applyConstraints({ width: 1280, height: 720 });
    assert.equal(track.getSettings().width, 1280);
    assert.equal(mock().options(), null);
  });

  it('image-capture values given to getUserMedia reach the camera as a message', async () => {
    const track = await env.track({ zoom: 7, exposureMode: 'continuous' });
    assert.deepEqual(flagsSet(mock().options()), ['hasExposureMode', 'hasZoom']);
    assert.equal(mock().options()!.zoom, 7);
    assert.equal(track.getSettings().zoom, 7);
  });

  it('takePhoto sends width, height, redEyeReduction and fillLightMode, and the size becomes current', async () => {
    const track = await env.track();
    const capture = env.capture(track);
    const blob = await capture.takePhoto({ imageWidth: 1001, imageHeight: 300, redEyeReduction: true, fillLightMode: 'flash' });
    assert.equal(blob.type, 'image/cat');
    const o = mock().options()!;
    assert.deepEqual(flagsSet(o), ['hasFillLightMode', 'hasHeight', 'hasRedEyeReduction', 'hasWidth']);
    assert.equal(o.width, 1001);
    assert.equal(o.height, 300);
    assert.equal(o.redEyeReduction, true);
    assert.equal(o.fillLightMode, 2);
    assert.equal(mock().state().width.current, 1001);
    assert.equal(mock().state().height.current, 300);
    assert.deepEqual(await capture.getPhotoSettings(), { imageHeight: 300, imageWidth: 1001 });
  });

  it('takePhoto fillLightMode "auto" is FillLightMode 1', async () => {
    const capture = env.capture(await env.track());
    await capture.takePhoto({ fillLightMode: 'auto' });
    assert.equal(mock().options()!.fillLightMode, 1);
  });

  it(
    'takePhoto sends a size off the step grid, and one outside the range before capabilities were fetched, as given',
    async () => {
      const capture = env.capture(await env.track());
      await capture.takePhoto({ imageWidth: 1080, imageHeight: 100 });
      assert.equal(mock().options()!.width, 1080);
      assert.equal(mock().options()!.height, 100);
    },
  );
});
