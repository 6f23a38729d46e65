/**
 * The conformance suite against a camera attached to the machine with hardware controls: a fake
 * /dev/video0 whose controls are the recorded ones of a Logitech C922 behind a fake v4l2-ctl (it
 * keeps the driver's values and refuses manual values under automatic modes, as UVC drivers do),
 * and whose ffmpeg child streams ffmpeg's moving test pattern. The device is the default camera of
 * a fresh runtime per case; its zoom, pan, tilt, focus, exposure, white balance and tone controls
 * are the device's (hardware), so the pixels do not follow them (`sceneResponds: false`).
 *
 * Spec behaviour only (the file camera run covers the Chromium lines). Skipped without ffmpeg.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FakeV4l2Camera, fixture, webcamHost } from '../backends/ffmpeg/fake-v4l2.js';
import { allCases } from './cases/index.js';
import { FfmpegCameras, ffmpegEnv, findFfmpeg, makeClips, WatchedFfmpegBackend, type DefaultCamera } from './ffmpeg-env.js';
import { describeCases } from './real-time-runner.js';

const ffmpeg = findFfmpeg();

const HARDWARE_PROPERTIES = [
  'zoom', 'pan', 'tilt', 'focusMode', 'focusDistance', 'exposureMode', 'exposureTime',
  'whiteBalanceMode', 'colorTemperature', 'brightness', 'contrast', 'saturation', 'sharpness',
];

if (!ffmpeg) {
  test('conformance: attached camera with hardware controls', (t) => {
    t.skip('ffmpeg or ffprobe is not installed (install ffmpeg, or set IMAGECAPTURE_FFMPEG to its path)');
  });
} else {
  let dir: string | undefined;
  let cameras: FfmpegCameras | undefined;
  let device: FakeV4l2Camera | undefined;
  let camera: DefaultCamera | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagecapture-hw-conformance-'));
    cameras = new FfmpegCameras(await makeClips(ffmpeg, dir));
    device = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new WatchedFfmpegBackend({ host: webcamHost(device, 'C922 Pro Stream Webcam') });
    cameras.attached = backend;
    camera = { name: 'v4l2-hardware', backend, properties: HARDWARE_PROPERTIES, sceneResponds: false };
  });
  after(async () => {
    await cameras?.closeAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describeCases(
    'conformance: attached camera with hardware controls (fake C922), spec behaviour',
    allCases,
    () => ffmpegEnv('spec', cameras!, camera),
    'sources',
  );

  test('the hardware run really set controls on the device', () => {
    assert.ok(device!.sets.length > 0, 'v4l2-ctl --set-ctrl was used');
  });
}
