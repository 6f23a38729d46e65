/**
 * A source nobody reads costs Node nothing per frame: ffmpeg keeps only its latest frame in a
 * private in-memory file, and Node reads it only for a caller. Reads, bytes and watches are
 * counted through the host's frame-file layer; frames are counted from the directory's own
 * rename events, never from time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, watch } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import { sharedMemoryFrames, type FrameFiles } from '../../../src/backends/ffmpeg/frame-files.js';
import { nodeHost, type FfmpegHost } from '../../../src/backends/ffmpeg/host.js';
import { makeTempDir, makeTestVideo, needsFfmpegAndShm } from './helpers.js';

const never = new AbortController().signal;

/** The node frame files, with every call counted. */
type CountingFiles = FrameFiles & { reads: number; bytes: number; watching: number; watches: number; dirs: string[]; removed: string[] };

function countingFiles(): CountingFiles {
  const inner = sharedMemoryFrames();
  const counts = {
    reads: 0,
    bytes: 0,
    watching: 0,
    watches: 0,
    dirs: [] as string[],
    removed: [] as string[],
    makeDir() {
      const dir = inner.makeDir();
      if (dir) counts.dirs.push(dir);
      return dir;
    },
    read(path: string, into: Uint8Array | undefined) {
      const got = inner.read(path, into);
      counts.reads++;
      counts.bytes += got?.length ?? 0;
      return got;
    },
    identity: (path: string) => inner.identity(path),
    watch(dir: string, onChange: (name: string) => void) {
      const w = inner.watch(dir, onChange);
      counts.watching++;
      counts.watches++;
      let open = true;
      return {
        close() {
          if (open) counts.watching--;
          open = false;
          w.close();
        },
      };
    },
    remove(dir: string) {
      counts.removed.push(dir);
      inner.remove(dir);
    },
  };
  return counts;
}

/** Resolves once ffmpeg has replaced the frame file `n` more times. */
function framesWritten(dir: string, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const w = watch(dir, (_event, name) => {
      if (name !== 'latest.yuv' || ++seen < n) return;
      w.close();
      resolve();
    });
  });
}

