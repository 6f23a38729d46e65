/**
 * Frames on demand with real ffmpeg: an unread decoded source rests (its frame file holds 2x2
 * frames), a read wakes it and gets a whole frame with the pixels ffmpeg decodes, and it rests
 * again once unread. The idle time runs on a manual clock; frame files are followed through the
 * directory's own rename events, never through time.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import { sharedMemoryFrames, type FrameFiles } from '../../../src/backends/ffmpeg/frame-files.js';
import { nodeHost } from '../../../src/backends/ffmpeg/host.js';
import { REST_AFTER_MS } from '../../../src/backends/ffmpeg/rest.js';
import { i420Size } from '../../../src/backends/ffmpeg/yuv.js';
import { ManualClock } from '../../../src/backends/clock.js';
import { decodeFrame, ffmpeg, makePatternVideo, makeTempDir, maxDiff, near, needsFfmpegAndShm, pixel } from './helpers.js';

const never = new AbortController().signal;
const TINY = i420Size(2, 2);
/** I420 made RGBA here against ffmpeg's own RGBA: equal up to rounding. */
const ROUNDING = 3;

/** sharedMemoryFrames, remembering the directories it made. */
function recordingFiles(): FrameFiles & { dirs: string[] } {
  const inner = sharedMemoryFrames();
  const dirs: string[] = [];
  return {
    dirs,
    makeDir() {
      const dir = inner.makeDir();
      if (dir) dirs.push(dir);
      return dir;
    },
    read: (path, into) => inner.read(path, into),
    identity: (path) => inner.identity(path),
    watch: (dir, onChange) => inner.watch(dir, onChange),
    remove: (dir) => inner.remove(dir),
  };
}

function frameSize(dir: string): number | undefined {
  try {
    return statSync(join(dir, 'latest.yuv')).size;
  } catch {
    return undefined;
  }
}

/**
 * Resolves with the sizes of the frame files ffmpeg writes, from now until `done` says so
 * (checked on each new frame), or rejects after `limit` frames.
 */
function followFrames(dir: string, done: (sizes: number[]) => boolean, limit = 900): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const sizes: number[] = [];
    const w = watch(dir, (_event, name) => {
      if (name !== 'latest.yuv') return;
      const size = frameSize(dir);
      if (size === undefined) return;
      sizes.push(size);
      if (done(sizes)) {
        w.close();
        resolve(sizes);
      } else if (sizes.length >= limit) {
        w.close();
        reject(new Error(`not after ${limit} frames: ${sizes.slice(-5).join(', ')}`));
      }
    });
  });
}

/** Ten frames in a row at rest size: the source has rested. */
const rested = (sizes: number[]): boolean => sizes.length >= 10 && sizes.slice(-10).every((s) => s === TINY);

