/**
 * The Permissions API as far as cameras and microphones need it: `permissions.query()` answers
 * for {name:"camera"}, {name:"camera", panTiltZoom:true} and {name:"microphone"}
 * (https://w3c.github.io/mediacapture-main/#dom-cameradevicepermissiondescriptor-pantiltzoom).
 * In Node nobody can be asked, so the states are set by the runtime's owner.
 *
 * Rules kept by the store: pan-tilt-zoom is stronger than camera, so granting it grants camera;
 * revoking camera (to "prompt" or "denied") revokes pan-tilt-zoom too.
 */
import type { PlatformEventListener, PlatformListenerOptions } from '../spec/platform-globals.js';
import { getEventListeners } from 'node:events';
import { typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import { defineEventHandlers } from './events.js';

export type PermissionState = 'granted' | 'denied' | 'prompt';
const PERMISSION_STATES: readonly PermissionState[] = ['granted', 'denied', 'prompt'];

/** The permissions a camera runtime knows. `camera-ptz` is {name:"camera", panTiltZoom:true}. */
export type PermissionKey = 'camera' | 'camera-ptz' | 'microphone';

export interface PermissionDescriptorLike {
  name: string;
  panTiltZoom?: boolean;
}

const SUPPORTED_NAMES = ['camera', 'microphone'] as const;

/** Converts a PermissionDescriptor (CameraDevicePermissionDescriptor for "camera"). */
function descriptorKey(value: unknown, ctx: string): PermissionKey {
  const dict = webidl.dictionary(value, `${ctx}: parameter 1`);
  const rawName = webidl.member(dict, 'name');
  if (rawName === undefined) throw typeError(`${ctx}: required member name is undefined.`);
  const name = webidl.domString(rawName, `${ctx}: member name`);
  if (!(SUPPORTED_NAMES as readonly string[]).includes(name)) {
    throw typeError(`${ctx}: "${name}" is not a permission this runtime knows; known: "camera", "microphone".`);
  }
  if (name === 'camera') {
    const ptz = webidl.member(dict, 'panTiltZoom');
    return ptz !== undefined && webidl.boolean(ptz) ? 'camera-ptz' : 'camera';
  }
  return 'microphone';
}

function parsePermissionState(value: unknown, ctx: string): PermissionState {
  return webidl.enumeration(value, PERMISSION_STATES, ctx, 'PermissionState');
}

/** A listener told whenever a state changes. */
type Watcher = (key: PermissionKey) => void;

export class PermissionStore {
  readonly #states: Record<PermissionKey, PermissionState>;
  readonly #watchers = new Set<Watcher>();

  constructor(initial: Partial<Record<PermissionKey, PermissionState>> = {}) {
    this.#states = { camera: 'granted', 'camera-ptz': 'granted', microphone: 'granted', ...initial };
    if (this.#states.camera !== 'granted' && this.#states['camera-ptz'] === 'granted') {
      this.#states['camera-ptz'] = this.#states.camera;
    }
  }

  get(key: PermissionKey): PermissionState {
    return this.#states[key];
  }

  /** Sets a state, keeping camera and pan-tilt-zoom consistent, and tells watchers. */
  set(key: PermissionKey, state: PermissionState): void {
    const before = { ...this.#states };
    this.#states[key] = state;
    if (key === 'camera-ptz' && state === 'granted') this.#states.camera = 'granted';
    if (key === 'camera' && state !== 'granted' && this.#states['camera-ptz'] === 'granted') {
      this.#states['camera-ptz'] = state;
    }
    for (const k of Object.keys(before) as PermissionKey[]) {
      if (before[k] !== this.#states[k]) for (const w of this.#watchers) w(k);
    }
  }

  watch(watcher: Watcher): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }
}

const NAMES: Record<PermissionKey, string> = { camera: 'camera', 'camera-ptz': 'camera', microphone: 'microphone' };
let constructing = false;

/** Statuses with 'change' listeners: held, so they keep hearing changes after script drops them. */
const listened = new Set<PermissionStatus>();
/** Removes a collected status's watcher from its store. */
const unwatchWhenCollected = new FinalizationRegistry<() => void>((unwatch) => unwatch());

let isStatus: (value: unknown) => value is PermissionStatus;
let isPermissions: (value: unknown) => value is Permissions;

/** Permissions API PermissionStatus: a live view of one permission's state. */
export class PermissionStatus extends EventTarget {
  readonly #key: PermissionKey;
  readonly #store: PermissionStore;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'PermissionStatus': Illegal constructor");
    super();
    const [store, key] = args as [PermissionStore, PermissionKey];
    this.#store = store;
    this.#key = key;
    // The store holds a status only weakly, so one script dropped is collected and its watcher
    // removed; a status with 'change' listeners must not be collected (https://w3c.github.io/permissions/#permissionstatus),
    // so it is held in `listened` while it has them.
    const ref = new WeakRef(this);
    const unwatch = store.watch((changed) => {
      const status = ref.deref();
      if (changed !== key || !status) return;
      status.dispatchEvent(new Event('change'));
      status.#holdWhileListened();
    });
    unwatchWhenCollected.register(this, unwatch);
  }

  override addEventListener(type: string, listener: PlatformEventListener | null, options?: PlatformListenerOptions): void {
    super.addEventListener(type, listener, options);
    this.#holdWhileListened(type === 'change');
  }

  override removeEventListener(type: string, listener: PlatformEventListener | null, options?: PlatformListenerOptions): void {
    super.removeEventListener(type, listener, options);
    this.#holdWhileListened();
  }

  #holdWhileListened(addedChange = false): void {
    let listening: boolean;
    try {
      listening = getEventListeners(this, 'change').length > 0;
    } catch {
      // An EventTarget Node cannot inspect (jsdom's, under the polyfill): once listened to, kept.
      listening = addedChange || listened.has(this);
    }
    if (listening) listened.add(this);
    else listened.delete(this);
  }

  get name(): string {
    return NAMES[webidl.requireBrand(this, STATUS_BRAND, 'name').#key];
  }

  get state(): PermissionState {
    const status = webidl.requireBrand(this, STATUS_BRAND, 'state');
    return status.#store.get(status.#key);
  }

  static {
    isStatus = (value): value is PermissionStatus => typeof value === 'object' && value !== null && #key in value;
  }
}

const STATUS_BRAND: webidl.Brand<PermissionStatus> = { name: 'PermissionStatus', has: (value) => isStatus(value) };

function createStatus(store: PermissionStore, key: PermissionKey): PermissionStatus {
  constructing = true;
  try {
    return new PermissionStatus(store, key);
  } finally {
    constructing = false;
  }
}

defineEventHandlers(PermissionStatus.prototype, ['change']);
// https://w3c.github.io/permissions/#permissionstatus
webidl.defineInterface(PermissionStatus, 'PermissionStatus', {
  length: 0,
  attributes: ['state', 'name', 'onchange'],
  overrides: ['addEventListener', 'removeEventListener'],
});

/** Permissions API `navigator.permissions`, plus a setter for the runtime's owner. */
export class Permissions {
  readonly #store: PermissionStore;

  constructor(...args: unknown[]) {
    if (!(args[0] instanceof PermissionStore)) throw typeError("Failed to construct 'Permissions': Illegal constructor");
    this.#store = args[0];
  }

  query(permissionDesc: PermissionDescriptorLike): Promise<PermissionStatus> {
    try {
      // WebIDL: the receiver is checked before the argument is converted.
      const self = webidl.requireBrand(this, BRAND, 'query');
      const key = descriptorKey(permissionDesc, webidl.methodContext('Permissions', 'query'));
      return Promise.resolve(createStatus(self.#store, key));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Non-standard: sets what the (absent) user decided, e.g.
   * `permissions.set({ name: 'camera', panTiltZoom: true }, 'denied')`.
   */
  set(permissionDesc: PermissionDescriptorLike, state: PermissionState): void {
    const ctx = webidl.methodContext('Permissions', 'set');
    const self = webidl.requireBrand(this, BRAND, 'set');
    const key = descriptorKey(permissionDesc, ctx);
    self.#store.set(key, parsePermissionState(state, `${ctx}: parameter 2`));
  }

  static {
    isPermissions = (value): value is Permissions => typeof value === 'object' && value !== null && #store in value;
  }
}

const BRAND: webidl.Brand<Permissions> = { name: 'Permissions', has: (value) => isPermissions(value) };

// https://w3c.github.io/permissions/#permissions-interface
webidl.defineInterface(Permissions, 'Permissions', { length: 0, operations: { query: 1 }, extensions: { set: 2 } });
