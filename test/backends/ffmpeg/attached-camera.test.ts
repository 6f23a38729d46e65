/**
 * A camera attached to the machine (a fake /dev/video0 whose ffmpeg streams a test pattern): it is
 * the default camera ahead of the virtual ones, it drops its warm-up frames after opening and
 * after a mode switch, and a still waits for frames after a hardware lens change. Frame counts
 * are read from the frames' own sequence numbers, never from time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FfmpegBackend } from '../../../src/backends/ffmpeg/index.js';
import { SETTLE_FRAMES } from '../../../src/backends/v4l2/device-source.js';
import { ManualClock, VirtualCameraBackend, createRuntime } from '../../../src/entries/index.js';
import { FakeV4l2Camera, fixture, webcamHost } from './fake-v4l2.js';
import { needsFfmpeg } from './helpers.js';

const never = new AbortController().signal;

describe('a camera attached to the machine', () => {
  it('the default runtime asks ffmpeg (attached cameras) before the virtual cameras', () => {
    assert.deepEqual(createRuntime().backends.map((b) => b.name), ['ffmpeg', 'virtual']);
  });

  it('is listed first and opened by getUserMedia({ video: true }); without it the virtual camera is the default', needsFfmpeg, async () => {
    const dev = ['video0'];
    const ffmpeg = new FfmpegBackend({ host: webcamHost(undefined, 'HD Pro Webcam C920', dev), warmupFrames: 0 });
    const runtime = createRuntime({ backends: [ffmpeg, new VirtualCameraBackend({ clock: new ManualClock() })], audioBackends: [] });
    const devices = await runtime.mediaDevices.enumerateDevices();
    const cameras = devices.filter((d) => d.kind === 'videoinput');
    assert.equal(cameras[0]!.label, 'HD Pro Webcam C920');
    assert.ok(cameras.slice(1).every((d) => /Virtual/.test(d.label)), 'the virtual cameras follow');
    const stream = await runtime.mediaDevices.getUserMedia({ video: true });
    const [track] = stream.getVideoTracks();
    assert.equal(track!.label, 'HD Pro Webcam C920');
    track!.stop();
    dev.length = 0; // unplugged
    const again = await runtime.mediaDevices.getUserMedia({ video: true });
    const [virtual] = again.getVideoTracks();
    assert.match(virtual!.label, /Virtual/);
    virtual!.stop();
  });

  it('drops its warm-up frames after opening and after a native-mode switch', needsFfmpeg, async () => {
    const backend = new FfmpegBackend({ host: webcamHost(undefined), warmupFrames: 4 });
    const source = await backend.open('/dev/video0', {});
    try {
      const first = await source.nextFrame(never);
      assert.ok(first.index >= 4, `the first frame handed out is #${first.index}: 4 were dropped`);
      const before = (await source.nextFrame(never)).index;
      await source.configure({ width: 1280, height: 720, resizeMode: 'none' });
      const after = await source.nextFrame(never);
      assert.deepEqual([after.width, after.height], [1280, 720]);
      assert.ok(after.index >= before + 1 + 4, `after the switch: #${after.index}, before it #${before}`);
    } finally {
      source.close();
      await source.exited;
    }
  });

  it('a still after a hardware zoom change waits for the lens (SETTLE_FRAMES frames)', needsFfmpeg, async () => {
    const camera = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new FfmpegBackend({ host: webcamHost(camera), warmupFrames: 0 });
    await backend.devices();
    const source = await backend.open('/dev/video0', {});
    try {
      await source.configure({ zoom: 3 });
      const changed = (await source.nextFrame(never)).index;
      await source.prepareStill!(never);
      const next = (await source.nextFrame(never)).index;
      assert.ok(next >= changed + SETTLE_FRAMES, `still after frame #${next}, change at #${changed}`);
      const still = await source.takePhoto({ imageWidth: 640, imageHeight: 480, fillLightMode: 'off', redEyeReduction: false }, never);
      assert.equal(still.kind === 'raw' && still.metadata.digitalZoomRatio, 3, 'the EXIF zoom is the hardware zoom');
    } finally {
      source.close();
      await source.exited;
    }
  });
});
