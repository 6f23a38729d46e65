/**
 * `npm run soak`: a long run that shows whether anything leaks or slows down over time.
 *
 *   1. 10 000 grabFrame + ImageBitmap.close() cycles on the virtual camera, on a ManualClock (the
 *      clock is moved one frame per grab, so the run takes as long as the work, not 10 000 frame
 *      intervals), with the track's settings changed every 500 grabs;
 *   2. 1 000 takePhoto calls on the wall clock, encoded as JPEG, with the track's settings and the
 *      photo settings changing between them.
 *
 * Prints one JSON object: RSS and heap growth (measured after a warm-up and a full GC), process
 * handles open before and after, p50/p99 latency of each phase, and the p50 of the first tenth
 * against the last tenth of each phase (drift). Exits with status 1 when a target is missed:
 * RSS growth < 50 MB, heap growth < 10 MB, no handle left open, no drift (last/first ≤ 1.5).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../src/backends/clock.js';
import { VirtualCameraBackend } from '../src/backends/virtual/index.js';
import { ImageCapture } from '../src/image-capture/image-capture.js';
import { createRuntime } from '../src/media/default-runtime.js';
import type { MediaStreamTrack } from '../src/media/track.js';

const GRABS = Number(process.env.SOAK_GRABS ?? 10_000);
const PHOTOS = Number(process.env.SOAK_PHOTOS ?? 1_000);
const WARMUP_GRABS = 300;
const WARMUP_PHOTOS = 30;
const MB = 1024 * 1024;
const TARGETS = { rssGrowthMB: 50, heapGrowthMB: 10, driftRatio: 1.5 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function collect(): { rss: number; heapUsed: number; arrayBuffers: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(latencies: number[]): Record<string, number> {
  const sorted = [...latencies].sort((a, b) => a - b);
  const tenth = Math.max(1, Math.floor(latencies.length / 10));
  const head = latencies.slice(0, tenth).sort((a, b) => a - b);
  const tail = latencies.slice(-tenth).sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    count: latencies.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    firstTenthP50Ms: round(percentile(head, 50)),
    lastTenthP50Ms: round(percentile(tail, 50)),
    drift: round(percentile(tail, 50) / percentile(head, 50)),
  };
}

/** Settings the runs cycle through (track constraints), all within the phone camera's ranges. */
const TRACK_CHANGES = [
  { zoom: 2, brightness: 60 },
  { zoom: 1, exposureMode: 'manual', exposureTime: 400 },
  { exposureMode: 'continuous', whiteBalanceMode: 'manual', colorTemperature: 3200 },
  { whiteBalanceMode: 'continuous', focusMode: 'manual', focusDistance: 0.5, torch: true },
  { focusMode: 'continuous', torch: false, pointsOfInterest: [{ x: 0.3, y: 0.6 }] },
];

const PHOTO_CHANGES = [
  { imageWidth: 640, fillLightMode: 'off' as const },
  { imageWidth: 960, fillLightMode: 'flash' as const, redEyeReduction: true },
  { imageWidth: 800, fillLightMode: 'auto' as const, redEyeReduction: false },
  { imageHeight: 480 },
];

async function grabPhase(count: number, latencies: number[] | undefined): Promise<void> {
  const clock = new ManualClock();
  const backend = new VirtualCameraBackend({ clock });
  const runtime = createRuntime({ backends: [backend], audioBackends: [] });
  const track: MediaStreamTrack = (await runtime.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
  const capture = new ImageCapture(track);
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % 500 === 0) await track.applyConstraints(TRACK_CHANGES[(i / 500) % TRACK_CHANGES.length]!);
    const started = performance.now();
    const pending = capture.grabFrame();
    await clock.advance(34);
    const bitmap = await pending;
    latencies?.push(performance.now() - started);
    bitmap.close();
  }
  track.stop();
  await clock.advance(5000);
  if (clock.pending !== 0 || backend.control.sources.length !== 0) throw new Error('the grab phase left the camera open');
}

async function photoPhase(count: number, latencies: number[] | undefined): Promise<void> {
  const backend = new VirtualCameraBackend();
  const runtime = createRuntime({ backends: [backend], audioBackends: [] });
  const track: MediaStreamTrack = (await runtime.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
  const capture = new ImageCapture(track);
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) await track.applyConstraints(TRACK_CHANGES[(i / 10) % TRACK_CHANGES.length]!);
    const started = performance.now();
    const blob = await capture.takePhoto(PHOTO_CHANGES[i % PHOTO_CHANGES.length]);
    latencies?.push(performance.now() - started);
    if (blob.size === 0) throw new Error('an empty photo');
  }
  track.stop();
  if (backend.control.sources.length !== 0) throw new Error('the photo phase left the camera open');
}

const started = performance.now();
const handlesBefore = handles();
const memoryAtStart = collect();
// Warm-up: module loading, sharp, the renderer's textures and JIT settle before the baseline.
await grabPhase(WARMUP_GRABS, undefined);
await photoPhase(WARMUP_PHOTOS, undefined);
const memoryBefore = collect();

const grabLatencies: number[] = [];
const photoLatencies: number[] = [];
await grabPhase(GRABS, grabLatencies);
const memoryAfterGrabs = collect();
await photoPhase(PHOTOS, photoLatencies);
const memoryAfter = collect();
const handlesAfter = handles();

const grabs = summarize(grabLatencies);
const photos = summarize(photoLatencies);
const rssGrowthMB = (memoryAfter.rss - memoryBefore.rss) / MB;
const heapGrowthMB = (memoryAfter.heapUsed - memoryBefore.heapUsed) / MB;
const leftOpen = Object.entries(handlesAfter).filter(([k, n]) => n > (handlesBefore[k] ?? 0));
const pass = {
  rss: rssGrowthMB < TARGETS.rssGrowthMB,
  heap: heapGrowthMB < TARGETS.heapGrowthMB,
  handles: leftOpen.length === 0,
  grabDrift: grabs.drift! <= TARGETS.driftRatio,
  photoDrift: photos.drift! <= TARGETS.driftRatio,
};
const mb = (n: number): number => Math.round((n / MB) * 10) / 10;
const memory = (m: { rss: number; heapUsed: number; arrayBuffers: number }): Record<string, number> => ({
  rss: mb(m.rss),
  heapUsed: mb(m.heapUsed),
  arrayBuffers: mb(m.arrayBuffers),
});
const report = {
  node: process.version,
  grabCycles: GRABS,
  photos: PHOTOS,
  durationS: Math.round((performance.now() - started) / 100) / 10,
  memoryMB: {
    atStart: memory(memoryAtStart),
    afterWarmup: memory(memoryBefore),
    afterGrabs: memory(memoryAfterGrabs),
    atEnd: memory(memoryAfter),
  },
  rssGrowthMB: Math.round(rssGrowthMB * 10) / 10,
  heapGrowthMB: Math.round(heapGrowthMB * 100) / 100,
  handlesBefore,
  handlesAfter,
  handlesLeftOpen: Object.fromEntries(leftOpen),
  grabFrame: grabs,
  takePhoto: photos,
  targets: TARGETS,
  pass,
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
if (!Object.values(pass).every(Boolean)) process.exitCode = 1;
