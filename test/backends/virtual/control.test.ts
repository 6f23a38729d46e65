import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/backends/clock.js';
import { definePreset, VirtualCameraBackend, type StepName } from '../../../src/backends/virtual/index.js';
import { grab, openCamera, photo } from './helpers.js';

const signal = (): AbortSignal => new AbortController().signal;

describe('virtual camera faults', () => {
  it('failNext makes exactly the next takePhoto reject, then shots work again', async () => {
    const cam = await openCamera();
    const error = new Error('sensor glitch');
    cam.source.control.failNext('takePhoto', error);
    const settings = await cam.source.photoSettings();
    await assert.rejects(cam.source.takePhoto({ ...settings, imageWidth: 640, imageHeight: 480 }, signal()), (e) => e === error);
    const still = await cam.source.takePhoto({ ...settings, imageWidth: 640, imageHeight: 480 }, signal());
    assert.equal(still.kind, 'raw');
    cam.source.close();
  });

  it('failEvery makes every nextFrame reject until clearFaults', async () => {
    const cam = await openCamera();
    cam.source.control.failEvery('nextFrame');
    await assert.rejects(cam.source.nextFrame(signal()), /injected nextFrame failure/);
    await assert.rejects(cam.source.nextFrame(signal()), /injected nextFrame failure/);
    cam.source.control.clearFaults('nextFrame');
    assert.equal((await grab(cam)).width, 640);
    cam.source.close();
  });

  it('a failed configure changes nothing', async () => {
    const cam = await openCamera();
    const before = cam.source.settings();
    cam.source.control.failNext('configure');
    await assert.rejects(cam.source.configure({ brightness: 90, zoom: 3, exposureMode: 'manual' }));
    await cam.clock.advance(1000);
    assert.deepEqual(cam.source.settings(), before);
    cam.source.close();
  });

  it('photoSettings can be made to fail', async () => {
    const cam = await openCamera();
    cam.source.control.failNext('photoSettings');
    await assert.rejects(cam.source.photoSettings(), /injected photoSettings failure/);
    assert.equal((await cam.source.photoSettings()).imageWidth, 4032);
    cam.source.close();
  });

  it('stall stops frames without any event until resume', async () => {
    const cam = await openCamera();
    const events: string[] = [];
    for (const t of ['mute', 'unmute', 'ended']) cam.source.addEventListener(t, () => events.push(t));
    cam.source.control.stall();
    let delivered = false;
    const p = cam.source.nextFrame(signal()).then((f) => ((delivered = true), f));
    await cam.clock.advance(1000);
    assert.equal(delivered, false);
    cam.source.control.resume();
    await cam.clock.advance(34);
    await p;
    assert.deepEqual(events, []);
    assert.equal(cam.source.muted, false);
    cam.source.close();
  });

  it('mute and unmute dispatch their events and set muted', async () => {
    const cam = await openCamera();
    const events: string[] = [];
    for (const t of ['mute', 'unmute']) cam.source.addEventListener(t, () => events.push(`${t}:${cam.source.muted}`));
    cam.source.control.mute();
    cam.source.control.mute();
    cam.source.control.unmute();
    assert.deepEqual(events, ['mute:true', 'unmute:false']);
    cam.source.close();
  });

  it('unplug dispatches ended with the error, then behaves as closed', async () => {
    const cam = await openCamera();
    const pending = cam.source.nextFrame(signal());
    let detail: unknown;
    let endedDuringEvent = false;
    cam.source.addEventListener('ended', (e) => {
      detail = (e as CustomEvent).detail;
      endedDuringEvent = cam.source.ended;
    });
    const error = new Error('cable pulled');
    cam.source.control.unplug(error);
    assert.equal(detail, error);
    assert.equal(endedDuringEvent, true);
    await assert.rejects(pending, { name: 'AbortError' });
    await assert.rejects(cam.source.photoSettings(), { name: 'AbortError' });
    assert.equal(cam.clock.pending, 0);
  });
});

