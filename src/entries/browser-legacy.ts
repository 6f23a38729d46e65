/**
 * `imagecapture/legacy` in browsers (the "browser" export condition): the 2013 event-based
 * ImageCapture over today's API as the page has it. Each legacy ImageCapture works over the
 * page's own ImageCapture when it is today's API (native, or installed by `imagecapture/polyfill`),
 * and over this package's ponyfill otherwise (no ImageCapture, only the 2013 one of Firefox's
 * `dom.imagecapture.enabled`, or one without grabFrame). The choice is made per construction, so
 * a polyfill loaded later is used. getFrame() delivers the browser's own ImageData, read through
 * an OffscreenCanvas (or a detached canvas). No global is touched.
 */
import { isNativeTrack } from '../backends/browser/target.js';
import { setLegacyPlatform } from '../legacy/image-capture.js';
import { ImageCapture as Ponyfill } from './browser.js';

const MODERN_METHODS = ['takePhoto', 'grabFrame', 'getPhotoCapabilities', 'getPhotoSettings'] as const;

type ImageCaptureConstructor = new (track: MediaStreamTrack) => object;

/** The page's ImageCapture when it is today's API with every method the layer calls, else the ponyfill. */
function modernImageCapture(): ImageCaptureConstructor {
  const global = (globalThis as { ImageCapture?: unknown }).ImageCapture;
  if (typeof global === 'function' && typeof global.prototype === 'object' && global.prototype !== null) {
    const prototype = global.prototype as Record<string, unknown>;
    if ('track' in prototype && MODERN_METHODS.every((m) => typeof prototype[m] === 'function')) return global as ImageCaptureConstructor;
  }
  return Ponyfill as unknown as ImageCaptureConstructor;
}

/** Constructs today's ImageCapture chosen at that moment (a constructor returning another object). */
function PageImageCapture(track: MediaStreamTrack): object {
  const Modern = modernImageCapture();
  return new Modern(track);
}

function readback(width: number, height: number): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const options: CanvasRenderingContext2DSettings = { willReadFrequently: true };
  if (typeof OffscreenCanvas === 'function') {
    const context = new OffscreenCanvas(width, height).getContext('2d', options);
    if (context) return context;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', options);
  if (!context) throw new Error('no 2D canvas context is available');
  return context;
}

setLegacyPlatform({
  ImageCapture: PageImageCapture as never,
  isTrack: isNativeTrack,
  async toImageData(bitmap) {
    try {
      const { width, height } = bitmap;
      const context = readback(width, height);
      context.drawImage(bitmap, 0, 0);
      return context.getImageData(0, 0, width, height);
    } finally {
      bitmap.close();
    }
  },
});

export * from '../legacy/index.js';
