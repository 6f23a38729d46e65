/**
 * Frames on demand, with a scripted child in place of ffmpeg and frame files in memory: the test
 * writes each frame file and count line itself, reads what the source sends on the child's
 * stdin, and moves a manual clock, so the rest rule is checked exactly and without waiting.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { FfmpegBackend, type FfmpegBackendOptions, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import type { FrameFiles } from '../../../src/backends/ffmpeg/frame-files.js';
import { FfmpegSource as FfmpegSourceClass } from '../../../src/backends/ffmpeg/source.js';
import { nodeHost, type FfmpegHost } from '../../../src/backends/ffmpeg/host.js';
import { REST_AFTER_MS, REST_COMMAND, REST_FILTER, WAKE_COMMAND } from '../../../src/backends/ffmpeg/rest.js';
import { ManualClock } from '../../../src/backends/clock.js';
import { i420Size, i420ToRgba } from '../../../src/backends/ffmpeg/yuv.js';
import { FakeChild, settledState, turns } from './helpers.js';

const W = 4;
const H = 2;
const FULL = i420Size(W, H);
/** A frame at rest: 2x2 I420. */
const TINY = i420Size(2, 2);

/** Frame files held in memory; the test writes them, as ffmpeg would. */
class MemoryFrames implements FrameFiles {
  readonly files = new Map<string, { data: Uint8Array; ino: number }>();
  readonly watchers = new Map<string, Set<(name: string) => void>>();
  readonly removed: string[] = [];
  #dirs = 0;
  #ino = 0;

  makeDir(): string {
    return `/memory/${++this.#dirs}`;
  }

  read(path: string, into: Uint8Array | undefined) {
    const file = this.files.get(path);
    if (!file) return undefined;
    const data = into && into.length >= file.data.length ? into : new Uint8Array(file.data.length);
    data.set(file.data);
    return { data, length: file.data.length, identity: file.ino };
  }

  identity(path: string): number | undefined {
    return this.files.get(path)?.ino;
  }

  watch(dir: string, onChange: (name: string) => void) {
    const set = this.watchers.get(dir) ?? new Set();
    this.watchers.set(dir, set);
    set.add(onChange);
    return { close: () => set.delete(onChange) };
  }

  remove(dir: string): void {
    this.removed.push(dir);
    for (const path of [...this.files.keys()]) if (path.startsWith(`${dir}/`)) this.files.delete(path);
  }

