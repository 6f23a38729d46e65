import { describe, it } from 'node:test';
import { behaviorRecord } from '../../src/spec/behavior.js';
import assert from 'node:assert/strict';
import { convertGetUserMediaConstraints } from '../../src/constraints/convert.js';
import { selectSettings } from '../../src/constraints/select-settings.js';
import type { DeviceModel, SelectResult, SelectSuccess } from '../../src/constraints/select-settings.js';
import { fullCapabilities, fullSettings, plainCapabilities } from './devices.js';

function gum(video: unknown, devices: DeviceModel[], compat = false): SelectResult {
  const c = convertGetUserMediaConstraints({ video }, 'gUM');
  return selectSettings(c.video!, devices, { behavior: behaviorRecord(compat ? 'chromium' : 'spec'), purpose: 'getUserMedia' });
}

function ok(r: SelectResult): SelectSuccess {
  if (!r.ok) assert.fail(`expected success, got failure on ${r.constraint}: ${r.message}`);
  return r;
}

const front: DeviceModel = {
  deviceId: 'front',
  groupId: 'phone',
  facingMode: 'user',
  capabilities: plainCapabilities(),
  ptzAllowed: false,
};
const back: DeviceModel = {
  deviceId: 'back',
  groupId: 'phone',
  facingMode: 'environment',
  capabilities: fullCapabilities(
    { videoModes: [{ width: 1920, height: 1080, frameRate: 30 }, { width: 640, height: 480, frameRate: 30 }] },
  ),
  ptzAllowed: false,
};
const usb: DeviceModel = {
  deviceId: 'usb',
  groupId: 'usb',
  capabilities: plainCapabilities({ videoModes: [{ width: 320, height: 240, frameRate: 15 }] }),
  ptzAllowed: false,
};
const all = [front, back, usb];

describe('getUserMedia device choice', () => {
  it('takes the first device when nothing distinguishes them', () => {
    assert.equal(ok(gum(true, all)).index, 0);
  });

  it('chooses by facingMode ideal and requires it with exact', () => {
    assert.equal(ok(gum({ facingMode: 'environment' }, all)).device.deviceId, 'back');
    assert.equal(ok(gum({ facingMode: { exact: 'environment' } }, all)).device.deviceId, 'back');
    const r = gum({ facingMode: { exact: 'left' } }, all);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.constraint, 'facingMode');
  });

  it('prefers a device that reports the ideal facingMode over one that reports none', () => {
    assert.equal(ok(gum({ facingMode: 'user' }, [usb, front])).device.deviceId, 'front');
  });

  it('chooses by deviceId (bare is ideal, exact is required) and groupId', () => {
    assert.equal(ok(gum({ deviceId: 'usb' }, all)).index, 2);
    assert.equal(ok(gum({ deviceId: { exact: ['nope', 'back'] } }, all)).index, 1);
    assert.equal(ok(gum({ groupId: 'usb' }, all)).index, 2);
    const r = gum({ deviceId: { exact: 'missing' } }, all);
    assert.equal(!r.ok && r.constraint, 'deviceId');
  });

  it('chooses by width ideal: the device whose mode is nearest', () => {
    assert.equal(ok(gum({ width: 1920 }, all)).device.deviceId, 'back');
    assert.equal(ok(gum({ width: { ideal: 300 } }, [front, usb])).device.deviceId, 'usb');
    // A device that can crop and scale meets any smaller width exactly.
    assert.equal(ok(gum({ width: { ideal: 300 } }, all)).device.deviceId, 'back');
    assert.equal(ok(gum({ width: 640 }, [usb, front])).device.deviceId, 'front');
  });

  it('excludes devices that fail required constraints', () => {
    const r = ok(gum({ width: { min: 1000 } }, all));
    assert.equal(r.device.deviceId, 'back');
    assert.equal(r.settings.width, 1920);
  });

  it('fails naming the constraint when no device satisfies it', () => {
    const r = gum({ frameRate: { min: 100 } }, all);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.constraint, 'frameRate');
    assert.match(!r.ok ? r.message : '', /frameRate min 100/);
  });

  it('reports the failure that comes first in table order across devices', () => {
    const r = gum({ width: { exact: 1920 }, facingMode: { exact: 'user' } }, [front, back]);
    assert.equal(!r.ok && r.constraint, 'width');
  });

  it('fails with an empty constraint name when there are no devices', () => {
    const r = gum(true, []);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.constraint, '');
  });

  it('prefers a camera with zoom for an ideal zoom (distance 1 when absent) once PTZ is allowed', () => {
    const withPtz = { ...back, ptzAllowed: true };
    assert.equal(ok(gum({ zoom: 2 }, [front, withPtz])).device.deviceId, 'back');
    assert.equal(ok(gum({ zoom: 2 }, [front, back])).device.deviceId, 'front');
  });

  it('steers toward and away from pan with booleans (https://w3c.github.io/mediacapture-image/#pan)', () => {
    const withPtz = { ...back, ptzAllowed: true };
    assert.equal(ok(gum({ pan: true }, [front, withPtz])).device.deviceId, 'back');
    assert.equal(ok(gum({ pan: false }, [withPtz, front])).device.deviceId, 'front');
  });

  it('sets an ideal image-capture value in the initial settings, and leaves unconstrained ones to the device', () => {
    const s = ok(gum({ facingMode: 'environment', iso: 800, zoom: 4 }, all)).settings;
    assert.equal(s.iso, 800);
    assert.equal('zoom' in s, false, 'no PTZ permission');
    assert.equal('brightness' in s, false);
    assert.equal('torch' in s, false);
  });

  it('sets a value an advanced set requires even without an ideal', () => {
    const s = ok(gum({ advanced: [{ focusMode: 'manual', iso: { min: 1600 } }] }, [back])).settings;
    assert.equal(s.focusMode, 'manual');
    assert.equal(s.iso, 1600);
  });
});

