/**
 * Calls waiting for the next frame (nextFrame) or the next full frame (takePhoto). Each is
 * tied to its AbortSignal: aborting rejects it at once with the signal's reason and removes it,
 * and a waiter that is settled any other way removes its abort listener.
 */
import { abortError } from '../../spec/errors.js';
import type { RawFrame, Still } from '../backend.js';

export interface FrameWaiter {
  readonly kind: 'frame';
  readonly out: Uint8Array | undefined;
  /** The caller accepts a buffer lent from the source's pool (RawFrame.release). */
  readonly lend: boolean;
  readonly resolve: (frame: RawFrame) => void;
  readonly reject: (reason: unknown) => void;
}

export interface PhotoWaiter {
  readonly kind: 'photo';
  readonly width: number;
  readonly height: number;
  readonly resolve: (still: Still) => void;
  readonly reject: (reason: unknown) => void;
}

type Waiter = FrameWaiter | PhotoWaiter;
type OfKind<K extends Waiter['kind']> = Extract<Waiter, { kind: K }>;

export class Waiters {
  readonly #entries = new Map<Waiter, () => void>();
  /** Waiters held for a frame being decoded: still abortable, no longer waiting for a frame. */
  readonly #held = new Set<Waiter>();
  readonly #onChange: ((size: number) => void) | undefined;

  /** `onChange` hears the number of waiters after each change. */
  constructor(onChange?: (size: number) => void) {
    this.#onChange = onChange;
  }

  add(waiter: Waiter, signal: AbortSignal): void {
    const onAbort = (): void => {
      if (!this.#entries.delete(waiter)) return;
      if (!this.#held.delete(waiter)) this.#onChange?.(this.size);
      waiter.reject(signal.reason ?? abortError('The operation was aborted.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.#entries.set(waiter, () => signal.removeEventListener('abort', onAbort));
    this.#onChange?.(this.size);
  }

  has(kind: Waiter['kind']): boolean {
    for (const w of this.#entries.keys()) if (w.kind === kind && !this.#held.has(w)) return true;
    return false;
  }

  /** Waiters still waiting for a frame (not held). */
  get size(): number {
    return this.#entries.size - this.#held.size;
  }

  /**
   * Holds the waiters of one kind, oldest first, for a frame that is on its way: they wait for
   * no other frame, an abort still rejects them, and release() tells whether one may be settled.
   */
  hold<K extends Waiter['kind']>(kind: K): Array<OfKind<K>> {
    const out: Array<OfKind<K>> = [];
    for (const w of this.#entries.keys()) {
      if (w.kind !== kind || this.#held.has(w)) continue;
      this.#held.add(w);
      out.push(w as OfKind<K>);
    }
    if (out.length > 0) this.#onChange?.(this.size);
    return out;
  }

  /** Holds one waiter just added (see hold()). */
  holdOne(waiter: Waiter): void {
    if (!this.#entries.has(waiter) || this.#held.has(waiter)) return;
    this.#held.add(waiter);
    this.#onChange?.(this.size);
  }

  /** Removes a held waiter; false when it was already settled (aborted, or rejected by rejectAll). */
  release(waiter: Waiter): boolean {
    const detach = this.#entries.get(waiter);
    if (!detach) return false;
    detach();
    this.#entries.delete(waiter);
    this.#held.delete(waiter);
    return true;
  }

  /** Removes and returns the waiters of one kind, oldest first. */
  take<K extends Waiter['kind']>(kind: K): Array<OfKind<K>> {
    const out: Array<OfKind<K>> = [];
    for (const [w, detach] of this.#entries) {
      if (w.kind !== kind || this.#held.has(w)) continue;
      detach();
      this.#entries.delete(w);
      out.push(w as OfKind<K>);
    }
    if (out.length > 0) this.#onChange?.(this.size);
    return out;
  }

  rejectAll(reason: () => unknown): void {
    const all = [...this.#entries];
    const waiting = this.size;
    this.#entries.clear();
    this.#held.clear();
    if (waiting > 0) this.#onChange?.(0);
    for (const [w, detach] of all) {
      detach();
      w.reject(reason());
    }
  }
}
