/**
 * `ImageCaptureVirtualCamera`: the virtual camera inside a page, for end-to-end tests in any
 * engine (docs/testing.md).
 *
 * install(options) makes navigator.mediaDevices list the virtual cameras first and makes
 * getUserMedia({ video }) return the engine's own MediaStreamTrack fed by the virtual camera's
 * renderer (virtual-track.ts); the global ImageCapture becomes this bundle's for the session, so
 * takePhoto and the photo capabilities come from the virtual camera in every engine. A
 * getUserMedia call that asks for exactly one of the engine's own devices still reaches it.
 * uninstall() puts the engine's getUserMedia, enumerateDevices and ImageCapture back exactly as
 * they were and ends the virtual tracks ('ended' fires, as when a camera is unplugged).
 */
import type { SourceCapabilities } from '../../backends/backend.js';
import { VirtualCameraBackend, deviceIdOf } from '../../backends/virtual/backend.js';
import { type CardImageInput, registerCardDecoder } from '../../backends/virtual/card-image.js';
import { builtInPreset, DEFAULT_PRESETS, definePreset, INSTANT_DYNAMICS, type Preset } from '../../backends/virtual/presets.js';
import type { VirtualCameraSource } from '../../backends/virtual/source.js';
import { convertGetUserMediaConstraints } from '../../constraints/convert.js';
import { type DeviceModel, selectSettings } from '../../constraints/select-settings.js';
import { trackCapabilities } from '../../constraints/views.js';
import { supportedConstraints } from '../../constraints/properties.js';
import { ImageCapture } from '../../image-capture/image-capture.js';
import { invalidState, notReadable, notSupported, typeError } from '../../spec/errors.js';
import { overconstrained } from '../../spec/overconstrained.js';
import { behaviorRecord, CHROMIUM_BEHAVIOR } from '../../spec/behavior.js';
import type { NormalizedConstraints } from '../../spec/types.js';
import { decodeCardImageBrowser } from './card-decode.js';
import { registerVirtualTargets, VirtualFeed } from './virtual-track.js';

export type VirtualPresetName = 'phone-back' | 'phone-front' | 'webcam';

export interface VirtualCameraOptions {
  /** The camera (or cameras, in order) offered: default phone back, phone front and webcam. */
  preset?: VirtualPresetName | Preset | ReadonlyArray<VirtualPresetName | Preset>;
  /** A picture on a card 1 m in front of the camera: a URL, a Blob, an ImageBitmap or ImageData. */
  image?: CardImageInput;
  /** Seeds the room's textures and the sensor noise (default 1). */
  seed?: number;
  /** 'chromium' (default, as the engines' tests expect) or 'spec': how constraints and ImageCapture behave. */
  behavior?: 'chromium' | 'spec';
  /**
   * 'simple' (default): zoom, focus and the automatics arrive at once and settings read back as
   * set; 'realistic': motion takes the preset's time, as on a phone.
   */
  dynamics?: 'simple' | 'realistic';
  /** 'worker' (default): render in a Web Worker where the page allows one; 'main': on the page's main thread. */
  renderer?: 'worker' | 'main';
  /** 'generator' (default): MediaStreamTrackGenerator where the engine has it; 'canvas': always canvas.captureStream(). */
  track?: 'generator' | 'canvas';
}

const GUM = "Failed to execute 'getUserMedia' on 'MediaDevices'";
/** Like the engines, 640x480 at 30 frames/s unless the page asks otherwise. */
const DEFAULT_IDEALS: Record<string, number> = { width: 640, height: 480, frameRate: 30 };

function withDefaultIdeals(c: NormalizedConstraints): NormalizedConstraints {
  const basic = { ...c.basic };
  for (const [name, ideal] of Object.entries(DEFAULT_IDEALS)) basic[name] ??= { type: 'number', bare: false, value: { ideal } };
  return { ...c, basic };
}

function exactDeviceIds(c: NormalizedConstraints): string[] {
  const d = c.basic.deviceId;
  return d && d.type === 'string' && !d.bare ? (d.value.exact ?? []) : [];
}