describe('video format selection', () => {
  const cropCam = (current?: DeviceModel['current']): DeviceModel => ({
    deviceId: 'c',
    groupId: 'g',
    capabilities: fullCapabilities({ videoModes: [{ width: 1280, height: 720, frameRate: 30 }], minFrameRate: 5 }),
    ptzAllowed: true,
    ...(current ? { current } : {}),
  });

  it('opens the first native mode by default', () => {
    assert.deepEqual(
      ok(gum(true, [cropCam()])).settings,
      { width: 1280, height: 720, frameRate: 30, resizeMode: 'none' },
    );
  });

  it('crops and scales to an ideal width, keeping the mode\'s aspect ratio', () => {
    const s = ok(gum({ width: 640 }, [cropCam()])).settings;
    assert.deepEqual([s.width, s.height, s.resizeMode], [640, 360, 'crop-and-scale']);
  });

  it('crops to ideal width and height and lowers the frame rate', () => {
    const s = ok(gum({ width: 320, height: 240, frameRate: 10 }, [cropCam()])).settings;
    assert.deepEqual(s, { width: 320, height: 240, frameRate: 10, resizeMode: 'crop-and-scale' });
  });

  it('never goes above the native size or rate, and clamps the rate at minFrameRate', () => {
    const s = ok(gum({ width: 4000, height: 3000, frameRate: 1 }, [cropCam()])).settings;
    assert.equal(s.width, 1280);
    assert.equal(s.height, 720);
    assert.equal(s.frameRate, 5);
  });

  it('satisfies an exact aspect ratio within half a pixel', () => {
    const s = ok(gum({ aspectRatio: { exact: 4 / 3 } }, [cropCam()])).settings;
    assert.ok(Math.abs(s.width - (s.height * 4) / 3) <= 0.5, `${s.width}x${s.height}`);
    assert.equal(s.resizeMode, 'crop-and-scale');
  });

  it('without crop-and-scale offers native modes only at their own rate', () => {
    const device: DeviceModel = {
      ...front,
      capabilities: plainCapabilities(
        { videoModes: [{ width: 640, height: 480, frameRate: 30 }, { width: 320, height: 240, frameRate: 30 }] },
      ),
    };
    const s = ok(gum({ width: 300, frameRate: 10 }, [device])).settings;
    assert.deepEqual(s, { width: 320, height: 240, frameRate: 30, resizeMode: 'none' });
    const r = gum({ frameRate: { max: 20 } }, [device]);
    assert.equal(!r.ok && r.constraint, 'frameRate');
    const e = gum({ width: { exact: 500 } }, [device]);
    assert.equal(!e.ok && e.constraint, 'width');
  });

  it('honours resizeMode: exact none forbids cropping; ideal crop-and-scale prefers it', () => {
    const none = gum({ width: { exact: 640 }, resizeMode: { exact: 'none' } }, [cropCam()]);
    assert.equal(!none.ok && none.constraint, 'resizeMode');
    assert.match(!none.ok ? none.message : '', /resizeMode "none" cannot be met together/);
    const s = ok(gum({ resizeMode: 'crop-and-scale' }, [cropCam()])).settings;
    assert.deepEqual(s, { width: 1280, height: 720, frameRate: 30, resizeMode: 'crop-and-scale' });
  });

  it('names the constraint that makes the combination impossible', () => {
    const r = gum({ width: { exact: 1280 }, height: { exact: 720 }, aspectRatio: { exact: 1 } }, [cropCam()]);
    assert.equal(!r.ok && r.constraint, 'aspectRatio');
    assert.match(!r.ok ? r.message : '', /together with the other/);
    const alone = gum({ height: { min: 721 } }, [cropCam()]);
    assert.match(!alone.ok ? alone.message : '', /height min 721 is outside the supported range 1–720/);
  });

  it('applyConstraints keeps the current size when only other properties change', () => {
    const current = fullSettings({ width: 640, height: 480, frameRate: 15, resizeMode: 'crop-and-scale' });
    const r = selectSettings(
      convertGetUserMediaConstraints({ video: { zoom: 2 } }, 'x').video!,
      [cropCam(current)],
      { purpose: 'applyConstraints' },
    );
    const s = ok(r).settings;
    assert.deepEqual([s.width, s.height, s.frameRate, s.resizeMode, s.zoom], [640, 480, 15, 'crop-and-scale', 2]);
  });

  it('prefers a native mode over cropping when both meet the ideal', () => {
    const device: DeviceModel = { ...cropCam(), capabilities: fullCapabilities() };
    const s = ok(gum({ width: 640, height: 480 }, [device])).settings;
    assert.deepEqual(s.resizeMode, 'none');
    assert.equal(s.frameRate, 60);
  });
});
