import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FfmpegBackend } from '../../../src/backends/ffmpeg/index.js';
import { chooseMode, v4l2Modes } from '../../../src/backends/ffmpeg/devices.js';
import { parseV4l2Formats } from '../../../src/backends/ffmpeg/listing.js';
import { nodeHost, type FfmpegHost, type RunResult } from '../../../src/backends/ffmpeg/host.js';
import { FFMPEG, needsFfmpeg, once } from './helpers.js';

const LIST_CAM0 = [
  '[video4linux2,v4l2 @ 0x1] Compressed:       mjpeg :          Motion-JPEG : 1280x720 640x480 320x240',
  '[video4linux2,v4l2 @ 0x1] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 320x240 1280x720',
].join('\n');
const CTL_CAM0 = `\t[0]: 'MJPG' (Motion-JPEG, compressed)
\t\tSize: Discrete 1280x720
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t[1]: 'YUYV' (YUYV 4:2:2)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\tSize: Discrete 1280x720
\t\t\tInterval: Discrete 0.100s (10.000 fps)
`;
const LIST_CAM2 = '[video4linux2,v4l2 @ 0x2] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 1920x1080';

interface FakeOptions {
  dev?: string[];
  ffmpeg?: boolean;
  v4l2ctl?: boolean;
  spawn?: (args: readonly string[]) => ChildProcess;
}

/** A Linux machine with two USB cameras (one exposing a metadata node) behind a fake device layer. */
function fakeLinux(options: FakeOptions = {}): FfmpegHost & { runs: string[][] } {
  const dev = options.dev ?? ['null', 'video1', 'video0', 'video2', 'tty0'];
  const sys: Record<string, string> = {
    '/sys/class/video4linux/video0/name': 'HD Webcam C525\n',
    '/sys/class/video4linux/video0/index': '0\n',
    '/sys/class/video4linux/video1/name': 'HD Webcam C525\n',
    '/sys/class/video4linux/video1/index': '1\n',
    '/sys/class/video4linux/video2/name': 'Integrated Camera: Integrated C\n',
    '/sys/class/video4linux/video2/index': '0\n',
  };
  const physical: Record<string, string> = {
    '/sys/class/video4linux/video0/device': '/sys/devices/pci0000:00/usb1/1-1/1-1:1.0',
    '/sys/class/video4linux/video1/device': '/sys/devices/pci0000:00/usb1/1-1/1-1:1.0',
    '/sys/class/video4linux/video2/device': '/sys/devices/pci0000:00/usb1/1-4/1-4:1.0',
  };
  const runs: string[][] = [];
  const result = (stdout: string, stderr: string, code = 1): RunResult => ({ code, signal: null, stdout, stderr, timedOut: false });
  const tools = options.ffmpeg ?? true;
  return {
    ...nodeHost,
    runs,
    platform: 'linux',
    env: (name) => (name === 'PATH' ? '/fake/bin' : undefined),
    pathKind: (p) => (/^\/dev\/video\d+$/.test(p) && dev.includes(p.slice(5)) ? 'device' : undefined),
    isExecutable: (p) => tools && (p === '/fake/bin/ffmpeg' || p === '/fake/bin/ffprobe'),
    readdir: async (p) => (p === '/dev' ? dev : []),
    readText: async (p) => sys[p],
    realpath: async (p) => physical[p],
    run: async (command, args) => {
      runs.push([command, ...args]);
      if (command === 'v4l2-ctl') {
        if (!options.v4l2ctl) throw Object.assign(new Error('spawn v4l2-ctl ENOENT'), { code: 'ENOENT' });
        return result(args[1] === '/dev/video0' ? CTL_CAM0 : '', '', 0);
      }
      if (args.includes('-version')) return result('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026\n', '', 0);
      const device = args.at(-1);
      if (device === '/dev/video0') return result('', LIST_CAM0);
      if (device === '/dev/video2') return result('', LIST_CAM2);
      return result('', '[video4linux2,v4l2 @ 0x3] Not a video capture device.\n/dev/video1: Immediate exit requested');
    },
    spawn: (_command, args) => {
      if (!options.spawn) throw new Error('no spawning in this fake');
      return options.spawn(args);
    },
  };
}

