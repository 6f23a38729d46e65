/**
 * A runtime: the cameras (backends) a program can reach, the permissions its (absent) user has
 * given, and the behaviour switches. `imagecapture` exports the default runtime's objects;
 * `createRuntime()` makes independent ones (for tests, or a program that wants its own cameras).
 */
import type { CameraBackend, RawStill } from '../backends/backend.js';
import { type BehaviorName, type BehaviorRecord, behaviorRecord } from '../spec/behavior.js';
import { nodeStillEncoder } from '../encode/node.js';
import type { StillEncoder } from '../encode/still.js';
import { notAllowed } from '../spec/errors.js';
import { createMediaDevices, type MediaDevices } from './devices.js';
import { type PermissionKey, Permissions, type PermissionState, PermissionStore } from './permissions.js';
import type { AudioBackend } from './audio-backend.js';
import type { DevicesContext } from './context.js';
import { defaultDeviceWatcher, type DeviceWatcher } from './hotplug.js';

/**
 * "spec" follows the W3C spec where it and Chromium disagree; "chromium" emulates Chromium
 * (every difference is listed in docs/behaviour.md, section 2).
 */
export type Behavior = BehaviorName;

export interface RuntimeOptions {
  /** Camera backends, asked in order. Default: ffmpeg (attached cameras first), then the virtual cameras. */
  backends?: CameraBackend[];
  /** Microphone backends. Default: the virtual microphone. */
  audioBackends?: AudioBackend[];
  /** Initial permission states; every one starts "granted" (as if the user had agreed earlier). */
  permissions?: Partial<Record<PermissionKey, PermissionState>>;
  /**
   * Answers a permission prompt (a request while the state is "prompt"). Nobody can be asked in
   * Node, so by default prompts are dismissed: the request fails and the state stays "prompt".
   */
  prompt?: (permission: PermissionKey) => PermissionState | Promise<PermissionState>;
  behavior?: Behavior;
  /** https://w3c.github.io/mediacapture-image/#pan: report `{}` for pan/tilt/zoom the camera has but the track may not use. */
  emptyPtzHint?: boolean;
  /**
   * Page visibility (https://w3c.github.io/mediacapture-image/#pan). Default: `document.visibilityState`
   * where a document exists, else "visible".
   */
  visibilityState?: () => 'visible' | 'hidden';
  /**
   * What tells `navigator.mediaDevices` that cameras may have been plugged in or out (it then
   * lists them again and fires `devicechange` when the list changed). Default: /dev on Linux,
   * polling every 3 s elsewhere; started only while someone listens for `devicechange`.
   */
  deviceWatcher?: DeviceWatcher;
  /**
   * Whether getUserMedia opens an exact deviceId that no backend lists (a file path, a stream
   * URL). Default true. A server that passes deviceIds from its clients to getUserMedia sets it
   * to false: otherwise a client could make the server read any file it can read or connect to
   * any address it can reach. Registered sources and attached cameras are listed, so they stay
   * available.
   */
  allowUnlistedSources?: boolean;
}

export class Runtime implements DevicesContext {
  readonly permissionStore: PermissionStore;
  readonly permissions: Permissions;
  readonly mediaDevices: MediaDevices;
  behavior: Behavior;
  emptyPtzHint: boolean;
  readonly allowUnlistedSources: boolean;
  readonly #backends: CameraBackend[] | (() => CameraBackend[]);
  #resolvedBackends: CameraBackend[] | undefined;
  readonly #audioBackends: AudioBackend[] | (() => AudioBackend[]);
  #resolvedAudio: AudioBackend[] | undefined;
  readonly #prompt: RuntimeOptions['prompt'];
  readonly #visibility: () => 'visible' | 'hidden';
  readonly deviceWatcher: DeviceWatcher;
  /** What the photos of this runtime's tracks are encoded with: sharp, loaded on the first photo. */
  readonly stillEncoder: StillEncoder<RawStill> = nodeStillEncoder;

  constructor(
    options: RuntimeOptions = {},
    defaults: { backends: () => CameraBackend[]; audioBackends: () => AudioBackend[] } = { backends: () => [], audioBackends: () => [] },
  ) {
    this.permissionStore = new PermissionStore(options.permissions);
    this.permissions = new Permissions(this.permissionStore);
    this.behavior = options.behavior ?? 'spec';
    this.emptyPtzHint = options.emptyPtzHint ?? false;
    this.allowUnlistedSources = options.allowUnlistedSources ?? true;
    this.#backends = options.backends ?? defaults.backends;
    this.#audioBackends = options.audioBackends ?? defaults.audioBackends;
    this.#prompt = options.prompt;
    this.#visibility =
      options.visibilityState ??
      (() => ((globalThis as { document?: { visibilityState?: string } }).document?.visibilityState === 'hidden' ? 'hidden' : 'visible'));
    this.deviceWatcher = options.deviceWatcher ?? defaultDeviceWatcher();
    this.mediaDevices = createMediaDevices(this);
  }

  /** Each difference of the current behaviour (docs/behaviour.md, section 2). */
  get behaviorRecord(): BehaviorRecord {
    return behaviorRecord(this.behavior);
  }

  get backends(): CameraBackend[] {
    this.#resolvedBackends ??= typeof this.#backends === 'function' ? this.#backends() : [...this.#backends];
    return this.#resolvedBackends;
  }

  get audioBackends(): AudioBackend[] {
    this.#resolvedAudio ??= typeof this.#audioBackends === 'function' ? this.#audioBackends() : [...this.#audioBackends];
    return this.#resolvedAudio;
  }

  /** Adds a camera backend (asked before the others). */
  addBackend(backend: CameraBackend): void {
    this.backends.unshift(backend);
  }

  removeBackend(backend: CameraBackend): void {
    const list = this.backends;
    const i = list.indexOf(backend);
    if (i >= 0) list.splice(i, 1);
  }

  visibilityState(): 'visible' | 'hidden' {
    return this.#visibility();
  }

  /**
   * Requests a permission as getUserMedia does: granted → granted; denied → NotAllowedError;
   * prompt → asks the prompt handler (none: dismissed → NotAllowedError, state unchanged).
   */
  async requestPermission(key: PermissionKey, what: string): Promise<void> {
    const state = this.permissionStore.get(key);
    if (state === 'granted') return;
    if (state === 'prompt' && this.#prompt) {
      const answer = await this.#prompt(key);
      if (answer === 'granted' || answer === 'denied') this.permissionStore.set(key, answer);
      if (answer === 'granted') return;
    }
    throw notAllowed(`Permission to use the ${what} was ${state === 'denied' ? 'denied' : 'not given (nobody answered the prompt)'}.`);
  }

  /** Like requestPermission, but a refusal is an answer, not an error (used for pan-tilt-zoom). */
  async askPermission(key: PermissionKey): Promise<boolean> {
    try {
      await this.requestPermission(key, 'camera');
      return true;
    } catch {
      return false;
    }
  }
}
