/**
 * Virtual camera benchmarks: render-only cost of video frames and stills (median of many runs,
 * one thread), plus a still through the source (allocation and metering included) and the cold
 * start (texture generation). Run directly to print JSON:
 *
 *   node --import tsx bench/virtual.ts
 */
import { pathToFileURL } from 'node:url';
import { ManualClock } from '../src/backends/clock.js';
import {
  CameraModel,
  PHONE_BACK,
  SCENE,
  SceneRenderer,
  stillPlan,
  videoParams,
  VirtualCameraBackend,
} from '../src/backends/virtual/index.js';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function round(n: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(n * k) / k;
}

/** Milliseconds per call of `fn`, median over `runs` after `warmup` calls. */
function time(fn: (i: number) => void, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(warmup + i);
    samples.push(performance.now() - t);
  }
  return median(samples);
}

/** Render-only time of a video frame of the phone's back camera at one size. */
function frameMs(renderer: SceneRenderer, width: number, height: number, runs: number): number {
  const model = new CameraModel(PHONE_BACK, { width, height, frameRate: 30 }, 0, () => ({ ev100: 7, kelvin: 5000 }), SCENE);
  const out = new Uint32Array(width * height);
  return time((i) => {
    const t = 1000 + (i * 1000) / 30;
    renderer.render(videoParams(model, t, i, `#${i}`), out);
  }, runs);
}

export async function run(): Promise<Record<string, number>> {
  const coldStart = performance.now();
  const renderer = new SceneRenderer(12345);
  const model0 = new CameraModel(PHONE_BACK, {}, 0, () => ({ ev100: 7, kelvin: 5000 }), SCENE);
  renderer.render(videoParams(model0, 0, 0, ''), new Uint32Array(640 * 480));
  const virtualColdFirstFrameMs = performance.now() - coldStart;

  const ms480 = frameMs(renderer, 640, 480, 200);
  const ms720 = frameMs(renderer, 1280, 720, 100);
  const ms1080 = frameMs(renderer, 1920, 1080, 60);
  const ms2160 = frameMs(renderer, 3840, 2160, 15);

  // A still at the full 12 MP, rendered into a reused buffer.
  const model = new CameraModel(PHONE_BACK, {}, 0, () => ({ ev100: 7, kelvin: 5000 }), SCENE);
  const photo = { imageWidth: 4032, imageHeight: 3024, fillLightMode: 'off', redEyeReduction: false } as const;
  const stillOut = new Uint32Array(4032 * 3024);
  const stillMs = time((i) => {
    const plan = stillPlan(model, 1000 + i * 40, photo, i, 'PHOTO', new Date(0));
    renderer.render(plan.params, stillOut);
  }, 12);
  const flashMs = time((i) => {
    const plan = stillPlan(model, 1000 + i * 40, { ...photo, fillLightMode: 'flash' }, i, 'PHOTO', new Date(0));
    renderer.render(plan.params, stillOut);
  }, 8);

  // The whole takePhoto of a source: metering, a fresh 48 MB buffer, mute/unmute.
  const clock = new ManualClock();
  const source = await new VirtualCameraBackend({ clock, seed: 12345 }).open('virtual:phone-back', {});
  const signal = new AbortController().signal;
  await source.takePhoto(photo, signal);
  const samples: number[] = [];
  for (let i = 0; i < 8; i++) {
    await clock.advance(40);
    const t = performance.now();
    await source.takePhoto(photo, signal);
    samples.push(performance.now() - t);
  }
  source.close();

  return {
    virtualColdFirstFrameMs: round(virtualColdFirstFrameMs),
    virtualFrameMs480p: round(ms480),
    virtualFrameMs720p: round(ms720),
    virtualFrameMs1080p: round(ms1080),
    virtualFps1080p: round(1000 / ms1080, 1),
    virtualFrameMs2160p: round(ms2160),
    virtualStillMs4032x3024: round(stillMs),
    virtualStillFlashMs4032x3024: round(flashMs),
    virtualTakePhotoMs4032x3024: round(median(samples)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
