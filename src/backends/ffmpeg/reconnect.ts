/**
 * Bringing a network source back after its ffmpeg ended: a bounded number of attempts, each
 * after a wait twice as long as the one before (up to a maximum). The source is muted meanwhile
 * and ends after the last attempt fails.
 */
import { DEFAULT_RECONNECT, type ReconnectPolicy } from './plan.js';

export interface ReconnectHooks {
  /** Starts ffmpeg again; resolves on its first frame. */
  readonly start: () => Promise<void>;
  /** Between attempts: no current ffmpeg, and muted. */
  readonly mute: () => void;
  /** Gives up: the source ends with this error. */
  readonly end: (error: Error) => void;
  readonly ended: () => boolean;
}

interface Attempts {
  attempts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Reconnector {
  readonly #policy: ReconnectPolicy;
  readonly #hooks: ReconnectHooks;
  /** Attempts made, and the timer of the next one, while reconnecting. */
  #state: Attempts | undefined;

  constructor(policy: ReconnectPolicy | undefined, hooks: ReconnectHooks) {
    this.#policy = policy ?? DEFAULT_RECONNECT;
    this.#hooks = hooks;
  }

  /** The stream dropped (or an attempt failed with `error`): try again later, or give up. */
  retry(error: Error | undefined): void {
    const attempts = this.#state?.attempts ?? 0;
    if (attempts >= this.#policy.attempts) {
      this.#state = undefined;
      this.#hooks.end(error ?? new Error(`the stream stopped and did not come back after ${attempts} attempts`));
      return;
    }
    this.#hooks.mute();
    const wait = Math.min(this.#policy.maxDelayMs, this.#policy.firstDelayMs * 2 ** attempts);
    const state: Attempts = { attempts: attempts + 1, timer: undefined };
    this.#state = state;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (this.#hooks.ended() || this.#state !== state) return;
      this.#hooks.start().then(
        () => {
          if (this.#state === state) this.#state = undefined;
        },
        (failure: Error) => {
          if (this.#hooks.ended() || this.#state !== state) return;
          this.retry(failure);
        },
      );
    }, wait);
  }

  /** Stops any attempt to come. */
  cancel(): void {
    if (this.#state?.timer) clearTimeout(this.#state.timer);
    this.#state = undefined;
  }
}
