import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import { i420ToRgba } from '../../../src/backends/ffmpeg/yuv.js';
import { ManualClock, VirtualCameraBackend, createRuntime } from '../../../src/entries/index.js';
import { MjpegCamera, FRAME_COUNT, STALL_AFTER } from './mjpeg-camera.js';
import { ffmpeg, FFMPEG, makeTempDir, maxDiff, needsFfmpeg, processExists, settledState } from './helpers.js';

/**
 * A TCP server on 127.0.0.1 that streams MPEG-TS from an ffmpeg test pattern to each client;
 * with `http`, as the body of an HTTP response to whatever the client asks.
 */
class TsServer {
  readonly server: net.Server;
  readonly #children = new Set<ChildProcess>();
  connections = 0;

  constructor(http = false) {
    this.server = net.createServer((socket) => {
      this.connections++;
      if (!http) this.#stream(socket);
      else {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nConnection: close\r\n\r\n');
          this.#stream(socket);
        });
      }
      socket.on('error', () => {});
    });
  }

  #stream(socket: net.Socket): void {
    const child = spawn(
      FFMPEG!,
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '20',
        '-c:v', 'mpeg2video', '-q:v', '3', '-bf', '0', '-g', '5', '-f', 'mpegts', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
    child.stdout!.pipe(socket);
    socket.on('close', () => child.kill('SIGKILL'));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const exits = [...this.#children].map((c) => new Promise((r) => c.once('exit', r)));
    for (const c of this.#children) c.kill('SIGKILL');
    await Promise.all(exits);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('ffmpeg network sources', needsFfmpeg, () => {
  let remove = async (): Promise<void> => {};
  let camera: MjpegCamera;
  let cameraPort = 0;
  let references: Uint8Array[] = [];
  let decodedJpegs: Uint8Array[] = [];
  const opened: FfmpegSource[] = [];
  const signal = new AbortController().signal;

  /**
   * Which sent JPEG a delivered frame is (index into the frames), or -1. A frame is decoded by
   * ffmpeg (I420 piped, made RGBA here) or, where Motion-JPEG is passed through, by sharp.
   */
  function identify(data: Uint8Array): number {
    const piped = references.findIndex((ref) => maxDiff(ref, data) <= 1);
    return piped >= 0 ? piped : decodedJpegs.findIndex((ref) => maxDiff(ref, data) === 0);
  }

  before(async () => {
    if (!FFMPEG) return;
    const temp = await makeTempDir();
    remove = temp.remove;
    await ffmpeg([
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-frames:v',
      String(FRAME_COUNT),
      '-q:v',
      '3',
      join(temp.dir, 'f%02d.jpg'),
    ]);
    const names = Array.from({ length: FRAME_COUNT }, (_, i) => join(temp.dir, `f${String(i + 1).padStart(2, '0')}.jpg`));
    const jpegs = await Promise.all(names.map((n) => readFile(n)));
    // What the backend does: ffmpeg decodes to I420, made RGBA in this process.
    references = await Promise.all(
      names.map(async (n) => {
        const i420 = new Uint8Array(await ffmpeg(['-i', n, '-s', '320x240', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1']));
        const rgba = new Uint8Array(320 * 240 * 4);
        i420ToRgba(i420, 320, 240, rgba);
        return rgba;
      }),
    );
    decodedJpegs = await Promise.all(jpegs.map(async (j) => new Uint8Array(await sharp(j).ensureAlpha().raw().toBuffer())));
    camera = new MjpegCamera(jpegs);
    cameraPort = await camera.listen();
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await camera?.close();
    await remove();
  });

  it('opens an HTTP MJPEG camera and delivers the JPEGs it serves, decoded exactly', async () => {
    const url = `http://127.0.0.1:${cameraPort}/cam.mjpg`;
    const backend = new FfmpegBackend();
    assert.equal(backend.accepts(url), true);
    const { info, capabilities } = await backend.describe(url);
    assert.deepEqual([info.kindLabel, info.label], ['http', `127.0.0.1:${cameraPort}`]);
    assert.equal(capabilities.videoModes[0]!.width, 320);
    assert.equal(capabilities.videoModes[0]!.height, 240);
    const source = await backend.open(url, {});
    opened.push(source);
    assert.equal(source.stream?.codec, 'mjpeg');
    // Where frames are kept in memory the camera's JPEGs are passed through and decoded on read.
    const passedThrough = process.platform === 'linux' && existsSync('/dev/shm');
    for (let i = 0; i < 3; i++) {
      const frame = await source.nextFrame(signal);
      assert.deepEqual([frame.width, frame.height], [320, 240]);
      assert.ok(identify(frame.data) >= 0, 'the frame is one of the served JPEGs');
      if (passedThrough) assert.ok(decodedJpegs.some((ref) => maxDiff(ref, frame.data) === 0), 'the served JPEG, decoded by sharp');
    }
    source.close();
  });

  it('opens a TCP MPEG-TS stream from an ffmpeg process, connecting once for describe and open', async () => {
    const ts = new TsServer();
    const port = await ts.listen();
    try {
      const url = `tcp://127.0.0.1:${port}`;
      const backend = new FfmpegBackend();
      const { info, capabilities } = await backend.describe(url);
      assert.equal(info.kindLabel, 'tcp');
      assert.deepEqual(capabilities.videoModes.map((m) => [m.width, m.height]), [[320, 240]]);
      const source = await backend.open(url, { width: 160, height: 120, resizeMode: 'crop-and-scale' });
      opened.push(source);
      const frame = await source.nextFrame(signal);
      assert.deepEqual([frame.width, frame.height], [160, 120]);
      const values = new Set(frame.data.filter((_, i) => i % 4 === 1));
      assert.ok(values.size > 20, 'a test pattern, not a blank frame');
      assert.equal(ts.connections, 1, 'the stream is described by the ffmpeg that reads it: one connection');
      source.close();
      await source.exited;
    } finally {
      await ts.close();
    }
  });

  it('getUserMedia lets go of the stream it described but did not choose; the next open connects anew', async () => {
    const ts = new TsServer();
    const port = await ts.listen();
    try {
      const backend = new FfmpegBackend();
      backend.register('door', { input: `tcp://127.0.0.1:${port}` });
      const virtualBackend = new VirtualCameraBackend({ clock: new ManualClock() });
      const runtime = createRuntime({ backends: [backend, virtualBackend], audioBackends: [] });
      const door = (await backend.devices()).find((d) => d.deviceId === 'door')!;
      const virtual = (await virtualBackend.devices())[0]!;
      assert.ok(door && virtual, 'both cameras are listed');
      const stream = await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: virtual.deviceId } } });
      assert.equal(ts.connections, 1, 'choosing a camera described the stream, on one connection');
      stream.getTracks().forEach((t) => t.stop());
      // Kept for an open() that follows a describe(), it would have been taken over here.
      const source = await backend.open(door.deviceId, {});
      opened.push(source);
      assert.equal(ts.connections, 2, 'the described connection was let go');
      source.close();
      await source.exited;
    } finally {
      await ts.close();
    }
  });

  it('an HTTP stream that is not Motion-JPEG is decoded, on a second connection', async () => {
    const ts = new TsServer(true);
    const port = await ts.listen();
    try {
      const source = await new FfmpegBackend().open(`http://127.0.0.1:${port}/live.ts`, {});
      opened.push(source);
      assert.equal(source.stream?.codec, 'mpeg2video');
      const frame = await source.nextFrame(signal);
      assert.deepEqual([frame.width, frame.height], [320, 240]);
      const values = new Set(frame.data.filter((_, i) => i % 4 === 1));
      assert.ok(values.size > 20, 'a test pattern, not a blank frame');
      // Where frames are kept in memory, HTTP is first asked for JPEGs; without, it is read once.
      const expected = process.platform === 'linux' && existsSync('/dev/shm') ? 2 : 1;
      assert.equal(ts.connections, expected);
      source.close();
      await source.exited;
    } finally {
      await ts.close();
    }
  });

  // Bounded: on a loaded machine ffmpeg has been seen holding back the frames before the stall, and
  // the drain below then waits for a frame that never comes.
  it('keeps nextFrame pending while the camera stalls, rejects it on abort, and resumes after', { timeout: 60_000 }, async () => {
    const source = await new FfmpegBackend().open(`http://127.0.0.1:${cameraPort}/stall.mjpg`, {});
    opened.push(source);
    // Drain what was sent before the stall; ffmpeg may hold back the very last frame.
    let id = -1;
    for (let i = 0; i < 3 * FRAME_COUNT && id < STALL_AFTER - 2; i++) id = identify((await source.nextFrame(signal)).data);
    assert.ok(id >= STALL_AFTER - 2, `reached frame ${id}`);
    const controller = new AbortController();
    let pending = source.nextFrame(controller.signal);
    let state = await settledState(pending);
    if (state.settled && 'value' in state && state.value && identify(state.value.data) === STALL_AFTER - 1) {
      pending = source.nextFrame(controller.signal);
      state = await settledState(pending);
    }
    assert.equal(state.settled, false, 'no frame while the camera sends nothing');
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(source.ended, false);
    const next = source.nextFrame(signal);
    camera.release();
    const frame = await next;
    assert.ok(identify(frame.data) >= STALL_AFTER - 1, 'frames flow again once the camera sends');
    source.close();
  });

  it('closes a source whose ffmpeg is blocked reading a stalled camera, leaving no process', async () => {
    const source = await new FfmpegBackend({ killTimeoutMs: 3000 }).open(`http://127.0.0.1:${cameraPort}/stall.mjpg`, {});
    opened.push(source);
    const pid = source.pid!;
    source.close();
    await source.exited;
    assert.equal(processExists(pid), false);
  });

  it('rejects NotFoundError for a URL nothing answers and for a camera path that does not exist', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const backend = new FfmpegBackend();
    await assert.rejects(backend.describe(`http://127.0.0.1:${closedPort}/cam.mjpg`), { name: 'NotFoundError' });
    await assert.rejects(backend.open(`http://127.0.0.1:${cameraPort}/nothing-here.mjpg`, {}), { name: 'NotFoundError' });
  });
});