// The timeout only stops a hung ffmpeg from hanging the run; nothing is measured against it.
describe('frames on demand (real ffmpeg)', { ...needsFfmpegAndShm, timeout: 180_000 }, () => {
  let clip = '';
  let pattern = '';
  let remove = async (): Promise<void> => {};
  const opened: FfmpegSource[] = [];

  before(async () => {
    const temp = await makeTempDir();
    remove = temp.remove;
    // Lossless and moving: each frame's pixels tell which frame it is.
    clip = join(temp.dir, 'moving.mkv');
    await ffmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', '20', '-c:v', 'ffv1', '-pix_fmt', 'yuv420p', clip]);
    // RGB frames: ffmpeg converts them to I420 after the resting crop.
    pattern = await makePatternVideo(join(temp.dir, 'pattern.mkv'), 30, 20);
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await remove();
  });

  async function open(path: string): Promise<{ source: FfmpegSource; clock: ManualClock; dir: string }> {
    const files = recordingFiles();
    const clock = new ManualClock();
    const source = await new FfmpegBackend({ host: { ...nodeHost, frameFiles: files }, clock }).open(path, {});
    opened.push(source);
    return { source, clock, dir: files.dirs[0]! };
  }

  /** The file's frame number `data` is (its index or a neighbour), or undefined. */
  async function frameNumber(data: Uint8Array, index: number): Promise<number | undefined> {
    for (const n of [index, index + 1, index - 1]) {
      if (n >= 0 && maxDiff(data, await decodeFrame(clip, n, 320, 240)) <= ROUNDING) return n;
    }
    return undefined;
  }

  it('unread, it writes whole frames until the idle time has passed, then 2x2 frames, and keeps counting', async () => {
    const { source, clock, dir } = await open(clip);
    const awake = await followFrames(dir, (sizes) => sizes.length >= 3);
    assert.deepEqual(awake, [i420Size(320, 240), i420Size(320, 240), i420Size(320, 240)], 'whole frames before the idle time');
    await clock.advance(REST_AFTER_MS);
    const sizes = await followFrames(dir, rested);
    assert.ok(sizes.every((s, i) => i === 0 || s <= sizes[i - 1]!), 'once small, frames stay small');
    const frame = await source.nextFrame(never);
    assert.ok(frame.index >= 3 + sizes.length, `frame #${frame.index} counts the frames made at rest`);
  });

  it('a read wakes it and gets a whole frame with the pixels ffmpeg decodes; unread again, it rests again', async () => {
    const { source, clock, dir } = await open(clip);
    await clock.advance(REST_AFTER_MS);
    await followFrames(dir, rested);
    for (let round = 0; round < 2; round++) {
      const frame = await source.nextFrame(never);
      assert.deepEqual([frame.width, frame.height], [320, 240]);
      const n = await frameNumber(frame.data, frame.index);
      assert.notEqual(n, undefined, `frame #${frame.index} is one of the file's, whole`);
      assert.equal(frameSize(dir), i420Size(320, 240), 'awake: whole frames');
      await clock.advance(REST_AFTER_MS);
      await followFrames(dir, rested);
    }
  });

  it('an input that needs converting to I420 rests and wakes with the right colours', async () => {
    const { source, clock, dir } = await open(pattern);
    await clock.advance(REST_AFTER_MS);
    await followFrames(dir, rested);
    const frame = await source.nextFrame(never);
    assert.deepEqual([frame.width, frame.height], [320, 240]);
    assert.ok(near(pixel(frame, 10, 10), [255, 0, 0]), `red corner: ${pixel(frame, 10, 10)}`);
    assert.ok(near(pixel(frame, 160, 120), [0, 255, 0]), `green centre: ${pixel(frame, 160, 120)}`);
    assert.ok(near(pixel(frame, 60, 200), [0, 0, 255]), `blue background: ${pixel(frame, 60, 200)}`);
    assert.ok(near(pixel(frame, 300, 220), [128, 128, 128]), `grey corner: ${pixel(frame, 300, 220)}`);
  });

  it('a photo at rest is taken from a whole frame', async () => {
    const { source, clock, dir } = await open(pattern);
    await clock.advance(REST_AFTER_MS);
    await followFrames(dir, rested);
    const still = await source.takePhoto({ fillLightMode: 'off', imageWidth: 320, imageHeight: 240, redEyeReduction: false }, never);
    assert.equal(still.kind, 'raw');
    if (still.kind === 'raw') assert.ok(near(pixel(still.frame, 10, 10), [255, 0, 0]));
  });

  it('closing while it wakes ends the read and removes the frame files', async () => {
    const { source, clock, dir } = await open(clip);
    await clock.advance(REST_AFTER_MS);
    await followFrames(dir, rested);
    const read = source.nextFrame(never);
    source.close();
    await assert.rejects(read, { name: 'InvalidStateError' });
    await source.exited;
    assert.equal(existsSync(dir), false);
    assert.equal(clock.pending, 0, 'no rest timer left');
  });

  it('eight sources rest, and each wakes on its own read', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => open(clip)));
    await Promise.all(all.map(({ clock }) => clock.advance(REST_AFTER_MS)));
    await Promise.all(all.map(({ dir }) => followFrames(dir, rested)));
    const woken = all.slice(0, 4);
    const frames = await Promise.all(woken.map(({ source }) => source.nextFrame(never)));
    for (const f of frames) assert.notEqual(await frameNumber(f.data, f.index), undefined);
    // The others still rest.
    await Promise.all(all.slice(4).map(({ dir }) => followFrames(dir, (sizes) => sizes.length >= 5 && sizes.every((s) => s === TINY))));
  });
});
