/**
 * `frames --count N --interval 2s -o 'shot-%04d.jpg'`: a time-lapse or burst. Each frame comes
 * from grabFrame() (encoded with encodeImageBitmap) or, with --photo, from takePhoto(). Frames
 * start on a fixed schedule (frame i at start + i × interval; a late frame starts at once). Ctrl-C
 * stops after the frame being taken, reports what was written and exits with 130. A source that
 * ends (the end of a video file, a stream that closes) stops the series: what was written is
 * reported and the exit code is 0.
 */
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describeDomError, loadApi } from '../camera.js';
import { DEFAULT_TIMEOUT_MS, withTimeout } from '../timeout.js';
import { checkPhotoSettings } from '../check.js';
import { preloadSharp } from '../sharp-preload.js';
import { type Context, println } from '../context.js';
import { EXIT_INTERRUPTED, runtimeError, usageError } from '../errors.js';
import { onSoftInterrupt } from '../interrupt.js';
import { checkOutputPath, writeFileAtomic } from '../output.js';
import { Progress } from '../progress.js';
import { formatFrameName, hasFrameNumber, MIME_TYPES, resolveFormat } from '../values.js';
import { deviceSummary, imageCaptureFor, inFormat, openWithin, photoFlagsGiven, photoRequest, type ShotOptions } from './photo.js';

export interface FramesOptions extends ShotOptions {
  readonly count: number;
  /** Milliseconds between frame starts. */
  readonly interval: number;
  readonly photo?: boolean;
}

interface Written {
  path: string;
  bytes: number;
  width: number;
  height: number;
}

export async function frames(opts: FramesOptions, ctx: Context): Promise<number> {
  const { output: pattern, count, interval } = opts;
  if (pattern === '-') throw usageError('frames writes one file per frame; give -o with a %d placeholder, e.g. -o shot-%04d.jpg');
  if (count > 1 && !hasFrameNumber(pattern)) {
    throw usageError(`-o ${pattern} has no frame number; with --count ${count} use a %d placeholder, e.g. shot-%04d.jpg`);
  }
  const format = resolveFormat(pattern, opts.format);
  const first = formatFrameName(pattern, 1);
  if (!opts.photo) {
    const given = photoFlagsGiven(opts);
    if (given.length > 0) {
      throw usageError(
        `${given.join(', ')} ${given.length === 1
          ? 'applies'
          : 'apply'} to photos: add --photo, or size grabbed frames with --video-width/--video-height`,
      );
    }
  }
  await checkOutputPath(first);
  const request = photoRequest(opts);
  // The image is encoded in this process: sharp is loaded now, from the bundle where it can be.
  preloadSharp();
  const api = await loadApi();
  ctx.clock.mark('import');
  const camera = await openWithin(api, opts);
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  ctx.clock.mark('open');
  const capture = imageCaptureFor(api, camera, format, opts.quality);
  if (opts.photo) checkPhotoSettings(request, await capture.getPhotoCapabilities(), camera.label);

  const stop = new AbortController();
  const removeHandler = onSoftInterrupt(() => stop.abort());
  const progress = new Progress(ctx.io.stderr, count);
  const written: Written[] = [];
  const start = performance.now();
  // https://w3c.github.io/mediacapture-main/#track-ended: the source has no more frames.
  const sourceEnded = (): boolean => camera.track.readyState === 'ended';
  let ended = false;
  try {
    for (let i = 0; i < count && !stop.signal.aborted; i++) {
      if (sourceEnded()) {
        ended = true;
        break;
      }
      const due = start + i * interval - performance.now();
      if (due > 0) {
        try {
          await delay(due, undefined, { signal: stop.signal });
        } catch {
          break; // interrupted while waiting: nothing is being taken
        }
      }
      const name = formatFrameName(pattern, i + 1);
      let data: Uint8Array;
      let width: number;
      let height: number;
      try {
        if (opts.photo) {
          const blob = await withTimeout(capture.takePhoto(request), timeout, `frame ${i + 1}`);
          const shot = await inFormat(new Uint8Array(await blob.arrayBuffer()), format, opts.quality);
          ({ bytes: data, info: { width, height } } = shot);
        } else {
          const bitmap = await withTimeout(capture.grabFrame(), timeout, `frame ${i + 1}`);
          try {
            ({ width, height } = bitmap);
            const blob = await api.encodeImageBitmap(
              bitmap as unknown as Parameters<typeof api.encodeImageBitmap>[0],
              opts.quality === undefined ? { type: MIME_TYPES[format] } : { type: MIME_TYPES[format], quality: opts.quality },
            );
            data = new Uint8Array(await blob.arrayBuffer());
          } finally {
            bitmap.close();
          }
        }
      } catch (err) {
        // A grab that was waiting when the source ended, or that started just after.
        if (sourceEnded()) {
          ended = true;
          break;
        }
        throw runtimeError(`frame ${i + 1} failed: ${describeDomError(err)}`, err);
      }
      await writeFileAtomic(name, data);
      written.push({ path: resolve(name), bytes: data.length, width, height });
      if (!opts.json) {
        progress.clear(); // the names and the bar may share one terminal
        println(ctx.io.stdout, name);
      }
      progress.update(written.length, name);
    }
  } finally {
    removeHandler();
    progress.clear();
  }
  ctx.clock.mark('capture');
  // Read only for --json. An ended track has no photo settings to read.
  const settings = opts.json
    ? { ...camera.track.getSettings(), ...(opts.photo && !ended ? { ...(await capture.getPhotoSettings()), ...request } : {}) }
    : undefined;
  camera.stop();
  const interrupted = !ended && stop.signal.aborted && written.length < count;
  if (opts.json) {
    const summary = {
      count: written.length,
      requested: count,
      interrupted,
      sourceEnded: ended,
      mimeType: MIME_TYPES[format],
      method: opts.photo ? 'takePhoto' : 'grabFrame',
      intervalMs: interval,
      device: deviceSummary(camera),
      settings,
      milliseconds: ctx.clock.elapsed(),
      files: written,
    };
    println(ctx.io.stdout, JSON.stringify(summary, null, 2));
  }
  const range = written.length === 0 ? 'no files' : written.length === 1 ? first : `${first} … ${formatFrameName(pattern, written.length)}`;
  if (ended) {
    println(ctx.io.stderr, `imagecapture: ${camera.label} ended; wrote ${written.length} of ${count} frames (${range})`);
    return 0;
  }
  if (interrupted) {
    println(ctx.io.stderr, `imagecapture: interrupted; wrote ${written.length} of ${count} frames (${range})`);
    return EXIT_INTERRUPTED;
  }
  return 0;
}