describe('virtual camera step hooks', () => {
  it('onStep sees the steps of a still in order', async () => {
    const cam = await openCamera();
    const steps: StepName[] = [];
    cam.source.control.onStep = (s) => void steps.push(s);
    await photo(cam, { imageWidth: 640, imageHeight: 480 });
    assert.deepEqual(steps, ['photoSettings:start', 'takePhoto:start', 'takePhoto:render', 'takePhoto:return']);
    cam.source.close();
  });

  it('a gate before rendering holds the still while the sensor is reconfigured (muted)', async () => {
    const cam = await openCamera();
    const events: string[] = [];
    for (const t of ['mute', 'unmute']) cam.source.addEventListener(t, () => events.push(t));
    const gate = cam.source.control.gate('takePhoto:render');
    const settings = await cam.source.photoSettings();
    const shot = cam.source.takePhoto(settings, signal());
    await gate.reached;
    assert.equal(gate.isReached, true);
    assert.equal(cam.source.muted, true);
    assert.deepEqual(events, ['mute']);
    gate.release();
    const still = await shot;
    assert.equal(still.kind, 'raw');
    assert.deepEqual(events, ['mute', 'unmute']);
    cam.source.close();
  });

  it('closing the source while a still is held at a gate rejects it with AbortError', async () => {
    const cam = await openCamera();
    const gate = cam.source.control.gate('takePhoto:return');
    const shot = cam.source.takePhoto({ imageWidth: 640, imageHeight: 480, fillLightMode: 'off', redEyeReduction: false }, signal());
    await gate.reached;
    cam.source.close();
    await assert.rejects(shot, { name: 'AbortError' });
  });

  it('aborting a still held at a gate rejects with the signal reason', async () => {
    const cam = await openCamera();
    const gate = cam.source.control.gate('takePhoto:render');
    const ac = new AbortController();
    const shot = cam.source.takePhoto({ imageWidth: 640, imageHeight: 480, fillLightMode: 'off', redEyeReduction: false }, ac.signal);
    await gate.reached;
    ac.abort('changed my mind');
    await assert.rejects(shot, (e) => e === 'changed my mind');
    cam.source.close();
  });

  it('a gate in configure lets a test act between the call and the change', async () => {
    const cam = await openCamera();
    const gate = cam.source.control.gate('configure:apply');
    const done = cam.source.configure({ brightness: 80 });
    await gate.reached;
    assert.equal(cam.source.settings().brightness, 50);
    gate.release();
    await done;
    assert.equal(cam.source.settings().brightness, 80);
    cam.source.close();
  });
});

describe('virtual camera stills', () => {
  it('mutes and unmutes around a still of another size, not around one of the video size', async () => {
    const cam = await openCamera();
    const events: string[] = [];
    for (const t of ['mute', 'unmute']) cam.source.addEventListener(t, () => events.push(t));
    const same = await photo(cam, { imageWidth: 640, imageHeight: 480 });
    assert.deepEqual(events, []);
    assert.equal(same.frame.width, 640);
    const big = await photo(cam, { imageWidth: 1280, imageHeight: 960 });
    assert.deepEqual(events, ['mute', 'unmute']);
    assert.equal(big.frame.width, 1280);
    assert.equal(big.frame.height, 960);
    assert.equal(big.frame.data.length, 1280 * 960 * 4);
    cam.source.close();
  });

  it('the photo settings of a shot become the current ones', async () => {
    const cam = await openCamera();
    await photo(cam, { imageWidth: 1024, imageHeight: 768, fillLightMode: 'off', redEyeReduction: true });
    assert.deepEqual(await cam.source.photoSettings(), { imageWidth: 1024, imageHeight: 768, fillLightMode: 'off', redEyeReduction: true });
    cam.source.close();
  });

  it('reports EXIF facts: exposure in seconds, focal length with zoom, no location, a clock-derived date', async () => {
    const cam = await openCamera({ start: 5000 });
    await cam.source.configure({ zoom: 2, exposureMode: 'manual', exposureTime: 100, iso: 400 });
    await cam.clock.advance(1000);
    const { metadata } = await photo(cam, { imageWidth: 640, imageHeight: 480, fillLightMode: 'off' });
    assert.equal(metadata.exposureTime, 0.01);
    assert.equal(metadata.iso, 400);
    assert.equal(metadata.focalLength, 8.5);
    assert.equal(metadata.focalLengthIn35mm, 52);
    assert.equal(metadata.digitalZoomRatio, 2);
    assert.equal(metadata.fNumber, 1.8);
    assert.equal(metadata.flashFired, false);
    assert.equal(metadata.exposureProgram, 'manual');
    assert.equal(metadata.make, 'imagecapture');
    assert.equal(metadata.date?.toISOString(), '2025-01-01T00:00:06.000Z');
    assert.ok(!('gps' in metadata) && !Object.keys(metadata).some((k) => /gps|latitude|longitude/i.test(k)));
    cam.source.close();
  });

  it('a preset photo override returns its encoded blob and persists the settings', async () => {
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    const preset = definePreset({ id: 'fixed', takePhoto: () => ({ kind: 'encoded', blob }) });
    const clock = new ManualClock();
    const backend = new VirtualCameraBackend({ clock, presets: [preset] });
    const source = await backend.open('virtual:fixed', {});
    const still = await source.takePhoto({ imageWidth: 800, imageHeight: 600, fillLightMode: 'off', redEyeReduction: false }, signal());
    assert.deepEqual(still, { kind: 'encoded', blob });
    assert.equal((await source.photoSettings()).imageWidth, 800);
    source.close();
  });
});

