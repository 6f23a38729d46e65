/**
 * A virtual camera source (the CameraSource contract of src/backends/backend.ts).
 *
 * Frame pacing: frame k exists at t0 + k / frameRate on the source's clock. `nextFrame` waits for
 * the first frame time strictly after the call, renders that frame once (callers waiting for the
 * same frame share its pixels) and copies it out. With a ManualClock nothing happens until the
 * test advances time. While muted or stalled, no frames are delivered.
 *
 * Stills render at the requested size from the whole sensor at the current zoom, pan and tilt. When the still
 * size differs from the video size the sensor is "reconfigured": 'mute' before the shot, 'unmute' after
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.1). The photo settings of a
 * successful shot become the current ones.
 */
import type {
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../backend.js';
import type { Clock } from '../clock.js';
import { abortError } from '../../spec/errors.js';
import { raceAbort, SourceControl, type ControlHost } from './control.js';
import { stillPlan, videoParams } from './frames.js';
import { CameraModel } from './model.js';
import { quantize } from './quantize.js';
import type { Preset } from './presets.js';
import { SceneRenderer, type FrameParams } from './render.js';
import { SCENE, type SceneLight, type SceneObject } from './scene.js';
import type { CardImage } from './card-image.js';
import { ImageCard } from './image-card.js';
import type { View } from './view.js';

export interface VirtualSourceOptions {
  readonly preset: Preset;
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly seed: number;
  readonly initial: Partial<SourceSettings>;
  readonly scene?: Partial<SceneLight>;
  /** The picture on the image card (image-card.ts); none by default. */
  readonly image?: CardImage;
  /** Date.now()-style milliseconds at clock time 0 (dates in EXIF). */
  readonly epoch: number;
  readonly onClose?: () => void;
}

/** The capabilities a preset describes, as a fresh object. */
export function capabilitiesOf(preset: Preset): SourceCapabilities {
  return structuredClone({
    ...preset.capabilities,
    videoModes: preset.videoModes,
    resizeModes: preset.resizeModes,
    minFrameRate: preset.minFrameRate,
    photo: preset.photo,
  }) as SourceCapabilities;
}

function timecode(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const h = Math.floor(t / 3600000);
  return `${pad(h % 100, 2)}:${pad(Math.floor(t / 60000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}`;
}

interface Linked {
  readonly signal: AbortSignal;
  dispose(): void;
}

export class VirtualCameraSource extends EventTarget implements CameraSource {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly preset: Preset;
  /** Fault injection and test hooks (control.ts). */
  readonly control: SourceControl;
  readonly #model: CameraModel;
  readonly #renderer: SceneRenderer;
  /** What metering and autofocus probe: the scene, plus the image card when there is one. */
  readonly #objects: SceneObject[] = [...SCENE];
  readonly #epoch: number;
  readonly #openTime: number;
  readonly #onClose: (() => void) | undefined;
  readonly #life = new AbortController();
  readonly #wakers = new Set<() => void>();
  #ended = false;
  #closed = false;
  #controlMute = false;
  #stillMute = 0;
  #stalled = false;
  #photo: SourcePhotoSettings;
  // Pacing: frame k at #anchorTime + (k − #anchorIndex) · 1000 / #rate.
  #anchorTime: number;
  #anchorIndex = 0;
  #rate: number;
  #pacingEpoch = 0;
  #cache: { index: number; width: number; height: number; generation: number; data: Uint8Array; pixels: Uint32Array } | undefined;
  /** Bumped by every configure(): a frame rendered ahead under older settings is rendered again. */
  #generation = 0;
  /** Recent render time of a video frame (ms of wall time), to start rendering that much early. */
  #renderMs = 0;

  constructor(o: VirtualSourceOptions) {
    super();
    this.info = o.info;
    this.clock = o.clock;
    this.preset = o.preset;
    this.#epoch = o.epoch;
    this.#onClose = o.onClose;
    const host: ControlHost = {
      setControlMute: (m) => this.#setMuted(() => (this.#controlMute = m)),
      setStalled: (s) => {
        this.#stalled = s;
        this.#wake();
      },
      unplug: (e) => this.#unplug(e),
    };
    this.control = new SourceControl(host, o.scene);
    this.#openTime = o.clock.now();
    this.#model = new CameraModel(o.preset, o.initial, this.#openTime, () => this.control.scene, this.#objects);
    this.#renderer = new SceneRenderer(o.seed);
    if (o.image) this.setImage(o.image);
    this.#photo = { ...o.preset.defaults.photo };
    this.#anchorTime = this.#openTime;
    this.#rate = this.#model.format.frameRate;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get muted(): boolean {
    return this.#controlMute || this.#stillMute > 0;
  }

  capabilities(): SourceCapabilities {
    return capabilitiesOf(this.preset);
  }

  settings(): SourceSettings {
    return this.#model.settings(this.clock.now());
  }

  /**
   * Puts a picture on the image card (undefined takes the card away). The next frame rendered
   * shows it; a frame already rendered ahead is rendered again.
   */
  setImage(image: CardImage | undefined): void {
    const card = image ? new ImageCard(image) : undefined;
    this.#objects.length = SCENE.length;
    if (card) this.#objects.push(card.object);
    this.#renderer.card = card;
    this.#generation++;
  }

  /** The picture on the image card, if any. */
  get image(): CardImage | undefined {
    return this.#renderer.card?.image;
  }

  /** Where the video looks now (pixel ↔ world mapping), for tests that locate scene objects. */
  view(width?: number, height?: number): View {
    return this.#model.view(this.clock.now(), width, height);
  }

  /** Clock time of frame `index` under the current pacing. */
  frameTime(index: number): number {
    return this.#anchorTime + ((index - this.#anchorIndex) * 1000) / this.#rate;
  }

  /** Index of the first frame strictly after time t. */
  #nextIndex(t: number): number {
    let k = this.#anchorIndex + Math.floor(((t - this.#anchorTime) * this.#rate) / 1000) + 1;
    while (this.frameTime(k) <= t) k++;
    while (k > this.#anchorIndex && this.frameTime(k - 1) > t) k--;
    return k;
  }

  async configure(update: Partial<SourceSettings>): Promise<void> {
    const link = this.#link();
    try {
      await this.control.step('configure:start', link.signal);
      const fault = this.control.takeFault('configure');
      if (fault) throw fault;
      await this.control.step('configure:apply', link.signal);
      const now = this.clock.now();
      const rate = this.#model.format.frameRate;
      this.#model.configure(update, now);
      this.#generation++;
      if (this.#model.format.frameRate !== rate) {
        // Keep the frame at or before now; later frames follow the new rate.
        const last = this.#nextIndex(now) - 1;
        this.#anchorTime = this.frameTime(last);
        this.#anchorIndex = last;
        this.#rate = this.#model.format.frameRate;
        this.#pacingEpoch++;
      }
    } finally {
      link.dispose();
    }
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    const link = this.#link();
    try {
      await this.control.step('photoSettings:start', link.signal);
      const fault = this.control.takeFault('photoSettings');
      if (fault) throw fault;
      return { ...this.#photo };
    } finally {
      link.dispose();
    }
  }

  async nextFrame(signal: AbortSignal, out?: Uint8Array): Promise<RawFrame> {
    const link = this.#link(signal);
    try {
      await this.control.step('nextFrame:start', link.signal);
      const fault = this.control.takeFault('nextFrame');
      if (fault) throw fault;
      let k = this.#nextIndex(this.clock.now());
      let epoch = this.#pacingEpoch;
      for (;;) {
        if (this.muted || this.#stalled) {
          await this.#stateChange(link.signal);
          k = this.#nextIndex(this.clock.now());
          epoch = this.#pacingEpoch;
          continue;
        }
        // Render ahead, so the frame is ready when it is due: the pixels depend only on the
        // frame's own time and the settings, so starting early changes nothing but latency.
        const lead = Math.min(this.#renderMs * 1.5, 800 / this.#rate);
        if (lead > 0 && this.clock.now() < this.frameTime(k) - lead) {
          await this.clock.sleepUntil(this.frameTime(k) - lead, link.signal);
          if (epoch === this.#pacingEpoch && !this.muted && !this.#stalled) this.#frame(k);
        }
        await this.clock.sleepUntil(this.frameTime(k), link.signal);
        if (epoch !== this.#pacingEpoch) {
          k = this.#nextIndex(this.clock.now());
          epoch = this.#pacingEpoch;
          continue;
        }
        if (!this.muted && !this.#stalled) break;
      }
      await this.control.step('nextFrame:render', link.signal);
      const frame = this.#frame(k);
      const size = frame.width * frame.height * 4;
      const data = out && out.length === size ? out : new Uint8Array(size);
      data.set(frame.data.subarray(0, size));
      const time = this.frameTime(k);
      return { data, width: frame.width, height: frame.height, timestamp: Math.round((time - this.#openTime) * 1000), index: k };
    } finally {
      link.dispose();
    }
  }

  /** Index of the first frame strictly after clock time t (for a renderer that paces itself). */
  nextFrameIndex(t: number): number {
    return this.#nextIndex(t);
  }

  /** What video frame k shows under the current settings: for rendering it elsewhere (a worker). */
  frameParams(k: number): FrameParams {
    const time = this.frameTime(k);
    return videoParams(this.#model, time, k, `#${String(k).padStart(6, '0')} ${timecode(time - this.#openTime)}`);
  }

  /** Frame k rendered once into the reused buffer (later callers for the same frame copy it). */
  #frame(k: number): { width: number; height: number; data: Uint8Array } {
    const { width, height } = this.#model.format;
    const c = this.#cache;
    if (c && c.index === k && c.width === width && c.height === height && c.generation === this.#generation) return c;
    const started = performance.now();
    const reuse = c && c.data.length >= width * height * 4;
    const data = reuse ? c.data : new Uint8Array(width * height * 4);
    const pixels = reuse ? c.pixels : new Uint32Array(data.buffer);
    this.#renderer.render(this.frameParams(k), pixels);
    this.#cache = { index: k, width, height, generation: this.#generation, data, pixels };
    const took = performance.now() - started;
    this.#renderMs = this.#renderMs === 0 ? took : this.#renderMs * 0.8 + took * 0.2;
    return this.#cache;
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    const link = this.#link(signal);
    try {
      await this.control.step('takePhoto:start', link.signal);
      const fault = this.control.takeFault('takePhoto');
      if (fault) throw fault;
      const override = this.preset.takePhoto;
      if (override) {
        const context = { info: this.info, settings: this.settings(), time: this.clock.now(), signal: link.signal };
        const result = await raceAbort(Promise.resolve(override({ ...settings }, context)), link.signal);
        if (result) {
          this.#photo = { ...settings };
          return result;
        }
      }
      // The sensor shoots the supported size closest to the one asked for
      // (https://w3c.github.io/mediacapture-image/#dom-photosettings-imagewidth).
      const photoCaps = this.preset.photo;
      const snap = (v: number, r: typeof photoCaps.imageWidth): number => (r ? Math.round(quantize(v, r)) : Math.round(v));
      settings = {
        ...settings,
        imageWidth: snap(settings.imageWidth, photoCaps.imageWidth),
        imageHeight: snap(settings.imageHeight, photoCaps.imageHeight),
      };
      const { width, height } = this.#model.format;
      const reconfigure = settings.imageWidth !== width || settings.imageHeight !== height;
      if (reconfigure) this.#setMuted(() => this.#stillMute++);
      try {
        await this.control.step('takePhoto:render', link.signal);
        const t = this.clock.now();
        const index = this.#nextIndex(t) - 1;
        const plan = stillPlan(this.#model, t, settings, index, `PHOTO ${timecode(t - this.#openTime)}`, new Date(this.#epoch + t));
        const data = new Uint8Array(settings.imageWidth * settings.imageHeight * 4);
        this.#renderer.render(plan.params, new Uint32Array(data.buffer, 0, settings.imageWidth * settings.imageHeight));
        await this.control.step('takePhoto:return', link.signal);
        this.#photo = { ...settings };
        const frame: RawFrame = {
          data,
          width: settings.imageWidth,
          height: settings.imageHeight,
          timestamp: Math.round((t - this.#openTime) * 1000),
          index,
        };
        return { kind: 'raw', frame, metadata: plan.metadata };
      } finally {
        if (reconfigure) this.#setMuted(() => this.#stillMute--);
      }
    } finally {
      link.dispose();
    }
  }

  /** The pre-capture step (CameraSource.prepareStill): waits on the clock until the model settles. */
  async prepareStill(signal: AbortSignal): Promise<void> {
    const link = this.#link(signal);
    try {
      for (;;) {
        const again = this.#model.unsettledUntil(this.clock.now());
        if (again === undefined) return;
        await this.clock.sleepUntil(again, link.signal);
      }
    } finally {
      link.dispose();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ended = true;
    this.#cache = undefined;
    this.#life.abort(abortError(`The virtual camera "${this.info.label}" was closed.`));
    this.#wake();
    this.#onClose?.();
  }

  #unplug(error: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.dispatchEvent(new CustomEvent('ended', { detail: error }));
    this.close();
  }

  /** Runs `change` and dispatches 'mute' or 'unmute' if the muted state flipped. */
  #setMuted(change: () => void): void {
    const before = this.muted;
    change();
    const after = this.muted;
    if (before !== after && !this.#ended) this.dispatchEvent(new Event(after ? 'mute' : 'unmute'));
    this.#wake();
  }

  #wake(): void {
    for (const w of [...this.#wakers]) w();
  }

  /** Resolves on the next mute/stall change; rejects with the signal's reason on abort. */
  #stateChange(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const wake = (): void => {
        this.#wakers.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.#wakers.delete(wake);
        reject(signal.reason);
      };
      this.#wakers.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A signal that aborts with the caller's reason, or with an AbortError when the source closes. */
  #link(signal?: AbortSignal): Linked {
    const c = new AbortController();
    const life = this.#life.signal;
    const fromCaller = (): void => c.abort(signal!.reason);
    const fromLife = (): void => c.abort(life.reason);
    if (life.aborted) c.abort(life.reason);
    else if (signal?.aborted) c.abort(signal.reason);
    else {
      signal?.addEventListener('abort', fromCaller, { once: true });
      life.addEventListener('abort', fromLife, { once: true });
    }
    return {
      signal: c.signal,
      dispose: () => {
        signal?.removeEventListener('abort', fromCaller);
        life.removeEventListener('abort', fromLife);
      },
    };
  }
}
