/**
 * A virtual camera source (the CameraSource contract of src/backends/backend.ts).
 *
 * Frame pacing: frame k exists at t0 + k / frameRate on the source's clock. `nextFrame` waits for
 * the first frame time strictly after the call, renders that frame once (callers waiting for the
 * same frame share its pixels) and copies it out, or lends its buffer (grabFrame's ImageBitmap).
 * With a real clock frames render on worker threads (render-pool.ts) when one thread would not
 * keep up (thread-choice.ts), stills in pieces shared with them; with a ManualClock on the
 * calling thread, and nothing happens until the test advances time. While muted or stalled, no
 * frames are delivered.
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
import { RealClock, type Clock } from '../clock.js';
import { abortError } from '../../spec/errors.js';
import { raceAbort, SourceControl, type ControlHost } from './control.js';
import { FrameStore, type StoredFrame } from './frame-store.js';
import { linkSignals, nextWake, type Linked } from './waiting.js';
import { stillPlan, timecode, videoParams } from './frames.js';
import { CameraModel } from './model.js';
import { snapToRange } from '../../constraints/snap.js';
import type { Preset } from './presets.js';
import { SceneRenderer, type FrameParams } from './render.js';
import { paint, paintStill, renderThreads } from './render-pool.js';
import { ThreadChoice } from './thread-choice.js';
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
  readonly #seed: number;
  /** Render threads are used (real clock, more than one thread allowed). */
  readonly #threaded: boolean;
  readonly #frames: FrameStore;
  #spareStill: Uint8Array | undefined;
  /** Images rendered so far (render threads start from the second). */
  #painted = 0;
  /** Where video frames are painted (thread-choice.ts). */
  readonly #threadChoice = new ThreadChoice();
  /** Bumped by every configure(): a frame rendered ahead under older settings is rendered again. */
  #generation = 0;
  /**
   * Recent render time of a video frame (ms of wall time), to start rendering that much early.
   * Only with a real clock: under a manual clock, when calls settle must not depend on how fast
   * the machine renders.
   */
  #renderMs = 0;
  readonly #realTime: boolean;

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
    this.#seed = o.seed;
    this.#realTime = o.clock instanceof RealClock;
    this.#threaded = this.#realTime && renderThreads() > 1;
    this.#frames = new FrameStore();
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

  async nextFrame(signal: AbortSignal, out?: Uint8Array, lend = false): Promise<RawFrame> {
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
        // frame's own time and the settings, so starting early changes nothing but latency (a
        // settings change meanwhile renders it again). On render threads, at once: the calling
        // thread stays free and the threads get the whole frame interval.
        const lead = Math.min(this.#renderMs * 1.5, 800 / this.#rate);
        if (this.#usePool(k)) this.#frame(k);
        else if (lead > 0 && this.clock.now() < this.frameTime(k) - lead) {
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
      const release = this.#frames.lease(frame);
      const time = this.frameTime(k);
      try {
        if (frame.ready) await raceAbort(frame.ready, link.signal);
      } catch (err) {
        release();
        throw err;
      }
      const info = { width: frame.width, height: frame.height, timestamp: Math.round((time - this.#openTime) * 1000), index: k };
      // Lent: the caller reads the rendered buffer itself and releases it when done.
      if (lend) return { ...info, data: frame.data, release };
      const size = frame.data.byteLength;
      const data = out && out.length === size ? out : new Uint8Array(size);
      data.set(frame.data);
      release();
      return { ...info, data };
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

  /** Frame k, rendered once (every caller waiting for the same frame shares it). */
  #frame(k: number): StoredFrame {
    const { width, height } = this.#model.format;
    const c = this.#frames.current;
    if (c && c.index === k && c.width === width && c.height === height && c.generation === this.#generation) return c;
    const started = performance.now();
    const pooled = this.#usePool(k);
    const frame = this.#frames.replace(k, width, height, this.#generation, pooled);
    const first = this.#painted === 0;
    const painting = this.#paint(this.frameParams(k), frame.pixels, pooled);
    const took = (): void => {
      const ms = performance.now() - started;
      if (this.#realTime) this.#renderMs = this.#renderMs === 0 ? ms : this.#renderMs * 0.8 + ms * 0.2;
    };
    if (typeof painting === 'number') {
      took();
      // The first image runs cold (code not yet optimised, textures loading): not a measure.
      if (!first) this.#threadChoice.paintedHere(painting);
    } else {
      const release = this.#frames.lease(frame);
      frame.ready = painting.then((work) => {
        frame.ready = undefined;
        took();
        this.#threadChoice.paintedThere(work);
        release();
      });
    }
    return frame;
  }

  /** Whether video frame k goes to the render threads (thread-choice.ts). */
  #usePool(k: number): boolean {
    // The render threads have the scene but not the test's picture: a frame with a card renders here.
    if (!this.#threaded || this.#renderer.card) return false;
    return this.#threadChoice.forFrame(k, this.#rate);
  }

  /**
   * Paints an image, on the render threads when `pooled` and they run (`start` starts them from
   * the second image), else here. Returns the painting time, or the pending render resolving
   * with it.
   */
  #paint(params: FrameParams, pixels: Uint32Array, pooled: boolean): number | Promise<number> {
    const start = this.#painted++ > 0;
    return paint(this.#renderer, pooled ? this.#seed : undefined, params, pixels, start);
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
      const snap = (v: number, r: typeof photoCaps.imageWidth): number => snapToRange(v, r, { whole: true });
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
        const count = settings.imageWidth * settings.imageHeight;
        const data = this.#stillBuffer(count * 4);
        // A still is shared with the render threads whenever they can be used: its time is the photo's latency.
        const pooled = this.#threaded && !this.#renderer.card;
        const start = this.#painted++ > 0;
        const pixels = new Uint32Array(data.buffer, 0, count);
        const painting = paintStill(this.#renderer, pooled ? this.#seed : undefined, plan.params, pixels, start);
        if (typeof painting !== 'number') await raceAbort(painting, link.signal);
        await this.control.step('takePhoto:return', link.signal);
        this.#photo = { ...settings };
        let held = true;
        // The caller releases the pixels once encoded: the next still of this size reuses them.
        const release = (): void => {
          if (held && !this.#closed) this.#spareStill = data;
          held = false;
        };
        const frame: RawFrame = {
          data,
          width: settings.imageWidth,
          height: settings.imageHeight,
          timestamp: Math.round((t - this.#openTime) * 1000),
          index,
          release,
        };
        return { kind: 'raw', frame, metadata: plan.metadata };
      } finally {
        if (reconfigure) this.#setMuted(() => this.#stillMute--);
      }
    } finally {
      link.dispose();
    }
  }

  /** A buffer for a still: the one the last still released when it has this size, else a new one. */
  #stillBuffer(bytes: number): Uint8Array {
    const spare = this.#spareStill;
    this.#spareStill = undefined;
    if (spare && spare.byteLength === bytes) return spare;
    return new Uint8Array(this.#threaded ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
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
    this.#frames.clear();
    this.#spareStill = undefined;
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

  #stateChange(signal: AbortSignal): Promise<void> {
    return nextWake(this.#wakers, signal);
  }

  #link(signal?: AbortSignal): Linked {
    return linkSignals(this.#life.signal, signal);
  }
}
