// The vitest example of docs/testing.md: an application's camera feature tested with a TestCamera.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestCamera } from 'imagecapture/testing/global';
import { openCamera, previewSize, setTorch, setZoom, snapshot, watchCamera } from '../app/camera-app.js';

describe('camera feature (vitest, jsdom)', () => {
  let camera;
  let track;

  beforeEach(async () => {
    camera = TestCamera.install({ preset: 'phone-back' });
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

  it('clamps the zoom to what the camera allows', async () => {
    expect(await setZoom(track, 50)).toBe(true);
    expect(camera.lastRequest('settings').settings).toEqual({ zoom: 10 });
    expect(track.getSettings().zoom).toBe(10);
  });

  it('does not try to zoom a camera that cannot', async () => {
    track.stop();
    camera.dispose();
    camera = TestCamera.install({ capabilities: { zoom: null } });
    track = await openCamera();
    expect(await setZoom(track, 2)).toBe(false);
    expect(camera.requests.filter((r) => r.kind === 'settings')).toEqual([]);
  });

  it('turns the torch on', async () => {
    expect(await setTorch(track, true)).toBe(true);
    expect(track.getSettings().torch).toBe(true);
  });

  it('asks for the flash and gets a JPEG', async () => {
    const result = await snapshot(track, { flash: true });
    expect(result.ok).toBe(true);
    expect(result.blob.type).toBe('image/jpeg');
    expect(camera.lastRequest('photo').settings.fillLightMode).toBe('flash');
  });

  it('tells the user when the photo fails', async () => {
    camera.failNext('takePhoto');
    expect(await snapshot(track)).toEqual({ ok: false, message: 'Could not take the photo (UnknownError).' });
  });

  it('reports a frozen preview after the 2 s frame timeout, without waiting 2 s', async () => {
    camera.stallFrames();
    const size = previewSize(track);
    await camera.advance(2000);
    expect(await size).toBe('frozen');
  });

  it('shows the live picture size', async () => {
    const size = previewSize(track);
    await camera.advance(40);
    expect(await size).toEqual({ width: 640, height: 480 });
  });

  it('notices when the camera is unplugged', async () => {
    const onLost = vi.fn();
    watchCamera(track, onLost);
    camera.unplug();
    expect(onLost).toHaveBeenCalledOnce();
    expect(track.readyState).toBe('ended');
  });
});
