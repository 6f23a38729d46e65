import { describe, it } from 'node:test';
import { CHROMIUM_BEHAVIOR, SPEC_BEHAVIOR } from '../../src/spec/behavior.js';
import assert from 'node:assert/strict';
import { trackCapabilities, trackSettings } from '../../src/constraints/views.js';
import { IMAGE_CAPTURE_PROPERTIES } from '../../src/constraints/properties.js';
import { fullCapabilities, fullSettings, plainCapabilities } from './devices.js';

const info = { deviceId: 'cam-1', groupId: 'group-1', facingMode: 'environment' as const };
const spec = { ptzAllowed: true, behavior: SPEC_BEHAVIOR };

// https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getcapabilities,
// https://w3c.github.io/mediacapture-image/#mediatrackcapabilities-section
describe('trackCapabilities', () => {
  it('derives width, height, aspectRatio and frameRate from the modes (min 1 with crop-and-scale)', () => {
    const caps = trackCapabilities(info, fullCapabilities(), spec);
    assert.deepEqual(caps.width, { min: 1, max: 1280 });
    assert.deepEqual(caps.height, { min: 1, max: 720 });
    assert.deepEqual(caps.aspectRatio, { min: 1 / 720, max: 1280 });
    assert.deepEqual(caps.frameRate, { min: 1, max: 60 });
    assert.deepEqual(caps.resizeMode, ['none', 'crop-and-scale']);
  });

  it('uses the native sizes and rates only without crop-and-scale', () => {
    const modes = [
      { width: 640, height: 480, frameRate: 30 },
      { width: 320, height: 240, frameRate: 15 },
      { width: 1280, height: 720, frameRate: 10 },
    ];
    const caps = trackCapabilities(info, plainCapabilities({ videoModes: modes, minFrameRate: 1 }), spec);
    assert.deepEqual(caps.width, { min: 320, max: 1280 });
    assert.deepEqual(caps.height, { min: 240, max: 720 });
    assert.deepEqual(caps.aspectRatio, { min: 4 / 3, max: 1280 / 720 });
    assert.deepEqual(caps.frameRate, { min: 10, max: 30 });
  });

  it('reports identity and facing mode (an empty list when unknown)', () => {
    const caps = trackCapabilities(info, plainCapabilities(), spec);
    assert.equal(caps.deviceId, 'cam-1');
    assert.equal(caps.groupId, 'group-1');
    assert.deepEqual(caps.facingMode, ['environment']);
    assert.deepEqual(trackCapabilities({ deviceId: 'x', groupId: 'y' }, plainCapabilities(), spec).facingMode, []);
  });

  it('includes each image-capture property the device has, and none it lacks', () => {
    const full = trackCapabilities(info, fullCapabilities(), spec) as Record<string, unknown>;
    for (const row of IMAGE_CAPTURE_PROPERTIES) {
      assert.equal(row.name in full, row.name !== 'pointsOfInterest', row.name);
    }
    const plain = trackCapabilities(info, plainCapabilities(), spec) as Record<string, unknown>;
    for (const row of IMAGE_CAPTURE_PROPERTIES) assert.equal(row.name in plain, false, row.name);
  });

  it('reports ranges with step and torch as a list of booleans in spec mode', () => {
    const caps = trackCapabilities(info, fullCapabilities({ torch: [false] }), spec);
    assert.deepEqual(caps.zoom, { min: 1, max: 10, step: 0.1 });
    assert.deepEqual(caps.torch, [false]);
    assert.deepEqual(caps.focusMode, ['manual', 'single-shot', 'continuous']);
  });

  it('returns fresh objects: mutating one changes neither the device nor the next call', () => {
    const device = fullCapabilities();
    const a = trackCapabilities(info, device, spec);
    a.zoom!.max = 99;
    a.focusMode!.push('none');
    (a.torch as boolean[]).push(true);
    a.width!.max = 1;
    const b = trackCapabilities(info, device, spec);
    assert.equal(b.zoom!.max, 10);
    assert.deepEqual(b.focusMode, ['manual', 'single-shot', 'continuous']);
    assert.deepEqual(b.torch, [true, false]);
    assert.equal(b.width!.max, 1280);
    assert.equal(device.zoom!.max, 10);
  });

  it('leaves pan, tilt and zoom out without permission, or reports {} with the hint', () => {
    const hidden = trackCapabilities(info, fullCapabilities(), { ptzAllowed: false, behavior: SPEC_BEHAVIOR });
    for (const name of ['pan', 'tilt', 'zoom']) assert.equal(name in hidden, false, name);
    const hinted = trackCapabilities(
      info,
      fullCapabilities({ tilt: undefined }),
      { ptzAllowed: false, behavior: SPEC_BEHAVIOR, emptyPtzHint: true },
    );
    assert.deepEqual(hinted.pan, {});
    assert.deepEqual(hinted.zoom, {});
    assert.equal('tilt' in hinted, false, 'no hint for hardware that lacks tilt');
  });

  it('compat: torch is true when it can be turned on, else absent', () => {
    const compat = { ptzAllowed: true, behavior: CHROMIUM_BEHAVIOR };
    assert.equal(trackCapabilities(info, fullCapabilities({ torch: [true, false] }), compat).torch, true);
    assert.equal(trackCapabilities(info, fullCapabilities({ torch: [true] }), compat).torch, true);
    assert.equal('torch' in trackCapabilities(info, fullCapabilities({ torch: [false] }), compat), false);
  });

  it('compat: leaves out ranges whose min equals max; spec mode keeps them', () => {
    const device = fullCapabilities({ sharpness: { min: 3, max: 3, step: 0 } });
    assert.equal('sharpness' in trackCapabilities(info, device, { ptzAllowed: true, behavior: CHROMIUM_BEHAVIOR }), false);
    assert.deepEqual(trackCapabilities(info, device, spec).sharpness, { min: 3, max: 3, step: 0 });
  });
});

