/**
 * Page side of bench/browser.ts (loaded through BrowserSession.runModule): grabFrame and takePhoto
 * timings of each implementation over one camera track, interleaved so every implementation sees
 * the same frames and the same load.
 */
import { ctorOf, openCamera, stopAll } from './util.js';

export interface BenchEnv {
  /** "native" (the browser's, kept by the page before the bundle ran) or "ponyfill". */
  impls: ('native' | 'ponyfill')[];
  grabs: number;
  photos: number;
  /** Spaced grabs wait a pseudo-random minPauseMs..maxPauseMs between calls, as an app's timer does. */
  minPauseMs: number;
  maxPauseMs: number;
}

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function timeGrab(capture: ImageCapture): Promise<number> {
  const start = performance.now();
  const bitmap = await capture.grabFrame();
  const ms = performance.now() - start;
  bitmap.close();
  return ms;
}

export async function run(env: BenchEnv): Promise<Record<string, unknown>> {
  try {
    const track = await openCamera();
    const { width, height, frameRate } = track.getSettings();
    const captures = env.impls.map((impl) => ({ impl, capture: new (ctorOf(impl))(track) }));
    const spaced = new Map<string, number[]>(env.impls.map((i) => [i, []]));
    const loop = new Map<string, number[]>(env.impls.map((i) => [i, []]));
    const photo = new Map<string, number[]>(env.impls.map((i) => [i, []]));
    const photoSize: Record<string, unknown> = {};
    for (const { capture } of captures) (await capture.grabFrame()).close(); // warm up
    // A fixed linear congruential sequence: the same pauses on every run.
    let seed = 12345;
    const nextPause = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return env.minPauseMs + (seed / 2147483648) * (env.maxPauseMs - env.minPauseMs);
    };
    for (let i = 0; i < env.grabs; i++) {
      for (const { impl, capture } of captures) {
        await pause(nextPause());
        spaced.get(impl)!.push(await timeGrab(capture));
      }
    }
    for (const { impl, capture } of captures) {
      for (let i = 0; i < env.grabs; i++) loop.get(impl)!.push(await timeGrab(capture));
    }
    for (let i = 0; i < env.photos; i++) {
      for (const { impl, capture } of captures) {
        const start = performance.now();
        const blob = await capture.takePhoto({ imageWidth: 1920, imageHeight: 1080 });
        photo.get(impl)!.push(performance.now() - start);
        if (i === 0) {
          const bitmap = await createImageBitmap(blob);
          photoSize[impl] = { type: blob.type, width: bitmap.width, height: bitmap.height, bytes: blob.size };
          bitmap.close();
        }
      }
    }
    const by = (m: Map<string, number[]>): Record<string, Stats> => Object.fromEntries([...m].map(([k, v]) => [k, stats(v)]));
    return {
      stream: { width, height, frameRate },
      grabFrameSpaced: by(spaced),
      grabFrameBackToBack: by(loop),
      takePhoto1920x1080: by(photo),
      photo: photoSize,
    };
  } finally {
    stopAll();
  }
}
