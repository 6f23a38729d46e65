import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeHost, type FfmpegHost, type PathKind } from '../../../src/backends/ffmpeg/host.js';
import { inputArgs, parseInput } from '../../../src/backends/ffmpeg/inputs.js';
import { parseFfmpegVersion, passthroughArgs, resolveToolPaths } from '../../../src/backends/ffmpeg/tools.js';
import { parseProbeJson } from '../../../src/backends/ffmpeg/probe.js';

/** A host whose filesystem holds exactly `paths`. */
function hostWith(paths: Record<string, PathKind>, env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): FfmpegHost {
  return {
    ...nodeHost,
    platform,
    env: (name) => env[name],
    pathKind: (p) => paths[p],
    isExecutable: (p) => paths[p] === 'file',
  };
}

const defaults = { loop: false, realtime: true };

describe('ffmpeg inputs: what a deviceId means', () => {
  const clip = resolve('clips/a:b.mp4');
  const host = hostWith({ '/videos/clip.mp4': 'file', [clip]: 'file', '/dev/video2': 'device', '/videos': 'directory' });

  it('reads an existing absolute path as a file, through the file: protocol', () => {
    const spec = parseInput('/videos/clip.mp4', host, defaults);
    assert.deepEqual(spec && { kind: spec.kind, input: spec.input, label: spec.label, kindLabel: spec.kindLabel }, {
      kind: 'file',
      input: 'file:/videos/clip.mp4',
      label: 'clip.mp4',
      kindLabel: 'file',
    });
  });

  it('resolves a relative path against the working directory', () => {
    const spec = parseInput('clips/a:b.mp4', hostWith({ 'clips/a:b.mp4': 'file' }), defaults);
    assert.equal(spec?.input, `file:${clip}`);
    assert.equal(spec?.label, 'a:b.mp4');
  });

  it('reads a file: URL as the file it names', () => {
    const spec = parseInput(pathToFileURL('/videos/clip.mp4').href, host, defaults);
    assert.equal(spec?.kind, 'file');
    assert.equal(spec?.input, 'file:/videos/clip.mp4');
  });

  it('refuses missing files, directories and file: URLs of missing files', () => {
    assert.equal(parseInput('/videos/missing.mp4', host, defaults), undefined);
    assert.equal(parseInput('/videos', host, defaults), undefined);
    assert.equal(parseInput('file:///videos/missing.mp4', host, defaults), undefined);
    assert.equal(parseInput('', host, defaults), undefined);
  });

  it('accepts stream URLs of known schemes and labels them by host without credentials', () => {
    const rtsp = parseInput('rtsp://admin:secret@192.0.2.7:554/stream1', host, defaults);
    assert.equal(rtsp?.kind, 'url');
    assert.equal(rtsp?.kindLabel, 'rtsp');
    assert.equal(rtsp?.label, '192.0.2.7:554');
    assert.doesNotMatch(rtsp!.label, /secret/);
    for (const url of ['http://127.0.0.1:8080/cam.mjpg', 'https://cam.example/x', 'tcp://127.0.0.1:9000', 'srt://127.0.0.1:9000', 'rtmp://host/live/key']) {
      assert.equal(parseInput(url, host, defaults)?.kind, 'url', url);
    }
    const udp = parseInput('udp://@:1234', host, defaults);
    assert.deepEqual([udp?.kindLabel, udp?.label, udp?.input], ['udp', ':1234', 'udp://@:1234']);
  });

  it('refuses unknown schemes, URLs without a host and plain words', () => {
    assert.equal(parseInput('gopher2://x/y', host, defaults), undefined);
    assert.equal(parseInput('javascript:alert(1)', host, defaults), undefined);
    assert.equal(parseInput('rtsp:///nohost', host, defaults), undefined);
    assert.equal(parseInput('tcp://', host, defaults), undefined);
    assert.equal(parseInput('camera', host, defaults), undefined);
  });

  it('knows V4L2 nodes and the AVFoundation/DirectShow prefixes', () => {
    assert.equal(parseInput('/dev/video2', host, defaults)?.kind, 'v4l2');
    assert.deepEqual(
      (({ kind, input }) => ({ kind, input }))(parseInput('avfoundation:FaceTime HD Camera', host, defaults)!),
      { kind: 'avfoundation', input: 'FaceTime HD Camera' },
    );
    assert.equal(parseInput('dshow:Integrated Camera', host, defaults)?.input, 'video=Integrated Camera');
    assert.equal(parseInput('dshow:', host, defaults), undefined);
  });

  it('builds input arguments: -re and -stream_loop for files, the mode for devices', () => {
    const file = { ...parseInput('/videos/clip.mp4', host, { loop: true, realtime: true })! };
    assert.deepEqual(inputArgs(file), ['-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', 'file:/videos/clip.mp4']);
    const fast = parseInput('/videos/clip.mp4', host, { loop: false, realtime: false })!;
    assert.deepEqual(inputArgs(fast), ['-protocol_whitelist', 'file', '-i', 'file:/videos/clip.mp4']);
    const v4l2 = parseInput('/dev/video2', host, defaults)!;
    assert.deepEqual(inputArgs(v4l2, { width: 1280, height: 720, frameRate: 30, inputFormat: 'mjpeg' }), [
      '-f', 'v4l2', '-input_format', 'mjpeg', '-framerate', '30', '-video_size', '1280x720', '-i', '/dev/video2',
    ]);
    const dshow = parseInput('dshow:Cam', host, defaults)!;
    assert.deepEqual(inputArgs(dshow, { width: 640, height: 480, frameRate: 29.97, inputFormat: 'pixel_format=yuyv422' }), [
      '-f', 'dshow', '-framerate', '29.970', '-video_size', '640x480', '-pixel_format', 'yuyv422', '-i', 'video=Cam',
    ]);
  });
});

