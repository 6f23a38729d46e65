/**
 * ffmpeg backend benchmark, against ffmpeg alone on the same inputs in the same run:
 * - an open, unread 1080p30 file source: CPU of Node and of its ffmpeg child, against
 *   `ffmpeg -re -i same -f null -`; the same for a Motion-JPEG file (passed through, not decoded);
 * - back-to-back grabFrame() from a 1080p30 file through the public API: frames/s and Node's CPU;
 * - frames delivered as fast as possible at 1080p, against ffmpeg's decode-only rate;
 *   both with the JavaScript I420 converter and the WebAssembly SIMD one, two runs each, and
 *   through the pipe instead of the frame ring in shared memory (the path before the ring);
 * - the I420 -> RGBA conversion of a 1080p frame alone (a part of the path), both converters;
 * - 16 sources of 720p30 in one process: total CPU against sixteen decode-only ffmpeg processes,
 *   and how long a grabFrame() from each of the 16 takes.
 * CPU is read from /proc/<pid>/stat for children and process.cpuUsage() for Node, over the same
 * wall-clock window. `run()` returns the numbers; run directly, it prints them as JSON
 * (`bench/ffmpeg.ts delivered`: only the delivered rates, ring and pipe taking turns).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { FfmpegBackend } from '../src/backends/ffmpeg/index.js';
import type { FfmpegCameraSource as FfmpegSource } from '../src/backends/ffmpeg/index.js';
import { createRuntime, ImageCapture } from '../src/entries/index.js';
import { nodeHost, type FfmpegHost } from '../src/backends/ffmpeg/host.js';
import { resolveToolPaths } from '../src/backends/ffmpeg/tools.js';
import { i420Converter, i420Size, i420ToRgba, i420ToRgbaJs, type I420Converter } from '../src/backends/ffmpeg/yuv.js';

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

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Frames/s of `ffmpeg -i file -f null -` (decoding only), best of `runs` runs. */
async function decodeOnlyFps(ffmpeg: string, file: string, frames: number, runs = 2): Promise<number> {
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run$(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 'null', '-']);
    best = Math.max(best, frames / ((performance.now() - start) / 1000));
  }
  return best;
}

/** The host without the frame ring: every frame comes on the pipe. */
const PIPED: FfmpegHost = { ...nodeHost, frameRing: undefined };

