import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseAvfoundationDevices,
  parseAvfoundationModes,
  parseDshowDevices,
  parseDshowOptions,
  parseV4l2CtlFormats,
  parseV4l2Formats,
  stripLogPrefix,
} from '../../../src/backends/ffmpeg/listing.js';

// Sample output written for these tests in the layout each tool prints.
const V4L2_FORMATS = [
  '[video4linux2,v4l2 @ 0x55e6c1a3f2c0] Compressed:       mjpeg :          Motion-JPEG : 1280x720 640x480 320x240',
  '[video4linux2,v4l2 @ 0x55e6c1a3f2c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 320x240 1280x720',
  '[video4linux2,v4l2 @ 0x55e6c1a3f2c0] Raw       :     yuv420p :     Planar YUV 4:2:0 : Emulated : 640x480',
  '[video4linux2,v4l2 @ 0x55e6c1a3f2c0] Raw       : Unsupported :        10-bit Bayer : 640x480',
  '[video4linux2,v4l2 @ 0x55e6c1a3f2c0] Raw       :        gray :            Greyscale : {32-1920, 2}x{32-1080, 2}',
  '/dev/video0: Immediate exit requested',
].join('\n');

const V4L2_CTL = `ioctl: VIDIOC_ENUM_FMT
\tType: Video Capture

\t[0]: 'MJPG' (Motion-JPEG, compressed)
\t\tSize: Discrete 1280x720
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\t\tInterval: Discrete 0.067s (15.000 fps)
\t[1]: 'YUYV' (YUYV 4:2:2)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\tSize: Discrete 1280x720
\t\t\tInterval: Discrete 0.100s (10.000 fps)
\t\tSize: Stepwise 32x32 - 1920x1080 with step 2/2
\t\t\tInterval: Stepwise 0.033s - 1.000s with step 0.033s (1.000-30.000 fps)
`;

const V4L2_CTL_OLD = `ioctl: VIDIOC_ENUM_FMT
\tIndex       : 0
\tType        : Video Capture
\tPixel Format: 'YUYV'
\tName        : YUYV 4:2:2
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.040s (25.000 fps)
`;

const AVF_DEVICES = `[AVFoundation indev @ 0x7fa1c8d04a40] AVFoundation video devices:
[AVFoundation indev @ 0x7fa1c8d04a40] [0] FaceTime HD Camera (Built-in)
[AVFoundation indev @ 0x7fa1c8d04a40] [1] USB Camera [Logi]
[AVFoundation indev @ 0x7fa1c8d04a40] [2] Capture screen 0
[AVFoundation indev @ 0x7fa1c8d04a40] AVFoundation audio devices:
[AVFoundation indev @ 0x7fa1c8d04a40] [0] MacBook Pro Microphone
: Input/output error`;

const AVF_MODES = `[avfoundation @ 0x7f8] Selected framerate (10000.000000) is not supported by the device.
[avfoundation @ 0x7f8] Supported modes:
[avfoundation @ 0x7f8]   1920x1080@[1.000000 30.000000]fps
[avfoundation @ 0x7f8]   1280x720@[1.000000 60.000000]fps
[avfoundation @ 0x7f8]   640x480@[1.000000 30.000000]fps
Error opening input: Input/output error`;

// Verbatim ffmpeg output: its device paths are longer than a code line.
/* eslint-disable @stylistic/max-len */
const DSHOW_DEVICES_NEW = `[dshow @ 000001f2c9a6e6c0] "Integrated Camera" (video)
[dshow @ 000001f2c9a6e6c0]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6dd&mi_00#6&1a2b3c4d&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c91eb29d}\\global"
[dshow @ 000001f2c9a6e6c0] "OBS Virtual Camera" (none)
[dshow @ 000001f2c9a6e6c0] "Capture Card" (audio, video)
[dshow @ 000001f2c9a6e6c0] "Microphone Array (Realtek(R) Audio)" (audio)
[dshow @ 000001f2c9a6e6c0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{A1B2}"
dummy: Immediate exit requested`;
/* eslint-enable @stylistic/max-len */

const DSHOW_DEVICES_OLD = `[dshow @ 0000000000539a40] DirectShow video devices (some may be both video and audio devices)
[dshow @ 0000000000539a40]  "USB2.0 HD UVC WebCam"
[dshow @ 0000000000539a40]     Alternative name "@device_pnp_\\\\?\\usb#vid_13d3"
[dshow @ 0000000000539a40] DirectShow audio devices
[dshow @ 0000000000539a40]  "Microphone (Realtek High Definition Audio)"
[dshow @ 0000000000539a40]     Alternative name "@device_cm_{33D9A762}"`;

const DSHOW_OPTIONS = `[dshow @ 0000020fd1e3c540] DirectShow video device options (from video devices)
[dshow @ 0000020fd1e3c540]  Pin "Capture" (alternative pin name "0")
[dshow @ 0000020fd1e3c540]   vcodec=mjpeg  min s=1280x720 fps=30 max s=1280x720 fps=30
[dshow @ 0000020fd1e3c540]   vcodec=mjpeg  min s=1280x720 fps=30 max s=1280x720 fps=30 (tv, bt470bg/bt709/unknown, center)
[dshow @ 0000020fd1e3c540]   pixel_format=yuyv422  min s=640x480 fps=5 max s=640x480 fps=30
[dshow @ 0000020fd1e3c540]   pixel_format=yuyv422  min s=1280x720 fps=5 max s=1280x720 fps=10
video=Integrated Camera: Immediate exit requested`;