function presetsFrom(options: VirtualCameraOptions): Preset[] {
  const option = options.preset;
  const list = option === undefined ? DEFAULT_PRESETS : Array.isArray(option) ? option : [option];
  if (list.length === 0) throw typeError('ImageCaptureVirtualCamera.install: `preset` lists no camera.');
  const presets = list.map((p) => (typeof p === 'string' ? builtInPreset(p) : (p as Preset)));
  if (options.dynamics === 'realistic') return presets;
  if (options.dynamics !== undefined && options.dynamics !== 'simple') {
    throw typeError(`ImageCaptureVirtualCamera.install: dynamics "${String(options.dynamics)}" is not "simple" or "realistic".`);
  }
  return presets.map((p) => definePreset({ dynamics: { ...INSTANT_DYNAMICS } }, p));
}

/** What enumerateDevices() lists for a virtual camera (the shape of the engine's InputDeviceInfo). */
class VirtualDeviceInfo {
  readonly deviceId: string;
  readonly kind = 'videoinput';
  readonly label: string;
  readonly groupId: string;
  readonly #caps: SourceCapabilities;
  constructor(preset: Preset, caps: SourceCapabilities) {
    this.deviceId = deviceIdOf(preset);
    this.label = preset.label;
    this.groupId = preset.groupId;
    this.#caps = caps;
  }
  getCapabilities(): MediaTrackCapabilities {
    return trackCapabilities(
      { deviceId: this.deviceId, groupId: this.groupId },
      this.#caps,
      { ptzAllowed: true, behavior: CHROMIUM_BEHAVIOR },
    ) as MediaTrackCapabilities;
  }
  toJSON(): Record<string, string> {
    return { deviceId: this.deviceId, kind: this.kind, label: this.label, groupId: this.groupId };
  }
  get [Symbol.toStringTag](): string {
    return 'InputDeviceInfo';
  }
}

interface Session {
  readonly backend: VirtualCameraBackend;
  readonly presets: readonly Preset[];
  readonly feeds: Set<VirtualFeed>;
  readonly restore: Array<() => void>;
  readonly options: VirtualCameraOptions;
}

let session: Session | undefined;

/** Sets `name` on `target` as an own property; the returned function puts back exactly what was there. */
function swap(target: object, name: string, value: unknown): () => void {
  const before = Object.getOwnPropertyDescriptor(target, name);
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: before?.enumerable ?? false });
  return () => {
    if (before) Object.defineProperty(target, name, before);
    else delete (target as Record<string, unknown>)[name];
  };
}

async function openVirtual(s: Session, video: NormalizedConstraints, dict: unknown): Promise<MediaStreamTrack> {
  const devices = await s.backend.devices();
  const models: DeviceModel[] = await Promise.all(
    devices.map(
      async (d) => ({
        deviceId: d.deviceId,
        groupId: d.groupId,
        facingMode: d.facingMode,
        capabilities: await s.backend.probe(d.deviceId),
        ptzAllowed: true,
      }),
    ),
  );
  const behavior = behaviorRecord(s.options.behavior === 'spec' ? 'spec' : 'chromium');
  const result = selectSettings(withDefaultIdeals(video), models, { behavior, purpose: 'getUserMedia' });
  if (!result.ok) throw overconstrained(result.constraint, `${GUM}: ${result.message}`);
  let source: VirtualCameraSource;
  try {
    source = await s.backend.open(models[result.index]!.deviceId, result.settings);
  } catch (err) {
    if (err instanceof DOMException || err instanceof TypeError) throw err;
    throw notReadable(`${GUM}: the virtual camera could not be started (${(err as Error)?.message ?? String(err)}).`);
  }
  const feed = new VirtualFeed(source, typeof dict === 'object' && dict !== null ? (dict as Record<string, unknown>) : {}, {
    behavior,
    generator: s.options.track !== 'canvas',
    worker: s.options.renderer !== 'main',
    seed: s.backend.seed,
  });
  s.feeds.add(feed);
  return feed.track;
}

