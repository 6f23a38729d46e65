/** Page-side helpers for the browser cases: implementations, cameras that are always stopped, settled results, timing. */

export type Impl = 'polyfill' | 'ponyfill' | 'native';
export type Ctor = new (track: MediaStreamTrack) => ImageCapture;

export interface InstallResult {
  global: string;
  filled: string[];
}
interface PageGlobals {
  __native?: Ctor;
  imagecapture?: { ImageCapture: Ctor; installed: InstallResult; install(scope: object): InstallResult };
}
export const page = globalThis as unknown as PageGlobals;

export function ctorOf(impl: Impl): Ctor {
  const ctor = impl === 'native' ? page.__native : impl === 'ponyfill' ? page.imagecapture?.ImageCapture : globalThis.ImageCapture;
  if (typeof ctor !== 'function') throw new Error(`no ${impl} ImageCapture in this page`);
  return ctor;
}

export async function decode(blob: Blob): Promise<{ type: string; bytes: number; width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const out = { type: blob.type, bytes: blob.size, width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return out;
}

export function sizeOf(track: MediaStreamTrack): { width?: number; height?: number } {
  const { width, height } = track.getSettings();
  return { width, height };
}

export async function grabSize(capture: ImageCapture): Promise<{ width: number; height: number }> {
  const bitmap = await capture.grabFrame();
  const out = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return out;
}

/** The first camera whose capabilities pass `has`, opened (undefined when there is none). */
export async function cameraWith(
  has: (capabilities: Record<string, unknown>) => boolean,
): Promise<{ track: MediaStreamTrack; label: string } | undefined> {
  // Device ids are only listed once the page has camera access.
  (await openCamera()).stop();
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const device of devices.filter((d) => d.kind === 'videoinput')) {
    const track = await openCamera({ deviceId: { exact: device.deviceId } });
    if (has(track.getCapabilities() as Record<string, unknown>)) return { track, label: device.label };
    track.stop();
  }
  return undefined;
}

export type Case = (impl: Impl, arg: Record<string, unknown>) => Promise<unknown>;

export interface ErrorInfo {
  /** `undefined` when the promise rejected with no value (Chromium's grabFrame). */
  name: string;
  message: string;
  domException: boolean;
  typeError: boolean;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function describeError(err: unknown): ErrorInfo {
  if (err === undefined || err === null || typeof err !== 'object') {
    return { name: String(err), message: '', domException: false, typeError: false };
  }
  const e = err as { name?: unknown; message?: unknown };
  return {
    name: String(e.name),
    message: String(e.message ?? ''),
    domException: err instanceof DOMException,
    typeError: err instanceof TypeError,
  };
}

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await f();
  return { value, ms: performance.now() - start };
}

const open = new Set<MediaStreamTrack>();

/** Makes `track` one the case stops when it ends. */
export function own(track: MediaStreamTrack): MediaStreamTrack {
  open.add(track);
  return track;
}

export async function openCamera(constraints: MediaTrackConstraints | true = true): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: constraints });
  const track = stream.getVideoTracks()[0]!;
  open.add(track);
  return track;
}

export async function openMicrophone(): Promise<MediaStreamTrack | undefined> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0];
    if (track) open.add(track);
    return track;
  } catch {
    return undefined;
  }
}

/** Stops every track a case opened (and any it handed to code under test). */
export function stopAll(): void {
  for (const track of open) track.stop();
  open.clear();
}