// https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getsettings,
// https://w3c.github.io/mediacapture-image/#mediatracksettings-section
describe('trackSettings', () => {
  it('reports the format with a derived aspect ratio, identity and facing mode', () => {
    const s = trackSettings(info, fullSettings({ width: 640, height: 480 }), spec);
    assert.equal(s.width, 640);
    assert.equal(s.height, 480);
    assert.equal(s.aspectRatio, 4 / 3);
    assert.equal(s.frameRate, 30);
    assert.equal(s.resizeMode, 'none');
    assert.equal(s.deviceId, 'cam-1');
    assert.equal(s.groupId, 'group-1');
    assert.equal(s.facingMode, 'environment');
    assert.equal('facingMode' in trackSettings({ deviceId: 'a', groupId: 'b' }, fullSettings(), spec), false);
  });

  it('reports every image-capture value the device has', () => {
    const s = trackSettings(info, fullSettings(), spec) as Record<string, unknown>;
    for (const row of IMAGE_CAPTURE_PROPERTIES) assert.ok(row.name in s, row.name);
    assert.equal(s.zoom, 1);
    assert.equal(s.torch, false);
  });

  it('leaves out pan, tilt and zoom without permission', () => {
    const s = trackSettings(info, fullSettings(), { ptzAllowed: false, behavior: SPEC_BEHAVIOR });
    for (const name of ['pan', 'tilt', 'zoom']) assert.equal(name in s, false, name);
    assert.equal(s.focusDistance, 1);
  });

  it('copies points; compat leaves an empty list out', () => {
    const device = fullSettings({ pointsOfInterest: [{ x: 0.5, y: 0.25 }] });
    const s = trackSettings(info, device, spec);
    s.pointsOfInterest![0]!.x = 9;
    assert.deepEqual(device.pointsOfInterest, [{ x: 0.5, y: 0.25 }]);
    assert.deepEqual(trackSettings(info, fullSettings(), spec).pointsOfInterest, []);
    assert.equal('pointsOfInterest' in trackSettings(info, fullSettings(), { ptzAllowed: true, behavior: CHROMIUM_BEHAVIOR }), false);
  });

  it('omits properties the device lacks', () => {
    const s = trackSettings(info, { width: 640, height: 480, frameRate: 30, resizeMode: 'none' }, spec);
    assert.deepEqual(
      Object.keys(s).sort(),
      ['aspectRatio', 'deviceId', 'facingMode', 'frameRate', 'groupId', 'height', 'resizeMode', 'width'],
    );
  });
});
