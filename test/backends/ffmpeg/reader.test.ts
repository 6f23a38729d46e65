/**
 * The frame stream with a scripted child process in place of ffmpeg: the test decides exactly
 * which bytes arrive and when, so chunk boundaries, aborts mid-frame and exits are exact.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fc from 'fast-check';
import { FfmpegBackend, FfmpegProcessError, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import { nodeHost, type FfmpegHost } from '../../../src/backends/ffmpeg/host.js';
import { ManualClock } from '../../../src/backends/clock.js';
import { i420Size, i420ToRgba } from '../../../src/backends/ffmpeg/yuv.js';
import { countResources, FakeChild, once, settledState, turns } from './helpers.js';

const W = 4;
const H = 2;
/** What ffmpeg pipes (I420) and what callers get (RGBA). */
const IN_BYTES = i420Size(W, H);
const BYTES = W * H * 4;

/** An ffmpeg child whose signals are recorded, and which may ignore all but SIGKILL. */
class ScriptedChild extends FakeChild {
  readonly signals: string[] = [];
  ignoreSignals = false;

  constructor(readonly command: string, readonly args: readonly string[]) {
    super(4_000_000);
  }

  override kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    if (!this.ignoreSignals || signal === 'SIGKILL') this.exit(null, signal);
    return true;
  }
}

function scriptedHost(children: ScriptedChild[]): FfmpegHost {
  return {
    ...nodeHost,
    // The scripted child writes its frames to stdout: no frame files.
    frameFiles: undefined,
    platform: 'linux',
    env: (name) => (name === 'PATH' ? '/fake/bin' : undefined),
    pathKind: (p) => (p === '/clips/fake.mp4' ? 'file' : undefined),
    isExecutable: (p) => p.startsWith('/fake/bin/'),
    run: async (command) => ({
      code: 0,
      signal: null,
      timedOut: false,
      stderr: '',
      stdout: command.endsWith('ffprobe')
        ? JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'rawvideo', width: W, height: H, avg_frame_rate: '25/1' }] })
        : 'ffmpeg version 5.1.9\n',
    }),
    spawn: (command, args) => {
      const child = new ScriptedChild(command, args);
      children.push(child);
      return child as unknown as ChildProcess;
    },
  };
}

/** Frame `n`: a flat grey of luma 16 + 8n (so frames are easy to tell apart). */
function frameBytes(n: number): Buffer {
  const bytes = Buffer.alloc(IN_BYTES, 128);
  bytes.fill(16 + 8 * n, 0, W * H);
  return bytes;
}

/** Whether RGBA `data` is frame `n` as callers receive it. */
function sameAs(data: Uint8Array, n: number): boolean {
  const expected = new Uint8Array(BYTES);
  i420ToRgba(frameBytes(n), W, H, expected);
  return data.length === BYTES && data.every((v, i) => v === expected[i]);
}

async function openScripted(options: { killTimeoutMs?: number } = {}): Promise<
  { source: FfmpegSource; child: ScriptedChild; children: ScriptedChild[]; clock: ManualClock }
> {
  const children: ScriptedChild[] = [];
  const clock = new ManualClock();
  const backend = new FfmpegBackend(
    { host: scriptedHost(children), clock, killTimeoutMs: options.killTimeoutMs ?? 50, softwareControls: false },
  );
  const opening = backend.open('/clips/fake.mp4', {});
  await turns();
  const child = children[0]!;
  child.stdout.write(frameBytes(0));
  const source = await opening;
  return { source, child, children, clock };
}

