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
  readonly #onChange: ((size: number) => void) | undefined;

  /** `onChange` hears the number of waiters after each change. */
  constructor(onChange?: (size: number) => void) {
    this.#onChange = onChange;
  }

  add(waiter: Waiter, signal: AbortSignal): void {
    const onAbort = (): void => {
      if (!this.#entries.delete(waiter)) return;
      this.#onChange?.(this.#entries.size);
      waiter.reject(signal.reason ?? abortError('The operation was aborted.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.#entries.set(waiter, () => signal.removeEventListener('abort', onAbort));
    this.#onChange?.(this.#entries.size);
  }

  has(kind: Waiter['kind']): boolean {
    for (const w of this.#entries.keys()) if (w.kind === kind) return true;
    return false;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Removes and returns the waiters of one kind, oldest first. */
  take<K extends Waiter['kind']>(kind: K): Array<OfKind<K>> {
    const out: Array<OfKind<K>> = [];
    for (const [w, detach] of this.#entries) {
      if (w.kind !== kind) continue;
      detach();
      this.#entries.delete(w);
      out.push(w as OfKind<K>);
    }
    if (out.length > 0) this.#onChange?.(this.#entries.size);
    return out;
  }

  rejectAll(reason: () => unknown): void {
    const all = [...this.#entries];
    this.#entries.clear();
    if (all.length > 0) this.#onChange?.(0);
    for (const [w, detach] of all) {
      detach();
      w.reject(reason());
    }
  }
}
