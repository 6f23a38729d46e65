/**
 * `imagecapture/testing/global`: everything `imagecapture/polyfill` installs (ImageCapture,
 * MediaStreamTrack, navigator.mediaDevices…, only where missing), plus `ImageCaptureTest` and
 * the runtime's `navigator.permissions`, whose non-standard `set()` changes a permission:
 *
 *   navigator.permissions.set({ name: 'camera', panTiltZoom: true }, 'denied');
 *
 * Works under jsdom (vitest `environment: 'jsdom'`, jest `testEnvironment: 'jsdom'`), where
 * `navigator` exists without `mediaDevices`. A `navigator.permissions` that is not the runtime's
 * is replaced, since the runtime's cameras follow only its own. Where the environment lacks the
 * Node globals the runtime uses (jest's jsdom environment has no `structuredClone` or
 * `setImmediate`), they are filled in from Node.
 */
import { defaultRuntime } from '../media/default-runtime.js';
import { ImageCaptureTest } from '../testing/image-capture-test.js';
import { fillNodeGlobals } from './node-globals.js';
import { installGlobals } from './install-globals.js';

export * from './testing.js';

function installTesting(): string[] {
  const installed = [...fillNodeGlobals(), ...installGlobals(defaultRuntime)];
  const g = globalThis as Record<string, unknown>;
  if (g.ImageCaptureTest === undefined) {
    Object.defineProperty(g, 'ImageCaptureTest', { value: ImageCaptureTest, writable: true, configurable: true, enumerable: false });
    installed.push('ImageCaptureTest');
  }
  const nav = g.navigator as Record<string, unknown> | undefined;
  if (nav && nav.permissions !== defaultRuntime.permissions) {
    const own = Object.getOwnPropertyDescriptor(nav, 'permissions');
    if (!own || own.configurable) {
      Object.defineProperty(
        nav,
        'permissions',
        { value: defaultRuntime.permissions, configurable: true, enumerable: true, writable: false },
      );
      installed.push('navigator.permissions');
    }
  }
  return installed;
}

/** The names this import installed. */
export const installed: string[] = installTesting();
