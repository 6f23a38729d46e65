import assert from 'node:assert/strict';
import { snapToRange } from '../../../src/constraints/snap.js';
import { describe, it } from 'node:test';
import {
  checkPreset,
  DEFAULT_PRESETS,
  definePreset,
  PHONE_BACK,
  PHONE_FRONT,
  WEBCAM,
  type Preset,
} from '../../../src/backends/virtual/index.js';

const RANGES = [
  'exposureCompensation',
  'exposureTime',
  'colorTemperature',
  'iso',
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'focusDistance',
  'pan',
  'tilt',
  'zoom',
] as const;
const MODES = ['whiteBalanceMode', 'exposureMode', 'focusMode'] as const;

function assertConsistent(p: Preset): void {
  assert.equal(checkPreset(p), undefined, `${p.id}: ${checkPreset(p)}`);
  const s = p.defaults.settings;
  for (const name of RANGES) {
    const r = p.capabilities[name];
    if (!r) {
      assert.equal(s[name], undefined, `${p.id}: ${name} has a default but no capability`);
      continue;
    }
    assert.ok(r.min! <= r.max! && r.step! >= 0, `${p.id}: ${name} range`);
    assert.ok(s[name]! >= r.min! && s[name]! <= r.max!, `${p.id}: default ${name} within range`);
  }
  for (const name of MODES) {
    const list = p.capabilities[name];
    if (list) assert.ok(list.includes(s[name]!), `${p.id}: default ${name} in list`);
    else assert.equal(s[name], undefined);
  }
  if (p.capabilities.torch) assert.ok(p.capabilities.torch.includes(s.torch!));
  assert.ok(p.photo.fillLightMode.includes(p.defaults.photo.fillLightMode));
  const mode = p.videoModes.find((m) => m.width === s.width && m.height === s.height);
  assert.ok(mode && s.frameRate <= mode.frameRate, `${p.id}: default video format is a mode`);
}

describe('virtual camera presets', () => {
  it('every built-in preset reports consistent capabilities and defaults', () => {
    assert.deepEqual(
      DEFAULT_PRESETS.map((p) => p.id),
      ['phone-back', 'phone-front', 'webcam'],
    );
    for (const p of DEFAULT_PRESETS) assertConsistent(p);
  });

  it('phone-back has all 16 capabilities with the documented ranges', () => {
    const c = PHONE_BACK.capabilities;
    for (const name of [...RANGES, ...MODES, 'torch', 'pointsOfInterest'] as const) assert.ok(c[name] !== undefined, name);
    assert.deepEqual(c.exposureTime, { min: 1, max: 10000, step: 1 });
    assert.deepEqual(c.zoom, { min: 1, max: 10, step: 0.1 });
    assert.deepEqual(c.torch, [true, false]);
    assert.deepEqual(PHONE_BACK.photo.fillLightMode, ['auto', 'off', 'flash']);
    assert.equal(PHONE_BACK.photo.redEyeReduction, 'controllable');
    assert.equal(PHONE_BACK.photo.imageWidth!.max, 4032);
    assert.equal(PHONE_BACK.photo.imageHeight!.max, 3024);
    assert.ok(PHONE_BACK.videoModes.some((m) => m.width === 3840 && m.height === 2160 && m.frameRate === 30));
  });

  it('phone-front has fixed focus, no pan/tilt, torch [false] and no flash', () => {
    const c = PHONE_FRONT.capabilities;
    assert.equal(c.focusMode, undefined);
    assert.equal(c.focusDistance, undefined);
    assert.equal(c.pan, undefined);
    assert.equal(c.tilt, undefined);
    assert.deepEqual(c.torch, [false]);
    assert.deepEqual(c.zoom, { min: 1, max: 3, step: 0.1 });
    assert.deepEqual(PHONE_FRONT.photo.fillLightMode, ['off']);
    assert.equal(PHONE_FRONT.photo.redEyeReduction, 'never');
    assert.equal(PHONE_FRONT.facingMode, 'user');
  });

  it('the webcam lacks focus, pan, tilt, zoom and torch entirely', () => {
    const c = WEBCAM.capabilities;
    for (const name of [
      'focusMode',
      'focusDistance',
      'pan',
      'tilt',
      'zoom',
      'torch',
      'iso',
      'exposureCompensation',
      'pointsOfInterest',
    ] as const) {
      assert.equal(c[name], undefined, name);
      assert.equal((WEBCAM.defaults.settings as Record<string, unknown>)[name], undefined, name);
    }
    assert.deepEqual(
      WEBCAM.videoModes.map((m) => `${m.width}x${m.height}@${m.frameRate}`),
      ['640x480@30', '1280x720@30', '1920x1080@30'],
    );
    assert.equal(WEBCAM.facingMode, undefined);
  });

  it('definePreset derives from a base, removes capabilities with null and fills missing defaults', () => {
    const p = definePreset({
      id: 'fixture',
      videoModes: [{ width: 320, height: 240, frameRate: 15 }],
      capabilities: { zoom: null, brightness: { min: 10, max: 20, step: 2 } },
      defaults: { settings: { width: 320, height: 240, frameRate: 15, brightness: null } },
    });
    assertConsistent(p);
    assert.equal(p.capabilities.zoom, undefined);
    assert.equal(p.defaults.settings.zoom, undefined);
    assert.equal(p.defaults.settings.brightness, 16);
    assert.equal(p.capabilities.iso!.max, PHONE_BACK.capabilities.iso!.max);
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.capabilities));
  });

  it('definePreset keeps a photo override', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const p = definePreset({ id: 'encoded', takePhoto: () => ({ kind: 'encoded', blob }) });
    const still = await p.takePhoto!(p.defaults.photo, {} as never);
    assert.deepEqual(still, { kind: 'encoded', blob });
  });

  it('definePreset rejects a default outside its range, naming it', () => {
    assert.throws(
      () => definePreset({ id: 'bad', defaults: { settings: { zoom: 20 } } }),
      (e: unknown) => e instanceof RangeError && /zoom 20 is outside 1–10/.test(e.message),
    );
    assert.throws(() => definePreset({ id: 'bad2', defaults: { settings: { focusMode: 'none' } } }), /focusMode "none" is not in/);
    assert.throws(() => definePreset({ id: 'bad3', videoModes: [] }), /at least one video mode/);
    assert.throws(
      () => definePreset({ id: 'bad4', photo: { redEyeReduction: 'never' }, defaults: { photo: { redEyeReduction: true } } }),
      /redEyeReduction/,
    );
  });
});

describe('snapToRange', () => {
  it('snaps to the step grid and clamps into the range', () => {
    assert.equal(snapToRange(2.34, { min: 1, max: 10, step: 0.1 }), 2.3);
    assert.equal(snapToRange(1.4000001, { min: 1, max: 10, step: 0.1 }), 1.4);
    assert.equal(snapToRange(0.5, { min: -3, max: 3, step: 1 / 3 }), 2 / 3);
    assert.equal(snapToRange(1 / 3, { min: -3, max: 3, step: 1 / 3 }), 1 / 3);
    assert.equal(snapToRange(5123, { min: 2500, max: 7500, step: 50 }), 5100);
    assert.equal(snapToRange(99, { min: 1, max: 10, step: 0.1 }), 10);
    assert.equal(snapToRange(-5, { min: 0.1, max: 10, step: 0.01 }), 0.1);
    assert.equal(snapToRange(0.123, { min: 0.1, max: 10, step: 0.01 }), 0.12);
  });

  it('never leaves the range when max is off the grid', () => {
    assert.equal(snapToRange(10, { min: 0, max: 10, step: 3 }), 9);
  });
});
