/**
 * Shared helpers for the ffmpeg backend tests: whether ffmpeg is here, test videos made with
 * ffmpeg's lavfi sources, ffmpeg's own decode of a frame, and small event/promise utilities.
 */
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { nodeHost } from '../../../src/backends/ffmpeg/host.js';
import { resolveToolPaths } from '../../../src/backends/ffmpeg/tools.js';

const run = promisify(execFile);

/** The ffmpeg the backend would use, or undefined when it is not installed. */
export const FFMPEG: string | undefined = (() => {
  try {
    return resolveToolPaths(nodeHost).ffmpeg;
  } catch {
    return undefined;
  }
})();

export const SKIP_REASON = 'ffmpeg is not installed (apt-get install ffmpeg, or set IMAGECAPTURE_FFMPEG)';

/** `{ skip }` for test options: skips the test when ffmpeg is absent. */
export const needsFfmpeg = FFMPEG ? {} : { skip: SKIP_REASON };

/** Where ffmpeg's frames can live in shared memory (Linux with /dev/shm). */
export const SHM = process.platform === 'linux' && existsSync('/dev/shm');
/** For tests of frames kept in /dev/shm: skipped without ffmpeg or without /dev/shm. */
export const needsFfmpegAndShm = needsFfmpeg.skip ? needsFfmpeg : SHM ? {} : { skip: 'no /dev/shm on this machine' };

export async function ffmpeg(args: readonly string[], maxBuffer = 64 << 20): Promise<Buffer> {
  const { stdout } = await run(FFMPEG!, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    encoding: 'buffer',
    maxBuffer,
  });
  return stdout;
}

export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-ffmpeg-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Encodes `seconds` of ffmpeg's testsrc2 pattern. */
export async function makeTestVideo(path: string, width: number, height: number, rate: number, seconds: number): Promise<string> {
  const codec = path.endsWith('.mkv') ? ['-c:v', 'ffv1'] : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  await ffmpeg(['-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}`, '-t', String(seconds), ...codec, path]);
  return path;
}

/**
 * A 320×240 picture of flat areas, losslessly encoded, for checking geometry and tone:
 * blue background, a green centre (80..240 × 60..180), a red 40×40 square at the top-left and
 * a mid-grey 40×40 square at the bottom-right.
 */
export async function makePatternVideo(path: string, rate = 25, seconds = 4): Promise<string> {
  const filter =
    `color=c=0x0000FF:s=320x240:r=${rate},` +
    'drawbox=x=80:y=60:w=160:h=120:color=0x00FF00:t=fill,' +
    'drawbox=x=0:y=0:w=40:h=40:color=0xFF0000:t=fill,' +
    'drawbox=x=280:y=200:w=40:h=40:color=0x808080:t=fill';
  await ffmpeg(['-y', '-f', 'lavfi', '-i', filter, '-t', String(seconds), '-c:v', 'ffv1', '-pix_fmt', 'bgr0', path]);
  return path;
}

/** ffmpeg's own RGBA decode of frame `index` of a file (same conversion the backend asks for). */
export async function decodeFrame(path: string, index: number, width: number, height: number): Promise<Uint8Array> {
  const bytes = width * height * 4;
  const out = await ffmpeg(
    ['-i', `file:${path}`, '-map', '0:v:0', '-fps_mode', 'passthrough', '-frames:v', String(index + 1),
      '-s', `${width}x${height}`, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'],
    bytes * (index + 2),
  );
  return new Uint8Array(out.buffer, out.byteOffset + index * bytes, bytes);
}

/** Largest per-byte difference between two equal-length buffers. */
export function maxDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The RGBA pixel at (x, y). */
export function pixel(frame: { data: Uint8Array; width: number }, x: number, y: number): [number, number, number, number] {
  const p = (y * frame.width + x) * 4;
  return [frame.data[p]!, frame.data[p + 1]!, frame.data[p + 2]!, frame.data[p + 3]!];
}

/** Asserts-friendly closeness of two RGB triples. */
export function near(actual: readonly number[], expected: readonly number[], tolerance = 6): boolean {
  return expected.every((v, i) => Math.abs(actual[i]! - v) <= tolerance);
}

export function once<T extends Event = Event>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as T), { once: true }));
}

/** Lets pending I/O callbacks and promise reactions run (bounded), without timers. */
export async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Whether a process with this id still exists (signal 0 probes without signalling). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state of a promise after letting it run a little (no timers). */
export async function settledState<T>(p: Promise<T>): Promise<{ settled: false } | { settled: true; value?: T; error?: unknown }> {
  let state: { settled: false } | { settled: true; value?: T; error?: unknown } = { settled: false };
  p.then(
    (value) => (state = { settled: true, value }),
    (error: unknown) => (state = { settled: true, error }),
  );
  await turns();
  return state;
}

export function countResources(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}

/**
 * Stands in for an ffmpeg child: the test writes its stdout and stderr and decides how it exits.
 * `exit()` reports the way Node's ChildProcess does: 'exit', the streams end, then 'close'.
 */
export class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;

  constructor(readonly pid: number) {
    super();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.exit(null, signal);
    return true;
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.emit('close', code, signal));
  }
}