describe('VirtualCameraBackend', () => {
  it('lists stable device ids and rejects unknown ones with NotFoundError', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock() });
    const devices = await backend.devices();
    assert.deepEqual(
      devices.map((d) => d.deviceId),
      ['virtual:phone-back', 'virtual:phone-front', 'virtual:webcam'],
    );
    assert.equal(devices[0]!.facingMode, 'environment');
    assert.equal(devices[0]!.groupId, devices[1]!.groupId);
    assert.equal(devices[2]!.backend, 'virtual');
    await assert.rejects(backend.open('virtual:nope', {}), { name: 'NotFoundError' });
    await assert.rejects(backend.probe('virtual:nope'), { name: 'NotFoundError' });
  });

  it('probe returns a fresh copy of the capabilities each time', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock() });
    const a = await backend.probe('virtual:phone-back');
    (a.zoom as { max: number }).max = 99;
    const b = await backend.probe('virtual:phone-back');
    assert.equal(b.zoom!.max, 10);
    assert.equal((await backend.probe('virtual:webcam')).zoom, undefined);
  });

  it('open applies the initial settings over the preset defaults', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock() });
    const s = await backend.open('virtual:phone-back', { width: 1280, height: 720, frameRate: 60, zoom: 2.5, brightness: 70 });
    const settings = s.settings();
    assert.equal(settings.width, 1280);
    assert.equal(settings.frameRate, 60);
    assert.equal(settings.zoom, 2.5);
    assert.equal(settings.brightness, 70);
    assert.equal(settings.contrast, 50);
    s.close();
  });

  it('a settings object has a value for every capability and none for missing ones', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock() });
    const s = await backend.open('virtual:webcam', {});
    const settings = s.settings();
    for (const name of ['zoom', 'pan', 'tilt', 'torch', 'focusMode', 'focusDistance', 'iso', 'pointsOfInterest']) {
      assert.equal(name in settings, false, name);
    }
    for (const name of ['whiteBalanceMode', 'exposureMode', 'exposureTime', 'colorTemperature', 'brightness', 'sharpness']) {
      assert.equal(name in settings, true, name);
    }
    s.close();
  });

  it('can be made to fail open, and to unplug and plug a device', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock() });
    backend.control.failNextOpen();
    await assert.rejects(backend.open('virtual:webcam', {}), { name: 'NotReadableError' });
    const s = await backend.open('virtual:webcam', {});
    assert.deepEqual(backend.control.sources, [s]);
    let ended = false;
    s.addEventListener('ended', () => (ended = true));
    backend.control.unplug('virtual:webcam');
    assert.equal(ended, true);
    assert.deepEqual(backend.control.sources, []);
    assert.equal((await backend.devices()).some((d) => d.deviceId === 'virtual:webcam'), false);
    await assert.rejects(backend.open('virtual:webcam', {}), { name: 'NotFoundError' });
    backend.control.plug('virtual:webcam');
    backend.control.failEveryOpen(new Error('busy'));
    await assert.rejects(backend.open('virtual:webcam', {}), /busy/);
    await assert.rejects(backend.open('virtual:webcam', {}), /busy/);
    backend.control.clearFaults();
    (await backend.open('virtual:webcam', {})).close();
  });
});
