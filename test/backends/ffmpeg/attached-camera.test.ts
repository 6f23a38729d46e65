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
import sharp from 'sharp';
import { readExif } from '../../../src/encode/exif-read.js';
import { ImageCapture, ManualClock, VirtualCameraBackend, createRuntime } from '../../../src/entries/index.js';
import { FakeV4l2Camera, fixture, webcamHost } from './fake-v4l2.js';
import { needsFfmpeg } from './helpers.js';

const never = new AbortController().signal;

describe('a camera attached to the machine', () => {
  it('the default runtime asks ffmpeg (attached cameras) and ONVIF (registered IP cameras) before the virtual cameras', () => {
    assert.deepEqual(createRuntime().backends.map((b) => b.name), ['ffmpeg', 'onvif', 'virtual']);
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

describe('stills larger than the stream', () => {
  it('come from the largest mode: the camera\'s own JPEG with our EXIF, and the stream goes on', needsFfmpeg, async () => {
    const spawned: string[][] = [];
    const camera = new FakeV4l2Camera(fixture('logitech-c922-all.txt'));
    const backend = new FfmpegBackend({ host: webcamHost(camera, 'C922 Pro Stream Webcam', ['video0'], spawned), warmupFrames: 2 });
    const runtime = createRuntime({ backends: [backend], audioBackends: [] });
    const stream = await runtime.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    const [track] = stream.getVideoTracks();
    try {
      const capture = new ImageCapture(track as unknown as MediaStreamTrack);
      const caps = await capture.getPhotoCapabilities();
      assert.equal(caps.imageWidth?.max, 1920, 'photos up to the largest mode');
      await track!.applyConstraints({ zoom: 2 } as never);
      const blob = await capture.takePhoto({ imageWidth: 1920, imageHeight: 1080 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 1920, 1080]);
      const oneShot = spawned.find((a) => a.includes('-frames:v'))!;
      assert.ok(oneShot.join(' ').includes('-input_format mjpeg -framerate 30 -video_size 1920x1080'), oneShot.join(' '));
      assert.ok(oneShot.join(' ').includes('-c:v copy'), 'the JPEG is copied, not decoded');
      // The camera's JPEG (here ffmpeg's encoder, which signs it "Lavc") is kept; sharp's would not be.
      assert.ok(Buffer.from(bytes).includes('Lavc'), 'not re-encoded');
      const exif = readExif(bytes);
      assert.equal(exif.Software, 'imagecapture');
      assert.equal(exif.DigitalZoomRatio, 2);
      assert.deepEqual((({ imageWidth, imageHeight }) => [imageWidth, imageHeight])(await capture.getPhotoSettings()), [1920, 1080]);
      // Streaming resumed at the video size.
      const frame = await capture.grabFrame();
      assert.deepEqual([frame.width, frame.height], [640, 480]);
      frame.close();
      // A size no mode has exactly is decoded from the covering mode and scaled.
      const scaled = await capture.takePhoto({ imageWidth: 1280, imageHeight: 960 });
      const m2 = await sharp(new Uint8Array(await scaled.arrayBuffer())).metadata();
      assert.deepEqual([m2.width, m2.height], [1280, 960]);
    } finally {
      track!.stop();
    }
  });
});
