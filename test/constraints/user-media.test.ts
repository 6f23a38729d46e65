import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkRequiredAllowed,
  convertConstraints,
  convertGetUserMediaConstraints,
  isRequiredConstraint,
} from '../../src/constraints/convert.js';
import { IMAGE_CAPTURE_PROPERTIES } from '../../src/constraints/properties.js';

const GUM = "Failed to execute 'getUserMedia' on 'MediaDevices'";
const gum = (v: unknown) => convertGetUserMediaConstraints(v, GUM);

describe('convertGetUserMediaConstraints', () => {
  it('rejects with TypeError when neither audio nor video is requested', () => {
    for (const v of [undefined, null, {}, { video: false }, { audio: 0, video: '' }, { video: undefined }]) {
      assert.throws(() => gum(v), TypeError, JSON.stringify(v));
    }
  });

  it('throws TypeError for a non-object argument', () => {
    assert.throws(() => gum(true), TypeError);
    assert.throws(() => gum('video'), TypeError);
  });

  it('treats true, truthy values and null as "requested with no constraints"', () => {
    for (const video of [true, 1, 'yes', null]) {
      const c = gum({ video });
      assert.ok(c.video, String(video));
      assert.deepEqual(c.video.basic, {});
      assert.equal(c.audio, undefined);
    }
  });

  it('converts a dictionary as MediaTrackConstraints of that kind', () => {
    const c = gum({ video: { facingMode: 'user', sampleRate: 1 }, audio: { sampleRate: 48000, zoom: 2 } });
    assert.deepEqual(Object.keys(c.video!.basic), ['facingMode']);
    assert.deepEqual(Object.keys(c.audio!.basic), ['sampleRate']);
  });

  it('reads audio before video', () => {
    const log: string[] = [];
    gum({
      get video() {
        log.push('video');
        return true;
      },
      get audio() {
        log.push('audio');
        return false;
      },
    });
    assert.deepEqual(log, ['audio', 'video']);
  });

  it('propagates conversion TypeErrors before the "nothing requested" check', () => {
    assert.throws(() => gum({ video: { zoom: 'abc' } }), (e: unknown) => e instanceof TypeError && e.message.includes('zoom'));
  });
});

// https://w3c.github.io/mediacapture-main/#dfn-allowed-required-constraints-for-device-selection
describe('required image-capture constraints in getUserMedia', () => {
  it('rejects pan, tilt and zoom with min, max or exact in the basic set', () => {
    for (const name of ['pan', 'tilt', 'zoom']) {
      for (const member of ['min', 'max', 'exact']) {
        assert.throws(
          () => gum({ video: { [name]: { [member]: 1 } } }),
          (e: unknown) => e instanceof TypeError && e.message.includes(name),
          `${name}.${member}`,
        );
      }
    }
  });

  it('rejects every image-capture property given as required', () => {
    const required: Record<string, unknown> = {
      whiteBalanceMode: { exact: 'manual' },
      exposureMode: { exact: 'manual' },
      focusMode: { exact: 'manual' },
      pointsOfInterest: { exact: [{ x: 0.5, y: 0.5 }] },
      torch: { exact: true },
    };
    for (const row of IMAGE_CAPTURE_PROPERTIES) {
      const value = required[row.name] ?? { exact: 1 };
      assert.throws(() => gum({ video: { [row.name]: value } }), TypeError, row.name);
    }
  });

  it('allows bare and ideal image-capture values, and anything in advanced sets', () => {
    assert.doesNotThrow(() => gum({ video: { zoom: 2 } }));
    assert.doesNotThrow(() => gum({ video: { zoom: { ideal: 2 } } }));
    assert.doesNotThrow(() => gum({ video: { pan: true, focusDistance: 1, torch: true } }));
    assert.doesNotThrow(() => gum({ video: { advanced: [{ zoom: { exact: 2 }, torch: { exact: true } }] } }));
  });

  it('allows required constraints on the gUM device-selection list', () => {
    assert.doesNotThrow(() =>
      gum({
        video: {
          width: { min: 640 },
          height: { exact: 480 },
          aspectRatio: { max: 2 },
          frameRate: { exact: 30 },
          facingMode: { exact: 'user' },
          resizeMode: { exact: 'none' },
          deviceId: { exact: 'cam' },
          groupId: { exact: 'g' },
        },
        audio: { sampleRate: { exact: 48000 }, echoCancellation: { exact: true } },
      }),
    );
  });

  it('names the first offending property in table order', () => {
    assert.throws(
      () => gum({ video: { zoom: { exact: 2 }, exposureMode: { exact: 'manual' } } }),
      (e: unknown) => e instanceof TypeError && e.message.includes('exposureMode') && !e.message.includes('zoom'),
    );
  });

  it('checkRequiredAllowed throws for a required image-capture constraint and accepts a bare one', () => {
    const c = convertConstraints({ zoom: { exact: 2 } }, 'video', 'ctx');
    assert.throws(() => checkRequiredAllowed(c, 'video', 'ctx'), TypeError);
    assert.doesNotThrow(() => checkRequiredAllowed(convertConstraints({ zoom: 2 }, 'video', 'ctx'), 'video', 'ctx'));
  });
});

describe('isRequiredConstraint', () => {
  it('is true for dictionaries with min, max or exact and false for bare values and ideal', () => {
    const basic = convertConstraints(
      { zoom: { min: 1 }, pan: 3, tilt: { ideal: 2 }, torch: { exact: false }, focusMode: 'manual', exposureMode: { ideal: 'manual' } },
      'video',
      'ctx',
    ).basic;
    assert.equal(isRequiredConstraint(basic.zoom!), true);
    assert.equal(isRequiredConstraint(basic.pan!), false);
    assert.equal(isRequiredConstraint(basic.tilt!), false);
    assert.equal(isRequiredConstraint(basic.torch!), true);
    assert.equal(isRequiredConstraint(basic.focusMode!), false);
    assert.equal(isRequiredConstraint(basic.exposureMode!), false);
  });
});
