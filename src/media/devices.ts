/**
 * MediaDevices (https://w3c.github.io/mediacapture-main/#mediadevices): getUserMedia, enumerateDevices, getSupportedConstraints, and the
 * MediaDeviceInfo / InputDeviceInfo objects enumerateDevices returns.
 */
import type { PlatformEventListener, PlatformListenerOptions } from '../spec/platform-globals.js';
import type { CameraBackend, CameraDeviceInfo, SourceCapabilities } from '../backends/backend.js';
import { convertGetUserMediaConstraints } from '../constraints/convert.js';
import { supportedConstraints } from '../constraints/properties.js';
import { type DeviceModel, mentionsPtz, selectSettings } from '../constraints/select-settings.js';
import { trackCapabilities } from '../constraints/views.js';
import { notFound, notReadable, overconstrained, typeError } from '../spec/errors.js';
import type { MediaTrackCapabilities, NormalizedConstraints } from '../spec/types.js';
import * as webidl from '../spec/webidl.js';
import { defineEventHandlers } from './events.js';
import { audioTrackCapabilities } from './audio-track.js';
import type { Runtime } from './runtime.js';
import { MediaStream } from './stream.js';
import { MediaStreamTrack } from './track.js';
import { SourceHandle, VideoTrackImpl } from './video-track.js';

let constructing = false;
const GUM = webidl.methodContext('MediaDevices', 'getUserMedia');

/** gUM MediaDeviceInfo. */
export class MediaDeviceInfo {
  readonly #deviceId: string;
  readonly #kind: string;
  readonly #label: string;
  readonly #groupId: string;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'MediaDeviceInfo': Illegal constructor");
    const [deviceId, kind, label, groupId] = args as string[];
    this.#deviceId = deviceId!;
    this.#kind = kind!;
    this.#label = label!;
    this.#groupId = groupId!;
  }

  get deviceId(): string {
    return this.#deviceId;
  }
  get kind(): string {
    return this.#kind;
  }
  get label(): string {
    return this.#label;
  }
  get groupId(): string {
    return this.#groupId;
  }

  toJSON(): { deviceId: string; kind: string; label: string; groupId: string } {
    return { deviceId: this.#deviceId, kind: this.#kind, label: this.#label, groupId: this.#groupId };
  }

  get [Symbol.toStringTag](): string {
    return 'MediaDeviceInfo';
  }
}

/** gUM InputDeviceInfo: an input device that can report its capabilities. */
export class InputDeviceInfo extends MediaDeviceInfo {
  readonly #capabilities: () => MediaTrackCapabilities;

  constructor(...args: unknown[]) {
    super(...args);
    this.#capabilities = args[4] as () => MediaTrackCapabilities;
  }

  getCapabilities(): MediaTrackCapabilities {
    return this.#capabilities();
  }

  override get [Symbol.toStringTag](): string {
    return 'InputDeviceInfo';
  }
}

function makeInfo(cls: typeof MediaDeviceInfo, ...args: unknown[]): MediaDeviceInfo {
  constructing = true;
  try {
    return new cls(...args);
  } finally {
    constructing = false;
  }
}

interface Candidate {
  backend: CameraBackend;
  info: CameraDeviceInfo;
  capabilities: SourceCapabilities;
  /**
   * The deviceId asked for, when the backend lists the device under another one (an address with
   * a login, `onvif://user:password@host`, is listed without it): the constraint matches it.
   */
  askedId?: string;
}

/** The distinct exact deviceIds a constraints object asks for (basic set only). */
function exactDeviceIds(constraints: NormalizedConstraints): string[] {
  const c = constraints.basic.deviceId;
  if (!c || c.type !== 'string' || c.bare) return [];
  return c.value.exact ?? [];
}

/**
 * gUM leaves the default size and rate to the user agent. Like browsers, prefer 640x480 at 30 fps
 * where the author did not constrain them; these ideals only steer the choice (getConstraints()
 * still returns exactly what the author passed).
 */
const DEFAULT_IDEALS: Record<string, number> = { width: 640, height: 480, frameRate: 30 };

function withDefaultIdeals(c: NormalizedConstraints): NormalizedConstraints {
  const basic = { ...c.basic };
  for (const [name, ideal] of Object.entries(DEFAULT_IDEALS)) {
    if (!basic[name]) basic[name] = { type: 'number', bare: false, value: { ideal } };
  }
  return { ...c, basic };
}