/** Whether a process is running (not gone, not a zombie nobody reaped). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}

describe('an open source nobody reads', needsFfmpegAndShm, () => {
  let clip = '';
  let remove = async (): Promise<void> => {};
  const opened: FfmpegSource[] = [];

  before(async () => {
    const temp = await makeTempDir();
    remove = temp.remove;
    clip = await makeTestVideo(join(temp.dir, 'rest.mp4'), 320, 240, 30, 20);
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await remove();
  });

  async function open(files: FrameFiles): Promise<FfmpegSource> {
    const host: FfmpegHost = { ...nodeHost, frameFiles: files };
    const source = await new FfmpegBackend({ host }).open(clip, {});
    opened.push(source);
    return source;
  }

  it('reads no frame while ffmpeg writes ten, and watches nothing', async () => {
    const files = countingFiles();
    const source = await open(files);
    assert.equal(files.dirs.length, 1);
    const dir = files.dirs[0]!;
    // The first frame is read to know the source works.
    const readsAtOpen = files.reads;
    await framesWritten(dir, 10);
    assert.equal(files.reads, readsAtOpen, 'no read while nobody wants a frame');
    assert.equal(files.watching, 0, 'no watch while nobody waits');
    const frame = await source.nextFrame(never);
    assert.deepEqual([frame.width, frame.height], [320, 240]);
    assert.ok(files.reads > readsAtOpen, 'a frame someone waits for is read');
    assert.equal(files.bytes % (320 * 240 * 1.5), 0, 'each read is one whole I420 frame');
    await framesWritten(dir, 2);
    assert.equal(files.watching, 0, 'the watch ends at the first frame written once nobody waits');
    const before = files.reads;
    await framesWritten(dir, 5);
    assert.equal(files.reads, before);
  });

  it('two grabs in a row give two different frames', async () => {
    const source = await open(countingFiles());
    const a = await source.nextFrame(never);
    const b = await source.nextFrame(never);
    assert.ok(b.index > a.index, `#${b.index} after #${a.index}`);
  });

  it('back-to-back reads keep one watch rather than one a frame', async () => {
    const files = countingFiles();
    const source = await open(files);
    for (let i = 0; i < 4; i++) await source.nextFrame(never);
    assert.equal(files.watches, 1);
  });

  it('lends frame buffers from a small pool: a released buffer is lent again, a kept one never', async () => {
    const source = await open(countingFiles());
    const first = await source.nextFrame(never, undefined, true);
    assert.equal(typeof first.release, 'function');
    const kept = await source.nextFrame(never, undefined, true);
    assert.notEqual(kept.data.buffer, first.data.buffer, 'a lent buffer not given back is not lent again');
    first.release!();
    first.release!(); // a second release changes nothing
    const again = await source.nextFrame(never, undefined, true);
    assert.equal(again.data.buffer, first.data.buffer, 'the buffer given back is lent again');
    const another = await source.nextFrame(never, undefined, true);
    assert.notEqual(another.data.buffer, first.data.buffer, 'and only to one caller at a time');
    assert.notEqual(another.data.buffer, kept.data.buffer);
    const own = await source.nextFrame(never);
    assert.equal(own.release, undefined, 'without lend the buffer is the caller\'s');
  });

  it('keeps its frames in a private directory in /dev/shm, removed when the source closes', async () => {
    const files = countingFiles();
    const source = await open(files);
    const dir = files.dirs[0]!;
    assert.ok(dir.startsWith('/dev/shm/'), dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700, 'only this user can read the frames');
    assert.ok(!JSON.stringify([source.info, source.settings()]).includes(dir), 'the directory is not in the id, label or settings');
    source.close();
    await source.exited;
    assert.deepEqual(files.removed, [dir]);
    assert.throws(() => statSync(dir), /ENOENT/);
  });

  it('the directory goes when ffmpeg ends at the end of the input', async () => {
    const temp = await makeTempDir();
    try {
      const short = await makeTestVideo(join(temp.dir, 'short.mp4'), 160, 120, 30, 1);
      const files = countingFiles();
      const source = await new FfmpegBackend({ host: { ...nodeHost, frameFiles: files } }).open(short, {});
      const ended = new Promise((resolve) => source.addEventListener('ended', resolve, { once: true }));
      await ended;
      await source.exited;
      assert.deepEqual(files.removed, files.dirs);
      assert.throws(() => statSync(files.dirs[0]!), /ENOENT/);
    } finally {
      await temp.remove();
    }
  });

  it('sixteen sources in one process: each gives a frame, and stopping one leaves the others reading', async () => {
    const files = countingFiles();
    const backend = new FfmpegBackend({ host: { ...nodeHost, frameFiles: files } });
    const sources: FfmpegSource[] = [];
    for (let i = 0; i < 16; i++) {
      const source = await backend.open(clip, {});
      sources.push(source);
      opened.push(source);
    }
    assert.equal(new Set(files.dirs).size, 16, 'a directory each');
    const frames = await Promise.all(sources.map((s) => s.nextFrame(never)));
    assert.ok(frames.every((f) => f.width === 320 && f.height === 240));
    sources[0]!.close();
    await sources[0]!.exited;
    assert.deepEqual(files.removed, [files.dirs[0]]);
    const again = await Promise.all(sources.slice(1).map((s) => s.nextFrame(never)));
    assert.equal(again.length, 15);
    assert.ok(sources.slice(1).every((s) => !s.ended));
    await Promise.all(files.dirs.slice(1).map((dir) => framesWritten(dir, 2)));
    assert.equal(files.watching, 0, 'no watch is left once every call is answered and a frame has come since');
    for (const s of sources) s.close();
    await Promise.all(sources.map((s) => s.exited));
    assert.equal(files.removed.length, 16);
  });

  it('ffmpeg stops when this process is killed outright, and the next process removes what was left', async () => {
    const index = pathToFileURL(join(import.meta.dirname, '../../../src/backends/ffmpeg/index.ts')).href;
    const code = [
      `import { FfmpegBackend } from ${JSON.stringify(index)};`,
      `const s = await new FfmpegBackend({ loop: true }).open(${JSON.stringify(clip)}, {});`,
      'process.stdout.write(`${s.pid}\\n`);',
      'setInterval(() => {}, 1 << 30);',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    for await (const chunk of child.stdout) {
      out += String(chunk);
      if (out.includes('\n')) break;
    }
    const ffmpegPid = Number(out.trim());
    assert.ok(ffmpegPid > 0 && running(ffmpegPid), out);
    const left = readdirSync('/dev/shm').filter((n) => n.startsWith(`imagecapture-${child.pid}-`));
    assert.equal(left.length, 1);
    child.kill('SIGKILL');
    // No exit handler runs: ffmpeg's next packet line finds its stdout closed, and it stops.
    for (let i = 0; i < 600 && running(ffmpegPid); i++) await delay(50);
    assert.equal(running(ffmpegPid), false, 'ffmpeg stopped when the process that read it was killed');
    const stale = join('/dev/shm', left[0]!);
    assert.ok(existsSync(stale), 'the directory of a killed process stays');
    const sweepNow = (): void => {
      const files = sharedMemoryFrames();
      files.remove(files.makeDir()!);
    };
    // Frames written in the last ten minutes may be a live process's in another pid namespace.
    sweepNow();
    assert.ok(existsSync(stale), 'a directory with recent frames is kept');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of readdirSync(stale)) utimesSync(join(stale, name), hourAgo, hourAgo);
    utimesSync(stale, hourAgo, hourAgo);
    sweepNow();
    assert.equal(existsSync(stale), false, 'the next process to make one removes it once its frames are old');
  });

  it('without /dev/shm frames come on a pipe, as before', async () => {
    const spawned: string[][] = [];
    const host: FfmpegHost = {
      ...nodeHost,
      frameFiles: sharedMemoryFrames('/nonexistent-shm'),
      spawn: (command, args) => {
        spawned.push([...args]);
        return nodeHost.spawn(command, args);
      },
    };
    const source = await new FfmpegBackend({ host }).open(clip, {});
    opened.push(source);
    const frame = await source.nextFrame(never);
    assert.equal(frame.data.length, 320 * 240 * 4);
    assert.equal(spawned.at(-1)!.at(-1), 'pipe:1');
  });

  it('without a frame ring, a file read as fast as possible is piped (ffmpeg waits for the reader) and read to its end', async () => {
    const temp = await makeTempDir();
    try {
      const short = await makeTestVideo(join(temp.dir, 'fast.mp4'), 160, 120, 30, 1);
      const files = countingFiles();
      const host = { ...nodeHost, frameFiles: files, frameRing: undefined };
      const source = await new FfmpegBackend({ realtime: false, host }).open(short, {});
      opened.push(source);
      assert.equal(files.dirs.length, 0, 'no frame file');
      const indices: number[] = [];
      for (let guard = 0; guard < 100; guard++) {
        try {
          indices.push((await source.nextFrame(never)).index);
        } catch {
          break;
        }
      }
      assert.ok(indices.length > 0 && indices.every((n, i) => i === 0 || n > indices[i - 1]!), String(indices));
      assert.ok(indices.at(-1)! < 30, 'frame numbers count the 30 frames of the clip');
      assert.ok(source.ended);
    } finally {
      await temp.remove();
    }
  });
});