  /** A new frame file renamed into place. */
  write(path: string, data: Uint8Array): void {
    this.files.set(path, { data, ino: ++this.#ino });
    const slash = path.lastIndexOf('/');
    for (const listener of [...(this.watchers.get(path.slice(0, slash)) ?? [])]) listener(path.slice(slash + 1));
  }
}

/** Stands in for ffmpeg: the test writes its frames; what it is sent on stdin is kept. */
class ScriptedChild extends FakeChild {
  readonly stdin: PassThrough | null;
  readonly commands: string[] = [];
  frames = 0;

  constructor(readonly args: readonly string[], withStdin: boolean, readonly files: MemoryFrames) {
    super(4_100_000);
    this.stdin = withStdin ? new PassThrough() : null;
    this.stdin?.setEncoding('utf8').on('data', (text: string) => this.commands.push(text));
  }

  get output(): string {
    return this.args.at(-1)!;
  }

  /** One frame: its count line on stdout, then the file (as ffmpeg orders them). */
  frame(data: Uint8Array): void {
    this.stdout.write(`0, ${this.frames}, ${this.frames}, 1, ${data.length}, 0x00000000\n`);
    this.frames++;
    this.files.write(this.output, data);
  }
}

function scriptedHost(children: ScriptedChild[], files: MemoryFrames, probe: string): FfmpegHost {
  return {
    ...nodeHost,
    frameFiles: files,
    platform: 'linux',
    env: (name) => (name === 'PATH' ? '/fake/bin' : undefined),
    pathKind: (p) => (p.startsWith('/clips/') ? 'file' : undefined),
    isExecutable: (p) => p.startsWith('/fake/bin/'),
    run: async (command) => ({
      code: 0,
      signal: null,
      timedOut: false,
      stderr: '',
      stdout: command.endsWith('ffprobe')
        ? JSON.stringify({ streams: [{ codec_type: 'video', codec_name: probe, width: W, height: H, avg_frame_rate: '25/1' }] })
        : 'ffmpeg version 5.1.9\n',
    }),
    spawn: (_command, args, options) => {
      const child = new ScriptedChild(args, options?.stdin === true, files);
      children.push(child);
      return child as unknown as ChildProcess;
    },
  };
}

/** Frame `n` at full size: a flat grey of luma 16 + 8n. */
function full(n: number): Uint8Array {
  const bytes = new Uint8Array(FULL).fill(128);
  bytes.fill(16 + 8 * n, 0, W * H);
  return bytes;
}

function sameAs(data: Uint8Array, n: number): boolean {
  const expected = new Uint8Array(W * H * 4);
  i420ToRgba(full(n), W, H, expected);
  return data.length === expected.length && data.every((v, i) => v === expected[i]);
}

const tiny = (): Uint8Array => new Uint8Array(TINY).fill(128);

interface Opened {
  source: FfmpegSource;
  child: ScriptedChild;
  children: ScriptedChild[];
  clock: ManualClock;
  files: MemoryFrames;
}

async function openScripted(probe = 'h264', options: FfmpegBackendOptions = {}): Promise<Opened> {
  const children: ScriptedChild[] = [];
  const files = new MemoryFrames();
  const clock = new ManualClock();
  const host = scriptedHost(children, files, probe);
  const backend = new FfmpegBackend({ host, clock, killTimeoutMs: 50, softwareControls: false, ...options });
  const opening = backend.open('/clips/clip.mp4', {});
  await turns();
  const child = children[0]!;
  child.frame(full(0));
  const source = await opening;
  await turns();
  return { source, child, children, clock, files };
}

const signal = new AbortController().signal;

describe('frames on demand (scripted ffmpeg, manual clock)', () => {
  it('a decoded file source takes commands on stdin and writes its frames through the resting crop, not scaled', async () => {
    const { source, child } = await openScripted();
    assert.ok(child.stdin, 'spawned with a stdin pipe');
    assert.equal(child.args.includes('-nostdin'), false);
    const vf = child.args.lastIndexOf('-vf');
    assert.equal(child.args[vf + 1], REST_FILTER);
    assert.equal(child.args.slice(vf).includes('-s'), false, 'no fixed-size scale after the crop');
    assert.deepEqual(child.commands, [], 'it starts awake');
    source.close();
  });

  it('a Motion-JPEG file is passed through and never rests: no stdin', async () => {
    const children: ScriptedChild[] = [];
    const files = new MemoryFrames();
    const clock = new ManualClock();
    const backend = new FfmpegBackend({ host: scriptedHost(children, files, 'mjpeg'), clock, killTimeoutMs: 50 });
    const opening = backend.open('/clips/clip.avi', {});
    await turns();
    const child = children[0]!;
    assert.equal(child.stdin, null);
    assert.ok(child.args.includes('-nostdin'));
    child.frame(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    const source = await opening;
    await clock.advance(REST_AFTER_MS * 3);
    assert.equal(clock.pending, 0, 'no rest timer');
    source.close();
  });

  it('rests exactly REST_AFTER_MS after opening when nobody reads, once', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS - 1);
    await turns();
    assert.deepEqual(child.commands, []);
    await clock.advance(1);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND]);
    await clock.advance(REST_AFTER_MS * 5);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND], 'told once');
    source.close();
  });

  it('restAfterMs sets the idle time', async () => {
    const { source, child, clock } = await openScripted('h264', { restAfterMs: 500 });
    await clock.advance(499);
    await turns();
    assert.deepEqual(child.commands, []);
    await clock.advance(1);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND]);
    source.close();
  });

  it('restAfterMs Infinity: the source never rests, and ffmpeg gets no stdin and no resting crop', async () => {
    const { source, child, clock } = await openScripted('h264', { restAfterMs: Infinity });
    assert.equal(child.stdin, null);
    assert.ok(child.args.includes('-nostdin'));
    assert.equal(child.args.includes(REST_FILTER), false);
    await clock.advance(REST_AFTER_MS * 10);
    assert.equal(clock.pending, 0, 'no rest timer');
    source.close();
  });

  it('restAfterMs other than a number of milliseconds, 0 or more, is a RangeError naming it', () => {
    for (const bad of [-1, NaN, '2000' as unknown as number]) {
      assert.throws(() => new FfmpegBackend({ restAfterMs: bad }), (e: Error) => e instanceof RangeError && /restAfterMs/.test(e.message));
    }
  });

  it('a read wakes it, is answered by the first full frame (tiny ones are skipped), and it rests again after the idle time', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    child.frame(tiny());
    child.frame(tiny());
    const read = source.nextFrame(signal);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
    // ffmpeg has not yet taken the command: more tiny frames come, and do not answer.
    child.frame(tiny());
    assert.equal((await settledState(read)).settled, false);
    child.frame(full(4));
    const frame = await read;
    assert.deepEqual([frame.width, frame.height], [W, H]);
    assert.ok(sameAs(frame.data, 4));
    assert.equal(frame.index, 4, 'the frames made at rest are counted');
    // Reads closer together than the idle time keep it awake.
    await clock.advance(REST_AFTER_MS - 1);
    const again = source.nextFrame(signal);
    await turns();
    child.frame(full(5));
    assert.ok(sameAs((await again).data, 5));
    await clock.advance(REST_AFTER_MS - 1);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
    await clock.advance(1);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND, REST_COMMAND]);
    source.close();
  });

  it('a photo at rest wakes it too, and is made from a full frame', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    child.frame(tiny());
    const photo = source.takePhoto({ fillLightMode: 'off', imageWidth: W, imageHeight: H, redEyeReduction: false }, signal);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
    child.frame(full(2));
    const still = await photo;
    assert.equal(still.kind, 'raw');
    if (still.kind === 'raw') assert.ok(sameAs(still.frame.data, 2));
    source.close();
  });

  it('an aborted read lets it rest again after the idle time', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    const controller = new AbortController();
    const read = source.nextFrame(controller.signal);
    await turns();
    controller.abort();
    await assert.rejects(read);
    await clock.advance(REST_AFTER_MS);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND, REST_COMMAND]);
    source.close();
  });

  it('closing while it wakes rejects the read, stops the stdin and leaves no timer', async () => {
    const { source, child, clock, files } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    const read = source.nextFrame(signal);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
    source.close();
    await assert.rejects(read, { name: 'InvalidStateError' });
    await source.exited;
    assert.ok(child.stdin!.destroyed, 'stdin closed');
    assert.equal(clock.pending, 0, 'no rest timer left');
    assert.equal(files.removed.length, 1);
    await clock.advance(REST_AFTER_MS * 2);
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
  });

  it('a restarted ffmpeg starts awake and rests again by the same rule', async () => {
    const { source, child, children, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    assert.deepEqual(child.commands, [REST_COMMAND]);
    // A file's source is the ffmpeg source itself, whose restart hook stops and starts ffmpeg.
    assert.ok(source instanceof FfmpegSourceClass);
    const restart = await source.releaseDevice();
    const starting = restart();
    await turns();
    const next = children[1]!;
    assert.notEqual(next, child);
    next.frame(full(7));
    await starting;
    assert.deepEqual(next.commands, [], 'the new child is awake');
    const frame = source.nextFrame(signal);
    await turns();
    next.frame(full(8));
    assert.ok(sameAs((await frame).data, 8));
    await clock.advance(REST_AFTER_MS);
    await turns();
    assert.deepEqual(next.commands, [REST_COMMAND]);
    assert.deepEqual(child.commands, [REST_COMMAND], 'the old child is told nothing more');
    source.close();
  });

  it('ffmpeg\'s replies to the commands stay out of error messages', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(REST_AFTER_MS);
    const ended = new Promise<Event>((resolve) => source.addEventListener('ended', resolve, { once: true }));
    child.stderr.write('Error while decoding stream #0:0: Invalid data found when processing input\n');
    child.stderr.write('\nEnter command: <target>|all <time>|-1 <command>[ <argument>]\n\n');
    child.stderr.write('Command reply for stream 0: ret:-38 res:\nCommand reply for stream 1: ret:0 res:\n');
    await turns();
    child.exit(1);
    const error = ((await ended) as CustomEvent<Error>).detail;
    assert.match(error.message, /Invalid data found when processing input/);
    assert.doesNotMatch(error.message, /Command reply|Enter command/);
  });

  it('a decoded network stream rests too, from the process that described it', async () => {
    const children: ScriptedChild[] = [];
    const files = new MemoryFrames();
    const clock = new ManualClock();
    const backend = new FfmpegBackend({ host: scriptedHost(children, files, 'h264'), clock, killTimeoutMs: 50, softwareControls: false });
    const header = (output: number): string =>
      "Input #0, mpegts, from 'http://127.0.0.1:9/live.ts':\n" +
      `  Stream #0:0: Video: h264 (High), yuv420p(progressive), ${W}x${H}, 25 fps, 25 tbr\n` +
      "Output #0, framecrc, to 'pipe:1':\n" +
      '  Stream #0:0: Video: rawvideo, yuv420p, 2x2, 25 fps\n' +
      `Output #${output}, image2, to '${children.at(-1)!.output}':\n` +
      `  Stream #${output}:0: Video: rawvideo (I420 / 0x30323449), yuv420p(progressive), ${W}x${H}, 25 fps\n` +
      'Stream mapping:\n';
    const opening = backend.open('http://127.0.0.1:9/live.ts', {});
    await turns();
    // HTTP is asked for JPEGs first; an H.264 stream is started again, to be decoded.
    assert.equal(children.length, 1);
    assert.equal(children[0]!.stdin, null, 'a pass-through child takes no commands');
    children[0]!.stderr.write(header(1));
    await turns();
    assert.equal(children.length, 2);
    const child = children[1]!;
    assert.ok(child.stdin, 'the decoding child takes commands');
    child.stderr.write(header(1));
    await turns();
    child.frame(full(0));
    const source = await opening;
    await clock.advance(REST_AFTER_MS);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND]);
    const read = source.nextFrame(signal);
    await turns();
    assert.deepEqual(child.commands, [REST_COMMAND, WAKE_COMMAND]);
    child.frame(tiny());
    child.frame(full(3));
    assert.ok(sameAs((await read).data, 3));
    source.close();
  });

  it('many sources rest and wake each on their own', async () => {
    const opened = await Promise.all(Array.from({ length: 8 }, () => openScripted()));
    for (const { clock } of opened) await clock.advance(REST_AFTER_MS);
    assert.ok(opened.every(({ child }) => child.commands.join() === REST_COMMAND));
    const woken = opened.filter((_, i) => i % 2 === 0);
    const reads = woken.map(({ source }) => source.nextFrame(signal));
    await turns();
    opened.forEach(({ child }, i) => assert.deepEqual(child.commands, i % 2 === 0 ? [REST_COMMAND, WAKE_COMMAND] : [REST_COMMAND]));
    woken.forEach(({ child }, i) => child.frame(full(i)));
    const frames = await Promise.all(reads);
    frames.forEach((f, i) => assert.ok(sameAs(f.data, i)));
    for (const { source } of opened) source.close();
  });
});