describe('ffmpeg frame stream (scripted child process)', () => {
  it('spawns ffmpeg with an argument array: paced file input, raw I420 at the probed size on stdout', async () => {
    const { source, child } = await openScripted();
    source.close();
    assert.equal(child.command, '/fake/bin/ffmpeg');
    assert.deepEqual(child.args, [
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
      '-re', '-protocol_whitelist', 'file', '-i', 'file:/clips/fake.mp4',
      '-map', '0:v:0', '-fps_mode', 'passthrough', '-s', `${W}x${H}`, '-pix_fmt', 'yuv420p',
      '-f', 'rawvideo', '-avioflags', 'direct', 'pipe:1',
    ]);
  });

  it('assembles frames exactly however the bytes are split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 3 * IN_BYTES }), { minLength: 1, maxLength: 12 }), async (cuts) => {
        const { source, child } = await openScripted();
        const signal = new AbortController().signal;
        const stream = Buffer.concat([frameBytes(1), frameBytes(2), frameBytes(3)]);
        const frames = [source.nextFrame(signal)];
        let pos = 0;
        for (const cut of cuts) {
          if (pos >= stream.length) break;
          child.stdout.write(stream.subarray(pos, pos + cut));
          pos += cut;
          await turns(2);
        }
        child.stdout.write(stream.subarray(pos));
        const frame = await frames[0]!;
        source.close();
        return [1, 2, 3].some((n) => sameAs(frame.data, n));
      }),
      { numRuns: 25 },
    );
  });

  it('delivers into the caller’s buffer and never writes to it after its call was aborted', async () => {
    const { source, child } = await openScripted();
    const out = new Uint8Array(BYTES);
    const controller = new AbortController();
    const aborted = source.nextFrame(controller.signal, out);
    child.stdout.write(frameBytes(5).subarray(0, 10));
    await turns();
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    out.fill(200);
    const next = source.nextFrame(new AbortController().signal);
    child.stdout.write(frameBytes(5).subarray(10));
    const frame = await next;
    assert.ok(sameAs(frame.data, 5), 'the frame in progress is completed elsewhere');
    assert.ok(out.every((v) => v === 200), 'the aborted caller’s buffer is left alone');
    const mine = new Uint8Array(BYTES);
    const direct = source.nextFrame(new AbortController().signal, mine);
    child.stdout.write(frameBytes(6));
    assert.equal((await direct).data, mine);
    assert.ok(sameAs(mine, 6));
    source.close();
  });

  it('keeps nextFrame pending while no bytes arrive, and a partial frame completes nothing', async () => {
    const { source, child } = await openScripted();
    const controller = new AbortController();
    const pending = source.nextFrame(controller.signal);
    child.stdout.write(frameBytes(9).subarray(0, IN_BYTES - 1));
    assert.equal((await settledState(pending)).settled, false);
    child.stdout.write(frameBytes(9).subarray(IN_BYTES - 1));
    assert.ok(sameAs((await pending).data, 9));
    source.close();
  });

  it('stamps frames with the clock and numbers them in order', async () => {
    const { source, child, clock } = await openScripted();
    await clock.advance(40);
    const next = source.nextFrame(new AbortController().signal);
    child.stdout.write(frameBytes(1));
    const frame = await next;
    assert.deepEqual([frame.index, frame.timestamp], [1, 40_000]);
    source.close();
  });

  it('ends with an FfmpegProcessError carrying the stderr tail when ffmpeg exits with an error', async () => {
    const { source, child } = await openScripted();
    const ended = once<CustomEvent>(source, 'ended');
    const pending = source.nextFrame(new AbortController().signal);
    child.stderr.write('Input #0, mov\n[h264 @ 0x1] corrupt slice\nError while decoding stream #0:0\n');
    await turns();
    child.exit(183);
    const event = await ended;
    assert.ok(event.detail instanceof FfmpegProcessError);
    assert.equal(event.detail.exitCode, 183);
    assert.match(event.detail.message, /exited with code 183: Error while decoding stream #0:0/);
    assert.match(event.detail.stderr, /corrupt slice/);
    await assert.rejects(pending, { name: 'UnknownError' });
  });

  it('keeps only a bounded tail of stderr', async () => {
    const children: ScriptedChild[] = [];
    const backend = new FfmpegBackend({ host: scriptedHost(children), stderrLimit: 1000 });
    const opening = backend.open('/clips/fake.mp4', {});
    await turns();
    const child = children[0]!;
    for (let i = 0; i < 200; i++) child.stderr.write(`line ${i} ${'x'.repeat(40)}\n`);
    child.stdout.write(frameBytes(0));
    const source = await opening;
    const ended = once<CustomEvent>(source, 'ended');
    await turns();
    child.exit(1);
    const tail = ((await ended).detail as FfmpegProcessError).stderr;
    assert.ok(tail.length <= 1000, `${tail.length} characters kept`);
    assert.match(tail, /line 199/);
    assert.doesNotMatch(tail, /line 0 /);
  });

  it('close() sends SIGTERM, a second SIGTERM, then SIGKILL to a child that does not stop', async () => {
    const { source, child } = await openScripted({ killTimeoutMs: 40 });
    child.ignoreSignals = true;
    source.close();
    await source.exited;
    assert.deepEqual(child.signals, ['SIGTERM', 'SIGTERM', 'SIGKILL']);
    assert.equal(child.stdout.destroyed, true);
  });

  it('close() sends one SIGTERM to a child that stops, and leaves no timer behind', async () => {
    await turns();
    const timers = countResources('Timeout');
    const { source, child } = await openScripted({ killTimeoutMs: 60_000 });
    source.close();
    await source.exited;
    await turns();
    assert.deepEqual(child.signals, ['SIGTERM']);
    assert.equal(countResources('Timeout'), timers, 'the start and kill timers are cleared');
  });

  it('rejects NotReadableError when ffmpeg exits before its first frame', async () => {
    const children: ScriptedChild[] = [];
    const backend = new FfmpegBackend({ host: scriptedHost(children) });
    const opening = backend.open('/clips/fake.mp4', {});
    await turns();
    children[0]!.stderr.write('/clips/fake.mp4: Invalid data found when processing input\n');
    await turns();
    children[0]!.exit(1);
    await assert.rejects(opening, { name: 'NotReadableError', message: /Invalid data found when processing input/ });
  });
});
