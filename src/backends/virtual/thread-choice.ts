/**
 * When a video frame is worth sending to the render threads. Cutting a frame into bands costs CPU
 * (each band rebuilds the frame's palettes and row noise, messages go back and forth), so a frame
 * that one thread paints with time to spare before the next one is due stays on the calling
 * thread; frames go to the threads once one thread alone would fall behind. Decided from the
 * measured painting time against the frame interval, so the same size can go either way on a
 * fast or a slow (or busy) machine.
 */

/**
 * Frames go to the render threads once one thread needs more than this share of the interval,
 * less SCHEDULING_MS: a frame is painted ahead by its recent painting time, so one thread keeps
 * up below the whole interval; the rest is headroom for frames slower than the last ones.
 */
export const POOL_SHARE = 0.75;
/** …and come back below this share, less SCHEDULING_MS (the gap keeps the choice from flapping). */
export const SOLO_SHARE = 0.5;
/**
 * How long a busy machine's scheduler may hold a thread up, ms: the same at any frame rate, so a
 * short interval keeps a larger part of it free (at 60 frames/s, frames go to the threads above
 * 6.5 ms; at 30 frames/s, above 19 ms).
 */
export const SCHEDULING_MS = 6;

/** Painting time on one thread (ms) above which frames at this rate go to the render threads. */
export function poolAbove(frameRate: number): number {
  return (1000 / frameRate) * POOL_SHARE - SCHEDULING_MS;
}

/** Painting time on one thread (ms) below which frames at this rate come back from the threads. */
export function soloBelow(frameRate: number): number {
  return (1000 / frameRate) * SOLO_SHARE - SCHEDULING_MS;
}

/**
 * Whether the next frame goes to the render threads, given where the last one went (`pooled`),
 * the recent painting time of a frame on the calling thread alone (`soloMs`; 0 before any
 * measure) and the frame rate.
 */
export function poolFrames(pooled: boolean, soloMs: number, frameRate: number): boolean {
  if (!(soloMs > 0) || !(frameRate > 0)) return pooled;
  return pooled ? soloMs >= soloBelow(frameRate) : soloMs > poolAbove(frameRate);
}

/**
 * Whether painting one frame on the calling thread, to measure it again, is worth trying while
 * frames go to the threads: only when the threads' painting times added up (`pooledMs`, which
 * overstate one thread's time, at most about twice on a busy machine) leave room for one thread
 * to keep up. A 4K frame that one thread paints in several frame intervals is never tried, so
 * it never costs the frames it would hold up.
 */
export function probeWorthwhile(pooledMs: number, frameRate: number): boolean {
  if (!(pooledMs > 0) || !(frameRate > 0)) return false;
  return pooledMs < poolAbove(frameRate) * 2;
}

/** Painting times on the calling thread the measure is the median of… */
const SOLO_SAMPLES = 5;
/** …once there are this many. */
const MIN_SAMPLES = 3;

/** While video frames go to the render threads, one in this many may be painted on the calling thread. */
const PROBE_EVERY = 30;

/** Where one camera's video frames are painted, from what its frames took. */
export class ThreadChoice {
  /** Frames go to the render threads. */
  #pooled = false;
  /** Recent painting time of a frame on the calling thread alone, ms (0 before any measure). */
  #soloMs = 0;
  /** Recent painting time of a frame on the threads, their bands' times added up, ms. */
  #pooledMs = 0;
  /** The frame the choice was made for, and the choice. */
  #index = -1;
  #choice = false;
  /** Frames sent to the threads since the last one painted on the calling thread. */
  #sinceProbe = 0;
  /** The latest painting times on the calling thread, ms (at most SOLO_SAMPLES). */
  readonly #samples: number[] = [];

  /**
   * Whether frame k goes to the render threads, decided once per frame. While frames go there,
   * one in PROBE_EVERY is painted on the calling thread instead, to measure whether one thread
   * keeps up again, when the threads' added-up time says it might.
   */
  forFrame(k: number, frameRate: number): boolean {
    if (k === this.#index) return this.#choice;
    this.#pooled = poolFrames(this.#pooled, this.#soloMs, frameRate);
    this.#index = k;
    const probe = this.#pooled && ++this.#sinceProbe % PROBE_EVERY === 0 && probeWorthwhile(this.#pooledMs, frameRate);
    this.#choice = this.#pooled && !probe;
    return this.#choice;
  }

  /**
   * A frame painted on the calling thread took `ms`. The measure is the median of the last
   * SOLO_SAMPLES, and none is given before MIN_SAMPLES: one frame the scheduler held up (on a busy
   * machine a 10 ms frame now and then takes 100 ms of wall time), or painted before the code was
   * optimised, does not send frames to the threads; frames that stay slow do. One painted here
   * while the others go to the threads is a fresh measure on its own, and the samples start
   * again from it.
   */
  paintedHere(ms: number): void {
    const samples = this.#samples;
    if (this.#pooled) {
      samples.length = 0;
      samples.push(ms);
      this.#soloMs = ms;
      return;
    }
    samples.push(ms);
    if (samples.length > SOLO_SAMPLES) samples.shift();
    if (samples.length < MIN_SAMPLES) {
      this.#soloMs = 0;
      return;
    }
    const sorted = [...samples].sort((x, y) => x - y);
    this.#soloMs = sorted[(sorted.length - 1) >> 1]!;
  }

  /** A frame painted on the render threads took `ms`, their bands' times added up. */
  paintedThere(ms: number): void {
    this.#pooledMs = this.#pooledMs === 0 ? ms : this.#pooledMs * 0.8 + ms * 0.2;
  }
}
