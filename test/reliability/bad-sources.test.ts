/**
 * Bad files and bad sources through the ffmpeg backend, seen from the API: truncated and corrupt
 * video files, servers on 127.0.0.1 that send garbage, say nothing, or disconnect in the middle
 * of a frame. getUserMedia rejects with NotFoundError or NotReadableError, or the track ends
 * ('ended' once, pending calls rejected with the documented errors); nothing crashes and no
 * ffmpeg process, socket or timer is left behind.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../src/backends/ffmpeg/index.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import type { Runtime } from '../../src/media/runtime.js';
import { type MediaStreamTrack, trackImpl } from '../../src/media/track.js';
import type { VideoTrackImpl } from '../../src/media/video-track.js';
import { ffmpeg, makeTempDir, needsFfmpeg, processExists } from '../backends/ffmpeg/helpers.js';
import { assertNoNewResources, assertNoUnhandledRejections, describeError, LEAK_TYPES, resourceCounts } from './helpers.js';

/** Deterministic bytes that are no format at all. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function runtimeWith(options: ConstructorParameters<typeof FfmpegBackend>[0] = {}): Runtime {
  const backend = new FfmpegBackend({ probeTimeoutMs: 4000, startTimeoutMs: 4000, killTimeoutMs: 1000, ...options });
  return createRuntime({ backends: [backend], audioBackends: [] });
}

/** Network sources reconnect after a drop; these cases turn that off so that a drop ends the track. */
const NO_RECONNECT = { reconnect: { attempts: 0, firstDelayMs: 0, maxDelayMs: 0 } };

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    const v = await p;
    if (v && typeof (v as { close?: unknown }).close === 'function') (v as { close(): void }).close();
    if (v && typeof (v as { getTracks?: unknown }).getTracks === 'function') {
      for (const t of (v as { getTracks(): MediaStreamTrack[] }).getTracks()) t.stop();
    }
    return 'ok';
  } catch (e) {
    return describeError(e);
  }
}

const open = (runtime: Runtime, id: string): Promise<
  { getVideoTracks(): MediaStreamTrack[] }
> => runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: id } } });

function ffmpegSourceOf(track: MediaStreamTrack): FfmpegSource {
  return (trackImpl(track) as VideoTrackImpl).source as FfmpegSource;
}

/**
 * Opens `id`, grabs until the input runs out, and checks how it ended: 'ended' fired once, the
 * grab that was waiting rejected with UnknownError, later calls reject with InvalidStateError,
 * and the ffmpeg child is gone. Returns the number of frames grabbed.
 */
async function playToTheEnd(runtime: Runtime, id: string): Promise<number> {
  const track = (await open(runtime, id)).getVideoTracks()[0]!;
  const source = ffmpegSourceOf(track);
  const pid = source.pid!;
  let ended = 0;
  const endedEvent = new Promise<void>((resolve) => track.addEventListener('ended', () => (ended++, resolve())));
  const capture = new ImageCapture(track);
  let frames = 0;
  let last = 'ok';
  for (let i = 0; i < 500 && track.readyState === 'live'; i++) {
    last = await outcome(capture.grabFrame());
    if (last === 'ok') frames++;
    else break;
  }
  await endedEvent;
  assert.ok(['UnknownError', 'InvalidStateError'].includes(last), `the grab cut off by the end rejected with ${last}`);
  assert.equal(await outcome(capture.grabFrame()), 'InvalidStateError');
  assert.equal(await outcome(capture.takePhoto()), 'InvalidStateError');
  track.stop();
  await source.exited;
  assert.equal(ended, 1, "'ended' fires exactly once");
  assert.equal(processExists(pid), false, 'the ffmpeg child has exited');
  return frames;
}

