// The jest example of docs/testing.md: an application's camera feature tested with a TestCamera.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { TestCamera } from 'imagecapture/testing/global';
import { openCamera, previewSize, setTorch, setZoom, snapshot, watchCamera } from '../app/camera-app.js';

describe('camera feature (jest, jsdom)', () => {
  let camera;
  let track;

  beforeEach(async () => {
    camera = TestCamera.install({ preset: 'webcam' });
    track = await openCamera();
  });

  afterEach(() => {
    track.stop();
    camera.dispose();
  });

  it('runs in jsdom, with the camera globals installed', () => {
    expect(typeof window).toBe('object');
    expect(typeof document.createElement).toBe('function');
    expect(navigator.mediaDevices).toBeDefined();
    expect(typeof ImageCapture).toBe('function');
  });

  it('does not zoom or light a webcam that has neither', async () => {
    expect(await setZoom(track, 2)).toBe(false);
    expect(await setTorch(track, true)).toBe(false);
    expect(camera.requests.map((r) => r.kind)).toEqual(['open']);
  });

  it('zooms a webcam given a zoom control', async () => {
    track.stop();
    camera.dispose();
    camera = TestCamera.install({ preset: 'webcam', capabilities: { zoom: { min: 1, max: 4, step: 0.1 } } });
    track = await openCamera();
    expect(await setZoom(track, 3)).toBe(true);
    expect(track.getSettings().zoom).toBe(3);
  });

  it('takes a JPEG without the flash a webcam lacks', async () => {
    const result = await snapshot(track, { flash: true });
    expect(result.ok).toBe(true);
    expect(result.blob.type).toBe('image/jpeg');
    expect(camera.lastRequest('photo').settings.fillLightMode).toBe('off');
  });

  it('tells the user when the camera cannot report its photo capabilities', async () => {
    camera.failNext('getPhotoCapabilities');
    expect(await snapshot(track)).toEqual({ ok: false, message: 'Could not take the photo (OperationError).' });
  });

  it('reports a frozen preview after the 2 s frame timeout, without waiting 2 s', async () => {
    camera.stallFrames();
    const size = previewSize(track);
    await camera.advance(2000);
    expect(await size).toBe('frozen');
  });

  it('notices when the camera is unplugged', () => {
    const onLost = jest.fn();
    watchCamera(track, onLost);
    camera.unplug();
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(track.readyState).toBe('ended');
  });

  it('fails to open when the camera is busy', async () => {
    camera.failNext('getUserMedia');
    await expect(openCamera()).rejects.toMatchObject({ name: 'NotReadableError' });
  });
});