describe('ffmpeg listing parsers', () => {
  it('strips the "[name @ address]" log prefix and nothing else', () => {
    assert.equal(stripLogPrefix('[dshow @ 0000] "Cam" (video)'), '"Cam" (video)');
    assert.equal(stripLogPrefix('  [1] USB Camera'), '  [1] USB Camera');
  });

  it('reads V4L2 formats with their sizes, skipping unsupported ones and marking emulated ones', () => {
    const formats = parseV4l2Formats(V4L2_FORMATS);
    assert.deepEqual(formats.map((f) => f.name), ['mjpeg', 'yuyv422', 'yuv420p', 'gray']);
    const [mjpeg, yuyv, yuv420, gray] = formats;
    assert.equal(mjpeg!.compressed, true);
    assert.equal(mjpeg!.description, 'Motion-JPEG');
    assert.deepEqual(mjpeg!.sizes, [{ width: 1280, height: 720 }, { width: 640, height: 480 }, { width: 320, height: 240 }]);
    assert.equal(yuyv!.compressed, false);
    assert.equal(yuyv!.description, 'YUYV 4:2:2');
    assert.equal(yuyv!.sizes.length, 3);
    assert.equal(yuv420!.emulated, true);
    assert.equal(yuyv!.emulated, false);
    assert.deepEqual(gray!.sizes, []);
    assert.deepEqual(gray!.stepwise, [{ minWidth: 32, maxWidth: 1920, stepWidth: 2, minHeight: 32, maxHeight: 1080, stepHeight: 2 }]);
  });

  it('reads frame rates per size from v4l2-ctl, highest first, in both layouts', () => {
    const formats = parseV4l2CtlFormats(V4L2_CTL);
    assert.deepEqual(formats.map((f) => [f.fourcc, f.description]), [['MJPG', 'Motion-JPEG'], ['YUYV', 'YUYV 4:2:2']]);
    assert.deepEqual(formats[0]!.sizes, [
      { width: 1280, height: 720, frameRates: [30] },
      { width: 640, height: 480, frameRates: [30, 15] },
    ]);
    assert.deepEqual(formats[1]!.sizes.map((s) => [s.width, s.frameRates[0]]), [[640, 30], [1280, 10]]);
    const old = parseV4l2CtlFormats(V4L2_CTL_OLD);
    assert.deepEqual(old, [{ fourcc: 'YUYV', description: 'YUYV 4:2:2', sizes: [{ width: 640, height: 480, frameRates: [25] }] }]);
  });

  it('lists AVFoundation video devices only, with their indices', () => {
    assert.deepEqual(parseAvfoundationDevices(AVF_DEVICES), [
      { index: 0, name: 'FaceTime HD Camera (Built-in)' },
      { index: 1, name: 'USB Camera [Logi]' },
      { index: 2, name: 'Capture screen 0' },
    ]);
  });

  it('reads the modes AVFoundation says it supports', () => {
    assert.deepEqual(parseAvfoundationModes(AVF_MODES), [
      { width: 1920, height: 1080, minFrameRate: 1, maxFrameRate: 30 },
      { width: 1280, height: 720, minFrameRate: 1, maxFrameRate: 60 },
      { width: 640, height: 480, minFrameRate: 1, maxFrameRate: 30 },
    ]);
  });

  it('lists DirectShow video devices in the current layout, with alternative names', () => {
    const devices = parseDshowDevices(DSHOW_DEVICES_NEW);
    assert.deepEqual(devices.map((d) => d.name), ['Integrated Camera', 'Capture Card']);
    assert.match(devices[0]!.alternativeName!, /^@device_pnp_/);
  });

  it('lists DirectShow video devices in the older sectioned layout', () => {
    assert.deepEqual(parseDshowDevices(DSHOW_DEVICES_OLD), [
      { name: 'USB2.0 HD UVC WebCam', alternativeName: '@device_pnp_\\\\?\\usb#vid_13d3' },
    ]);
  });

  it('reads DirectShow mode ranges once each, keeping the format that gives them', () => {
    assert.deepEqual(parseDshowOptions(DSHOW_OPTIONS), [
      { width: 1280, height: 720, minFrameRate: 30, maxFrameRate: 30, format: 'vcodec=mjpeg' },
      { width: 640, height: 480, minFrameRate: 5, maxFrameRate: 30, format: 'pixel_format=yuyv422' },
      { width: 1280, height: 720, minFrameRate: 5, maxFrameRate: 10, format: 'pixel_format=yuyv422' },
    ]);
  });

  it('finds nothing in unrelated text', () => {
    const noise = 'ffmpeg version 5.1\nInput #0, lavfi\n';
    assert.deepEqual(parseV4l2Formats(noise), []);
    assert.deepEqual(parseV4l2CtlFormats(noise), []);
    assert.deepEqual(parseAvfoundationDevices(noise), []);
    assert.deepEqual(parseDshowDevices(noise), []);
    assert.deepEqual(parseDshowOptions(noise), []);
  });
});