describe('bad video files', { ...needsFfmpeg, timeout: 120_000 }, () => {
  let dir = '';
  let remove = async (): Promise<void> => {};
  const files: Record<string, string> = {};
  let baseline: Record<string, number> = {};

  before(async () => {
    baseline = resourceCounts();
    ({ dir, remove } = await makeTempDir());
    const mp4 = join(dir, 'clip.mp4');
    const ts = join(dir, 'clip.ts');
    const fast = join(dir, 'fast.mp4');
    const src = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2'];
    await ffmpeg(['-y', ...src, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', mp4]);
    await ffmpeg(['-y', ...src, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', fast]);
    await ffmpeg(['-y', ...src, '-c:v', 'mpeg2video', '-q:v', '3', '-f', 'mpegts', ts]);
    const [mp4Bytes, tsBytes, fastBytes] = await Promise.all([readFile(mp4), readFile(ts), readFile(fast)]);
    const write = async (name: string, bytes: Buffer): Promise<void> => {
      files[name] = join(dir, name);
      await writeFile(files[name]!, bytes);
    };
    await write('empty.mp4', Buffer.alloc(0));
    await write('noise.mkv', noise(64 * 1024, 7));
    // The index (moov) of a plain MP4 is at its end: cut, nothing says how to read it.
    await write('truncated.mp4', mp4Bytes.subarray(0, Math.floor(mp4Bytes.length * 0.4)));
    // An index at the front, but every sample zeroed: readable container, nothing decodable.
    const zeroed = Buffer.from(fastBytes);
    zeroed.fill(0, zeroed.indexOf('mdat') + 68);
    await write('zeroed.mp4', zeroed);
    // MPEG-TS cut in the middle of a 188-byte packet: plays, then stops early.
    await write('truncated.ts', tsBytes.subarray(0, Math.floor(tsBytes.length / 2) + 77));
    // MPEG-TS with its middle fifth overwritten by noise: the decoder conceals what it can.
    const corrupt = Buffer.from(tsBytes);
    noise(Math.floor(tsBytes.length / 5), 11).copy(corrupt, Math.floor(tsBytes.length * 0.4));
    await write('corrupt.ts', corrupt);
  });

  after(async () => {
    await remove();
    await assertNoNewResources(baseline, 'the bad-file tests', LEAK_TYPES);
    await assertNoUnhandledRejections();
  });

  for (const [name, expected] of [
    ['empty.mp4', 'NotFoundError'],
    ['noise.mkv', 'NotFoundError'],
    ['truncated.mp4', 'NotFoundError'],
    ['zeroed.mp4', 'NotReadableError'],
  ] as const) {
    it(`getUserMedia rejects with ${expected} for ${name}, leaving no process`, async () => {
      const before = resourceCounts();
      assert.equal(await outcome(open(runtimeWith(), files[name]!)), expected);
      await assertNoNewResources(before, name, LEAK_TYPES);
    });
  }

  it('a truncated MPEG-TS plays what it has, then the track ends once; nothing is left running', async () => {
    const frames = await playToTheEnd(runtimeWith(), files['truncated.ts']!);
    assert.ok(frames >= 1, `${frames} frames before the cut`);
  });

  it('a corrupt MPEG-TS plays (concealed) to its end; the track ends once; nothing is left running', async () => {
    const frames = await playToTheEnd(runtimeWith(), files['corrupt.ts']!);
    assert.ok(frames >= 1, `${frames} frames`);
  });

  it('stopping the track while a bad file plays kills ffmpeg and rejects the pending grab', async () => {
    const track = (await open(runtimeWith(), files['corrupt.ts']!)).getVideoTracks()[0]!;
    const source = ffmpegSourceOf(track);
    const pid = source.pid!;
    const pending = outcome(new ImageCapture(track).grabFrame());
    track.stop();
    assert.equal(await pending, 'UnknownError');
    await source.exited;
    assert.equal(processExists(pid), false);
  });
});

/** An HTTP MJPEG camera on 127.0.0.1 whose behaviour after `good` frames is chosen per path. */
class BadCamera {
  readonly server: http.Server;
  readonly #open = new Set<http.ServerResponse>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(readonly jpegs: Buffer[]) {
    this.server = http.createServer((req, res) => this.#serve(req.url ?? '', res));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  #serve(path: string, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    this.#open.add(res);
    let sent = 0;
    const good = 25;
    const part = (body: Buffer): void => {
      res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n\r\n`);
      res.write(body);
      res.write('\r\n');
    };
    const timer = setInterval(() => {
      if (path === '/garbage.mjpg') return void res.write(noise(4096, ++sent));
      if (sent < good) return void part(this.jpegs[sent++ % this.jpegs.length]!);
      if (path === '/cut.mjpg') {
        // Half a JPEG, then the connection drops.
        const jpeg = this.jpegs[0]!;
        res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
        res.write(jpeg.subarray(0, jpeg.length >> 1));
        clearInterval(timer);
        res.socket?.destroy();
      } else if (path === '/rotten.mjpg') {
        part(noise(3000, ++sent)); // parts that claim to be JPEGs and are not
      }
    }, 20);
    this.#timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      this.#timers.delete(timer);
      this.#open.delete(res);
    });
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const r of this.#open) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP server on 127.0.0.1 calling `serve` for each connection. */
async function tcpServer(serve: (socket: net.Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('bad network sources', { ...needsFfmpeg, timeout: 120_000 }, () => {
  let camera: BadCamera;
  let base = '';
  let remove = async (): Promise<void> => {};
  let ts: Buffer = Buffer.alloc(0);
  let baseline: Record<string, number> = {};

  before(async () => {
    baseline = resourceCounts();
    const temp = await makeTempDir();
    remove = temp.remove;
    await ffmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '10', '-q:v', '4', join(temp.dir, 'f%02d.jpg')]);
    const jpegs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => readFile(join(temp.dir, `f${String(i + 1).padStart(2, '0')}.jpg`))),
    );
    const tsPath = join(temp.dir, 'clip.ts');
    await ffmpeg(
      ['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '4', '-c:v', 'mpeg2video', '-q:v', '3', '-f', 'mpegts', tsPath],
    );
    ts = await readFile(tsPath);
    camera = new BadCamera(jpegs);
    base = `http://127.0.0.1:${await camera.listen()}`;
  });

  after(async () => {
    await camera?.close();
    await remove();
    await assertNoNewResources(baseline, 'the bad-network tests', LEAK_TYPES);
    await assertNoUnhandledRejections();
  });

  it('an HTTP camera that sends only noise: getUserMedia rejects with NotFoundError', async () => {
    assert.equal(await outcome(open(runtimeWith(), `${base}/garbage.mjpg`)), 'NotFoundError');
  });

  it('a TCP source that sends only noise, then hangs up: getUserMedia rejects with NotFoundError', async () => {
    const server = await tcpServer((socket) => socket.end(noise(256 * 1024, 3)));
    try {
      assert.equal(await outcome(open(runtimeWith(), server.url)), 'NotFoundError');
    } finally {
      await server.close();
    }
  });

  it('a TCP source that accepts and says nothing: getUserMedia rejects with NotFoundError once the probe times out', async () => {
    const server = await tcpServer(() => undefined);
    try {
      assert.equal(await outcome(open(runtimeWith({ probeTimeoutMs: 1500 }), server.url)), 'NotFoundError');
    } finally {
      await server.close();
    }
  });

  it('an HTTP camera that drops the connection in the middle of a JPEG (no reconnection): the track ends once, nothing is ' +
    'left', async () => {
    const frames = await playToTheEnd(runtimeWith(NO_RECONNECT), `${base}/cut.mjpg`);
    assert.ok(frames >= 1, `${frames} frames before the cut`);
  });

  it('a TCP MPEG-TS source that hangs up in the middle of a packet (no reconnection): the track ends once, nothing is left', async () => {
    // 4 s of video sent at its own rate (a live source, longer than ffmpeg's 1 s of stream
    // analysis), cut after 3 s in the middle of a packet.
    const cut = Math.floor(ts.length * 0.75) + 55;
    const server = await tcpServer((socket) => {
      let sent = 0;
      const step = Math.ceil(ts.length / 4 / 20);
      const timer = setInterval(() => {
        const end = Math.min(cut, sent + step);
        socket.write(ts.subarray(sent, end));
        sent = end;
        if (sent >= cut) {
          clearInterval(timer);
          socket.destroy();
        }
      }, 50);
      socket.on('close', () => clearInterval(timer));
    });
    try {
      const frames = await playToTheEnd(runtimeWith(NO_RECONNECT), server.url);
      assert.ok(frames >= 1, `${frames} frames before the cut`);
    } finally {
      await server.close();
    }
  });

  it('an HTTP camera whose frames turn to noise: calls settle (a grab times out with UnknownError or the track ends), stop() leaves ' +
    'nothing', async () => {
    const track = (await open(runtimeWith(), `${base}/rotten.mjpg`)).getVideoTracks()[0]!;
    const source = ffmpegSourceOf(track);
    const pid = source.pid!;
    const capture = new ImageCapture(track);
    const seen = new Set<string>();
    for (let i = 0; i < 200 && track.readyState === 'live'; i++) {
      const got = await outcome(capture.grabFrame());
      seen.add(got);
      if (got !== 'ok') break;
    }
    for (const got of seen) assert.ok(['ok', 'UnknownError', 'InvalidStateError'].includes(got), got);
    assert.ok(seen.has('UnknownError') || seen.has('InvalidStateError'), 'the rotten frames do not go on for ever as frames');
    track.stop();
    await source.exited;
    assert.equal(processExists(pid), false);
  });
});
