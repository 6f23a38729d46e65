/**
 * V4L2 hardware controls through v4l2-ctl, driven by recorded output of real webcams (fixtures/)
 * and a fake v4l2-ctl that keeps the driver's values and records what was set. The ffmpeg child of
 * the fake device streams ffmpeg's test pattern at the asked size.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { FfmpegBackend, nodeHost } from '../../../src/backends/ffmpeg/index.js';
import { V4l2Ctl } from '../../../src/backends/v4l2/ctl-tool.js';
import { ControlMap } from '../../../src/backends/v4l2/control-map.js';
import { parseControls } from '../../../src/backends/v4l2/ctl-output.js';
import { createRuntime } from '../../../src/entries/index.js';
import { FakeV4l2Camera, fixture, webcamHost } from './fake-v4l2.js';
import { needsFfmpeg } from './helpers.js';

describe('v4l2-ctl output of real webcams', () => {
  it('reads the C922 controls (current names, menus) as capabilities in spec units', () => {
    const map = new ControlMap(parseControls(fixture('logitech-c922-all.txt')));
    assert.deepEqual(map.properties.sort(), [
      'brightness', 'colorTemperature', 'contrast', 'exposureMode', 'exposureTime', 'focusDistance', 'focusMode',
      'pan', 'saturation', 'sharpness', 'tilt', 'whiteBalanceMode', 'zoom',
    ]);
    const caps = map.capabilities();
    assert.deepEqual(caps.zoom, { min: 1, max: 5, step: 0.01 });
    assert.deepEqual(caps.pan, { min: -36000, max: 36000, step: 3600 });
    assert.deepEqual(caps.exposureTime, { min: 3, max: 2047, step: 1 });
    assert.deepEqual(caps.colorTemperature, { min: 2000, max: 6500, step: 1 });
    assert.deepEqual(caps.focusDistance, { min: 0, max: 250, step: 5 });
    assert.deepEqual(caps.exposureMode, ['manual', 'single-shot', 'continuous']);
    const settings = map.settings(new Map());
    assert.equal(settings.zoom, 1);
    assert.equal(settings.exposureMode, 'continuous');
    assert.equal(settings.focusMode, 'continuous');
    assert.equal(map.rawFor('exposureMode', 'manual'), 1);
    assert.equal(map.rawFor('exposureMode', 'continuous'), 3, 'aperture priority: the automatic exposure UVC cameras offer');
    assert.equal(map.rawFor('zoom', 2), 200);
  });

  it('reads the C920 under the older control names (exposure_auto, focus_auto, …)', () => {
    const map = new ControlMap(parseControls(fixture('logitech-c920-list-ctrls.txt')));
    assert.equal(map.control('exposureMode')?.name, 'exposure_auto');
    assert.equal(map.control('exposureTime')?.name, 'exposure_absolute');
    assert.equal(map.control('focusMode')?.name, 'focus_auto');
    assert.equal(map.control('whiteBalanceMode')?.name, 'white_balance_temperature_auto');
    const settings = map.settings(new Map());
    assert.equal(settings.exposureMode, 'manual', 'exposure_auto value=1 as posted');
    assert.equal(settings.exposureTime, 125);
    assert.equal(settings.focusMode, 'manual');
    assert.equal(settings.sharpness, 195);
  });

  it('the C270 has no zoom, focus, pan or tilt: those stay in software', () => {
    const controls = parseControls(fixture('logitech-c270-all.txt'));
    assert.equal(controls.find((c) => c.name === 'exposure_auto')?.menu.get(3), 'Aperture Priority Mode');
    const map = new ControlMap(controls);
    for (const p of ['zoom', 'pan', 'tilt', 'focusMode', 'focusDistance']) assert.equal(map.has(p), false, p);
    assert.deepEqual(map.capabilities().colorTemperature, { min: 0, max: 10000, step: 10 });
    assert.deepEqual(map.capabilities().exposureTime, { min: 1, max: 10000, step: 1 });
  });

  it('the LifeCam zoom starts at 0: reported in the driver units', () => {
    const map = new ControlMap(parseControls(fixture('microsoft-lifecam-list-ctrls.txt')));
    assert.deepEqual(map.capabilities().zoom, { min: 0, max: 10, step: 1 });
    assert.deepEqual(map.capabilities().pan, { min: -201600, max: 201600, step: 3600 });
    assert.equal(map.has('focusMode'), false);
    assert.equal(map.settings(new Map()).exposureMode, 'continuous', 'auto_exposure value=3');
  });
});

describe('a webcam with hardware controls (fake v4l2-ctl over the C922 recording)', () => {
  it('lists it first, says per property hardware or emulated, and acts on the device', needsFfmpeg, async () => {
    const camera = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new FfmpegBackend({ host: webcamHost(camera), warmupFrames: 2 });
    const runtime = createRuntime({ backends: [backend], audioBackends: [] });
    const [info] = await backend.devices();
    assert.equal(info!.controls?.zoom?.by, 'hardware');
    assert.equal(info!.controls?.brightness?.by, 'hardware');
    assert.deepEqual(info!.emulated, []);
    const stream = await runtime.mediaDevices.getUserMedia({ video: { zoom: true } });
    const [track] = stream.getVideoTracks();
    try {
      const caps = track!.getCapabilities() as Record<string, unknown>;
      assert.deepEqual(caps.zoom, { min: 1, max: 5, step: 0.01 });
      assert.deepEqual(caps.exposureMode, ['manual', 'single-shot', 'continuous']);
      await track!.applyConstraints(
        { advanced: [{ zoom: 2, exposureMode: 'manual', exposureTime: 100, whiteBalanceMode: 'manual', colorTemperature: 5000 }] } as never,
      );
      // Automatic modes go first, so the driver accepts the manual values after them.
      const order = camera.sets.map(([n]) => n);
      assert.ok(order.indexOf('auto_exposure') < order.indexOf('exposure_time_absolute'));
      assert.ok(order.indexOf('white_balance_automatic') < order.indexOf('white_balance_temperature'));
      assert.equal(camera.controls.get('zoom_absolute')!.value, 200);
      assert.equal(camera.controls.get('exposure_time_absolute')!.value, 100);
      assert.equal(camera.controls.get('white_balance_temperature')!.value, 5000);
      const settings = track!.getSettings() as Record<string, unknown>;
      assert.equal(settings.zoom, 2);
      assert.equal(settings.exposureMode, 'manual');
      assert.equal(settings.exposureTime, 100);
      assert.equal(settings.colorTemperature, 5000);
      // Back to automatic exposure: the device is told, and reads back "continuous".
      await track!.applyConstraints({ exposureMode: 'continuous' } as never);
      assert.equal(camera.controls.get('auto_exposure')!.value, 3);
      assert.equal((track!.getSettings() as Record<string, unknown>).exposureMode, 'continuous');
    } finally {
      track!.stop();
    }
  });

  it('holds a manual value set under automatic mode and sends it when the mode turns manual', needsFfmpeg, async () => {
    const camera = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new FfmpegBackend({ host: webcamHost(camera), warmupFrames: 0 });
    await backend.devices();
    const source = await backend.open('/dev/video0', {});
    try {
      await source.configure({ focusDistance: 120 });
      assert.equal(camera.sets.some(([n]) => n === 'focus_absolute'), false, 'not sent while autofocus runs');
      assert.equal(source.settings().focusDistance, 120);
      await source.configure({ focusMode: 'manual' });
      assert.deepEqual(camera.sets.slice(-2), [['focus_automatic_continuous', 0], ['focus_absolute', 120]]);
    } finally {
      source.close();
      await source.exited;
    }
  });

  it('single-shot runs the automatic, then locks it: the device keeps what it found', needsFfmpeg, async () => {
    const camera = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new FfmpegBackend({ host: webcamHost(camera), warmupFrames: 0 });
    await backend.devices();
    const source = await backend.open('/dev/video0', { focusMode: 'manual' });
    try {
      assert.equal(camera.controls.get('focus_automatic_continuous')!.value, 0);
      await source.configure({ focusMode: 'single-shot' });
      assert.equal(camera.controls.get('focus_automatic_continuous')!.value, 1, 'the sweep runs the autofocus');
      assert.equal(source.settings().focusMode, 'single-shot');
      await source.prepareStill!(new AbortController().signal);
      await source.configure({}); // queued behind the lock
      assert.equal(camera.controls.get('focus_automatic_continuous')!.value, 0, 'locked after the sweep');
      assert.equal(source.settings().focusMode, 'single-shot', 'still reported as single-shot');
    } finally {
      source.close();
      await source.exited;
    }
  });

  it('without v4l2-ctl every control is emulated and the device info says why', async () => {
    const backend = new FfmpegBackend({ host: webcamHost(undefined) });
    const [info] = await backend.devices();
    assert.equal(info!.controls?.zoom?.by, 'emulated');
    assert.match(info!.controls!.zoom!.reason!, /v4l2-ctl is not installed.*v4l-utils/);
    assert.ok(info!.emulated?.includes('zoom'));
  });
});

describe('the real v4l2-ctl (v4l-utils)', () => {
  const installed = (() => {
    try {
      return execFileSync('v4l2-ctl', ['--help'], { stdio: 'pipe' }) !== undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  })();

  it('reports why a device without controls cannot be read', installed
    ? {}
    : { skip: 'v4l2-ctl is not installed (apt-get install v4l-utils)' }, async () => {
    const listing = await new V4l2Ctl(nodeHost).list('/dev/video-none');
    assert.equal(listing.ok, false);
    assert.match((listing as { reason: string }).reason, /Cannot open device \/dev\/video-none/);
  });

  it('a missing tool is reported with the install hint', async () => {
    const listing = await new V4l2Ctl(
      { env: (n) => (n === 'IMAGECAPTURE_V4L2CTL' ? '/nonexistent/v4l2-ctl' : undefined), run: nodeHost.run },
    ).list('/dev/video0');
    assert.equal(listing.ok, false);
    assert.match((listing as { reason: string }).reason, /not installed.*apt-get install v4l-utils/);
  });
});
