import { describe, it } from 'node:test';
import { behaviorRecord, CHROMIUM_BEHAVIOR } from '../../src/spec/behavior.js';
import assert from 'node:assert/strict';
import { convertConstraints } from '../../src/constraints/convert.js';
import { mentionsPtz, ptzConstraintNames, selectSettings } from '../../src/constraints/select-settings.js';
import type { DeviceModel, SelectResult, SelectSuccess } from '../../src/constraints/select-settings.js';
import { IMAGE_CAPTURE_PROPERTIES } from '../../src/constraints/properties.js';
import { fullCapabilities, fullSettings, liveDevice } from './devices.js';

// https://w3c.github.io/mediacapture-main/#dfn-selectsettings, https://w3c.github.io/mediacapture-image/#constrainable-properties
function apply(constraints: unknown, device: DeviceModel = liveDevice(), compat = false): SelectResult {
  return selectSettings(
    convertConstraints(constraints, 'video', 'ctx'),
    [device],
    { behavior: behaviorRecord(compat ? 'chromium' : 'spec'), purpose: 'applyConstraints' },
  );
}

function ok(r: SelectResult): SelectSuccess {
  if (!r.ok) assert.fail(`expected success, got failure on ${r.constraint}: ${r.message}`);
  return r;
}

function failsOn(r: SelectResult, constraint: string): string {
  if (r.ok) assert.fail(`expected a failure naming ${constraint}, got success`);
  assert.equal(r.constraint, constraint, r.message);
  return r.message;
}