export const ImageCaptureVirtualCamera = {
  /**
   * Installs the virtual cameras (replacing an earlier installation). Rejects, changing nothing,
   * when the page has no navigator.mediaDevices (not a secure context), a preset is unknown or
   * the picture cannot be read.
   */
  async install(options: VirtualCameraOptions = {}): Promise<void> {
    if (options === null || typeof options !== 'object') throw typeError('ImageCaptureVirtualCamera.install: options must be an object.');
    const md = (globalThis.navigator as Navigator | undefined)?.mediaDevices;
    if (!md) throw notSupported('ImageCaptureVirtualCamera.install: this page has no navigator.mediaDevices (is it a secure context?).');
    const g = globalThis as { MediaStreamTrackGenerator?: unknown; HTMLCanvasElement?: { prototype: { captureStream?: unknown } } };
    if (typeof g.MediaStreamTrackGenerator !== 'function' && typeof g.HTMLCanvasElement?.prototype.captureStream !== 'function') {
      throw notSupported(
        'ImageCaptureVirtualCamera.install: this environment cannot make video tracks (it has neither canvas.captureStream() nor ' +
          'MediaStreamTrackGenerator); in Node, use TestCamera.',
      );
    }
    registerCardDecoder(decodeCardImageBrowser);
    registerVirtualTargets();
    const presets = presetsFrom(options);
    const backend = new VirtualCameraBackend({ presets, seed: options.seed ?? 1 });
    if (options.image !== undefined) await backend.setImage(options.image);
    await ImageCaptureVirtualCamera.uninstall();
    const nativeGum = md.getUserMedia;
    const nativeEnumerate = md.enumerateDevices;
    const nativeSupported = md.getSupportedConstraints;
    const s: Session = { backend, presets, feeds: new Set(), restore: [], options: { ...options } };
    s.restore.push(
      swap(md, 'getUserMedia', function getUserMedia(this: MediaDevices, constraints?: MediaStreamConstraints): Promise<MediaStream> {
        let converted: ReturnType<typeof convertGetUserMediaConstraints>;
        try {
          converted = convertGetUserMediaConstraints(constraints ?? {}, GUM);
        } catch (err) {
          return Promise.reject(err);
        }
        const video = converted.video;
        const ids = video ? exactDeviceIds(video) : [];
        const wantsEngine = ids.length > 0 && ids.every((id) => !presets.some((p) => deviceIdOf(p) === id));
        if (!video || wantsEngine) return nativeGum.call(this, constraints);
        return (async () => {
          const track = await openVirtual(s, video, constraints?.video);
          try {
            const audio = converted.audio ? (await nativeGum.call(this, { audio: constraints!.audio! })).getAudioTracks() : [];
            return new MediaStream([...audio, track]);
          } catch (err) {
            track.stop();
            throw err;
          }
        })();
      }),
      swap(md, 'enumerateDevices', function enumerateDevices(this: MediaDevices): Promise<MediaDeviceInfo[]> {
        return (async () => {
          const own = await nativeEnumerate.call(this);
          const virtual = await Promise.all(presets.map(async (p) => new VirtualDeviceInfo(p, await backend.probe(deviceIdOf(p)))));
          return [...(virtual as unknown as MediaDeviceInfo[]), ...own];
        })();
      }),
      swap(md, 'getSupportedConstraints', function getSupportedConstraints(this: MediaDevices): MediaTrackSupportedConstraints {
        // The virtual cameras understand every constrainable property, whatever the engine's own do.
        return { ...nativeSupported.call(this), ...supportedConstraints() };
      }),
      swap(globalThis, 'ImageCapture', ImageCapture),
    );
    session = s;
  },

  /** Changes the picture on the card of every virtual camera (undefined removes it); the next frame shows it. */
  async setImage(image: CardImageInput | undefined): Promise<void> {
    const s = session;
    if (!s) throw invalidState('ImageCaptureVirtualCamera.setImage: the virtual camera is not installed; call install() first.');
    await s.backend.setImage(image);
  },

  /** Puts the engine's own getUserMedia, enumerateDevices, getSupportedConstraints and ImageCapture back and ends the virtual tracks. */
  async uninstall(): Promise<void> {
    const s = session;
    if (!s) return;
    session = undefined;
    for (const undo of s.restore.reverse()) undo();
    for (const feed of s.feeds) feed.end();
    s.feeds.clear();
  },

  /** Whether the virtual cameras are installed. */
  get installed(): boolean {
    return session !== undefined;
  },

  /** Frames handed to the engine by each open virtual camera, for measuring delivery in a page. */
  framesDelivered(): number[] {
    return session ? [...session.feeds].filter((f) => !f.ended).map((f) => f.framesDelivered) : [];
  },

  /** Where each open virtual camera renders: 'worker' or 'main'. */
  renderers(): Array<'worker' | 'main'> {
    return session ? [...session.feeds].filter((f) => !f.ended).map((f) => f.renderer) : [];
  },

  [Symbol.toStringTag]: 'ImageCaptureVirtualCamera',
};