export class MediaDevices extends EventTarget {
  readonly #runtime: Runtime;
  /** devicechange: listeners counted, the watcher's stop function, the camera ids last seen. */
  #changeListeners = 0;
  #stopWatching: (() => void) | undefined;
  #known: string | undefined;
  #checking: Promise<void> | undefined;
  #recheck = false;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'MediaDevices': Illegal constructor");
    super();
    this.#runtime = args[0] as Runtime;
  }

  /** @internal */
  static create(runtime: Runtime): MediaDevices {
    constructing = true;
    try {
      return new MediaDevices(runtime);
    } finally {
      constructing = false;
    }
  }

  override addEventListener(type: string, listener: PlatformEventListener | null, options?: PlatformListenerOptions): void {
    super.addEventListener(type, listener, options);
    if (type === 'devicechange' && listener) {
      this.#changeListeners++;
      if (!this.#stopWatching) this.#watch();
    }
  }

  override removeEventListener(type: string, listener: PlatformEventListener | null, options?: PlatformListenerOptions): void {
    super.removeEventListener(type, listener, options);
    if (type === 'devicechange' && listener && this.#changeListeners > 0 && --this.#changeListeners === 0) {
      this.#stopWatching?.();
      this.#stopWatching = undefined;
    }
  }

  /** Starts the runtime's device watcher (only while someone listens for devicechange). */
  #watch(): void {
    const runtime = this.#runtime;
    void this.#snapshot().then((ids) => (this.#known ??= ids));
    this.#stopWatching = runtime.deviceWatcher.start(() => void this.#check());
  }

  async #snapshot(): Promise<string> {
    return (await this.#cameraDevices()).map((d) => d.info.deviceId).join('\n');
  }

  /** Lists the cameras again; fires devicechange when the list differs (one check at a time). */
  #check(): Promise<void> {
    if (this.#checking) {
      this.#recheck = true;
      return this.#checking;
    }
    this.#checking = (async () => {
      do {
        this.#recheck = false;
        const ids = await this.#snapshot();
        const before = this.#known;
        this.#known = ids;
        // https://w3c.github.io/mediacapture-main/#event-mediadevices-devicechange: fired when the
        // set of devices available to the page changes.
        if (before !== undefined && before !== ids && this.#stopWatching) this.dispatchEvent(new Event('devicechange'));
      } while (this.#recheck);
    })().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  /**
   * gUM getSupportedConstraints(): every name this runtime understands
   * (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getsupportedconstraints).
   */
  getSupportedConstraints(): Record<string, boolean> {
    return supportedConstraints();
  }

  /**
   * gUM enumerateDevices(). Without camera permission only one anonymous entry per kind is listed
   * (empty deviceId and label), as browsers do before the user has agreed.
   */
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    const runtime = brand(this, 'enumerateDevices').#runtime;
    const out: MediaDeviceInfo[] = [];
    const cameraOk = runtime.permissionStore.get('camera') === 'granted';
    const cameras = await this.#cameraDevices();
    if (cameraOk) {
      for (const { backend, info } of cameras) {
        out.push(
          makeInfo(InputDeviceInfo, info.deviceId, 'videoinput', info.label, info.groupId, () => {
            const model = this.#cachedCaps.get(info.deviceId);
            return model ? trackCapabilities(info, model, { ptzAllowed: false, compat: runtime.compat }) : {};
          }),
        );
        void backend;
      }
      // Capabilities for InputDeviceInfo.getCapabilities() are probed up front (it is synchronous).
      await Promise.all(
        cameras.map(async ({ backend, info }) => {
          try {
            this.#cachedCaps.set(info.deviceId, await backend.probe(info.deviceId));
          } catch {
            /* a device that cannot be probed reports no capabilities */
          }
        }),
      );
    } else if (cameras.length > 0) {
      out.push(makeInfo(InputDeviceInfo, '', 'videoinput', '', '', () => ({})));
    }
    const micOk = runtime.permissionStore.get('microphone') === 'granted';
    const mics = (
      await Promise.all(runtime.audioBackends.map(async (backend) => (await backend.devices()).map((info) => ({ backend, info }))))
    ).flat();
    if (micOk) {
      for (const { backend, info } of mics) {
        const caps = (): MediaTrackCapabilities => {
          const c = backend.capabilities?.(info.deviceId);
          return c ? audioTrackCapabilities(info, c) : {};
        };
        out.push(makeInfo(InputDeviceInfo, info.deviceId, 'audioinput', info.label, info.groupId, caps));
      }
    } else if (mics.length > 0) out.push(makeInfo(InputDeviceInfo, '', 'audioinput', '', '', () => ({})));
    return out;
  }

  readonly #cachedCaps = new Map<string, SourceCapabilities>();

  async #cameraDevices(): Promise<{ backend: CameraBackend; info: CameraDeviceInfo }[]> {
    const lists = await Promise.all(
      this.#runtime.backends.map(async (backend) => {
        try {
          return (await backend.devices()).map((info) => ({ backend, info }));
        } catch {
          return [];
        }
      }),
    );
    return lists.flat();
  }

  /** The cameras getUserMedia may choose from, with their capabilities. */
  async #candidates(constraints: NormalizedConstraints): Promise<Candidate[]> {
    const listed = await this.#cameraDevices();
    const wanted = exactDeviceIds(constraints);
    const out: Candidate[] = [];
    await Promise.all(
      listed.map(async ({ backend, info }) => {
        try {
          out.push({ backend, info, capabilities: await backend.probe(info.deviceId) });
        } catch {
          /* unreadable devices are not candidates */
        }
      }),
    );
    // An exact deviceId no backend lists may still be a source one accepts (a file, a URL).
    for (const id of wanted) {
      if (out.some((c) => c.info.deviceId === id)) continue;
      const backend = this.#runtime.backends.find((b) => b.accepts?.(id) && b.describe);
      if (!backend) continue;
      const described = await backend.describe!(id); // rejects NotFoundError / NotReadableError
      out.push({
        backend,
        info: described.info,
        capabilities: described.capabilities,
        ...(described.info.deviceId !== id ? { askedId: id } : {}),
      });
    }
    // Keep the order backends listed them in, so ties go to the first (the default camera).
    const order = new Map(listed.map((l, i) => [l.info.deviceId, i]));
    return out.sort((a, b) => (order.get(a.info.deviceId) ?? 1e9) - (order.get(b.info.deviceId) ?? 1e9));
  }

  /** gUM getUserMedia(constraints) */
  getUserMedia(constraints?: { video?: unknown; audio?: unknown }): Promise<MediaStream> {
    let self: MediaDevices;
    let converted: ReturnType<typeof convertGetUserMediaConstraints>;
    try {
      // WebIDL: the receiver is checked first, and a promise-returning operation rejects, never throws.
      self = brand(this, 'getUserMedia');
      converted = convertGetUserMediaConstraints(constraints, GUM);
    } catch (err) {
      return Promise.reject(err);
    }
    return self.#getUserMedia(converted);
  }

  async #getUserMedia(c: ReturnType<typeof convertGetUserMediaConstraints>): Promise<MediaStream> {
    const runtime = this.#runtime;
    const tracks: MediaStreamTrack[] = [];
    try {
      if (c.video) tracks.push(await this.#openCamera(c.video));
      if (c.audio) {
        await runtime.requestPermission('microphone', 'microphone');
        const backend = runtime.audioBackends[0];
        if (!backend) throw notFound(`${GUM}: there is no microphone.`);
        const impl = await backend.open(c.audio);
        tracks.push(MediaStreamTrack.create(impl, c.audio));
      }
    } catch (err) {
      for (const t of tracks) t.stop();
      throw err;
    }
    return new MediaStream(tracks);
  }

  async #openCamera(video: NormalizedConstraints): Promise<MediaStreamTrack> {
    const runtime = this.#runtime;
    await runtime.requestPermission('camera', 'camera');
    // https://w3c.github.io/mediacapture-image/#pan: constraints naming pan/tilt/zoom (other than false) request that permission;
    // otherwise the track gets it only if it was granted earlier.
    const ptzAllowed = mentionsPtz(video)
      ? await runtime.askPermission('camera-ptz')
      : runtime.permissionStore.get('camera-ptz') === 'granted';
    const candidates = await this.#candidates(video);
    if (candidates.length === 0) throw notFound(`${GUM}: no camera was found.`);
    const models: DeviceModel[] = candidates.map((cand) => ({
      deviceId: cand.askedId ?? cand.info.deviceId,
      groupId: cand.info.groupId,
      facingMode: cand.info.facingMode,
      capabilities: cand.capabilities,
      ptzAllowed,
    }));
    const result = selectSettings(withDefaultIdeals(video), models, { compat: runtime.compat, purpose: 'getUserMedia' });
    if (!result.ok) throw overconstrained(result.constraint, `${GUM}: ${result.message}`);
    const chosen = candidates[result.index]!;
    let source;
    try {
      source = await chosen.backend.open(chosen.info.deviceId, result.settings);
    } catch (err) {
      if (err instanceof DOMException) throw err;
      throw notReadable(`${GUM}: ${chosen.info.label} could not be opened (${(err as Error)?.message ?? String(err)}).`);
    }
    return MediaStreamTrack.create(new VideoTrackImpl(new SourceHandle(source), runtime, ptzAllowed), video);
  }

  /** Screen capture has no source in Node. */
  getDisplayMedia(): Promise<MediaStream> {
    return Promise.reject(
      new globalThis.DOMException('getDisplayMedia: there is no screen to capture in this runtime.', 'NotSupportedError'),
    );
  }

  get [Symbol.toStringTag](): string {
    return 'MediaDevices';
  }

  /** @internal */
  static isMediaDevices(value: unknown): value is MediaDevices {
    return typeof value === 'object' && value !== null && #runtime in value;
  }
}

function brand(value: unknown, member: string): MediaDevices {
  if (!MediaDevices.isMediaDevices(value)) throw typeError(`Failed to execute '${member}' on 'MediaDevices': Illegal invocation.`);
  return value;
}

defineEventHandlers(MediaDevices.prototype, ['devicechange']);
for (const name of ['getSupportedConstraints', 'enumerateDevices', 'getUserMedia', 'getDisplayMedia']) {
  const desc = Object.getOwnPropertyDescriptor(MediaDevices.prototype, name)!;
  Object.defineProperty(MediaDevices.prototype, name, { ...desc, enumerable: true });
}
for (const proto of [MediaDeviceInfo.prototype]) {
  for (const name of ['deviceId', 'kind', 'label', 'groupId', 'toJSON']) {
    const desc = Object.getOwnPropertyDescriptor(proto, name)!;
    Object.defineProperty(proto, name, { ...desc, enumerable: true });
  }
}