describe('ffmpeg device layer (V4L2 through a fake filesystem and ffmpeg)', () => {
  it('lists capture nodes with sysfs labels, skips metadata nodes and groups by physical device', async () => {
    const host = fakeLinux({ v4l2ctl: true });
    const devices = await new FfmpegBackend({ host }).devices();
    assert.deepEqual(devices.map((d) => [d.deviceId, d.label, d.kindLabel, d.backend]), [
      ['/dev/video0', 'HD Webcam C525', 'v4l2', 'ffmpeg'],
      ['/dev/video2', 'Integrated Camera: Integrated C', 'v4l2', 'ffmpeg'],
    ]);
    assert.notEqual(devices[0]!.groupId, devices[1]!.groupId);
    assert.doesNotMatch(devices[0]!.groupId, /usb|sys/);
    const again = await new FfmpegBackend({ host }).devices();
    assert.equal(again[0]!.groupId, devices[0]!.groupId, 'groupIds are stable');
    assert.ok(host.runs.some((r) => r.includes('-list_formats')));
  });

  it('reports native modes with v4l2-ctl frame rates, choosing the faster format per size', async () => {
    const backend = new FfmpegBackend({ host: fakeLinux({ v4l2ctl: true }) });
    const caps = await backend.probe('/dev/video0');
    assert.deepEqual(caps.videoModes, [
      { width: 320, height: 240, frameRate: 30 },
      { width: 640, height: 480, frameRate: 30 },
      { width: 1280, height: 720, frameRate: 30 },
    ]);
    assert.deepEqual(caps.resizeModes, ['none', 'crop-and-scale']);
    assert.equal(caps.photo.imageWidth?.max, 1280);
  });

  it('assumes 30 fps when v4l2-ctl is not installed', async () => {
    const caps = await new FfmpegBackend({ host: fakeLinux() }).probe('/dev/video2');
    assert.deepEqual(caps.videoModes, [
      { width: 640, height: 480, frameRate: 30 },
      { width: 1920, height: 1080, frameRate: 30 },
    ]);
  });

  it('returns no devices, without running any tool, when there is no /dev/video*', async () => {
    const host = fakeLinux({ dev: ['null', 'tty0'] });
    assert.deepEqual(await new FfmpegBackend({ host }).devices(), []);
    assert.deepEqual(host.runs, [], 'not even ffmpeg -version');
  });

  it('still lists capture nodes (by sysfs index) when ffmpeg is missing, and opening says how to install it', async () => {
    const backend = new FfmpegBackend({ host: fakeLinux({ ffmpeg: false }) });
    const devices = await backend.devices();
    assert.deepEqual(devices.map((d) => d.deviceId), ['/dev/video0', '/dev/video2']);
    await assert.rejects(backend.open('/dev/video0', {}), { name: 'NotReadableError', message: /apt-get install ffmpeg/ });
  });

  it('rejects NotFoundError for a V4L2 node that is not present', async () => {
    await assert.rejects(new FfmpegBackend({ host: fakeLinux() }).describe('/dev/video7'), { name: 'NotFoundError' });
  });

  it('picks the native mode for a request: exact for resizeMode none, else the smallest covering one', () => {
    const modes = v4l2Modes(parseV4l2Formats(LIST_CAM0), []);
    assert.deepEqual(chooseMode(modes, 640, 480, 30, 'none'), { width: 640, height: 480, frameRate: 30, inputFormat: 'yuyv422' });
    assert.deepEqual(chooseMode(modes, 400, 300, 30, 'crop-and-scale'), { width: 640, height: 480, frameRate: 30, inputFormat: 'yuyv422' });
    assert.deepEqual(
      chooseMode(modes, 1920, 1080, 30, 'crop-and-scale'),
      { width: 1280, height: 720, frameRate: 30, inputFormat: 'yuyv422' },
    );
  });
});

