/**
 * Time for camera sources. Sources pace frames and model motion (zoom travel, auto-exposure
 * convergence) against a Clock, so tests can drive time by hand instead of sleeping.
 */
import { abortError } from '../spec/errors.js';

export interface Clock {
  /** Milliseconds, monotonic, from an arbitrary origin. */
  now(): number;
  /**
   * Resolves once `now()` has reached `time`. Rejects with `signal.reason` when the signal aborts,
   * and then leaves no timer behind.
   */
  sleepUntil(time: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? abortError('The operation was aborted.');
}

/** Wall-clock time (performance.now) with setTimeout; the default for every source. */
export class RealClock implements Clock {
  now(): number {
    return performance.now();
  }

  sleepUntil(time: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const delay = time - this.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.ceil(delay));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** How far past the target ManualClock.advance still wakes a sleeper (float rounding only). */
const ROUNDING_MS = 1e-6;

interface Sleeper {
  time: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` wakes every sleeper whose time has come,
 * in time order, letting promise chains run between wake-ups.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleepers are waiting (useful to assert that nothing is left behind). */
  get pending(): number {
    return this.#sleepers.length;
  }

  sleepUntil(time: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (time <= this.#now) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        time,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#sleepers.sort((a, b) => a.time - b.time || a.seq - b.seq);
    });
  }

  /**
   * Moves time forward by `ms`, waking sleepers in order; settles once every woken chain has run.
   * A sleeper due within a nanosecond of the target wakes too, so stepping by 1000/fps reaches a
   * frame time computed another way despite floating-point rounding.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms) + ROUNDING_MS;
    for (let guard = 0; guard < 1_000_000; guard++) {
      await flushMicrotasks();
      const next = this.#sleepers[0];
      if (!next || next.time > target) break;
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, next.time);
      next.resolve();
    }
    this.#now = Math.max(this.#now, target - ROUNDING_MS);
    await flushMicrotasks();
  }
}

/** Lets queued promise reactions (and the chains they start) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
