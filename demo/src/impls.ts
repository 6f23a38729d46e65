/**
 * The two implementations the page can drive: "ours" (the imagecapture ponyfill, loaded from the
 * package's browser build, which never touches globals) and "native" (the browser's own
 * ImageCapture, where there is one: Chromium).
 */
import type { PhotoCapabilities, PhotoSettings } from '../../src/spec/types.js';

export type ImplName = 'ours' | 'native';

/** What the page uses of an ImageCapture (https://w3c.github.io/mediacapture-image/#imagecapture). */
export interface Capture {
  readonly track: MediaStreamTrack;
  takePhoto(settings?: PhotoSettings): Promise<Blob>;
  getPhotoCapabilities(): Promise<PhotoCapabilities>;
  getPhotoSettings(): Promise<PhotoSettings>;
  grabFrame(): Promise<ImageBitmap>;
}

export type CaptureConstructor = new (track: MediaStreamTrack) => Capture;

export const IMPL_LABELS: Record<ImplName, string> = { ours: 'imagecapture', native: 'native' };

export interface Implementations {
  ours: CaptureConstructor;
  native?: CaptureConstructor;
}

/** Where the ponyfill lives, next to the page (`imagecapture demo` serves dist/browser/ there). */
const PONYFILL_URL = 'browser/index.js';

/** The package's browser testing build: the virtual camera inside the page. */
const TESTING_URL = 'browser/testing.js';

/** Whether the page was asked to use the virtual camera (`?camera=virtual`). */
export function wantsVirtualCamera(): boolean {
  return new URLSearchParams(location.search).get('camera') === 'virtual';
}

export async function loadImplementations(): Promise<Implementations> {
  const native = (globalThis as { ImageCapture?: unknown }).ImageCapture;
  if (wantsVirtualCamera()) {
    // The virtual cameras come first in the camera list; their ImageCapture is the testing
    // build's, which reads photos from the virtual camera (the engine's own cannot).
    const testing = (await import(new URL(TESTING_URL, document.baseURI).href)) as {
      ImageCapture: CaptureConstructor;
      ImageCaptureVirtualCamera: { install(options?: object): Promise<void> };
    };
    await testing.ImageCaptureVirtualCamera.install();
    return { ours: testing.ImageCapture };
  }
  const url = new URL(PONYFILL_URL, document.baseURI).href;
  const module = (await import(url)) as { ImageCapture: CaptureConstructor };
  return {
    ours: module.ImageCapture,
    ...(typeof native === 'function' && native !== module.ImageCapture ? { native: native as CaptureConstructor } : {}),
  };
}

/** One ImageCapture per implementation over the same track. */
export function capturesFor(track: MediaStreamTrack, impls: Implementations): Partial<Record<ImplName, Capture>> {
  const captures: Partial<Record<ImplName, Capture>> = { ours: new impls.ours(track) };
  if (impls.native) captures.native = new impls.native(track);
  return captures;
}
