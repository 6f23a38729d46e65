/**
 * The breakout box at 1080p.
 *
 *   camera_fps / processor_fps — frames per second the virtual camera produces at 1920x1080 when
 *       asked frame after frame (ManualClock moved one frame interval per frame, so rendering is
 *       the only limit), and frames per second read through a MediaStreamTrackProcessor over the
 *       same camera (each frame read, then closed). processor_ratio = processor / camera (target:
 *       at least 0.9).
 *   realtime_fps — frames read through a processor in 2 s of real time from a 30 fps camera.
 *   processor_leaked_frames — frame resources still referenced after the run (0: every frame released).
 *   convert_<from>_<to>_fps / _mbps — convertPixels on a whole 1080p frame: frames per second and
 *       megabytes of destination written per second, for every pair of the six formats.
 *   copyTo_i420_to_rgba_fps — the same conversion through VideoFrame.copyTo (the public path).
 */
import { pathToFileURL } from 'node:url';
import { ManualClock, RealClock } from '../src/backends/clock.js';
import type { CameraSource } from '../src/backends/backend.js';
import { VirtualCameraBackend } from '../src/backends/virtual/index.js';
import { liveFrameResources } from '../src/media/breakout/frame-resource.js';
import { convertPixels, packedLayout, PIXEL_FORMATS, type PixelFormat, type PixelView } from '../src/media/breakout/pixel-format.js';
import { MediaStreamTrackProcessor } from '../src/media/breakout/track-processor.js';
import { VideoFrame } from '../src/media/breakout/video-frame.js';
import { Runtime } from '../src/media/runtime.js';
import { type MediaStreamTrack, trackImpl } from '../src/media/track.js';
import { type VideoTrackImpl } from '../src/media/video-track.js';
import { median, round } from './stats.js';

const W = 1920;
const H = 1080;

async function openCamera(clock: ManualClock | RealClock, frameRate: number): Promise<MediaStreamTrack> {
  const runtime = new Runtime({ backends: [new VirtualCameraBackend({ clock })], audioBackends: [] });
  const stream = await runtime.mediaDevices.getUserMedia(
    { video: { width: { exact: W }, height: { exact: H }, frameRate: { exact: frameRate } } },
  );
  return stream.getVideoTracks()[0]!;
}

/** Moves the clock a frame at a time until `promise` settles (at most 10 frames). */
async function settle<T>(promise: Promise<T>, clock: ManualClock, interval: number): Promise<T> {
  let done = false;
  const watched = promise.finally(() => (done = true));
  for (let i = 0; i < 10 && !done; i++) await clock.advance(interval);
  if (!done) throw new Error('no frame arrived within 10 frame intervals');
  return watched;
}

/** Frames per second of `step` over `frames` frames, after `warmup` untimed ones. */
async function rate(frames: number, warmup: number, step: () => Promise<void>): Promise<number> {
  for (let i = 0; i < warmup; i++) await step();
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) await step();
  return (frames * 1000) / (performance.now() - t0);
}

/**
 * The camera asked directly, and read through a processor, over the same 1080p camera: rounds
 * alternate between the two (so load from other processes hits both alike) after a warm-up of
 * each; the median round of each is reported.
 */
async function cameraAndProcessor(rounds: number, frames: number): Promise<{ camera: number; processor: number; leaked: number }> {
  const clock = new ManualClock();
  const interval = 1000 / 30;
  const track = await openCamera(clock, 30);
  const source = (trackImpl(track) as VideoTrackImpl).source as CameraSource;
  const signal = new AbortController().signal;
  const buffer = new Uint8Array(W * H * 4);
  const before = liveFrameResources();
  const direct = async (): Promise<void> => void (await settle(source.nextFrame(signal, buffer), clock, interval));
  const throughProcessor = async (n: number, warmup: number): Promise<number> => {
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const fps = await rate(n, warmup, async () => {
      const frame = (await settle(reader.read(), clock, interval)).value as VideoFrame;
      frame.close();
    });
    await reader.cancel();
    return fps;
  };
  await rate(0, 15, direct);
  await throughProcessor(0, 15);
  const camera: number[] = [];
  const processor: number[] = [];
  for (let r = 0; r < rounds; r++) {
    camera.push(await rate(frames, 1, direct));
    processor.push(await throughProcessor(frames, 1));
  }
  const leaked = liveFrameResources() - before;
  track.stop();
  return { camera: median(camera), processor: median(processor), leaked };
}

async function realtimeFps(seconds: number): Promise<number> {
  const track = await openCamera(new RealClock(), 30);
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  ((await reader.read()).value as VideoFrame).close(); // the first frame starts the clock
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    ((await reader.read()).value as VideoFrame).close();
    n++;
  }
  const fps = (n * 1000) / (performance.now() - t0);
  await reader.cancel();
  track.stop();
  return fps;
}

/** A 1080p picture in `format`, made from a smooth RGBA gradient. */
function picture(format: PixelFormat): PixelView {
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      rgba[i] = (x * 255) / W;
      rgba[i + 1] = (y * 255) / H;
      rgba[i + 2] = ((x + y) * 255) / (W + H);
      rgba[i + 3] = 255;
    }
  }
  const src: PixelView = { format: 'RGBA', data: rgba, planes: [{ offset: 0, stride: W * 4 }] };
  if (format === 'RGBA') return src;
  const { planes, size } = packedLayout(format, W, H);
  const view: PixelView = { format, data: new Uint8Array(size), planes };
  convertPixels(src, { x: 0, y: 0, width: W, height: H }, view);
  return view;
}

function conversions(runs: number): Record<string, number> {
  const out: Record<string, number> = {};
  const rect = { x: 0, y: 0, width: W, height: H };
  for (const from of PIXEL_FORMATS) {
    const src = picture(from);
    for (const to of PIXEL_FORMATS) {
      const { planes, size } = packedLayout(to, W, H);
      const dst: PixelView = { format: to, data: new Uint8Array(size), planes };
      convertPixels(src, rect, dst); // warm-up
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        convertPixels(src, rect, dst);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      out[`convert_${from}_${to}_fps`] = round(1000 / ms, 1);
      out[`convert_${from}_${to}_mbps`] = round(size / 1e6 / (ms / 1000), 0);
    }
  }
  return out;
}

async function copyToFps(runs: number): Promise<number> {
  const src = picture('I420');
  const frame = new VideoFrame(src.data, { format: 'I420', codedWidth: W, codedHeight: H, timestamp: 0 });
  const dest = new Uint8Array(W * H * 4);
  await frame.copyTo(dest, { format: 'RGBA' });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await frame.copyTo(dest, { format: 'RGBA' });
    times.push(performance.now() - t);
  }
  frame.close();
  return round(1000 / median(times), 1);
}

export async function run(): Promise<Record<string, number>> {
  const { camera, processor, leaked } = await cameraAndProcessor(7, 20);
  const realtime = await realtimeFps(2);
  return {
    camera_fps: round(camera, 1),
    processor_fps: round(processor, 1),
    processor_ratio: round(processor / camera, 3),
    processor_leaked_frames: leaked,
    realtime_fps: round(realtime, 1),
    copyTo_i420_to_rgba_fps: await copyToFps(15),
    ...conversions(9),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(JSON.stringify(await run(), null, 2) + '\n');
}