const RANGE_NAMES = [
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

describe('applyConstraints selection: basic set', () => {
  it('with no constraints keeps every current value', () => {
    const s = ok(apply({})).settings;
    assert.deepEqual(s, fullSettings());
  });

  it('applies an advanced set of all 17 valid values', () => {
    const values = {
      whiteBalanceMode: 'manual', exposureMode: 'manual', focusMode: 'manual', pointsOfInterest: [{ x: 0.1, y: 0.2 }],
      exposureCompensation: 1, exposureTime: 200, colorTemperature: 6500, iso: 800, brightness: 10, contrast: 20,
      saturation: 30, sharpness: 4, focusDistance: 2.5, pan: 7200, tilt: -3600, zoom: 3.5, torch: true,
    };
    assert.equal(Object.keys(values).length, IMAGE_CAPTURE_PROPERTIES.length);
    for (const compat of [false, true]) {
      const s = ok(apply({ advanced: [values] }, liveDevice(), compat)).settings;
      for (const [name, v] of Object.entries(values)) assert.deepEqual((s as Record<string, unknown>)[name], v, name);
    }
  });

  it('rejects a basic exact above the range, naming the property', () => {
    const message = failsOn(apply({ exposureTime: { exact: 10001 } }), 'exposureTime');
    assert.match(message, /10001.*1–10000/);
  });

  it('rejects a basic exact below the range for each range property', () => {
    const caps = fullCapabilities() as unknown as Record<string, { min: number }>;
    for (const name of RANGE_NAMES) failsOn(apply({ [name]: { exact: caps[name]!.min - 1 } }), name);
  });

  it('rejects min above the range and max below it', () => {
    failsOn(apply({ zoom: { min: 11 } }), 'zoom');
    failsOn(apply({ iso: { max: 50 } }), 'iso');
    assert.match(failsOn(apply({ brightness: { min: 5, max: 3 } }), 'brightness'), /min 5 is greater than max 3/);
  });

  it('rejects an exact unsupported mode, naming the allowed ones', () => {
    const message = failsOn(apply({ whiteBalanceMode: { exact: 'single-shot' } }), 'whiteBalanceMode');
    assert.match(message, /"manual", "continuous"/);
  });

  it('accepts an exact mode list when one entry is supported', () => {
    assert.equal(ok(apply({ focusMode: { exact: ['none', 'single-shot'] } })).settings.focusMode, 'single-shot');
  });

  it('clamps a bare out-of-range value toward the range', () => {
    assert.equal(ok(apply({ zoom: 25 })).settings.zoom, 10);
    assert.equal(ok(apply({ exposureCompensation: -9 })).settings.exposureCompensation, -2);
    assert.equal(ok(apply({ iso: { ideal: 1 } })).settings.iso, 100);
  });

  it('combines min/max with ideal: the ideal is clamped into the required range', () => {
    assert.equal(ok(apply({ zoom: { min: 4, ideal: 2 } })).settings.zoom, 4);
    assert.equal(ok(apply({ zoom: { max: 4, ideal: 6 } })).settings.zoom, 4);
  });

  it('moves the current value into a new required range when no ideal is given', () => {
    const device = liveDevice({ current: fullSettings({ zoom: 1 }) });
    assert.equal(ok(apply({ zoom: { min: 3 } }, device)).settings.zoom, 3);
    assert.equal(ok(apply({ iso: { max: 200 } })).settings.iso, 200);
  });

  it('keeps the current mode when an ideal mode is unsupported', () => {
    const s = ok(apply({ exposureMode: 'single-shot', focusMode: { ideal: ['none'] } })).settings;
    assert.equal(s.exposureMode, 'continuous');
    assert.equal(s.focusMode, 'continuous');
  });

  it('does not snap values to step (docs/behaviour.md)', () => {
    const s = ok(apply({ exposureCompensation: 1.25, zoom: { exact: 3.141592 } })).settings;
    assert.equal(s.exposureCompensation, 1.25);
    assert.equal(s.zoom, 3.141592);
  });

  it('reports the first failing constraint in property-table order', () => {
    const r = apply({ zoom: { exact: 99 }, iso: { exact: 1 }, focusMode: { exact: 'none' } });
    failsOn(r, 'focusMode');
  });

  it('fails a required constraint on a property the device lacks, and ignores an ideal one', () => {
    const device = liveDevice(
      { capabilities: fullCapabilities({ iso: undefined, torch: undefined }), current: fullSettings({ iso: undefined, torch: undefined }) },
    );
    assert.match(failsOn(apply({ iso: { exact: 200 } }, device), 'iso'), /not supported/);
    failsOn(apply({ torch: { exact: false } }, device), 'torch');
    const s = ok(apply({ iso: 200, torch: true }, device)).settings;
    assert.equal('iso' in s, false);
    assert.equal('torch' in s, false);
  });

  it('fails an exact deviceId or groupId of another device', () => {
    failsOn(apply({ deviceId: { exact: 'other' } }), 'deviceId');
    failsOn(apply({ groupId: { exact: ['a', 'b'] } }), 'groupId');
    ok(apply({ deviceId: { exact: 'cam-1' }, facingMode: { exact: 'user' } }));
    failsOn(apply({ facingMode: { exact: 'environment' } }), 'facingMode');
  });

  it('leaves the device model untouched, whether it succeeds or fails', () => {
    const device = liveDevice();
    const before = structuredClone(device);
    apply({ zoom: 4, advanced: [{ torch: true }] }, device);
    apply({ zoom: { exact: 40 } }, device);
    assert.deepEqual(device, before);
  });
});

describe('applyConstraints selection: advanced sets', () => {
  it('spec mode ignores an unsatisfiable advanced set and keeps those values', () => {
    const s = ok(apply({ advanced: [{ zoom: 12 }] })).settings;
    assert.equal(s.zoom, 1);
  });

  it('spec mode applies the 2nd set when only it is satisfiable', () => {
    const s = ok(apply({ advanced: [{ zoom: 12 }, { zoom: 5 }, { zoom: 6 }] })).settings;
    assert.equal(s.zoom, 5);
  });

  it('treats a set as a whole: one unsatisfiable member skips the others in it', () => {
    const s = ok(apply({ advanced: [{ iso: 800, whiteBalanceMode: 'single-shot' }] })).settings;
    assert.equal(s.iso, 400);
    assert.equal(s.whiteBalanceMode, 'continuous');
  });

  it('narrows later sets by earlier ones (effective capability)', () => {
    const s = ok(apply({ advanced: [{ zoom: { min: 5 } }, { zoom: 3 }, { zoom: { max: 7 } }] })).settings;
    assert.equal(s.zoom, 5);
  });

  it('uses the basic set ideal within what the advanced sets left', () => {
    const s = ok(apply({ zoom: 9, advanced: [{ zoom: { min: 2, max: 4 } }] })).settings;
    assert.equal(s.zoom, 4);
  });

  it('compat mode rejects an unsatisfiable advanced[0], naming the first offending property', () => {
    failsOn(apply({ advanced: [{ zoom: 12 }] }, liveDevice(), true), 'zoom');
    failsOn(apply({ advanced: [{ zoom: 12, whiteBalanceMode: 'none' }] }, liveDevice(), true), 'whiteBalanceMode');
  });

  it('compat mode follows the spec for later advanced sets', () => {
    const s = ok(apply({ advanced: [{ zoom: 2 }, { zoom: 12 }] }, liveDevice(), true)).settings;
    assert.equal(s.zoom, 2);
  });

  it('compat strictness is for applyConstraints only; getUserMedia skips the set', () => {
    const n = convertConstraints({ advanced: [{ zoom: 12 }] }, 'video', 'ctx');
    const { current: _current, ...unopened } = liveDevice();
    assert.equal(selectSettings(n, [unopened], { behavior: CHROMIUM_BEHAVIOR, purpose: 'getUserMedia' }).ok, true);
  });

  it('ignores ideal values inside advanced sets', () => {
    const s = ok(apply({ advanced: [{ zoom: { ideal: 8 } }] })).settings;
    assert.equal(s.zoom, 1);
  });
});

describe('applyConstraints selection: pointsOfInterest and torch', () => {
  it('clamps points to [0,1]', () => {
    assert.deepEqual(ok(apply({ pointsOfInterest: [{ x: -1, y: 2 }] })).settings.pointsOfInterest, [{ x: 0, y: 1 }]);
    assert.deepEqual(ok(apply({ advanced: [{ pointsOfInterest: [{ x: 1.5, y: 0.5 }] }] })).settings.pointsOfInterest, [{ x: 1, y: 0.5 }]);
  });

  it('treats [] as no constraint', () => {
    const device = liveDevice({ current: fullSettings({ pointsOfInterest: [{ x: 0.3, y: 0.3 }] }) });
    assert.deepEqual(ok(apply({ pointsOfInterest: [] }, device)).settings.pointsOfInterest, [{ x: 0.3, y: 0.3 }]);
    assert.deepEqual(ok(apply({ advanced: [{ pointsOfInterest: [] }] }, device, true)).settings.pointsOfInterest, [{ x: 0.3, y: 0.3 }]);
  });

  it('compares exact points after clamping, so ≤0 matches 0 and ≥1 matches 1', () => {
    const s = ok(
      apply({ pointsOfInterest: { exact: [{ x: -3, y: 0.5 }] }, advanced: [{ pointsOfInterest: [{ x: 0, y: 0.5 }] }] }, liveDevice(), true),
    );
    assert.deepEqual(s.settings.pointsOfInterest, [{ x: 0, y: 0.5 }]);
    failsOn(
      apply(
        { pointsOfInterest: { exact: [{ x: 0.5, y: 0.5 }] }, advanced: [{ pointsOfInterest: [{ x: 0.4, y: 0.5 }] }] },
        liveDevice(),
        true,
      ),
      'pointsOfInterest',
    );
  });

  it('fails a required torch the device cannot turn on; ignores or rejects it in advanced', () => {
    const device = liveDevice({ capabilities: fullCapabilities({ torch: [false] }) });
    assert.match(failsOn(apply({ torch: { exact: true } }, device), 'torch'), /cannot be turned on/);
    assert.equal(ok(apply({ advanced: [{ torch: true }] }, device)).settings.torch, false);
    failsOn(apply({ advanced: [{ torch: true }] }, device, true), 'torch');
    assert.equal(ok(apply({ torch: true }, device)).settings.torch, false);
  });

  it('turns a controllable torch on, and cannot turn off an always-on torch', () => {
    assert.equal(ok(apply({ torch: { exact: true } })).settings.torch, true);
    const alwaysOn = liveDevice({ capabilities: fullCapabilities({ torch: [true] }), current: fullSettings({ torch: true }) });
    failsOn(apply({ torch: { exact: false } }, alwaysOn), 'torch');
  });
});

// https://w3c.github.io/mediacapture-image/#pan
describe('applyConstraints selection: pan, tilt and zoom', () => {
  const denied = () => liveDevice({ ptzAllowed: false });

  it('without permission fails a required pan', () => {
    assert.match(failsOn(apply({ pan: { exact: 0 } }, denied()), 'pan'), /permission/);
  });

  it('without permission: compat rejects {advanced:[{pan:8}]}, spec ignores it', () => {
    failsOn(apply({ advanced: [{ pan: 8 }] }, denied(), true), 'pan');
    const s = ok(apply({ advanced: [{ pan: 8 }] }, denied())).settings;
    assert.equal('pan' in s, false);
  });

  it('without permission ignores ideal values and leaves PTZ out of the update', () => {
    const s = ok(apply({ zoom: 3, tilt: true }, denied())).settings;
    for (const name of ['pan', 'tilt', 'zoom']) assert.equal(name in s, false, name);
  });

  it('a boolean false is satisfied without permission, even in compat advanced[0]', () => {
    ok(apply({ pan: false, advanced: [{ zoom: false, tilt: false }] }, denied(), true));
  });

  it('a boolean true never changes the current value', () => {
    const device = liveDevice({ current: fullSettings({ pan: 36000, zoom: 2 }) });
    const s = ok(apply({ pan: true, advanced: [{ zoom: true }] }, device)).settings;
    assert.equal(s.pan, 36000);
    assert.equal(s.zoom, 2);
  });

  it('an advanced pan:false cannot be met when the camera has pan', () => {
    failsOn(apply({ advanced: [{ pan: false }] }, liveDevice(), true), 'pan');
    ok(apply({ advanced: [{ pan: false }] }));
  });

  it('pan and tilt stay within ±648000', () => {
    const s = ok(apply({ pan: 1e9, tilt: -1e9 })).settings;
    assert.equal(s.pan, 648000);
    assert.equal(s.tilt, -648000);
  });
});

describe('mentionsPtz / ptzConstraintNames', () => {
  const names = (c: unknown) => ptzConstraintNames(convertConstraints(c, 'video', 'ctx'));

  it('finds pan, tilt, zoom with values other than false in any set', () => {
    assert.deepEqual(names({ pan: 0 }), ['pan']);
    assert.deepEqual(names({ advanced: [{}, { zoom: 2 }] }), ['zoom']);
    assert.deepEqual(names({ tilt: true }), ['tilt']);
    assert.deepEqual(names({ zoom: { ideal: 2 }, pan: { exact: 0 } }), ['pan', 'zoom']);
    assert.equal(mentionsPtz(convertConstraints({ zoom: 2 }, 'video', 'ctx')), true);
  });

  it('ignores false and constraints on other properties', () => {
    assert.deepEqual(names({ pan: false, advanced: [{ tilt: false, zoom: false }] }), []);
    assert.deepEqual(names({ focusDistance: 1, torch: true }), []);
    assert.equal(mentionsPtz(convertConstraints({ pan: false }, 'video', 'ctx')), false);
  });
});