/** Frames/s delivered by nextFrame from open() to the end of the file, best of `runs` runs. */
async function deliveredFps(file: string, host: FfmpegHost = nodeHost, runs = 2): Promise<{ fps: number; frames: number }> {
  let best = { fps: 0, frames: 0 };
  for (let i = 0; i < runs; i++) {
    const backend = new FfmpegBackend({ realtime: false, host });
    const start = performance.now();
    const source = await backend.open(file, {});
    const signal = new AbortController().signal;
    const out = new Uint8Array(WIDTH * HEIGHT * 4);
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

/** CPU of Node and of the given children, as % of one core, over `ms` of wall time. */
async function cpuOver(ms: number, pids: () => (number | undefined)[]): Promise<{ node: number; children: number }> {
  const ids = pids();
  const before = await Promise.all(ids.map(childCpuMs));
  const nodeBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const node = process.cpuUsage(nodeBefore);
  const wall = performance.now() - wallBefore;
  const after = await Promise.all(ids.map(childCpuMs));
  let children = 0;
  for (let i = 0; i < ids.length; i++) children += (after[i] ?? 0) - (before[i] ?? 0);
  return { node: ((node.user + node.system) / 1000 / wall) * 100, children: (children / wall) * 100 };
}

/** CPU (% of a core) of `count` `ffmpeg -re -stream_loop -1 -i file -f null -` processes. */
async function decodeOnlyCpu(ffmpeg: string, file: string, count: number, ms: number): Promise<number> {
  const children = Array.from({ length: count }, () =>
    spawn(
      ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', file, '-f', 'null', '-'],
      { stdio: 'ignore' },
    ),
  );
  try {
    await new Promise((r) => setTimeout(r, 1000)); // past start-up
    return (await cpuOver(ms, () => children.map((c) => c.pid))).children;
  } finally {
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGKILL'))))));
  }
}

async function makeClip(ffmpeg: string, path: string, width: number, height: number, seconds: number): Promise<string> {
  const codec = path.endsWith('.avi') ? ['-c:v', 'mjpeg', '-q:v', '5'] : ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
  await run$(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${RATE}`,
    '-t', String(seconds), ...codec, path]);
  return path;
}

/** Node's and the ffmpeg child's CPU for an open source nobody reads, against ffmpeg decoding alone. */
async function idleCpu(ffmpeg: string, file: string): Promise<{ node: number; child: number; decodeOnly: number }> {
  const decodeOnly = await decodeOnlyCpu(ffmpeg, file, 1, WINDOW_MS);
  const source = await new FfmpegBackend({ realtime: true, loop: true }).open(file, {});
  try {
    await source.nextFrame(new AbortController().signal);
    await new Promise((r) => setTimeout(r, 1000)); // past start-up, as for the baseline
    const idle = await cpuOver(WINDOW_MS, () => [source.pid]);
    return { node: idle.node, child: idle.children, decodeOnly };
  } finally {
    source.close();
    await source.exited;
  }
}

const WINDOW_MS = 3000;

/** "low–high" of a few runs, rounded. */
function range(values: number[], digits: number): string {
  return `${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)}`;
}

/** Runs `body` with i420ToRgba using the given converter. */
async function withConverter(converter: I420Converter, body: () => Promise<void>): Promise<void> {
  const before = process.env['IMAGECAPTURE_YUV'];
  process.env['IMAGECAPTURE_YUV'] = converter;
  try {
    await body();
  } finally {
    if (before === undefined) delete process.env['IMAGECAPTURE_YUV'];
    else process.env['IMAGECAPTURE_YUV'] = before;
  }
}

/** Back-to-back grabFrame() through getUserMedia and ImageCapture: frames/s and Node's CPU. */
async function grabFrameLoop(file: string, count: number): Promise<{ fps: number; nodeCpu: number }> {
  const backend = new FfmpegBackend({ realtime: true, loop: true });
  const runtime = createRuntime({ backends: [backend], audioBackends: [] });
  const [track] = (await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: file } } })).getVideoTracks();
  try {
    const capture = new ImageCapture(track!);
    (await capture.grabFrame()).close();
    const nodeBefore = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < count; i++) (await capture.grabFrame()).close();
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(nodeBefore);
    return { fps: (count / wall) * 1000, nodeCpu: ((cpu.user + cpu.system) / 1000 / wall) * 100 };
  } finally {
    track!.stop();
  }
}

/** Median ms of converting one 1080p I420 frame to RGBA with each converter, taking turns. */
function converterAlone(): { js: number; simd: number } {
  const src = new Uint8Array(i420Size(WIDTH, HEIGHT));
  for (let i = 0; i < src.length; i++) src[i] = (i * 7 + (i >> 11) * 13) & 255;
  const dst = new Uint8Array(WIDTH * HEIGHT * 4);
  const times: Record<I420Converter, number[]> = { js: [], simd: [] };
  const simd = i420Converter() === 'simd';
  for (let i = 0; i < 25; i++) {
    let start = performance.now();
    i420ToRgbaJs(src, WIDTH, HEIGHT, dst);
    times.js.push(performance.now() - start);
    if (!simd) continue;
    start = performance.now();
    i420ToRgba(src, WIDTH, HEIGHT, dst);
    times.simd.push(performance.now() - start);
  }
  return { js: median(times.js.slice(5)), simd: simd ? median(times.simd.slice(5)) : NaN };
}

/**
 * Frames delivered as fast as possible through the frame ring and through the pipe, taking
 * turns, each against a decode-only run just before it (the load on a shared machine drifts).
 */
async function deliveredOnly(ffmpeg: string, file: string, passes: number): Promise<Record<string, number | string>> {
  const ring: number[] = [];
  const pipe: number[] = [];
  const decode: number[] = [];
  const frames = { ring: Infinity, pipe: Infinity };
  for (let pass = 0; pass < passes; pass++) {
    const d = await decodeOnlyFps(ffmpeg, file, RATE * SECONDS, 1);
    decode.push(d);
    const r = await deliveredFps(file, nodeHost, 1);
    const p = await deliveredFps(file, PIPED, 1);
    ring.push(r.fps / d);
    pipe.push(p.fps / d);
    frames.ring = Math.min(frames.ring, r.frames);
    frames.pipe = Math.min(frames.pipe, p.frames);
  }
  return {
    note: 'delivered ÷ the decode-only run just before it, one pair a pass; the machine is shared and loaded',
    decodeOnlyFps1080p: range(decode, 1),
    deliveredToDecodeRatioRing: range(ring, 3),
    deliveredToDecodeRatioPipe: range(pipe, 3),
    ringMedianRatio: round(median(ring), 3),
    pipeMedianRatio: round(median(pipe), 3),
    fewestFramesDeliveredRing: frames.ring,
    fewestFramesDeliveredPipe: frames.pipe,
    framesInClip: RATE * SECONDS,
  };
}

export async function run(only?: 'delivered'): Promise<Record<string, number | string>> {
  const { ffmpeg } = resolveToolPaths(nodeHost);
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-bench-ffmpeg-'));
  try {
    const file = await makeClip(ffmpeg, join(dir, 'bench-1080p.mp4'), WIDTH, HEIGHT, SECONDS);
    if (only === 'delivered') return await deliveredOnly(ffmpeg, file, 6);
    const clip720 = await makeClip(ffmpeg, join(dir, 'bench-720p.mp4'), 1280, 720, 4);
    const mjpeg = await makeClip(ffmpeg, join(dir, 'bench-1080p-mjpeg.avi'), WIDTH, HEIGHT, 4);
    const frames = RATE * SECONDS;
    const result: Record<string, number | string> = {
      note: 'the machine is shared and loaded: compare ratios within one run, not absolute figures; ' +
        'sources are driven through the public ' +
        'API from the source tree',
    };

    // 1. An open source nobody reads, against ffmpeg decoding the same file in real time.
    const baselineIdle = await decodeOnlyCpu(ffmpeg, file, 1, WINDOW_MS);
    const live = await new FfmpegBackend({ realtime: true, loop: true }).open(file, {});
    try {
      await live.nextFrame(new AbortController().signal);
      await new Promise((r) => setTimeout(r, 1000)); // past start-up, as for the baseline
      const idle = await cpuOver(WINDOW_MS, () => [live.pid]);
      result.idleNodeCpuPercent = round(idle.node, 1);
      result.idleFfmpegChildCpuPercent = round(idle.children, 1);
      result.idleDecodeOnlyFfmpegCpuPercent = round(baselineIdle, 1);
      result.idleTotalToDecodeOnlyRatio = round((idle.node + idle.children) / baselineIdle, 2);
      const photos = await photoLatency(live, 10);
      result.takePhoto1080pMedianMs = round(median(photos));
    } finally {
      live.close();
      await live.exited;
    }

    // 1b. The same for Motion-JPEG, which ffmpeg passes through without decoding.
    const idleMjpeg = await idleCpu(ffmpeg, mjpeg);
    result.idleMjpegNodeCpuPercent = round(idleMjpeg.node, 1);
    result.idleMjpegFfmpegChildCpuPercent = round(idleMjpeg.child, 1);
    result.idleMjpegDecodeOnlyFfmpegCpuPercent = round(idleMjpeg.decodeOnly, 1);
    result.idleMjpegTotalToDecodeOnlyRatio = round((idleMjpeg.node + idleMjpeg.child) / idleMjpeg.decodeOnly, 2);

    // 2. Back-to-back grabFrame() from a 1080p30 file, through getUserMedia and ImageCapture,
    // and 3. as fast as possible at 1080p against decoding alone: each with the JavaScript
    // I420 converter (before) and the WebAssembly SIMD one (after), alternating, in this run.
    const decodeFps = await decodeOnlyFps(ffmpeg, file, frames);
    result.decodeOnlyFps1080p = round(decodeFps, 1);
    const grabs: Record<I420Converter, { fps: number[]; cpu: number[] }> = { js: { fps: [], cpu: [] }, simd: { fps: [], cpu: [] } };
    const rates: Record<I420Converter, number[]> = { js: [], simd: [] };
    const piped: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const converter of ['js', 'simd'] as const) {
        await withConverter(converter, async () => {
          const grab = await grabFrameLoop(file, 60);
          grabs[converter].fps.push(grab.fps);
          grabs[converter].cpu.push(grab.nodeCpu);
          rates[converter].push((await deliveredFps(file)).fps);
        });
      }
      await withConverter('simd', async () => void piped.push((await deliveredFps(file, PIPED)).fps));
    }
    for (const converter of ['js', 'simd'] as const) {
      const name = converter === 'js' ? 'Js' : 'Simd';
      result[`grabFrame1080pFps${name}`] = range(grabs[converter].fps, 1);
      result[`grabFrame1080pNodeCpuPercent${name}`] = range(grabs[converter].cpu, 1);
      result[`deliveredFps1080p${name}`] = range(rates[converter], 1);
      result[`deliveredToDecodeRatio${name}`] = range(rates[converter].map((r) => r / decodeFps), 3);
    }
    result.deliveredFps1080pPipeSimd = range(piped, 1);
    result.deliveredToDecodeRatioPipeSimd = range(piped.map((r) => r / decodeFps), 3);
    const used = i420Converter();
    result.i420Converter = used === 'simd' ? 'simd' : 'js (WebAssembly SIMD is not available here)';

    // The I420 -> RGBA conversion of one 1080p frame on its own (a part of the path).
    const alone = converterAlone();
    result.converterAloneNote = 'converter alone, part of the path: one 1080p I420 frame to RGBA, median ms';
    result.converterAlone1080pJsMs = round(alone.js, 2);
    result.converterAlone1080pSimdMs = round(alone.simd, 2);
    result.converterAloneJsToSimdRatio = round(alone.js / alone.simd, 1);

    // 4. Sixteen 720p30 sources in one process.
    const baseline16 = await decodeOnlyCpu(ffmpeg, clip720, 16, WINDOW_MS);
    const backend = new FfmpegBackend({ realtime: true, loop: true, startTimeoutMs: 60_000 });
    const sources: FfmpegSource[] = [];
    try {
      for (let i = 0; i < 16; i++) sources.push(await backend.open(clip720, {}));
      const signal = (): AbortSignal => new AbortController().signal;
      await Promise.all(sources.map((s) => s.nextFrame(signal())));
      const many = await cpuOver(WINDOW_MS, () => sources.map((s) => s.pid));
      result.sixteen720pNodeCpuPercent = round(many.node, 1);
      result.sixteen720pChildrenCpuPercent = round(many.children, 1);
      result.sixteen720pDecodeOnlyCpuPercent = round(baseline16, 1);
      result.sixteen720pTotalToDecodeOnlyRatio = round((many.node + many.children) / baseline16, 2);
      // A frame from each of the 16 (ImageCapture.grabFrame waits for the next frame the same way).
      const start = performance.now();
      await Promise.all(sources.map((s) => s.nextFrame(signal())));
      result.sixteen720pOneFrameEachMs = round(performance.now() - start, 1);
    } finally {
      for (const s of sources) s.close();
      await Promise.all(sources.map((s) => s.exited));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(process.argv[2] === 'delivered' ? 'delivered' : undefined), null, 2));
}
