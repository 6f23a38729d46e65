/**
 * A file read as fast as possible goes through the frame ring: numbered frame files in shared
 * memory, reused in place, paced by fixed-size notes on ffmpeg's stdout. The ring's logic is
 * driven first with scripted notes and files (exact order of events), then with real ffmpeg:
 * every frame once and in order, a bounded number of files, a reader that stops, closing in the
 * middle, and the pipe where no ring can be made. Nothing here depends on time: a stopped reader
 * is checked once ffmpeg is seen blocked on the pipe.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import type { FrameWatch } from '../../../src/backends/ffmpeg/frame-files.js';
import { sharedMemoryFrames } from '../../../src/backends/ffmpeg/frame-files.js';
import {
  aheadFor,
  FrameRing,
  makeFrameRing,
  noteBytesFor,
  ringSupported,
  sharedMemoryRing,
  type RingFiles,
} from '../../../src/backends/ffmpeg/frame-ring.js';
import { nodeHost, type FfmpegHost } from '../../../src/backends/ffmpeg/host.js';
import { i420ToRgbaJs } from '../../../src/backends/ffmpeg/yuv.js';
import { ffmpeg, makeTempDir, needsFfmpegAndShm } from './helpers.js';

const never = new AbortController().signal;
const PAGE = 4096;

/** Files in a map, renames announced to watchers by the test: a stand-in for ffmpeg's directory. */
class ScriptedFiles implements RingFiles {
  readonly pageSize = PAGE;
  readonly outputBuffer = 212_992;
  readonly files = new Map<string, Uint8Array>();
  readonly recycled: Array<[string, string]> = [];
  readonly watchers = new Set<(name: string) => void>();
  reads = 0;
  removed = false;

  makeDir(): string {
    return '/ring';
  }
  read(path: string, into: Uint8Array | undefined) {
    this.reads++;
    const file = this.files.get(path);
    if (!file) return undefined;
    const data = into && into.length >= file.length ? into : new Uint8Array(file.length);
    data.set(file);
    return { data, length: file.length, identity: 0 };
  }
  watch(_dir: string, onChange: (name: string) => void): FrameWatch {
    this.watchers.add(onChange);
    return { close: () => this.watchers.delete(onChange) };
  }
  recycle(path: string, next: string): boolean {
    this.files.delete(path);
    this.recycled.push([path, next]);
    return true;
  }
  remove(): void {
    this.removed = true;
  }
  room(): number {
    return this.space;
  }
  space = Infinity;
  /** ffmpeg renames frame `n` into place. */
  write(n: number, byte: number, bytes = 6): void {
    this.files.set(`/ring/${n}.yuv`, new Uint8Array(bytes).fill(byte));
    for (const w of [...this.watchers]) w(`${n}.yuv`);
  }
}

function scriptedRing(): { ring: FrameRing; files: ScriptedFiles; notes: PassThrough; taken: number[] } {
  const files = new ScriptedFiles();
  const ring = new FrameRing(files, '/ring', 6);
  const notes = new PassThrough();
  ring.attach(notes);
  const taken: number[] = [];
  return { ring, files, notes, taken };
}

const note = (): Buffer => Buffer.alloc(noteBytesFor(PAGE));

/** Lets stream events run (a bounded number of turns of the event loop). */
async function turns(count = 10): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((r) => setImmediate(r));
}

