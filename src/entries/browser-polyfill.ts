/**
 * `imagecapture/polyfill` in browsers: makes `ImageCapture` available where the browser lacks it,
 * and changes nothing the browser already does.
 * - No global ImageCapture: the ponyfill is installed as the global.
 * - Only the 2013 draft's event-based ImageCapture (Firefox's `dom.imagecapture.enabled`, with
 *   `videoStreamTrack` and no `track`): it has none of today's API, so the global is replaced.
 * - A native ImageCapture that lacks some methods (getPhotoSettings before Chrome 61, grabFrame in
 *   partial implementations): just those methods are added to its prototype, each running the
 *   ponyfill's algorithm over the native object's track.
 * - Where the global is made or replaced (Firefox, WebKit), the image-capture members of the media
 *   surface are completed as well (media-surface.ts), and MediaStreamTrackGenerator /
 *   VideoTrackGenerator are added where missing (generators.ts).
 * Nothing is installed outside secure contexts
 * (https://w3c.github.io/mediacapture-image/#imagecapture: [SecureContext]) or without MediaStreamTrack.
 */
import type {} from './polyfill-globals.js';
import { installMediaSurface, mediaSurface } from '../backends/browser/media-surface.js';
import { installTrackGenerators } from '../backends/browser/generators.js';
import { ImageCapture } from './browser.js';

declare global {
  /**
   * lib.dom's ImageCapture lacks grabFrame
   * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe); every implementation installed
   * here has it.
   */
  interface ImageCapture {
    grabFrame(): Promise<ImageBitmap>;
  }
}

const METHODS = ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame'] as const;
type Method = (typeof METHODS)[number];

export interface InstallResult {
  /** What happened to the global: made, replaced (2013 API), kept (already there), or nothing (unavailable). */
  readonly global: 'installed' | 'replaced-legacy' | 'kept' | 'unavailable';
  /** Methods added to a native ImageCapture.prototype. */
  readonly filled: readonly Method[];
}

type Scope = typeof globalThis & { ImageCapture?: unknown; isSecureContext?: boolean };

function defineHidden(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, configurable: true, enumerable: false });
}

function isLegacyDraft(prototype: object): boolean {
  return !('track' in prototype) && 'videoStreamTrack' in prototype;
}

/** Installs what is missing on `scope` (globalThis by default). Safe to call more than once. */
export function install(scope: Scope = globalThis): InstallResult {
  if (scope.isSecureContext === false || typeof scope.MediaStreamTrack !== 'function') {
    return { global: 'unavailable', filled: [] };
  }
  const Native = scope.ImageCapture;
  if (typeof Native !== 'function' || typeof Native.prototype !== 'object' || Native.prototype === null) {
    defineHidden(scope, 'ImageCapture', ImageCapture);
    return { global: 'installed', filled: [] };
  }
  const prototype = Native.prototype as unknown as Record<string, unknown>;
  if (isLegacyDraft(prototype)) {
    defineHidden(scope, 'ImageCapture', ImageCapture);
    return { global: 'replaced-legacy', filled: [] };
  }
  const ponyfills = new WeakMap<object, ImageCapture>();
  const ponyfillOf = (native: { readonly track: MediaStreamTrack }): ImageCapture => {
    let ponyfill = ponyfills.get(native);
    if (!ponyfill) {
      ponyfill = new ImageCapture(native.track);
      ponyfills.set(native, ponyfill);
    }
    return ponyfill;
  };
  const filled: Method[] = [];
  for (const name of METHODS) {
    if (typeof prototype[name] === 'function') continue;
    const algorithm = ImageCapture.prototype[name] as (this: ImageCapture, ...args: unknown[]) => Promise<unknown>;
    const method = {
      [name](this: { readonly track: MediaStreamTrack }, ...args: unknown[]): Promise<unknown> {
        try {
          return algorithm.apply(ponyfillOf(this), args);
        } catch (err) {
          // `this` was not a native ImageCapture (its track getter threw): promise methods reject.
          return Promise.reject(err);
        }
      },
    }[name]!;
    Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true, enumerable: true });
    filled.push(name);
  }
  return { global: 'kept', filled };
}

/** What installing did on this page. */
export const installed: InstallResult = install();

// An engine without an Image Capture of its own also lacks the image-capture members of its media
// surface (constraints, getUserMedia's checks, track generators): those are completed too.
if (installed.global === 'installed' || installed.global === 'replaced-legacy') installMediaSurface();
if (installed.global !== 'unavailable') installTrackGenerators();

export { ImageCapture, mediaSurface };
