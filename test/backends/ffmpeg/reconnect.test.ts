/**
 * Network sources are connected to once (the streaming ffmpeg describes the stream), so a camera
 * that serves a single client opens; after a drop they reconnect, muted while away, and end
 * after the last attempt. Waits are events and promises only.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend, type FfmpegCameraSource } from '../../../src/backends/ffmpeg/index.js';
import { createRuntime, ImageCapture } from '../../../src/entries/index.js';
import { MjpegCamera } from './mjpeg-camera.js';
import { ffmpeg, FFMPEG, makeTempDir, needsFfmpeg, once } from './helpers.js';

const QUICK = { attempts: 3, firstDelayMs: 10, maxDelayMs: 40 };

describe('network sources: one connection, reconnection', needsFfmpeg, () => {
  let remove = async (): Promise<void> => {};
  let jpegs: Buffer[] = [];
  const cameras: MjpegCamera[] = [];
  const opened: FfmpegCameraSource[] = [];
  const signal = new AbortController().signal;

  async function camera(options: ConstructorParameters<typeof MjpegCamera>[1] = {}): Promise<{ camera: MjpegCamera; url: string }> {
    const cam = new MjpegCamera(jpegs, options);
    cameras.push(cam);
    return { camera: cam, url: `http://127.0.0.1:${await cam.listen()}/cam.mjpg` };
  }

  before(async () => {
    if (!FFMPEG) return;
    const temp = await makeTempDir();
    remove = temp.remove;
    await ffmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '5', '-q:v', '3', join(temp.dir, 'f%d.jpg')]);
    jpegs = await Promise.all([1, 2, 3, 4, 5].map((i) => readFile(join(temp.dir, `f${i}.jpg`))));
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await Promise.all(cameras.map((c) => c.close()));
    await remove();
  });

  it('opens a camera that serves a single client, through getUserMedia, on one connection', async () => {
    const { camera: cam, url } = await camera({ singleClient: true });
    const runtime = createRuntime({ backends: [new FfmpegBackend()], audioBackends: [] });
    const [track] = (await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: url } } })).getVideoTracks();
    const settings = track!.getSettings();
    assert.deepEqual([settings.width, settings.height], [320, 240], 'the stream\'s own size, learnt from the stream');
    const bitmap = await new ImageCapture(track!).grabFrame();
    assert.deepEqual([bitmap.width, bitmap.height], [320, 240]);
    bitmap.close();
    assert.equal(cam.connections, 1);
    assert.equal(cam.refused, 0, 'no second connection was attempted');
    track!.stop();
  });

  it('reconnects after the camera drops it: mute while away, unmute when frames are back', async () => {
    const { camera: cam, url } = await camera();
    const source = await new FfmpegBackend({ reconnect: QUICK }).open(url, {});
    opened.push(source);
    await source.nextFrame(signal);
    const muted = once(source, 'mute');
    cam.dropClients();
    await muted;
    assert.equal(source.muted, true);
    const pending = source.nextFrame(signal);
    await once(source, 'unmute');
    const frame = await pending;
    assert.deepEqual([frame.width, frame.height], [320, 240]);
    assert.equal(source.ended, false);
    assert.equal(cam.connections, 2);
    source.close();
  });

  it('ends, with the error, after the last attempt when the camera does not come back', async () => {
    const { camera: cam, url } = await camera();
    const source = await new FfmpegBackend({ reconnect: QUICK }).open(url, {});
    opened.push(source);
    await source.nextFrame(signal);
    const events: string[] = [];
    for (const type of ['mute', 'unmute', 'ended']) source.addEventListener(type, () => events.push(type));
    const ended = once<CustomEvent>(source, 'ended');
    const muted = once(source, 'mute');
    const closing = cam.close(); // drops the client and stops listening
    await muted;
    const pending = source.nextFrame(signal); // waits while the source is away
    const event = await ended;
    await closing;
    assert.deepEqual(events, ['mute', 'ended']);
    assert.equal(source.ended, true);
    assert.ok(event.detail instanceof Error, 'the last failure is the detail');
    await assert.rejects(pending, { name: 'UnknownError' });
    await source.exited;
  });
});
