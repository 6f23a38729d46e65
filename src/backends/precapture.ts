/**
 * The pre-capture step of takePhoto (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto
 * step 2.1 leaves how a still is made to the user agent): before the still, wait until the camera
 * has settled — lens moves arrived, automatics converged, warm-up frames dropped — as a phone's
 * camera does before it fires. A camera that never settles (a stuck lens, an automatic hunting in
 * flickering light) still gives its photo once PRECAPTURE_LIMIT_MS of the source's clock have
 * passed.
 */
import type { CameraSource } from './backend.js';

/** The longest takePhoto waits for the camera to settle, in milliseconds of the source's clock. */
export const PRECAPTURE_LIMIT_MS = 3000;

/**
 * Runs the source's pre-capture step, bounded by `limitMs`. Resolves when the source has settled
 * or the limit has passed; rejects only with `signal`'s reason when the caller gives up.
 */
export async function precapture(source: CameraSource, signal: AbortSignal, limitMs = PRECAPTURE_LIMIT_MS): Promise<void> {
  if (!source.prepareStill) return;
  if (signal.aborted) throw signal.reason;
  const stop = new AbortController();
  const forward = (): void => stop.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const clock = source.clock;
  const limit = clock.sleepUntil(clock.now() + limitMs, stop.signal).then(
    () => 'limit' as const,
    () => 'stopped' as const,
  );
  const ready = source.prepareStill(stop.signal).then(
    () => 'ready' as const,
    (error: unknown) => (stop.signal.aborted ? ('stopped' as const) : Promise.reject(error)),
  );
  try {
    await Promise.race([ready, limit]);
  } catch {
    // A pre-capture step that fails does not stop the photo: the still is taken as things are.
  } finally {
    signal.removeEventListener('abort', forward);
    stop.abort(new Error('pre-capture finished'));
    await Promise.allSettled([ready, limit]);
  }
  if (signal.aborted) throw signal.reason;
}
