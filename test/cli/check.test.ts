import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConstraints, checkPhotoSettings, constraintDictionary, impliedModes, rangeText } from '../../src/cli/check.js';
import { CliError } from '../../src/cli/errors.js';
import type { MediaTrackCapabilities, MediaTrackSettings, PhotoCapabilities } from '../../src/spec/types.js';

const caps: MediaTrackCapabilities = {
  width: { min: 1, max: 4032 },
  height: { min: 1, max: 3024 },
  zoom: { min: 1, max: 10, step: 0.1 },
  brightness: { min: 0, max: 255, step: 1 },
  exposureTime: { min: 10, max: 10000, step: 1 },
  exposureCompensation: { min: -3, max: 3, step: 0.5 },
  exposureMode: ['manual', 'single-shot', 'continuous'],
  focusMode: ['continuous', 'single-shot'],
  whiteBalanceMode: ['continuous'],
  torch: [true, false],
};
const settings: MediaTrackSettings = {
  width: 1280,
  height: 720,
  zoom: 1,
  exposureMode: 'continuous',
  focusMode: 'continuous',
  pointsOfInterest: [],
};

function usage(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CliError);
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, message);
    return true;
  });
}

test('values inside the capability ranges and listed modes pass', () => {
  checkConstraints(
    { zoom: 10, brightness: 0, exposureMode: 'manual', torch: false, pointsOfInterest: [{ x: 0.5, y: 0.5 }] },
    caps,
    settings,
    'Cam',
  );
});

test('a value outside a range is a usage error that states the range with its unit', () => {
  usage(() => checkConstraints({ zoom: 12 }, caps, settings, 'Cam'), '--zoom 12 is outside the supported range 1–10 ×');
  usage(() => checkConstraints({ width: 8000 }, caps, settings, 'Cam'), '--video-width 8000 is outside the supported range 1–4032 px');
  usage(() => checkConstraints({ brightness: -1 }, caps, settings, 'Cam'), '--brightness -1 is outside the supported range 0–255');
  usage(
    () => checkConstraints({ exposureTime: 5 }, caps, settings, 'Cam'),
    '--exposure-time 5 is outside the supported range 10–10000 ×100 µs',
  );
});

test('a mode the camera does not list is a usage error naming the supported ones', () => {
  usage(
    () => checkConstraints({ focusMode: 'manual' }, caps, settings, 'Cam'),
    '--focus-mode manual is not supported by Cam; supported: continuous, single-shot',
  );
});

test('a property the camera lacks is a usage error', () => {
  usage(() => checkConstraints({ iso: 400 }, caps, settings, 'Cam'), '--iso is not supported by Cam');
  usage(() => checkConstraints({ facingMode: 'user' }, caps, settings, 'Cam'), '--facing-mode is not supported by Cam');
  usage(
    () => checkConstraints({ pointsOfInterest: [{ x: 0, y: 0 }] }, caps, { width: 1 }, 'Cam'),
    '--points-of-interest is not supported by Cam',
  );
  usage(() => checkConstraints({ torch: true }, { ...caps, torch: undefined }, settings, 'Cam'), '--torch is not supported by Cam');
});

test('a torch that cannot be switched refuses the other state', () => {
  usage(
    () => checkConstraints({ torch: true }, { torch: [false] }, settings, 'Cam'),
    '--torch is not possible on Cam: it only allows torch off',
  );
  usage(
    () => checkConstraints({ torch: false }, { torch: [true] }, settings, 'Cam'),
    '--no-torch is not possible on Cam: it only allows torch on',
  );
  checkConstraints({ torch: true }, { torch: true as unknown as boolean[] }, settings, 'Cam');
});

test('values that need another mode imply it unless the mode was given', () => {
  assert.deepEqual(impliedModes({ exposureTime: 100 }, caps, settings), { exposureMode: 'manual' });
  assert.deepEqual(impliedModes({ exposureTime: 100, exposureMode: 'continuous' }, caps, settings), {});
  assert.deepEqual(impliedModes({ exposureCompensation: 1 }, caps, settings), {}, 'continuous already lets compensation act');
  assert.deepEqual(
    impliedModes({ exposureCompensation: 1 }, caps, { ...settings, exposureMode: 'manual' }),
    { exposureMode: 'continuous' },
  );
  assert.deepEqual(impliedModes({ colorTemperature: 3200 }, caps, settings), {}, 'no manual white balance to switch to');
  assert.deepEqual(impliedModes({ zoom: 2 }, caps, settings), {});
});

test('photo settings are checked against the photo capabilities', () => {
  const photo: PhotoCapabilities = {
    imageWidth: { min: 320, max: 4032, step: 1 },
    imageHeight: { min: 240, max: 3024, step: 1 },
    fillLightMode: ['auto', 'off'],
    redEyeReduction: 'never',
  };
  checkPhotoSettings({ imageWidth: 1920, imageHeight: 1080, fillLightMode: 'off' }, photo, 'Cam');
  usage(() => checkPhotoSettings({ imageWidth: 5000 }, photo, 'Cam'), '--width 5000 is outside the supported range 320–4032 px');
  usage(() => checkPhotoSettings({ imageHeight: 100 }, photo, 'Cam'), '--height 100 is outside the supported range 240–3024 px');
  usage(
    () => checkPhotoSettings({ fillLightMode: 'flash' }, photo, 'Cam'),
    '--fill-light flash is not supported by Cam; supported: auto, off',
  );
  usage(
    () => checkPhotoSettings({ redEyeReduction: true }, photo, 'Cam'),
    '--red-eye-reduction cannot be chosen on Cam (its red-eye reduction is "never")',
  );
  usage(() => checkPhotoSettings({ imageWidth: 640 }, { redEyeReduction: 'never' }, 'Cam'), '--width cannot be chosen on Cam');
});

test('constraints are plain values (the basic set), never exact', () => {
  const dict = constraintDictionary({ zoom: 2, focusMode: 'manual', pointsOfInterest: [{ x: 0.1, y: 0.2 }], torch: true });
  assert.deepEqual(dict, { zoom: 2, focusMode: 'manual', pointsOfInterest: [{ x: 0.1, y: 0.2 }], torch: true });
});

test('rangeText leaves out an empty unit', () => {
  assert.equal(rangeText({ min: 0, max: 1 }, ''), '0–1');
  assert.equal(rangeText({ min: 1, max: 10 }, '×'), '1–10 ×');
});