describe('the frame ring (scripted notes and files)', () => {
  it('takes a frame only for a note, and only while frames are wanted', async () => {
    const { ring, files, notes, taken } = scriptedRing();
    for (let n = 1; n <= 3; n++) {
      files.write(n, n);
      notes.write(note());
    }
    await turns();
    assert.equal(files.reads, 0, 'nothing is read while nobody wants frames');
    ring.want((data) => {
      taken.push(data[0]!);
      ring.want(undefined);
    });
    await turns();
    assert.deepEqual(taken, [1], 'one frame for one wanted frame');
    ring.want((data) => taken.push(data[0]!));
    await turns();
    assert.deepEqual(taken, [1, 2, 3]);
    assert.deepEqual(ring.latest, new Uint8Array(6).fill(3));
  });

  it('a note that comes before its file waits for the rename, then delivers that frame once', async () => {
    const { ring, files, notes, taken } = scriptedRing();
    ring.want((data) => taken.push(data[0]!));
    notes.write(note());
    notes.write(note());
    await turns();
    assert.deepEqual(taken, []);
    assert.equal(files.watchers.size, 1, 'the directory is watched while a file is awaited');
    files.write(7, 9); // another name: not the awaited frame
    assert.deepEqual(taken, []);
    files.write(1, 1);
    files.write(2, 2);
    await turns();
    assert.deepEqual(taken, [1, 2]);
    assert.equal(files.watchers.size, 0, 'the watch ends once the file is there');
  });

  it('hands each file read back under the name of the frame `ahead` later', async () => {
    const { ring, files, notes } = scriptedRing();
    ring.want(() => {});
    files.write(1, 1);
    notes.write(note());
    await turns();
    assert.deepEqual(files.recycled, [['/ring/1.yuv', `/ring/${1 + ring.ahead}.yuv.tmp`]]);
  });

  it('after ffmpeg exits, a frame whose file never came is passed over; a file of the wrong size gives no frame', async () => {
    const { ring, files, notes, taken } = scriptedRing();
    ring.want((data) => taken.push(data[0]!));
    files.write(2, 5, 3);
    files.write(3, 3);
    for (let i = 0; i < 3; i++) notes.write(note());
    await turns();
    assert.deepEqual(taken, []);
    ring.exited();
    await turns();
    assert.deepEqual(taken, [3]);
    assert.equal(ring.count, 3);
  });

  it('a note cut short (a killed ffmpeg) gives no frame; close() removes the directory', async () => {
    const { ring, files, notes, taken } = scriptedRing();
    ring.want((data) => taken.push(data[0]!));
    files.write(1, 1);
    notes.end(Buffer.alloc(100));
    await turns();
    assert.deepEqual(taken, []);
    ring.close();
    assert.ok(files.removed);
    assert.equal(ring.latest, undefined);
  });

  it('hands files back farther ahead than ffmpeg can run ahead, for 4, 16 and 64 KiB pages and large socket buffers', () => {
    for (const page of [4096, 16_384, 65_536]) {
      for (const buffer of [16 * page, 212_992, 4 << 20]) {
        const noteBytes = noteBytesFor(page);
        const ahead = aheadFor(buffer, noteBytes, 16_384);
        // Notes in stdout's buffer, in Node's stream and one read chunk, one being written.
        const most = Math.ceil((buffer + Math.max(16_384, noteBytes) + 65_536) / noteBytes) + 1;
        assert.ok(ahead > most, `${page}, ${buffer}: ${ahead} > ${most}`);
        assert.ok(ahead <= most + 3, `${page}, ${buffer}: no more files than needed (${ahead})`);
      }
    }
  });

  it('is made only where there is room for the most files it may hold at once', () => {
    const files = new ScriptedFiles();
    const ring = makeFrameRing(files, 1000);
    assert.ok(ring);
    assert.equal(ring.mostFiles, 2 * ring.ahead);
    files.space = ring.mostFiles * 1000 - 1;
    assert.equal(makeFrameRing(files, 1000), undefined);
    assert.ok(files.removed, 'the directory made is removed again');
  });

  it('is used with ffmpeg 4.4 and later (and builds without a version number), not before', () => {
    assert.equal(ringSupported([4, 3]), false);
    assert.equal(ringSupported([3, 4]), false);
    assert.equal(ringSupported([4, 4]), true);
    assert.equal(ringSupported([5, 1]), true);
    assert.equal(ringSupported([0, 0]), true);
  });
});

