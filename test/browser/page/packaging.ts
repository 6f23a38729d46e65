/**
 * Page cases about how the library is packaged and installed: the <script> bundle's effect on the
 * page, install() on scopes in every situation, methods filled on a partial native ImageCapture, and
 * the ESM builds for the "browser" export condition.
 */
import { type Case, type Ctor, type InstallResult, grabSize, decode, openCamera, page, settle, sizeOf } from './util.js';

export const packagingCases: Record<string, Case> = {
  async environment() {
    return {
      nativeImageCapture: typeof page.__native === 'function',
      globalIsPonyfill: globalThis.ImageCapture === (page.imagecapture?.ImageCapture as unknown),
      installed: page.imagecapture?.installed,
      processor: typeof (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor === 'function',
    };
  },

  /** What install() does to a global scope in each situation (fake scopes, nothing real touched). */
  async installOnScopes() {
    const api = page.imagecapture!;
    const Track = globalThis.MediaStreamTrack;
    class Legacy {
      get videoStreamTrack(): null {
        return null;
      }
      takePhoto(): void {}
    }
    class Partial {
      get track(): MediaStreamTrack | undefined {
        return undefined;
      }
      takePhoto(): Promise<Blob> {
        return Promise.resolve(new Blob());
      }
      getPhotoCapabilities(): Promise<object> {
        return Promise.resolve({});
      }
    }
    const scopes: Record<string, { ImageCapture?: unknown; isSecureContext: boolean; MediaStreamTrack?: unknown }> = {
      missing: { isSecureContext: true, MediaStreamTrack: Track },
      legacy: { isSecureContext: true, MediaStreamTrack: Track, ImageCapture: Legacy },
      partial: { isSecureContext: true, MediaStreamTrack: Track, ImageCapture: Partial },
      insecure: { isSecureContext: false, MediaStreamTrack: Track },
      noTracks: { isSecureContext: true },
    };
    const out: Record<string, unknown> = {};
    for (const [label, scope] of Object.entries(scopes)) {
      const before = scope.ImageCapture;
      const result = api.install(scope);
      const again = api.install(scope);
      out[label] = {
        result,
        again,
        isPonyfill: scope.ImageCapture === api.ImageCapture,
        kept: scope.ImageCapture === before,
        enumerable: Object.getOwnPropertyDescriptor(scope, 'ImageCapture')?.enumerable ?? null,
      };
    }
    const partialPrototype = Partial.prototype as unknown as Record<string, unknown>;
    out.partialMethods = ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame'].map((m) => typeof partialPrototype[m]);
    out.partialOwnTakePhotoKept = partialPrototype.takePhoto === Partial.prototype.takePhoto;
    return out;
  },

  /** Methods the page's native ImageCapture lacked (stripped before the bundle ran), filled in. */
  async filledMethods() {
    const track = await openCamera();
    const capture = new ImageCapture(track);
    const native = capture.takePhoto().then(decode);
    return {
      installed: page.imagecapture?.installed,
      globalIsNative: globalThis.ImageCapture === (page.__native as unknown),
      settings: await settle(capture.getPhotoSettings()),
      frame: await settle(grabSize(capture)),
      nativePhoto: await settle(native),
      wrongThis: await settle(ImageCapture.prototype.grabFrame.call({} as ImageCapture)),
    };
  },

  /** The ESM builds (dist/browser/index.js and polyfill.js) share one ImageCapture and work alone. */
  async esmBuilds() {
    const base = '/esm/';
    const index = (await import(/* @vite-ignore */ `${base}index.js`)) as { ImageCapture: Ctor };
    const polyfill = (await import(/* @vite-ignore */ `${base}polyfill.js`)) as { ImageCapture: Ctor; installed: InstallResult };
    const track = await openCamera();
    const capture = new index.ImageCapture(track);
    return {
      shared: index.ImageCapture === polyfill.ImageCapture,
      notTheBundle: index.ImageCapture !== page.imagecapture?.ImageCapture,
      installed: polyfill.installed,
      frame: await settle(grabSize(capture)),
      track: sizeOf(track),
    };
  },

};
