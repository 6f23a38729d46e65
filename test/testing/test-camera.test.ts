import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import type { Runtime } from '../../src/media/runtime.js';
import type { MediaStreamTrack } from '../../src/media/track.js';
import { TestCamera, type TestCameraOptions } from '../../src/testing/test-camera.js';

async function setup(options: TestCameraOptions = {}): Promise<{ runtime: Runtime; camera: TestCamera; track: MediaStreamTrack }> {
  const runtime = createRuntime();
  const camera = TestCamera.install({ runtime, ...options });
  const track = (await runtime.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
  return { runtime, camera, track };
}

describe('TestCamera: making a camera', () => {
  it('is the only camera the runtime offers while installed, and the runtime gets its own back on uninstall()', async () => {
    const runtime = createRuntime();
    const before = [...runtime.backends];
    const camera = TestCamera.install({ runtime, preset: 'webcam' });
    const cams = (await runtime.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.deepEqual(cams.map((d) => d.deviceId), [camera.deviceId]);
    camera.uninstall();
    assert.deepEqual(runtime.backends, before);
  });

  it('takes a built-in preset by name', async () => {
    const { camera, track } = await setup({ preset: 'webcam' });
    assert.equal(track.label, 'Virtual Webcam');
    assert.equal('zoom' in track.getCapabilities(), false);
    camera.dispose();
  });

  it('lays partial capabilities over the preset (null removes one)', async () => {
    const { camera, track } = await setup({ capabilities: { torch: null, zoom: { min: 1, max: 4, step: 0.5 } } });
    const caps = track.getCapabilities();
    assert.equal('torch' in caps, false);
    assert.deepEqual(caps.zoom, { min: 1, max: 4, step: 0.5 });
    camera.dispose();
  });

  it('moves zoom at once by default, and at the preset’s speed with dynamics "realistic"', async () => {
    const instant = await setup();
    await instant.track.applyConstraints({ zoom: 4 });
    assert.equal(instant.track.getSettings().zoom, 4);
    instant.camera.dispose();
    const real = await setup({ dynamics: 'realistic' });
    await real.track.applyConstraints({ zoom: 4 });
    assert.notEqual(real.track.getSettings().zoom, 4);
    await real.camera.advance(1000);
    assert.equal(real.track.getSettings().zoom, 4);
    real.camera.dispose();
  });

  it('two installed cameras are both offered, in the order they were installed', async () => {
    const runtime = createRuntime();
    const back = TestCamera.install({ runtime, preset: 'phone-back' });
    const front = TestCamera.install({ runtime, preset: 'phone-front' });
    const stream = await runtime.mediaDevices.getUserMedia({ video: { facingMode: 'user' } });
    assert.equal(stream.getVideoTracks()[0]!.getSettings().deviceId, front.deviceId);
    const ids = (await runtime.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').map((d) => d.deviceId);
    assert.deepEqual(ids, [back.deviceId, front.deviceId]);
    front.dispose();
    back.dispose();
    assert.equal(runtime.backends.some((b) => b.name === 'test-camera'), false);
  });
});

describe('TestCamera: what it reports', () => {
  it('setSettings() changes what getSettings() reports until the application applies that property', async () => {
    const { camera, track } = await setup();
    camera.setSettings({ exposureTime: 321, iso: 640 });
    assert.equal(track.getSettings().exposureTime, 321);
    assert.equal(track.getSettings().iso, 640);
    await track.applyConstraints({ iso: 200 });
    assert.equal(track.getSettings().iso, 200);
    assert.equal(track.getSettings().exposureTime, 321);
    camera.dispose();
  });
});

describe('TestCamera: failures', () => {
  it('failNext("getUserMedia") makes the next getUserMedia reject with NotReadableError, then it works', async () => {
    const runtime = createRuntime();
    const camera = TestCamera.install({ runtime });
    camera.failNext('getUserMedia');
    await assert.rejects(runtime.mediaDevices.getUserMedia({ video: true }), { name: 'NotReadableError' });
    const stream = await runtime.mediaDevices.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks().length, 1);
    camera.dispose();
  });

  it('failNext("applyConstraints") rejects with OperationError and changes nothing', async () => {
    const { camera, track } = await setup();
    camera.failNext('applyConstraints');
    await assert.rejects(track.applyConstraints({ zoom: 3 }), { name: 'OperationError' });
    assert.equal(track.getSettings().zoom, 1);
    await track.applyConstraints({ zoom: 3 });
    assert.equal(track.getSettings().zoom, 3);
    camera.dispose();
  });

  it('failAlways("takePhoto") rejects every takePhoto with UnknownError until clearFailures()', async () => {
    const { camera, track } = await setup();
    const capture = new ImageCapture(track);
    camera.failAlways('takePhoto');
    await assert.rejects(capture.takePhoto(), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto(), { name: 'UnknownError' });
    camera.clearFailures();
    const blob = await capture.takePhoto();
    assert.equal(blob.type, 'image/jpeg');
    camera.dispose();
  });

  it('failNext("getPhotoCapabilities") and failNext("getPhotoSettings") reject those calls with OperationError', async () => {
    const { camera, track } = await setup();
    const capture = new ImageCapture(track);
    camera.failNext('getPhotoCapabilities');
    await assert.rejects(capture.getPhotoCapabilities(), { name: 'OperationError' });
    assert.ok((await capture.getPhotoCapabilities()).imageWidth);
    camera.failNext('getPhotoSettings');
    await assert.rejects(capture.getPhotoSettings(), { name: 'OperationError' });
    assert.ok((await capture.getPhotoSettings()).imageWidth);
    assert.ok(track.getCapabilities().width, 'getCapabilities() is not affected');
    camera.dispose();
  });

  it('failNext("grabFrame") rejects the next grabFrame with UnknownError', async () => {
    const { camera, track } = await setup();
    const capture = new ImageCapture(track);
    camera.failNext('grabFrame');
    await assert.rejects(capture.grabFrame(), { name: 'UnknownError' });
    const pending = capture.grabFrame();
    await camera.advance(50);
    (await pending).close();
    camera.dispose();
  });

  it('stallFrames() makes grabFrame time out after 2 s of camera time, with no real waiting', async () => {
    const { camera, track } = await setup();
    const capture = new ImageCapture(track);
    camera.stallFrames();
    const pending = capture.grabFrame();
    const outcome = pending.then(() => 'frame', (e: DOMException) => e.name);
    await camera.advance(1999);
    await camera.advance(1);
    assert.equal(await outcome, 'UnknownError');
    camera.resumeFrames();
    const next = capture.grabFrame();
    await camera.advance(50);
    (await next).close();
    camera.dispose();
  });

  it('unplug() ends the track (firing ended) and getUserMedia no longer finds the camera until plug()', async () => {
    const { runtime, camera, track } = await setup();
    const ended = new Promise<void>((resolve) => track.addEventListener('ended', () => resolve(), { once: true }));
    camera.unplug();
    await ended;
    assert.equal(track.readyState, 'ended');
    await assert.rejects(runtime.mediaDevices.getUserMedia({ video: true }), { name: 'NotFoundError' });
    camera.plug();
    const stream = await runtime.mediaDevices.getUserMedia({ video: true });
    stream.getTracks().forEach((t) => t.stop());
    assert.equal(camera.openSources, 0);
    camera.dispose();
  });
});

describe('TestCamera: what the application asked for', () => {
  it('records getUserMedia, each applyConstraints and each takePhoto in order', async () => {
    const { camera, track } = await setup();
    await track.applyConstraints({ zoom: 2.5, torch: true });
    await new ImageCapture(track).takePhoto({ fillLightMode: 'flash', imageWidth: 1280 });
    assert.deepEqual(camera.requests.map((r) => r.kind), ['open', 'settings', 'photo']);
    assert.deepEqual(camera.lastRequest('settings')!.settings, { zoom: 2.5, torch: true });
    const photo = camera.lastRequest('photo')!.settings;
    assert.equal(photo.fillLightMode, 'flash');
    assert.equal(photo.imageWidth, 1280);
    assert.equal(camera.lastRequest()!.kind, 'photo');
    camera.clearRequests();
    assert.deepEqual(camera.requests, []);
    camera.dispose();
  });

  it('records a request that the camera then refused', async () => {
    const { camera, track } = await setup();
    camera.failNext('applyConstraints');
    await assert.rejects(track.applyConstraints({ brightness: 80 }));
    assert.deepEqual(camera.lastRequest('settings')!.settings, { brightness: 80 });
    camera.dispose();
  });

  it('counts open sources, so a test can check the application stopped its tracks', async () => {
    const { camera, track } = await setup();
    assert.equal(camera.openSources, 1);
    const clone = track.clone();
    track.stop();
    assert.equal(camera.openSources, 1);
    clone.stop();
    assert.equal(camera.openSources, 0);
    camera.dispose();
  });
});

describe('TestCamera: time', () => {
  it('advance() is refused on a real clock', async () => {
    const camera = new TestCamera({ clock: 'real', runtime: createRuntime() });
    await assert.rejects(camera.advance(10), { name: 'InvalidStateError' });
  });

  it('request times are camera clock times', async () => {
    const { camera, track } = await setup();
    await camera.advance(500);
    await track.applyConstraints({ zoom: 2 });
    assert.equal(camera.lastRequest('settings')!.time, 500);
    camera.dispose();
  });
});
