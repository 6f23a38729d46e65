/**
 * ffmpeg backend benchmark: frames/s delivered from a 1080p file against ffmpeg decoding the
 * same file alone, takePhoto latency on a live source, and the CPU an idle open source costs.
 * `run()` returns the numbers; run directly, it prints them as JSON.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { FfmpegBackend } from '../src/backends/ffmpeg/index.js';
import type { FfmpegCameraSource as FfmpegSource } from '../src/backends/ffmpeg/index.js';
import { nodeHost } from '../src/backends/ffmpeg/host.js';
import { resolveToolPaths } from '../src/backends/ffmpeg/tools.js';

const run$ = promisify(execFile);
const WIDTH = 1920;
const HEIGHT = 1080;
const RATE = 30;
const SECONDS = 10;
const PHOTO = { fillLightMode: 'off', redEyeReduction: false } as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Frames/s of `ffmpeg -i file -f null -` (decoding only), best of two runs. */
async function decodeOnlyFps(ffmpeg: string, file: string, frames: number): Promise<number> {
  let best = 0;
  for (let i = 0; i < 2; i++) {
    const start = performance.now();
    await run$(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 'null', '-']);
    best = Math.max(best, frames / ((performance.now() - start) / 1000));
  }
  return best;
}

/**
 * Frames/s of ffmpeg converting to RGBA and piping into this process, with nothing done to the
 * bytes: the ceiling any pipe-based reader can reach. Best of two runs.
 */
async function rawPipeFps(ffmpeg: string, file: string): Promise<number> {
  let best = 0;
  const frameBytes = WIDTH * HEIGHT * 4;
  for (let i = 0; i < 2; i++) {
    const start = performance.now();
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-map', '0:v:0',
      '-pix_fmt', 'rgba', '-f', 'rawvideo', '-avioflags', 'direct', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await new Promise((resolve) => child.once('close', resolve));
    best = Math.max(best, bytes / frameBytes / ((performance.now() - start) / 1000));
  }
  return best;
}

/** Frames/s delivered by nextFrame from open() to the end of the file, best of two runs. */
async function deliveredFps(file: string, size?: { width: number; height: number }): Promise<{ fps: number; frames: number }> {
  let best = { fps: 0, frames: 0 };
  for (let i = 0; i < 2; i++) {
    const backend = new FfmpegBackend({ realtime: false });
    const start = performance.now();
    const source = await backend.open(file, size ? { ...size, resizeMode: 'crop-and-scale' } : {});
    const signal = new AbortController().signal;
    const out = new Uint8Array((size?.width ?? WIDTH) * (size?.height ?? HEIGHT) * 4);
    let frames = 1; // the first frame arrived before open() resolved
    for (let guard = 0; guard < RATE * SECONDS * 2; guard++) {
      try {
        await source.nextFrame(signal, out);
        frames++;
      } catch {
        break;
      }
    }
    const fps = frames / ((performance.now() - start) / 1000);
    source.close();
    await source.exited;
    if (fps > best.fps) best = { fps, frames };
  }
  return best;
}

async function photoLatency(source: FfmpegSource, count: number): Promise<number[]> {
  const signal = new AbortController().signal;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await source.nextFrame(signal);
    const start = performance.now();
    await source.takePhoto({ ...PHOTO, imageWidth: WIDTH, imageHeight: HEIGHT }, signal);
    times.push(performance.now() - start);
  }
  return times;
}

/** CPU time (ms) a process has used, from /proc (Linux only). */
async function childCpuMs(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export async function run(): Promise<Record<string, number>> {
  const { ffmpeg } = resolveToolPaths(nodeHost);
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-bench-ffmpeg-'));
  try {
    const file = join(dir, 'bench-1080p.mp4');
    await run$(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${RATE}`,
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', file,
    ]);
    const frames = RATE * SECONDS;

    const decodeFps = await decodeOnlyFps(ffmpeg, file, frames);
    const pipeFps = await rawPipeFps(ffmpeg, file);
    const delivered = await deliveredFps(file);
    const scaled = await deliveredFps(file, { width: 640, height: 360 });

    // A live source: the file at its own rate, looping.
    const live = await new FfmpegBackend({ realtime: true, loop: true }).open(file, {});
    try {
      const photos = await photoLatency(live, 15);
      await live.configure({ zoom: 2 });
      const zoomedPhotos = await photoLatency(live, 10);
      await live.configure({ zoom: 1 });

      // Idle: open, frames arriving, nobody asking for them.
      await live.nextFrame(new AbortController().signal);
      const childBefore = await childCpuMs(live.pid);
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      await new Promise((r) => setTimeout(r, 1000));
      const cpu = process.cpuUsage(cpuBefore);
      const wall = performance.now() - wallBefore;
      const childAfter = await childCpuMs(live.pid);

      const result: Record<string, number> = {
        decodeOnlyFps1080p: round(decodeFps, 1),
        deliveredFps1080p: round(delivered.fps, 1),
        deliveredFrames: delivered.frames,
        deliveredToDecodeRatio: round(delivered.fps / decodeFps, 3),
        rawRgbaPipeFps1080p: round(pipeFps, 1),
        deliveredToRawPipeRatio: round(delivered.fps / pipeFps, 3),
        deliveredFps1080pScaledTo360p: round(scaled.fps, 1),
        takePhoto1080pMedianMs: round(median(photos)),
        takePhoto1080pP95Ms: round(percentile(photos, 95)),
        takePhotoZoom2MedianMs: round(median(zoomedPhotos)),
        idleSourceCpuPercent: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 1),
      };
      if (childBefore !== undefined && childAfter !== undefined) {
        result.idleSourceFfmpegCpuPercent = round(((childAfter - childBefore) / wall) * 100, 1);
      }
      return result;
    } finally {
      live.close();
      await live.exited;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
