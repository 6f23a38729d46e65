/** How a virtual camera source waits: its state changes and its lifetime signal. */

export interface Linked {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Resolves on the next call of one of `wakers` (a mute or stall change); rejects with the
 * signal's reason on abort.
 */
export function nextWake(wakers: Set<() => void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const wake = (): void => {
      wakers.delete(wake);
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      wakers.delete(wake);
      reject(signal.reason);
    };
    wakers.add(wake);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal that aborts with the caller's reason, or with the source's when it closes (`life`). */
export function linkSignals(life: AbortSignal, signal?: AbortSignal): Linked {
  const c = new AbortController();
  const fromCaller = (): void => c.abort(signal!.reason);
  const fromLife = (): void => c.abort(life.reason);
  if (life.aborted) c.abort(life.reason);
  else if (signal?.aborted) c.abort(signal.reason);
  else {
    signal?.addEventListener('abort', fromCaller, { once: true });
    life.addEventListener('abort', fromLife, { once: true });
  }
  return {
    signal: c.signal,
    dispose: () => {
      signal?.removeEventListener('abort', fromCaller);
      life.removeEventListener('abort', fromLife);
    },
  };
}