describe('ffmpeg tools: finding ffmpeg and ffprobe', () => {
  it('uses IMAGECAPTURE_FFMPEG and finds ffprobe next to it', () => {
    const host = hostWith(
      { '/opt/ff/ffmpeg': 'file', '/opt/ff/ffprobe': 'file' },
      { IMAGECAPTURE_FFMPEG: '/opt/ff/ffmpeg', PATH: '/usr/bin' },
    );
    assert.deepEqual(resolveToolPaths(host), { ffmpeg: '/opt/ff/ffmpeg', ffprobe: '/opt/ff/ffprobe' });
  });

  it('searches PATH when nothing is set', () => {
    const host = hostWith({ '/b/ffmpeg': 'file', '/c/ffprobe': 'file' }, { PATH: '/a:/b:/c' });
    assert.deepEqual(resolveToolPaths(host), { ffmpeg: '/b/ffmpeg', ffprobe: '/c/ffprobe' });
  });

  it('throws NotReadableError naming the variable and how to install when the path is missing', () => {
    const host = hostWith({}, { IMAGECAPTURE_FFMPEG: '/nowhere/ffmpeg', PATH: '/usr/bin' });
    assert.throws(() => resolveToolPaths(host), (e: DOMException) => {
      assert.equal(e.name, 'NotReadableError');
      assert.match(e.message, /IMAGECAPTURE_FFMPEG points to \/nowhere\/ffmpeg, which does not exist/);
      assert.match(e.message, /apt-get install ffmpeg/);
      return true;
    });
    assert.throws(() => resolveToolPaths(hostWith({}, { PATH: '/a' })), { name: 'NotReadableError', message: /not found on PATH/ });
  });

  it('chooses -fps_mode from ffmpeg 5.1 and -vsync before', () => {
    assert.deepEqual(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright'), [5, 1]);
    assert.deepEqual(parseFfmpegVersion('ffmpeg version N-112233-gabc Copyright'), [0, 0]);
    assert.deepEqual(passthroughArgs({ ffmpeg: '', ffprobe: '', version: [4, 4] }), ['-vsync', 'passthrough']);
    assert.deepEqual(passthroughArgs({ ffmpeg: '', ffprobe: '', version: [6, 0] }), ['-fps_mode', 'passthrough']);
  });
});

describe('ffmpeg probe: reading ffprobe JSON', () => {
  it('takes the first video stream, its average frame rate and codec', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'audio', codec_name: 'aac' },
        {
          codec_type: 'video',
          codec_name: 'h264',
          width: 1920,
          height: 1080,
          avg_frame_rate: '30000/1001',
          r_frame_rate: '30000/1001',
          duration: '4.5',
        },
      ],
    });
    assert.deepEqual(parseProbeJson(json), { width: 1920, height: 1080, frameRate: 29.97, codec: 'h264', duration: 4.5 });
  });

  it('swaps width and height for a 90° display rotation and ignores timebase-like rates', () => {
    const json = JSON.stringify({
      streams: [
        {
          codec_type: 'video',
          codec_name: 'hevc',
          width: 1920,
          height: 1080,
          avg_frame_rate: '0/0',
          r_frame_rate: '90000/1',
          side_data_list: [{ rotation: -90 }],
        },
      ],
    });
    assert.deepEqual(parseProbeJson(json), { width: 1080, height: 1920, frameRate: 30, codec: 'hevc' });
  });

  it('returns undefined for input without video or for broken JSON', () => {
    assert.equal(parseProbeJson(JSON.stringify({ streams: [{ codec_type: 'audio' }] })), undefined);
    assert.equal(parseProbeJson('{'), undefined);
  });
});
