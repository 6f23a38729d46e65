/**
 * `ImageCaptureTest` in browsers (docs/testing.md). While a
 * mock is initialized:
 * - every live video track (getUserMedia's, canvas.captureStream()'s) reports and takes the
 *   mock's image-capture capabilities, settings and constraints (patch.ts);
 * - the global ImageCapture is this script's, working over the mock with Chromium's behaviour
 *   (the page's own ImageCapture, native or polyfilled, comes back on reset());
 * - pan, tilt and zoom follow the mock's camera pan-tilt-zoom permission, which
 *   `navigator.permissions.query({ name: 'camera', panTiltZoom: true })` reports and
 *   `navigator.permissions.set(…)` changes (permissions.ts).
 * reset() puts back every method and global it replaced.
 */
import { ImageCapture } from '../../image-capture/image-capture.js';
import { notSupported } from '../../spec/errors.js';
import { MockImageCapture } from '../mock-image-capture.js';
import { patchTracks } from './patch.js';
import { CameraPermissions } from './permissions.js';
import { useMockTargets } from './target.js';

interface Session {
  readonly restore: Array<() => void>;
}

let active: ImageCaptureTest | undefined;

/** Sets a global for the session; the returned function puts the previous one back. */
function swapGlobal(name: string, value: unknown): () => void {
  const g = globalThis as Record<string, unknown>;
  const before = Object.getOwnPropertyDescriptor(g, name);
  Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  return () => {
    if (before) Object.defineProperty(g, name, before);
    else delete g[name];
  };
}

/** Gives the page camera permissions it can query and set (creating navigator.permissions if it has none). */
function attachPermissions(permissions: CameraPermissions): () => void {
  const nav = globalThis.navigator as unknown as Record<string, unknown> | undefined;
  if (!nav) return () => undefined;
  if (nav.permissions) return permissions.attach(nav.permissions as object);
  const own = Object.getOwnPropertyDescriptor(nav, 'permissions');
  const shim = {};
  const detach = permissions.attach(shim);
  Object.defineProperty(nav, 'permissions', { value: shim, configurable: true, enumerable: true, writable: false });
  return () => {
    detach();
    if (own) Object.defineProperty(nav, 'permissions', own);
    else delete nav.permissions;
  };
}

export class ImageCaptureTest {
  readonly #mock = new MockImageCapture();
  #session: Session | undefined;

  /** Installs a fresh mock camera with the default state. */
  async initialize(): Promise<void> {
    if (typeof MediaStreamTrack !== 'function') {
      throw notSupported('ImageCaptureTest.initialize: this page has no MediaStreamTrack (is it a secure context?).');
    }
    if (active && active !== this) await active.reset();
    if (this.#session) await this.reset();
    this.#mock.reset();
    const permissions = new CameraPermissions();
    const restore: Array<() => void> = [];
    restore.push(patchTracks(this.#mock, () => permissions.get('camera-ptz') === 'granted').restore);
    restore.push(attachPermissions(permissions));
    restore.push(swapGlobal('ImageCapture', ImageCapture));
    useMockTargets(this.#mock);
    restore.push(() => useMockTargets(undefined));
    this.#session = { restore };
    active = this;
  }

  /** Removes the mock: every replaced track method, global and permission method is put back. */
  async reset(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    if (active === this) active = undefined;
    for (const undo of session.restore.reverse()) undo();
  }

  /** The mock camera: `state()` (live, mutable) and `options()` (last settings sent, or null). */
  mockImageCapture(): MockImageCapture {
    return this.#mock;
  }

  get initialized(): boolean {
    return this.#session !== undefined;
  }

  get [Symbol.toStringTag](): string {
    return 'ImageCaptureTest';
  }
}
