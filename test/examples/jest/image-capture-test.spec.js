// A suite written against the ImageCaptureTest surface, running under jest's jsdom environment.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import 'imagecapture/testing/global';

let imageCaptureTest;
let track;

beforeEach(async () => {
  imageCaptureTest = new ImageCaptureTest();
  await imageCaptureTest.initialize();
});

afterEach(async () => {
  track?.stop();
  await imageCaptureTest.reset();
  navigator.permissions.set({ name: 'camera', panTiltZoom: true }, 'granted');
});

it('reports the mock state and records what was sent', async () => {
  const mock = imageCaptureTest.mockImageCapture();
  mock.state().supportsTorch = false;
  track = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
  expect(track.getCapabilities().torch).toBeUndefined();
  expect(track.getSettings().exposureCompensation).toBe(33);
  await track.applyConstraints({ advanced: [{ exposureCompensation: 133.77 }] });
  expect(mock.options().hasExposureCompensation).toBe(true);
  expect(track.getSettings().exposureCompensation).toBe(133.77);
  const blob = await new ImageCapture(track).takePhoto();
  expect([blob.type, blob.size]).toEqual(['image/cat', 2]);
});

it('hides pan, tilt and zoom without the permission, with the realm’s own errors', async () => {
  navigator.permissions.set({ name: 'camera', panTiltZoom: true }, 'denied');
  expect((await navigator.permissions.query({ name: 'camera', panTiltZoom: true })).state).toBe('denied');
  track = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
  expect('zoom' in track.getCapabilities()).toBe(false);
  const error = await track.applyConstraints({ advanced: [{ zoom: 3 }] }).catch((e) => e);
  expect(error).toBeInstanceOf(DOMException);
  expect([error.name, error.constraint]).toEqual(['OverconstrainedError', 'zoom']);
  track.stop();
  const stateError = await new ImageCapture(track).takePhoto().catch((e) => e);
  expect(stateError.constructor).toBe(DOMException);
  expect(stateError.name).toBe('InvalidStateError');
});
