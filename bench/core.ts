/**
 * Core runtime figures: takePhoto at 4032x3024 JPEG against sharp encoding an equal raw buffer,
 * grabFrame latency against the frame interval, and memory over 10 000 grabFrame+close cycles.
 */
import sharp from 'sharp';
import { ManualClock } from '../src/backends/clock.js';
import { VirtualCameraBackend } from '../src/backends/virtual/index.js';
import { ImageCapture } from '../src/image-capture/image-capture.js';
import { createRuntime } from '../src/media/default-runtime.js';
import { median, quantile, round } from './stats.js';

async function photoVersusSharp(): Promise<Record<string, number>> {
  const runtime = createRuntime();
  const stream = await runtime.mediaDevices.getUserMedia({ video: { deviceId: 'virtual:phone-back' } });
  const track = stream.getVideoTracks()[0]!;
  const capture = new ImageCapture(track);
  const settings = { imageWidth: 4032, imageHeight: 3024 };
  const first = await capture.takePhoto(settings); // warm-up (textures, encoder)
  const raw = await sharp(Buffer.from(await first.arrayBuffer())).ensureAlpha().raw().toBuffer();
  const photo: number[] = [];
  const encode: number[] = [];
  const encodeSame: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    await capture.takePhoto(settings);
    photo.push(performance.now() - t);
    t = performance.now();
    await sharp(raw, { raw: { width: 4032, height: 3024, channels: 4 } }).jpeg({ quality: 92 }).toBuffer();
    encode.push(performance.now() - t);
    t = performance.now();
    await sharp(raw, { raw: { width: 4032, height: 3024, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: 92, progressive: false, chromaSubsampling: '4:2:0', optimiseCoding: false, mozjpeg: false })
      .toBuffer();
    encodeSame.push(performance.now() - t);
  }
  track.stop();
  return {
    takePhoto4032x3024Ms: round(median(photo), 1),
    sharpJpeg4032x3024Ms: round(median(encode), 1),
    takePhotoVsSharpRatio: round(median(photo) / median(encode), 2),
    /** The same JPEG options takePhoto uses (no Huffman optimisation): render + EXIF is the difference. */
    sharpJpegSameOptions4032x3024Ms: round(median(encodeSame), 1),
    takePhotoVsSharpSameOptionsRatio: round(median(photo) / median(encodeSame), 2),
  };
}

async function grabLatency(): Promise<Record<string, number>> {
  const runtime = createRuntime();
  const stream = await runtime.mediaDevices.getUserMedia(
    { video: { deviceId: 'virtual:phone-back', width: 1280, height: 720, frameRate: 30 } },
  );
  const track = stream.getVideoTracks()[0]!;
  const capture = new ImageCapture(track);
  const interval = 1000 / (track.getSettings().frameRate ?? 30);
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    // Calls land at any point of the frame period, as a UI handler's would (not right after a frame).
    await new Promise((r) => setTimeout(r, Math.random() * interval));
    const t = performance.now();
    const bitmap = await capture.grabFrame();
    times.push(performance.now() - t);
    bitmap.close();
  }
  track.stop();
  return {
    grabFrameIntervalMs: round(interval, 1),
    grabFrameMedianMs: round(median(times), 1),
    grabFrameP95Ms: round(quantile(times, 0.95), 1),
    grabFrameMaxMs: round(Math.max(...times), 1),
    grabFrameWithinIntervalShare: round(times.filter((t) => t <= interval).length / times.length, 3),
    grabFrameWithinIntervalPlus2msShare: round(times.filter((t) => t <= interval + 2).length / times.length, 3),
  };
}

async function grabMemory(cycles = 10_000): Promise<Record<string, number>> {
  const clock = new ManualClock();
  const runtime = createRuntime({ backends: [new VirtualCameraBackend({ clock })] });
  const stream = await runtime.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 } });
  const track = stream.getVideoTracks()[0]!;
  const capture = new ImageCapture(track);
  const gc = (globalThis as { gc?: () => void }).gc;
  const grabOnce = async (): Promise<void> => {
    const pending = capture.grabFrame();
    await clock.advance(1000 / 30);
    (await pending).close();
  };
  for (let i = 0; i < 100; i++) await grabOnce();
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  for (let i = 0; i < cycles; i++) await grabOnce();
  const elapsed = performance.now() - t;
  gc?.();
  const rss1 = process.memoryUsage().rss;
  const heap1 = process.memoryUsage().heapUsed;
  track.stop();
  return {
    grabCloseCycles: cycles,
    grabCloseRssGrowthMB: round((rss1 - rss0) / 2 ** 20, 1),
    grabCloseHeapGrowthMB: round((heap1 - heap0) / 2 ** 20, 1),
    grabCloseCyclesPerSecond: round(cycles / (elapsed / 1000), 0),
  };
}

export async function run(): Promise<Record<string, number>> {
  return { ...(await photoVersusSharp()), ...(await grabLatency()), ...(await grabMemory()) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  console.log(JSON.stringify(await run(), null, 2));
}