describe('ffmpeg V4L2 sources (the fake device streams ffmpeg test patterns)', () => {
  /** Turns the V4L2 input arguments into a lavfi test pattern of the asked size and rate. */
  function streamingHost(spawned: string[][], refuse: string): FfmpegHost {
    return fakeLinux({
      v4l2ctl: true,
      spawn: (args) => {
        spawned.push([...args]);
        const size = args[args.indexOf('-video_size') + 1]!;
        const rate = args[args.indexOf('-framerate') + 1]!;
        // A Motion-JPEG mode sends JPEGs: what ffmpeg copies from it is what its mjpeg encoder makes.
        const output = args.slice(args.indexOf('-i') + 2).map((a, i, all) => (a === 'copy' && all[i - 1] === '-c:v' ? 'mjpeg' : a));
        const real =
          size === refuse
            ? ['-hide_banner', '-f', 'lavfi', '-i', 'nullsrc=size=1x1', '-vf', 'no_such_filter', '-f', 'null', '-']
            : [
              '-hide_banner',
              '-nostdin',
              '-loglevel',
              'info',
              '-re',
              '-f',
              'lavfi',
              '-i',
              `testsrc2=size=${size}:rate=${rate}`,
              ...output,
            ];
        return spawn(FFMPEG!, real, { stdio: ['ignore', 'pipe', 'pipe'] });
      },
    });
  }

  it('opens at 640x480 by default and restarts ffmpeg (mute, unmute) to switch native mode', needsFfmpeg, async () => {
    const spawned: string[][] = [];
    const backend = new FfmpegBackend({ host: streamingHost(spawned, '320x240') });
    // No size asked: a camera starts at 640x480, not in its largest mode.
    const source = await backend.open('/dev/video0', {});
    try {
      const signal = new AbortController().signal;
      assert.deepEqual((({ width, height }) => ({ width, height }))(await source.nextFrame(signal)), { width: 640, height: 480 });
      // A decoded mode whose frames are kept in memory takes its rest commands on stdin.
      const rests = process.platform === 'linux' && existsSync('/dev/shm');
      assert.deepEqual(spawned[0]!.slice(0, rests ? 11 : 12), [
        '-hide_banner', ...(rests ? [] : ['-nostdin']), '-nostats', '-loglevel', 'info',
        '-f', 'v4l2', '-input_format', 'yuyv422', '-framerate', '30', '-video_size',
      ]);
      const events: string[] = [];
      source.addEventListener('mute', () => events.push('mute'));
      source.addEventListener('unmute', () => events.push('unmute'));
      await source.configure({ width: 1280, height: 720, resizeMode: 'none' });
      assert.deepEqual(events, ['mute', 'unmute']);
      assert.equal(spawned.length, 2);
      assert.ok(spawned[1]!.join(' ').includes('-input_format mjpeg -framerate 30 -video_size 1280x720'));
      // The Motion-JPEG mode is passed through where frames are kept in memory, decoded on read.
      if (process.platform === 'linux' && existsSync('/dev/shm')) assert.ok(spawned[1]!.join(' ').includes('-c:v copy'));
      const big = await source.nextFrame(signal);
      assert.deepEqual([big.width, big.height], [1280, 720]);
      assert.deepEqual([source.settings().width, source.settings().height], [1280, 720]);
    } finally {
      source.close();
      await source.exited;
    }
  });

  it('rejects NotReadableError and keeps the previous mode when the device refuses a mode', needsFfmpeg, async () => {
    const spawned: string[][] = [];
    const backend = new FfmpegBackend({ host: streamingHost(spawned, '320x240') });
    const source = await backend.open('/dev/video0', { width: 640, height: 480 });
    try {
      const ended = once(source, 'ended');
      let endedFired = false;
      void ended.then(() => (endedFired = true));
      await assert.rejects(
        source.configure({ width: 320, height: 240, resizeMode: 'none' }),
        { name: 'NotReadableError', message: /refused 320x240/ },
      );
      assert.deepEqual([source.settings().width, source.settings().height], [640, 480]);
      const frame = await source.nextFrame(new AbortController().signal);
      assert.deepEqual([frame.width, frame.height], [640, 480]);
      assert.equal(spawned.length, 3, 'open, the refused mode, the previous mode again');
      assert.equal(source.ended, false);
      assert.equal(endedFired, false);
    } finally {
      source.close();
      await source.exited;
    }
  });
});
