/**
 * The camera permissions of the browser mock. Engines differ in what their own Permissions API
 * says about `{ name: 'camera', panTiltZoom: true }` (Chromium answers, Firefox and WebKit do not
 * know it), so while a mock is initialized the page sees these instead:
 * `navigator.permissions.query()` answers camera descriptors from them, and the non-standard
 * `navigator.permissions.set(descriptor, state)` changes them (the same call as in Node). Both
 * start "granted"; other permission names go to the browser.
 */
import { typeError } from '../../spec/errors.js';

export type CameraPermissionState = 'granted' | 'denied' | 'prompt';
type Key = 'camera' | 'camera-ptz';

const STATES: readonly string[] = ['granted', 'denied', 'prompt'];

/** A live view of one camera permission, like the browser's PermissionStatus. */
class MockPermissionStatus extends EventTarget {
  onchange: ((this: MockPermissionStatus, ev: Event) => unknown) | null = null;
  readonly #read: () => CameraPermissionState;

  constructor(read: () => CameraPermissionState) {
    super();
    this.#read = read;
    this.addEventListener('change', (e) => this.onchange?.call(this, e));
  }

  get name(): string {
    return 'camera';
  }

  get state(): CameraPermissionState {
    return this.#read();
  }

  get [Symbol.toStringTag](): string {
    return 'PermissionStatus';
  }
}

function keyOf(descriptor: unknown): Key | undefined {
  if (descriptor === null || typeof descriptor !== 'object') return undefined;
  const d = descriptor as { name?: unknown; panTiltZoom?: unknown };
  if (d.name !== 'camera') return undefined;
  return d.panTiltZoom ? 'camera-ptz' : 'camera';
}

export class CameraPermissions {
  readonly #states: Record<Key, CameraPermissionState> = { camera: 'granted', 'camera-ptz': 'granted' };
  readonly #statuses = new Set<WeakRef<MockPermissionStatus> & { key?: Key }>();

  get(key: Key): CameraPermissionState {
    return this.#states[key];
  }

  /** Pan-tilt-zoom is stronger than camera: granting it grants camera, revoking camera revokes it. */
  set(key: Key, state: CameraPermissionState): void {
    const before = { ...this.#states };
    this.#states[key] = state;
    if (key === 'camera-ptz' && state === 'granted') this.#states.camera = 'granted';
    if (key === 'camera' && state !== 'granted' && this.#states['camera-ptz'] === 'granted') this.#states['camera-ptz'] = state;
    for (const ref of [...this.#statuses]) {
      const status = ref.deref();
      if (!status) this.#statuses.delete(ref);
      else if (ref.key && before[ref.key] !== this.#states[ref.key]) status.dispatchEvent(new Event('change'));
    }
  }

  status(key: Key): MockPermissionStatus {
    const status = new MockPermissionStatus(() => this.#states[key]);
    const ref = new WeakRef(status) as WeakRef<MockPermissionStatus> & { key?: Key };
    ref.key = key;
    this.#statuses.add(ref);
    return status;
  }

  /**
   * Makes `permissions` (the page's navigator.permissions) answer camera descriptors from here and
   * gives it `set()`. Returns the function that puts the page's own methods back.
   */
  attach(permissions: object | undefined): () => void {
    if (!permissions) return () => undefined;
    const target = permissions as Record<string, unknown>;
    const own = {
      query: Object.getOwnPropertyDescriptor(target, 'query'),
      set: Object.getOwnPropertyDescriptor(target, 'set'),
    };
    const nativeQuery = target.query as ((d: unknown) => Promise<unknown>) | undefined;
    const store = this;
    Object.defineProperty(target, 'query', {
      configurable: true,
      writable: true,
      value: function query(this: unknown, descriptor: unknown): Promise<unknown> {
        const key = keyOf(descriptor);
        if (key) return Promise.resolve(store.status(key));
        if (!nativeQuery) return Promise.reject(typeError("Failed to execute 'query' on 'Permissions': unknown permission."));
        return nativeQuery.call(this, descriptor);
      },
    });
    Object.defineProperty(target, 'set', {
      configurable: true,
      writable: true,
      value: function set(descriptor: unknown, state: unknown): void {
        const key = keyOf(descriptor);
        if (!key) {
          throw typeError("Failed to execute 'set' on 'Permissions': only {name: 'camera'} (with or without panTiltZoom) can be set.");
        }
        if (typeof state !== 'string' || !STATES.includes(state)) {
          throw typeError(`Failed to execute 'set' on 'Permissions': "${String(state)}" is not a PermissionState.`);
        }
        store.set(key, state as CameraPermissionState);
      },
    });
    return () => {
      for (const [name, desc] of Object.entries(own)) {
        if (desc) Object.defineProperty(target, name, desc);
        else delete target[name];
      }
    };
  }
}
