/**
 * `ImageCaptureTest` for the Node runtime (docs/testing.md). While a mock is
 * initialized:
 * - the runtime's cameras are the one mock camera, so every new getUserMedia() video track is
 *   backed by it (the previous cameras come back on reset());
 * - the runtime behaves as Chromium does (strict first advanced set, photo settings range-checked
 *   only after the capabilities were fetched), as suites written against this surface expect;
 * - pan, tilt and zoom follow the runtime's camera pan-tilt-zoom permission, which
 *   `navigator.permissions.query({ name: 'camera', panTiltZoom: true })` reports and
 *   `navigator.permissions.set(…)` changes; reset() puts every permission back as it was.
 */
import type { Clock } from '../backends/clock.js';
import { defaultRuntime } from '../media/default-runtime.js';
import type { PermissionKey, PermissionState } from '../media/permissions.js';
import type { Runtime } from '../media/runtime.js';
import { mockBackend } from './mock-backend.js';
import { MockImageCapture } from './mock-image-capture.js';
import type { OverlayBackend } from './overlay.js';
import { takeOver } from './takeover.js';

export interface ImageCaptureTestOptions {
  /** The runtime whose cameras the mock replaces (default: the one `imagecapture` exports). */
  runtime?: Runtime;
  /** Time for the mock's frames (default: wall-clock time). */
  clock?: Clock;
}

interface Session {
  readonly backend: OverlayBackend;
  readonly release: () => void;
  readonly permissions: Record<PermissionKey, PermissionState>;
}

const PERMISSION_KEYS: readonly PermissionKey[] = ['camera', 'camera-ptz', 'microphone'];
/** The initialized instance of each runtime (a new initialize() retires the previous one). */
const active = new WeakMap<Runtime, ImageCaptureTest>();

function unplugAll(backend: OverlayBackend): void {
  for (const source of backend.sources) {
    const control = (source.inner as { control?: { unplug(error?: Error): void } }).control;
    if (control) control.unplug(new Error('ImageCaptureTest.reset() removed the mock camera.'));
    else source.close();
  }
}

export class ImageCaptureTest {
  readonly #runtime: Runtime;
  readonly #clock: Clock | undefined;
  readonly #mock = new MockImageCapture();
  #session: Session | undefined;

  constructor(options: ImageCaptureTestOptions = {}) {
    this.#runtime = options.runtime ?? defaultRuntime;
    this.#clock = options.clock;
  }

  /** Installs a fresh mock camera with the default state. */
  async initialize(): Promise<void> {
    const runtime = this.#runtime;
    const previous = active.get(runtime);
    if (previous && previous !== this) await previous.reset();
    if (this.#session) await this.reset();
    this.#mock.reset();
    const store = runtime.permissionStore;
    const permissions = Object.fromEntries(PERMISSION_KEYS.map((k) => [k, store.get(k)])) as Record<PermissionKey, PermissionState>;
    const backend = mockBackend(this.#mock, this.#clock);
    const release = takeOver(runtime, backend, 'chromium');
    this.#session = { backend, release, permissions };
    active.set(runtime, this);
  }

  /**
   * Removes the mock: tracks it backs end (firing 'ended'), and the runtime's cameras, behaviour
   * and permissions are back as they were before initialize().
   */
  async reset(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    if (active.get(this.#runtime) === this) active.delete(this.#runtime);
    unplugAll(session.backend);
    session.release();
    const store = this.#runtime.permissionStore;
    for (const key of PERMISSION_KEYS) store.set(key, session.permissions[key]);
  }

  /** The mock camera: `state()` (live, mutable) and `options()` (last settings sent, or null). */
  mockImageCapture(): MockImageCapture {
    return this.#mock;
  }

  /** Whether a mock is installed (between initialize() and reset()). */
  get initialized(): boolean {
    return this.#session !== undefined;
  }

  get [Symbol.toStringTag](): string {
    return 'ImageCaptureTest';
  }
}