describe('handing a frame file back (node:fs)', () => {
  it('keeps it for ffmpeg, unless ffmpeg has opened or finished that frame already', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imagecapture-ring-test-'));
    try {
      const files = sharedMemoryRing(sharedMemoryFrames(dir));
      const at = (name: string): string => join(dir, name);
      writeFileSync(at('1.yuv'), 'one');
      assert.equal(files.recycle(at('1.yuv'), at('11.yuv.tmp'), at('11.yuv')), true);
      assert.deepEqual(readdirSync(dir).sort(), ['11.yuv.tmp']);
      assert.equal(readFileSync(at('11.yuv.tmp'), 'utf8'), 'one');

      writeFileSync(at('2.yuv'), 'two');
      writeFileSync(at('12.yuv.tmp'), 'ffmpeg writing');
      assert.equal(files.recycle(at('2.yuv'), at('12.yuv.tmp'), at('12.yuv')), false);
      assert.equal(readFileSync(at('12.yuv.tmp'), 'utf8'), 'ffmpeg writing', 'ffmpeg\'s file is left alone');

      writeFileSync(at('3.yuv'), 'three');
      writeFileSync(at('13.yuv'), 'ffmpeg done');
      assert.equal(files.recycle(at('3.yuv'), at('13.yuv.tmp'), at('13.yuv')), false);
      assert.deepEqual(readdirSync(dir).sort(), ['11.yuv.tmp', '12.yuv.tmp', '13.yuv'], 'no name ffmpeg will never open is left');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The ring's file operations, counting reads and hand-backs and the files alive at each read. */
function countingRing(): RingFiles & { dirs: string[]; kept: number; reads: number; peakFiles: number } {
  const inner = sharedMemoryRing(sharedMemoryFrames());
  const counts = {
    dirs: [] as string[],
    kept: 0,
    reads: 0,
    peakFiles: 0,
    get pageSize() {
      return inner.pageSize;
    },
    get outputBuffer() {
      return inner.outputBuffer;
    },
    makeDir() {
      const dir = inner.makeDir();
      if (dir) counts.dirs.push(dir);
      return dir;
    },
    read(path: string, into: Uint8Array | undefined) {
      const got = inner.read(path, into);
      if (got) {
        counts.reads++;
        counts.peakFiles = Math.max(counts.peakFiles, readdirSync(counts.dirs.at(-1)!).length);
      }
      return got;
    },
    watch: (dir: string, onChange: (name: string) => void) => inner.watch(dir, onChange),
    recycle(path: string, next: string, done: string) {
      const kept = inner.recycle(path, next, done);
      if (kept) counts.kept++;
      return kept;
    },
    remove: (dir: string) => inner.remove(dir),
    room: (dir: string) => inner.room(dir),
  };
  return counts;
}

/** Whether a thread of `pid` sleeps writing to its stdout (undefined: the kernel does not say). */
function blockedOnPipe(pid: number): boolean | undefined {
  let known = false;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const wchan = readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8');
      // A pipe, or the socket pair Node gives a child as stdout.
      if (/pipe_write|pipe_wait|sock_alloc_send|wait_for_wmem|unix_stream_sendmsg/.test(wchan)) return true;
      if (wchan !== '' && wchan !== '0') known = true;
    }
  } catch {
    return undefined;
  }
  return known ? false : undefined;
}

const W = 64;
const H = 48;
const FRAMES = 90;

/** The RGBA pixel of a flat frame of luma `luma` (chroma neutral), as delivered. */
function grey(luma: number): number[] {
  const i420 = new Uint8Array(W * H * 1.5).fill(128);
  i420.fill(luma, 0, W * H);
  const rgba = new Uint8Array(W * H * 4);
  i420ToRgbaJs(i420, W, H, rgba);
  return [...rgba.subarray(0, 4)];
}

describe('a file read as fast as possible, through the frame ring', needsFfmpegAndShm, () => {
  let clip = '';
  let remove = async (): Promise<void> => {};
  const opened: FfmpegSource[] = [];

  before(async () => {
    const temp = await makeTempDir();
    remove = temp.remove;
    clip = join(temp.dir, 'numbered.mkv');
    // Frame k (from 0) is a flat grey of luma 2k + 20, stored losslessly.
    await ffmpeg([
      '-y', '-f', 'lavfi', '-i', `color=c=black:s=${W}x${H}:r=30,format=yuv420p,geq=lum=2*N+20:cb=128:cr=128`,
      '-frames:v', String(FRAMES), '-c:v', 'ffv1', clip,
    ]);
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await remove();
  });

  async function open(host: FfmpegHost): Promise<FfmpegSource> {
    const source = await new FfmpegBackend({ realtime: false, host }).open(clip, {});
    opened.push(source);
    return source;
  }

  /**
   * Reads frames to the end; checks each is the next frame of the clip (`skips`: or a later one,
   * as the pipe allows); returns the number after the last frame read.
   */
  async function readAll(source: FfmpegSource, from: number, skips = false): Promise<number> {
    let next = from;
    for (let guard = 0; guard <= FRAMES; guard++) {
      let frame;
      try {
        frame = await source.nextFrame(never);
      } catch {
        break;
      }
      if (skips) assert.ok(frame.index >= next, `frame ${frame.index} after ${next - 1}`);
      else assert.equal(frame.index, next, 'frames come one after the other, none skipped');
      next = frame.index;
      assert.deepEqual([...frame.data.subarray(0, 4)], grey(2 * next + 20), `frame ${next} has its own pixels`);
      next++;
    }
    return next;
  }

  it('delivers every frame once, in order, reusing a bounded number of files, and removes them at the end', async () => {
    const ring = countingRing();
    const spawned: string[][] = [];
    const source = await open({ ...nodeHost, frameRing: ring, spawn: (c, a) => (spawned.push([...a]), nodeHost.spawn(c, a)) });
    assert.equal(ring.dirs.length, 1);
    assert.ok(spawned[0]!.includes(`${ring.dirs[0]}/%d.yuv`), 'ffmpeg writes numbered files');
    // The first frame came before open() resolved.
    assert.equal(await readAll(source, 1), FRAMES);
    assert.ok(source.ended);
    assert.equal(ring.reads, FRAMES);
    assert.ok(ring.kept > FRAMES / 2, `files are reused in place (${ring.kept} of ${FRAMES})`);
    const ahead = aheadFor(ring.outputBuffer, noteBytesFor(ring.pageSize));
    assert.ok(ring.peakFiles <= 2 * ahead, `at most ${2 * ahead} files at once (${ring.peakFiles})`);
    await source.exited;
    assert.equal(existsSync(ring.dirs[0]!), false, 'the directory is gone');
  });

  it('a reader that stops holds ffmpeg back (it waits on the pipe with a bounded number of files), then gets every frame', async () => {
    const ring = countingRing();
    const source = await open({ ...nodeHost, frameRing: ring });
    assert.equal((await source.nextFrame(never)).index, 1);
    const pid = source.pid!;
    let blocked: boolean | undefined;
    // ffmpeg runs until the pipe is full, or (were it not held back) to the end of the clip.
    for (let i = 0; i < 12_000; i++) {
      blocked = blockedOnPipe(pid);
      if (blocked !== false) break;
      await delay(5);
    }
    if (blocked === undefined) {
      assert.ok(true, 'this kernel does not show where a process sleeps: the hold is not observed');
    } else {
      assert.equal(blocked, true, 'ffmpeg waits for the reader');
      const files = readdirSync(ring.dirs[0]!).length;
      const ahead = aheadFor(ring.outputBuffer, noteBytesFor(ring.pageSize));
      assert.ok(files <= 2 * ahead && files < FRAMES, `${files} files while the reader rests`);
    }
    assert.equal(await readAll(source, 2), FRAMES);
  });

  it('close() in the middle stops ffmpeg and removes the files; later calls reject', async () => {
    const ring = countingRing();
    const source = await open({ ...nodeHost, frameRing: ring });
    for (let i = 0; i < 5; i++) await source.nextFrame(never);
    source.close();
    await source.exited;
    assert.equal(existsSync(ring.dirs[0]!), false);
    await assert.rejects(source.nextFrame(never), { name: 'InvalidStateError' });
  });

  it('where no ring directory can be made, frames come on the pipe', async () => {
    const spawned: string[][] = [];
    const host: FfmpegHost = {
      ...nodeHost,
      frameRing: sharedMemoryRing(sharedMemoryFrames('/nonexistent-shm')),
      spawn: (command, args) => {
        spawned.push([...args]);
        return nodeHost.spawn(command, args);
      },
    };
    const source = await open(host);
    assert.equal(spawned[0]!.at(-1), 'pipe:1');
    assert.ok(!spawned[0]!.some((a) => a.endsWith('%d.yuv')));
    // Frames that come while nobody waits are dropped on the pipe (the last ones often are).
    assert.ok((await readAll(source, 1, true)) > 1);
  });
});
