import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FfmpegBackend, FfmpegProcessError, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import type { RawFrame } from '../../../src/backends/backend.js';
import { createRuntime } from '../../../src/entries/index.js';
import {
  countResources,
  decodeFrame,
  FFMPEG,
  makePatternVideo,
  makeTempDir,
  makeTestVideo,
  maxDiff,
  near,
  needsFfmpeg,
  once,
  pixel,
  processExists,
  turns,
} from './helpers.js';

const BLUE = [0, 0, 254];
const GREEN = [0, 253, 0];
const RED = [253, 0, 0];
const PHOTO = { fillLightMode: 'off', redEyeReduction: false } as const;

describe('ffmpeg file sources', needsFfmpeg, () => {
  let dir = '';
  let remove = async (): Promise<void> => {};
  const files = { small: '', large: '', pattern: '', short: '' };
  const opened: FfmpegSource[] = [];
  const signal = new AbortController().signal;

  async function open(path: string, backend = new FfmpegBackend()): Promise<FfmpegSource> {
    const source = await backend.open(path, {});
    opened.push(source);
    return source;
  }

  /** The first frame after `count` frames have gone by (so settings have taken effect). */
  async function frameAfter(source: FfmpegSource, count = 1): Promise<RawFrame> {
    let frame = await source.nextFrame(signal);
    for (let i = 0; i < count; i++) frame = await source.nextFrame(signal);
    return frame;
  }

  before(async () => {
    if (!FFMPEG) return;
    ({ dir, remove } = await makeTempDir());
    [files.small, files.large, files.pattern, files.short] = await Promise.all([
      makeTestVideo(join(dir, 'small.mp4'), 320, 240, 25, 4),
      makeTestVideo(join(dir, 'large.mkv'), 1920, 1080, 25, 2),
      makePatternVideo(join(dir, 'pattern.mkv')),
      makeTestVideo(join(dir, 'short.mp4'), 160, 120, 25, 0.4),
    ]);
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await remove();
  });

  it('describes a file: label, kind, native size and rate, software controls', async () => {
    const { info, capabilities } = await new FfmpegBackend().describe(files.small);
    assert.equal(info.label, 'small.mp4');
    assert.equal(info.kindLabel, 'file');
    assert.equal(info.backend, 'ffmpeg');
    assert.ok(info.emulated?.includes('zoom') && info.emulated.includes('brightness'));
    assert.deepEqual(capabilities.videoModes, [{ width: 320, height: 240, frameRate: 25 }]);
    assert.deepEqual(capabilities.zoom, { min: 1, max: 4, step: 0.01 });
    assert.deepEqual(capabilities.photo, {
      redEyeReduction: 'never',
      fillLightMode: ['off'],
      imageWidth: { min: 1, max: 320, step: 1 },
      imageHeight: { min: 1, max: 240, step: 1 },
    });
    const large = await new FfmpegBackend().describe(files.large);
    assert.deepEqual(large.capabilities.videoModes, [{ width: 1920, height: 1080, frameRate: 25 }]);
  });

  it('opens through getUserMedia at the file\'s own size and rate; constraints still apply', async () => {
    const backend = new FfmpegBackend();
    backend.register('hall', { input: files.large, loop: true });
    const runtime = createRuntime({ backends: [backend], audioBackends: [] });
    for (const id of [files.large, 'hall']) {
      const [track] = (await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: id } } })).getVideoTracks();
      const { width, height, frameRate, resizeMode } = track!.getSettings();
      assert.deepEqual({ width, height, frameRate, resizeMode }, { width: 1920, height: 1080, frameRate: 25, resizeMode: 'none' }, id);
      track!.stop();
    }
    const [small] = (await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: files.large }, width: 640 } })).getVideoTracks();
    const s = small!.getSettings();
    assert.deepEqual([s.width, s.height], [640, 360], 'a width alone keeps the aspect ratio');
    small!.stop();
  });

  it('accepts existing files by path and file: URL, not missing ones', () => {
    const backend = new FfmpegBackend();
    assert.equal(backend.accepts(files.small), true);
    assert.equal(backend.accepts(`file://${files.small}`), true);
    assert.equal(backend.accepts(join(dir, 'missing.mp4')), false);
  });

  // Frames come as I420 and are made RGBA here: the same conversion as ffmpeg's, up to rounding
  // (3 levels), which still tells neighbouring frames of the moving pattern apart.
  const ROUNDING = 3;

  /**
   * The number of the file's frame that `data` is: its own `index`, or, where only the latest
   * frame is kept, a neighbour (ffmpeg counts a frame just before it writes it, so the count read
   * with a frame may already include the next one, or not yet the one read). Undefined when it
   * is none of them.
   */
  async function frameNumber(path: string, data: Uint8Array, index: number, width: number, height: number): Promise<number | undefined> {
    for (const n of [index, index + 1, index - 1]) {
      if (n < 0) continue;
      if (maxDiff(data, await decodeFrame(path, n, width, height)) <= ROUNDING) return n;
    }
    return undefined;
  }

  for (const [name, width, height] of [['small', 320, 240], ['large', 1920, 1080]] as const) {
    it(`delivers ${width}x${height} frames with the pixels ffmpeg itself decodes`, async () => {
      const path = files[name];
      const source = await open(path);
      assert.equal(source.stream?.codec, name === 'small' ? 'h264' : 'ffv1');
      const frame = await source.nextFrame(signal);
      assert.deepEqual([frame.width, frame.height, frame.data.length], [width, height, width * height * 4]);
      assert.ok(frame.index >= 1);
      const n = await frameNumber(path, frame.data, frame.index, width, height);
      assert.ok(n !== undefined, `frame ${frame.index} matches ffmpeg's decode`);
      source.close();
    });
  }

  it('writes into the caller’s buffer when it has the right size, else into a new one', async () => {
    const source = await open(files.small);
    const out = new Uint8Array(320 * 240 * 4);
    const frame = await source.nextFrame(signal, out);
    assert.equal(frame.data, out);
    const other = await source.nextFrame(signal, new Uint8Array(10));
    assert.equal(other.data.length, 320 * 240 * 4);
    assert.ok(other.index > frame.index, 'each call waits for a newer frame');
    source.close();
  });

  it('takes a full photo while frames go straight into callers’ buffers', async () => {
    const source = await open(files.small);
    const out = new Uint8Array(320 * 240 * 4);
    const frame = await source.nextFrame(signal, out);
    const [still, next] = await Promise.all([
      source.takePhoto({ ...PHOTO, imageWidth: 320, imageHeight: 240 }, signal),
      source.nextFrame(signal),
    ]);
    assert.ok(still.kind === 'raw' && still.frame.width === 320);
    assert.ok(next.index > frame.index);
    if (still.kind === 'raw') {
      const n = await frameNumber(files.small, still.frame.data, still.frame.index, 320, 240);
      assert.ok(n !== undefined, 'the photo is the frame it says it is');
      const neighbour = await decodeFrame(files.small, n + 1, 320, 240);
      assert.ok(maxDiff(still.frame.data, neighbour) > 8 * ROUNDING, 'and not the next one');
    }
    source.close();
  });

  it('crops and scales to a smaller size of another aspect ratio', async () => {
    const source = await open(files.pattern);
    await source.configure({ width: 120, height: 120, resizeMode: 'crop-and-scale' });
    assert.deepEqual([source.settings().width, source.settings().height, source.settings().resizeMode], [120, 120, 'crop-and-scale']);
    const frame = await frameAfter(source);
    assert.deepEqual([frame.width, frame.height], [120, 120]);
    // The centred 240x240 square: x 40..280 of the source, scaled by 1/2.
    assert.ok(near(pixel(frame, 60, 60), GREEN), `centre ${pixel(frame, 60, 60)}`);
    assert.ok(near(pixel(frame, 5, 5), BLUE), `corner ${pixel(frame, 5, 5)}`);
    source.close();
  });

  it('zooms in software: at zoom 2 only the green centre is seen', async () => {
    const source = await open(files.pattern);
    const before = await source.nextFrame(signal);
    assert.ok(near(pixel(before, 10, 10), RED));
    await source.configure({ zoom: 2 });
    assert.equal(source.settings().zoom, 2);
    const frame = await frameAfter(source);
    assert.deepEqual([frame.width, frame.height], [320, 240]);
    // 4:2:0 chroma blurs colour edges by a pixel or two: the corners are sampled a little inside.
    for (const [x, y] of [[6, 6], [313, 6], [160, 120], [6, 233], [313, 233]] as const) {
      assert.ok(near(pixel(frame, x, y), GREEN), `(${x},${y}) = ${pixel(frame, x, y)}`);
    }
    source.close();
  });

  it('pans right and tilts up within the zoomed margin, reporting the angle set', async () => {
    const source = await open(files.pattern);
    const { pan, tilt } = source.capabilities();
    await source.configure({ zoom: 2, pan: pan!.max });
    const right = await frameAfter(source);
    // Window x 160..320: its left half is green (160..240), its right half blue.
    assert.ok(near(pixel(right, 40, 120), GREEN), `${pixel(right, 40, 120)}`);
    assert.ok(near(pixel(right, 280, 120), BLUE), `${pixel(right, 280, 120)}`);
    assert.equal(source.settings().pan, pan!.max, 'pan reads back as set; the picture is held within the zoom-2 margin');
    await source.configure({ pan: 0, tilt: tilt!.max });
    const up = await frameAfter(source);
    // Window y 0..120: the top half is blue (0..60), the bottom half green.
    assert.ok(near(pixel(up, 160, 30), BLUE), `${pixel(up, 160, 30)}`);
    assert.ok(near(pixel(up, 160, 200), GREEN), `${pixel(up, 160, 200)}`);
    assert.ok(source.settings().tilt! > 0);
    source.close();
  });

  it('applies brightness, saturation and white balance to the pixels', async () => {
    const source = await open(files.pattern);
    await source.configure({ brightness: 60 });
    let frame = await frameAfter(source);
    assert.ok(near(pixel(frame, 300, 220), [188, 188, 188], 2), `grey + 60 = ${pixel(frame, 300, 220)}`);
    await source.configure({ brightness: 0, saturation: 0 });
    frame = await frameAfter(source);
    const [r, g, b] = pixel(frame, 10, 10);
    assert.ok(r === g && g === b, `red at saturation 0 is grey: ${r},${g},${b}`);
    await source.configure({ saturation: 100, whiteBalanceMode: 'manual', colorTemperature: 3000 });
    frame = await frameAfter(source);
    const grey = pixel(frame, 300, 220);
    assert.ok(grey[2] > grey[0] + 20, `told the light is tungsten, grey turns blue: ${grey}`);
    assert.equal(source.settings().whiteBalanceMode, 'manual');
    source.close();
  });

  it('takes photos from the full-resolution frame with the same controls', async () => {
    const source = await open(files.pattern);
    await source.configure({ width: 160, height: 120, resizeMode: 'crop-and-scale', zoom: 2 });
    const still = await source.takePhoto({ ...PHOTO, imageWidth: 320, imageHeight: 240 }, signal);
    assert.equal(still.kind, 'raw');
    if (still.kind !== 'raw') return;
    assert.deepEqual([still.frame.width, still.frame.height], [320, 240]);
    assert.ok(
      near(pixel(still.frame, 6, 6), GREEN) && near(pixel(still.frame, 313, 233), GREEN),
      'the zoomed window, sampled inside its chroma edge',
    );
    assert.equal(still.metadata.digitalZoomRatio, 2);
    assert.equal(still.metadata.make, undefined);
    assert.deepEqual(await source.photoSettings(), { ...PHOTO, imageWidth: 320, imageHeight: 240 });
    const video = await source.nextFrame(signal);
    assert.deepEqual([video.width, video.height], [160, 120], 'the video stays at its own size');
    source.close();
  });

  it('takes a 1920x1080 photo from a 1080p file while the video runs at 640x360', async () => {
    const source = await open(files.large);
    await source.configure({ width: 640, height: 360, resizeMode: 'crop-and-scale' });
    const still = await source.takePhoto({ ...PHOTO, imageWidth: 1920, imageHeight: 1080 }, signal);
    assert.ok(still.kind === 'raw' && still.frame.width === 1920 && still.frame.height === 1080);
    source.close();
  });

  it('ends with an "ended" event (no error) at the end of the file; later calls reject', async () => {
    const source = await open(files.short);
    const ended = once<CustomEvent>(source, 'ended');
    let pending: unknown;
    for (let i = 0; i < 50; i++) {
      try {
        await source.nextFrame(signal);
      } catch (error) {
        pending = error;
        break;
      }
    }
    assert.equal((pending as DOMException)?.name, 'UnknownError', 'a call waiting at the end rejects');
    const event = await ended;
    assert.equal(event.detail, null);
    assert.equal(source.ended, true);
    assert.equal(source.error, undefined);
    await assert.rejects(source.nextFrame(signal), { name: 'InvalidStateError' });
    await assert.rejects(source.takePhoto({ ...PHOTO, imageWidth: 160, imageHeight: 120 }, signal), { name: 'InvalidStateError' });
    await assert.rejects(source.configure({ zoom: 2 }), { name: 'InvalidStateError' });
  });

  it('loops a file when asked (backend option or a registered name)', async () => {
    for (const backend of [new FfmpegBackend({ loop: true }), new FfmpegBackend()]) {
      const unregister = backend.register('clip', { input: files.short, loop: true, label: 'Short clip' });
      const listed = await backend.devices();
      assert.ok(listed.some((d) => d.deviceId === 'clip' && d.label === 'Short clip'));
      const source = await open('clip', backend);
      let frame = await source.nextFrame(signal);
      for (let i = 0; i < 40 && frame.index < 14; i++) frame = await source.nextFrame(signal);
      assert.ok(frame.index >= 14, 'more frames than the file holds');
      assert.equal(source.ended, false);
      source.close();
      unregister();
      assert.equal(backend.accepts('clip'), false);
    }
  });

  it('reduces the frame rate by skipping frames', async () => {
    const source = await open(files.small);
    await source.configure({ frameRate: 5 });
    assert.equal(source.settings().frameRate, 5);
    const a = await source.nextFrame(signal);
    const b = await source.nextFrame(signal);
    const c = await source.nextFrame(signal);
    assert.ok(b.index - a.index >= 2 && c.index - b.index >= 2, `indices ${a.index}, ${b.index}, ${c.index}`);
    source.close();
  });

  it('ends with an FfmpegProcessError carrying the stderr tail when ffmpeg is killed', async () => {
    const source = await open(files.small);
    const ended = once<CustomEvent>(source, 'ended');
    const pending = source.nextFrame(new AbortController().signal).catch((e: unknown) => e);
    process.kill(source.pid!, 'SIGKILL');
    const event = await ended;
    assert.ok(event.detail instanceof FfmpegProcessError);
    assert.equal(event.detail.signal, 'SIGKILL');
    assert.match(event.detail.message, /SIGKILL/);
    assert.match(event.detail.stderr, /Input #0/);
    assert.equal(source.error, event.detail);
    const outcome = await pending;
    assert.ok(outcome instanceof DOMException && (outcome.name === 'UnknownError' || outcome.name === 'InvalidStateError'));
  });

  it('rejects an aborted nextFrame or takePhoto at once with the signal’s reason', async () => {
    const source = await open(files.small);
    const controller = new AbortController();
    const pending = source.nextFrame(controller.signal);
    const reason = new Error('gave up');
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    await assert.rejects(source.nextFrame(controller.signal), (e) => e === reason);
    await assert.rejects(source.takePhoto({ ...PHOTO, imageWidth: 10, imageHeight: 10 }, controller.signal), (e) => e === reason);
    source.close();
  });

  it('close() kills ffmpeg, leaves no process or handle behind and rejects pending calls', async () => {
    await Promise.all(opened.map((s) => s.exited));
    await turns();
    const processes = countResources('ProcessWrap');
    const pipes = countResources('PipeWrap');
    const source = await open(files.small);
    const pid = source.pid!;
    assert.ok(processExists(pid));
    assert.equal(countResources('ProcessWrap'), processes + 1);
    let ended = false;
    source.addEventListener('ended', () => (ended = true));
    const pending = source.nextFrame(signal);
    source.close();
    await assert.rejects(pending, { name: 'InvalidStateError' });
    assert.equal(source.ended, true);
    assert.equal(source.pid, undefined);
    await source.exited;
    assert.equal(processExists(pid), false, 'the child is gone and reaped');
    await turns();
    assert.equal(countResources('ProcessWrap'), processes);
    assert.equal(countResources('PipeWrap'), pipes);
    assert.equal(ended, false, 'closing is not the source ending by itself');
    source.close();
    await assert.rejects(source.nextFrame(signal), { name: 'InvalidStateError' });
  });
});
