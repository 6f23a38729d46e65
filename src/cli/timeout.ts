/**
 * `--timeout` and `--warmup` for the commands that open a camera: how long opening and each capture
 * may take (the ffmpeg backend's first-frame limit follows it), and how many warm-up frames a real
 * camera drops after opening.
 */
import { runtimeError, usageError } from './errors.js';
import { parseInterval } from './values.js';
import type { Api } from './camera.js';

/** Default `--timeout`: 15 s, the limit opening had before the flag existed. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** `--timeout`: a duration (500ms, 20s, 1m) greater than zero. */
export function parseTimeout(text: string): number {
  let ms: number;
  try {
    ms = parseInterval(text);
  } catch {
    throw usageError(`--timeout ${text} is not a duration; write e.g. 500ms, 20s or 1m (a bare number is seconds)`);
  }
  if (ms <= 0) throw usageError(`--timeout ${text} must be longer than 0`);
  return ms;
}

/** `--warmup`: a whole number of frames from 0 to 1000. */
export function parseWarmup(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > 1000) {
    throw usageError(`--warmup ${text} must be a whole number of frames from 0 to 1000`);
  }
  return n;
}

/** Passes the limits to the runtime's ffmpeg backends (sources opened from now on). */
export function configureOpening(api: Api, timeoutMs: number, warmupFrames: number | undefined): void {
  for (const backend of api.runtime.backends) {
    if (backend instanceof api.FfmpegBackend) {
      backend.setOpenOptions({ startTimeoutMs: timeoutMs, ...(warmupFrames === undefined ? {} : { warmupFrames }) });
    }
  }
}

/** Resolves like `promise`, or fails with a runtime error saying what did not finish in time. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(runtimeError(`${what} did not finish within ${formatMs(ms)} (--timeout)`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
