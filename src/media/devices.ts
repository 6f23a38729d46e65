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
import { notFound, notReadable, typeError } from '../spec/errors.js';
import { overconstrained } from '../spec/overconstrained.js';
import type { MediaTrackCapabilities, NormalizedConstraints } from '../spec/types.js';
import * as webidl from '../spec/webidl.js';
import { defineEventHandlers } from './events.js';
import { audioTrackCapabilities } from './audio-track.js';
import type { DevicesContext } from './context.js';
import { MediaStream } from './stream.js';
import { createTrack, type MediaStreamTrack } from './track.js';
import { SourceHandle, VideoTrackImpl } from './video-track.js';

let constructing = false;
const GUM = webidl.methodContext('MediaDevices', 'getUserMedia');

let isDeviceInfo: (value: unknown) => value is MediaDeviceInfo;
let isInputDeviceInfo: (value: unknown) => value is InputDeviceInfo;
let isMediaDevices: (value: unknown) => value is MediaDevices;

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
    return webidl.requireBrand(this, INFO_BRAND, 'deviceId').#deviceId;
  }
  get kind(): string {
    return webidl.requireBrand(this, INFO_BRAND, 'kind').#kind;
  }
  get label(): string {
    return webidl.requireBrand(this, INFO_BRAND, 'label').#label;
  }
  get groupId(): string {
    return webidl.requireBrand(this, INFO_BRAND, 'groupId').#groupId;
  }

  toJSON(): { deviceId: string; kind: string; label: string; groupId: string } {
    const info = webidl.requireBrand(this, INFO_BRAND, 'toJSON');
    return { deviceId: info.#deviceId, kind: info.#kind, label: info.#label, groupId: info.#groupId };
  }

  static {
    isDeviceInfo = (value): value is MediaDeviceInfo => typeof value === 'object' && value !== null && #deviceId in value;
  }
}

const INFO_BRAND: webidl.Brand<MediaDeviceInfo> = { name: 'MediaDeviceInfo', has: (value) => isDeviceInfo(value) };

/** gUM InputDeviceInfo: an input device that can report its capabilities. */
export class InputDeviceInfo extends MediaDeviceInfo {
  readonly #capabilities: () => MediaTrackCapabilities;

  constructor(...args: unknown[]) {
    super(...args);
    this.#capabilities = args[4] as () => MediaTrackCapabilities;
  }

  getCapabilities(): MediaTrackCapabilities {
    return webidl.requireBrand(this, INPUT_BRAND, 'getCapabilities').#capabilities();
  }

  static {
    isInputDeviceInfo = (value): value is InputDeviceInfo => typeof value === 'object' && value !== null && #capabilities in value;
  }
}

const INPUT_BRAND: webidl.Brand<InputDeviceInfo> = { name: 'InputDeviceInfo', has: (value) => isInputDeviceInfo(value) };

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

function withDefaultIdeals(c: NormalizedConstraints, ideals: Record<string, number> = DEFAULT_IDEALS): NormalizedConstraints {
  const basic = { ...c.basic };
  for (const [name, ideal] of Object.entries(ideals)) {
    if (!basic[name]) basic[name] = { type: 'number', bare: false, value: { ideal } };
  }
  return { ...c, basic };
}

