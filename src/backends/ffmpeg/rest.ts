/**
 * Frames on demand for a decoded source whose ffmpeg keeps only its latest frame in a file
 * (latest-frame.ts). Writing every raw frame costs ffmpeg more than decoding it (3 MB a frame
 * at 1080p, a new in-memory file each time), so while nobody reads the source ffmpeg's frame
 * output is cropped to 2x2 pixels (6 bytes a frame): it still decodes and counts every frame,
 * but copies and writes next to nothing. A read wakes it; it rests again once nobody has read
 * for REST_AFTER_MS.
 *
 * The crop is a named filter that ffmpeg changes at run time: ffmpeg reads the command from its
 * standard input (the key `c`, then `<target> <time> <command> <argument>` on one line) when it
 * looks at its keyboard, about every 100 ms. A wake therefore takes up to that poll plus one
 * frame. The crop's height follows its width (`h` is an expression of `ow`), so a single command
 * switches both.
 *
 * Inputs that are not I420 are converted before the crop, at full size even at rest: ffmpeg 5.1
 * stops delivering frames when a converter placed after the crop sees the crop's size change.
 * Files and streams in H.264 and most other codecs decode to I420 already (no conversion).
 */
import type { Clock } from '../clock.js';

/** Milliseconds without a read after which a decoded source rests (also counted from its start). */
export const REST_AFTER_MS = 2000;

/** The width and height of a frame at rest. */
export const REST_SIZE = 2;

/** How a reader rests: the clock its idle time is measured on, and that time. */
export interface RestOptions {
  readonly clock: Clock;
  readonly afterMs: number;
}

/**
 * How sources of a backend rest, from its `restAfterMs` option (default REST_AFTER_MS; Infinity:
 * never); undefined when they never rest. Throws RangeError for anything but a number of
 * milliseconds, 0 or more.
 */
export function restOptions(clock: Clock, afterMs: number = REST_AFTER_MS): RestOptions | undefined {
  if (typeof afterMs !== 'number' || Number.isNaN(afterMs) || afterMs < 0) {
    throw new RangeError(`restAfterMs must be a number of milliseconds, 0 or more (Infinity: sources never rest); got ${String(afterMs)}`);
  }
  return afterMs === Infinity ? undefined : { clock, afterMs };
}

const TARGET = 'crop@rest';

/**
 * The filters that convert to I420 and crop frames at rest; the crop starts awake (full frames:
 * the first frame tells a source works). `exact=1` keeps odd sizes whole, which crop would
 * otherwise round for 4:2:0.
 */
export const REST_FILTER = `format=yuv420p,${TARGET}=w=iw:h='if(eq(ow\\,iw)\\,ih\\,${REST_SIZE})':x=0:y=0:exact=1`;

/** What ffmpeg is sent on its standard input to rest, or to wake. */
export const REST_COMMAND = `c${TARGET} -1 w ${REST_SIZE}\n`;
export const WAKE_COMMAND = `c${TARGET} -1 w iw\n`;

/**
 * Decides when one ffmpeg child rests and wakes: it rests `afterMs` after it starts and after
 * the last demand ends, and wakes as soon as there is demand. `send` writes a command to the
 * child's standard input. Demand comes and goes with every read, so it only notes the time; one
 * timer at a time looks at that time when it is due, and waits again if a read came since.
 */
export class FrameRest {
  readonly #send: (command: string) => void;
  readonly #options: RestOptions;
  /** Aborts the pending timer, once, on close. */
  readonly #stop = new AbortController();
  #resting = false;
  #demand = false;
  /** When the last demand ended (or the child started), on the options' clock. */
  #idleSince: number;
  #timing = false;

  constructor(send: (command: string) => void, options: RestOptions) {
    this.#send = send;
    this.#options = options;
    this.#idleSince = options.clock.now();
    this.#arm();
  }

  /** True while ffmpeg has been told to write tiny frames (and not told to wake since). */
  get resting(): boolean {
    return this.#resting;
  }

  /** Someone wants frames (true), or no longer does (false: the idle time starts now). */
  demand(on: boolean): void {
    if (this.#stop.signal.aborted || on === this.#demand) return;
    this.#demand = on;
    if (on) {
      if (this.#resting) {
        this.#resting = false;
        this.#send(WAKE_COMMAND);
      }
    } else {
      this.#idleSince = this.#options.clock.now();
      if (!this.#timing) this.#arm();
    }
  }

  /** Stops the idle timer for good (the child is stopping or gone). */
  close(): void {
    this.#stop.abort();
  }

  #arm(): void {
    const { clock, afterMs } = this.#options;
    this.#timing = true;
    clock.sleepUntil(this.#idleSince + afterMs, this.#stop.signal).then(
      () => {
        this.#timing = false;
        if (this.#stop.signal.aborted || this.#demand || this.#resting) return;
        // A read came and went while this timer waited: the idle time counts from its end.
        if (clock.now() < this.#idleSince + afterMs) return this.#arm();
        this.#resting = true;
        this.#send(REST_COMMAND);
      },
      () => {},
    );
  }
}