export class MediaDevices extends EventTarget {
  readonly #runtime: DevicesContext;
  /** devicechange: listeners counted, the watcher's stop function, the camera ids last seen. */
  #changeListeners = 0;
  #stopWatching: (() => void) | undefined;
  #known: string | undefined;
  #checking: Promise<void> | undefined;
  #recheck = false;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'MediaDevices': Illegal constructor");
    super();
    this.#runtime = args[0] as DevicesContext;
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
    brand(this, 'getSupportedConstraints');
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
            return model ? trackCapabilities(info, model, { ptzAllowed: false, behavior: runtime.behaviorRecord }) : {};
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
          if (!backend.describe) out.push({ backend, info, capabilities: await backend.probe(info.deviceId) });
          else {
            // The description also tells the size a listed file or stream opens at.
            const described = await backend.describe(info.deviceId);
            const defaultMode = described.info.defaultMode;
            out.push({ backend, info: defaultMode ? { ...info, defaultMode } : info, capabilities: described.capabilities });
          }
        } catch {
          /* unreadable devices are not candidates */
        }
      }),
    );
    // An exact deviceId no backend lists may still be a source one accepts (a file, a URL),
    // unless the runtime takes only the cameras its backends list.
    for (const id of this.#runtime.allowUnlistedSources ? wanted : []) {
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
        tracks.push(createTrack(impl, c.audio));
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
    let chosen: Candidate | undefined;
    let source;
    try {
      const models: DeviceModel[] = candidates.map((cand) => ({
        deviceId: cand.askedId ?? cand.info.deviceId,
        groupId: cand.info.groupId,
        facingMode: cand.info.facingMode,
        capabilities: cand.capabilities,
        ptzAllowed,
      }));
      const options = { behavior: runtime.behaviorRecord, purpose: 'getUserMedia' } as const;
      let result = selectSettings(withDefaultIdeals(video), models, options);
      if (!result.ok) throw overconstrained(result.constraint, `${GUM}: ${result.message}`);
      chosen = candidates[result.index]!;
      // A file or a stream opens at its own size and rate where the author did not say otherwise.
      const own = chosen.info.defaultMode;
      if (own) {
        // A size asked for in one dimension keeps the source's aspect ratio.
        const sized = ['width', 'height', 'aspectRatio'].some((name) => video.basic[name]);
        const ideals: Record<string, number> = sized
          ? { aspectRatio: own.width / own.height, frameRate: own.frameRate }
          : { width: own.width, height: own.height, frameRate: own.frameRate };
        const again = selectSettings(withDefaultIdeals(video, ideals), [models[result.index]!], options);
        if (again.ok) result = { ...again, index: result.index };
      }
      try {
        source = await chosen.backend.open(chosen.info.deviceId, result.settings);
      } catch (err) {
        if (err instanceof DOMException) throw err;
        throw notReadable(`${GUM}: ${chosen.info.label} could not be opened (${(err as Error)?.message ?? String(err)}).`);
      }
    } finally {
      // What a description keeps for an open() that will not come (a network stream's connection) goes now.
      for (const c of candidates) if (c !== chosen) c.backend.release?.(c.info.deviceId);
    }
    return createTrack(new VideoTrackImpl(new SourceHandle(source), runtime, ptzAllowed), video);
  }

  /** Screen capture has no source in Node. */
  getDisplayMedia(): Promise<MediaStream> {
    try {
      brand(this, 'getDisplayMedia');
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.reject(
      new globalThis.DOMException('getDisplayMedia: there is no screen to capture in this runtime.', 'NotSupportedError'),
    );
  }

  static {
    isMediaDevices = (value): value is MediaDevices => typeof value === 'object' && value !== null && #runtime in value;
  }
}

/** For this package's own modules: the MediaDevices object of `runtime`. */
export function createMediaDevices(runtime: DevicesContext): MediaDevices {
  constructing = true;
  try {
    return new MediaDevices(runtime);
  } finally {
    constructing = false;
  }
}

const BRAND: webidl.Brand<MediaDevices> = { name: 'MediaDevices', has: (value) => isMediaDevices(value) };

function brand(value: unknown, member: string): MediaDevices {
  return webidl.requireBrand(value, BRAND, member);
}

defineEventHandlers(MediaDevices.prototype, ['devicechange']);
// https://w3c.github.io/mediacapture-main/#mediadevices
webidl.defineInterface(MediaDevices, 'MediaDevices', {
  length: 0,
  attributes: ['ondevicechange'],
  operations: { enumerateDevices: 0, getSupportedConstraints: 0, getUserMedia: 0, getDisplayMedia: 0 },
  overrides: ['addEventListener', 'removeEventListener'],
});
// https://w3c.github.io/mediacapture-main/#device-info
webidl.defineInterface(MediaDeviceInfo, 'MediaDeviceInfo', {
  length: 0,
  attributes: ['deviceId', 'kind', 'label', 'groupId'],
  operations: { toJSON: 0 },
});
// https://w3c.github.io/mediacapture-main/#input-specific-device-info
webidl.defineInterface(InputDeviceInfo, 'InputDeviceInfo', { length: 0, operations: { getCapabilities: 0 } });
